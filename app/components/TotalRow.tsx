// A row of a table's footer (an order's totals, a declaration's, a selection's): a row header spanning the
// columns before the figures, then a right-aligned cell per figure (pilotage-num), then any cells of the row's end.
import type { ReactNode } from "react";

export function TotalRow({
  label,
  span,
  figures,
  children,
}: {
  label: ReactNode;
  /** the columns the label spans */
  span: number;
  figures: { value: ReactNode; testId?: string }[];
  children?: ReactNode;
}) {
  return (
    <tr>
      <th scope="row" colSpan={span}>
        {label}
      </th>
      {figures.map((f, i) => (
        <td key={i} className="pilotage-num" data-testid={f.testId}>
          {f.value}
        </td>
      ))}
      {children}
    </tr>
  );
}
