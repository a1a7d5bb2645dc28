// The table of a reference screen (titulaires, entreprises, UO, intervenants, bénéficiaires, risques,
// sous-traitants…): its columns declared once (header and cell), the DSFR table markup of DataTable, and the
// row's "Modifier" link that opens the page's edit form (`?modifier=…`).
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { DataTable } from "./DataTable";

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** a figure: right-aligned (fr-cell--right), header and cells */
  right?: boolean;
}

/** The "Modifier" link of a row, named after what it edits for screen readers. */
export function EditLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} aria-label={label}>
      Modifier
    </Link>
  );
}

/**
 * A table of `rows` by `columns`. With `edit`, a last "Action" column holds each row's EditLink (`to` and its
 * `label`); `edit: null` (a reader who may not edit) leaves the column out.
 */
export function ReferenceTable<T>({
  caption,
  id,
  rows,
  rowKey,
  columns,
  edit,
}: {
  caption: ReactNode;
  id: string;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  columns: Column<T>[];
  edit?: ((row: T) => { to: string; label: string }) | null;
}) {
  const right = (c: Column<T>) => (c.right ? "fr-cell--right" : undefined);
  return (
    <DataTable caption={caption} id={id}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} scope="col" className={right(c)}>
              {c.header}
            </th>
          ))}
          {edit && <th scope="col">Action</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c, i) => (
              <td key={i} className={right(c)}>
                {c.cell(row)}
              </td>
            ))}
            {edit && (
              <td>
                <EditLink {...edit(row)} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
