// The table of a reference screen (titulaires, entreprises, UO, intervenants, bénéficiaires, risques,
// sous-traitants…): a ColumnTable, and the row's "Modifier" link that opens the page's edit form (`?modifier=…`).
import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { ColumnTable, type Columns } from "./ColumnTable";

export type { Column } from "./ColumnTable";

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
  columns: Columns<T>;
  edit?: ((row: T) => { to: string; label: string }) | null;
}) {
  return (
    <ColumnTable
      caption={caption}
      id={id}
      rows={rows}
      rowKey={rowKey}
      columns={[...columns, edit && { header: "Action", cell: (row: T) => <EditLink {...edit(row)} /> }]}
    />
  );
}
