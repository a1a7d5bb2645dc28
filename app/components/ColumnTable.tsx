// A table declared by its columns: each column's header and cell written once, as data (its alignment, a row
// header, a test id), in the DSFR table markup of DataTable. The tables of the screens are written with it
// instead of copying `<thead>`/`<tbody>`/`<tr>` runs; a column given as false, null or undefined is left out
// (a column a role does not see).
import { Fragment, type CSSProperties, type ReactNode } from "react";
import { DataTable } from "./DataTable";

export interface Column<T> {
  /** the header cell's content */
  header?: ReactNode;
  /** or a header cell of its own (a sort link), in place of `<th scope="col">{header}</th>` */
  th?: ReactNode;
  cell: (row: T) => ReactNode;
  /** a figure: right-aligned (fr-cell--right), header and cells */
  right?: boolean;
  /** a figure in the app's numeric style (pilotage-num: right-aligned, tabular, on one line), header and cells */
  num?: boolean;
  /** the cell names its row: `<th scope="row">` */
  rowHeader?: boolean;
  /** more classes on the cells (not the header) */
  cellClass?: string;
  /** the cells' data-testid */
  testId?: string;
  /** the cells' style (a text whose line breaks show: `whiteSpace: "pre-line"`) */
  cellStyle?: CSSProperties;
}

export type Columns<T> = readonly (Column<T> | false | null | undefined)[];

function alignment<T>(c: Column<T>): string | undefined {
  return c.num ? "pilotage-num" : c.right ? "fr-cell--right" : undefined;
}

function cellClassName<T>(c: Column<T>): string | undefined {
  const classes = [alignment(c), c.cellClass].filter(Boolean).join(" ");
  return classes || undefined;
}

/**
 * A table of `rows` by `columns`: a header row, then a row per item (its key `rowKey`, its data-testid `rowTestId`);
 * `foot` (a `<tfoot>`) after the body.
 */
export function ColumnTable<T>({
  caption,
  id,
  rows,
  rowKey,
  rowTestId,
  columns,
  foot,
  hideCaption,
}: {
  caption: ReactNode;
  id?: string;
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  rowTestId?: string | ((row: T) => string | undefined);
  columns: Columns<T>;
  foot?: ReactNode;
  hideCaption?: boolean;
}) {
  const shown = columns.filter((c): c is Column<T> => !!c);
  return (
    <DataTable caption={caption} id={id} hideCaption={hideCaption}>
      <thead>
        <tr>
          {shown.map((c, i) =>
            c.th ? (
              <Fragment key={i}>{c.th}</Fragment>
            ) : (
              <th key={i} scope="col" className={alignment(c)}>
                {c.header}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={typeof rowTestId === "function" ? rowTestId(row) : rowTestId}>
            {shown.map((c, i) =>
              c.rowHeader ? (
                <th key={i} scope="row" className={cellClassName(c)} data-testid={c.testId}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={i} className={cellClassName(c)} data-testid={c.testId} style={c.cellStyle}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
      {foot}
    </DataTable>
  );
}
