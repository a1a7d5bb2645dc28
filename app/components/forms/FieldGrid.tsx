// The DSFR grid of a form's fields: one row with gutters, each field in its column (full width on a phone,
// `md` twelfths from the medium breakpoint). A field left out (`{editing && …}`) takes no column.
import { Children, type ReactNode } from "react";

/** `md`: every field's width in twelfths, or one width per field (12 or null: the full row at every size). */
export function FieldGrid({ md, children }: { md: number | (number | null)[]; children: ReactNode }) {
  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      {Children.toArray(children).map((field, i) => {
        const width = typeof md === "number" ? md : md[i];
        return (
          <div key={i} className={width == null || width === 12 ? "fr-col-12" : `fr-col-12 fr-col-md-${width}`}>
            {field}
          </div>
        );
      })}
    </div>
  );
}
