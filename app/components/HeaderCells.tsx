// The header cells of a table's columns, declared as data: a label, or `num(label)` for a column of figures
// (right-aligned, `pilotage-num`, as the cells under it); false leaves a column out (a table written by its
// columns is a ColumnTable).
import type { ReactNode } from "react";

export interface NumHeader {
  num: ReactNode;
}
export type Header = string | NumHeader | false | null | undefined;

/** A column of figures. */
export const num = (label: ReactNode): NumHeader => ({ num: label });

export function HeaderCells({ headers }: { headers: readonly Header[] }) {
  return (
    <>
      {headers.map((h, i) =>
        !h ? null : typeof h === "string" ? (
          <th key={i} scope="col">
            {h}
          </th>
        ) : (
          <th key={i} scope="col" className="pilotage-num">
            {h.num}
          </th>
        ),
      )}
    </>
  );
}
