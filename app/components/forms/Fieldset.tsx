// A DSFR fieldset of a form: the group of fields its legend names (`aria-labelledby` to the legend, id
// `<id>-legend`), with an optional hint under the legend's text.
import type { ReactNode } from "react";

export function Fieldset({ id, legend, hint, children }: { id: string; legend: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="fr-fieldset" aria-labelledby={`${id}-legend`}>
      <legend className="fr-fieldset__legend" id={`${id}-legend`}>
        {legend}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </legend>
      {children}
    </fieldset>
  );
}
