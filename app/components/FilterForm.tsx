// The filter form of a list page (DSFR grid): a GET form of labelled fields named as the URL's query
// parameters (id `filtre-<name>`), and its "Filtrer" button. Every list page builds its filters with these.
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { DATE_HINT } from "./forms/fields";
import { FilterSelect as Select, type FilterChoice } from "./FilterSelect";

/**
 * The GET form and its button, in a column of `buttonCol`: the row's columns are aligned at their bottom, so the
 * button stands beside the fields' inputs whatever the height of their labels and hints (a date's format).
 */
export function FilterForm({ buttonCol = "fr-col-12 fr-col-md-2", children }: { buttonCol?: string; children: ReactNode }) {
  return (
    <Form method="get" className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w" aria-label="Filtres">
      {children}
      <div className={buttonCol}>
        <button className="fr-btn fr-btn--secondary" type="submit">
          Filtrer
        </button>
      </div>
    </Form>
  );
}

/** A text (or date) field of the filters. */
export function FilterInput({ col, name, label, value, type }: { col: string; name: string; label: string; value: string | null | undefined; type?: "date" }) {
  return (
    <div className={col}>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={`filtre-${name}`}>
          {label}
          {type === "date" && <span className="fr-hint-text">{DATE_HINT}</span>}
        </label>
        <input className="fr-input" id={`filtre-${name}`} name={name} type={type} defaultValue={value ?? ""} />
      </div>
    </div>
  );
}

/** A select of the filters: first the empty choice (`all`, "Tous" unless told), then the `choices`. */
export function FilterSelect({
  col,
  name,
  label,
  value,
  all,
  choices,
}: {
  col: string;
  name: string;
  label: string;
  value: string | number | null | undefined;
  all?: string;
  choices: readonly FilterChoice[];
}) {
  return (
    <div className={col}>
      <div className="fr-select-group">
        <label className="fr-label" htmlFor={`filtre-${name}`}>
          {label}
        </label>
        <Select id={`filtre-${name}`} name={name} defaultValue={value ?? ""} all={all} choices={choices} />
      </div>
    </div>
  );
}
