// The current DSFR table markup (the library has no data-table component).
import type { ReactNode } from "react";

export function DataTable({
  caption,
  children,
  id,
  bordered = true,
  hideCaption = false,
}: {
  caption: ReactNode;
  children: ReactNode;
  id?: string;
  bordered?: boolean;
  /** the heading above already says it: the caption is for screen readers only (no heading read twice on screen) */
  hideCaption?: boolean;
}) {
  return (
    <div className={`fr-table${bordered ? " fr-table--bordered" : ""}${hideCaption ? " fr-table--no-caption" : ""}`} id={id}>
      <div className="fr-table__wrapper">
        <div
          className="fr-table__container"
          // focusable so that keyboard users can scroll a wide table (axe: scrollable-region-focusable)
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
        >
          <div className="fr-table__content">
            <table>
              <caption>{caption}</caption>
              {children}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
