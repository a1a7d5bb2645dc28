// Number formats and cell styles, defined once. exceljs caches style ids in a WeakMap keyed by the style
// OBJECT, so every cell of a column must share the same object (a fresh object per cell is the known
// bottleneck of large exports). Format codes are locale-neutral in the file; Excel and LibreOffice in
// French display them as "1 234,56 €", "12,5", "31/12/2026".
import type { Style } from "exceljs";
import type { ColumnFormat } from "../spec/columns";

export const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  text: "@",
  url: undefined,
  euros: '#,##0.00\\ "€";-#,##0.00\\ "€"',
  days: "#,##0.0",
  quantity: "#,##0.000",
  integer: "0",
  percent: "0.0%",
  date: "dd/mm/yyyy",
};

const right = { horizontal: "right" } as const;

function make(format: ColumnFormat, bold: boolean): Partial<Style> {
  const numFmt = NUMBER_FORMATS[format];
  const style: Partial<Style> = {};
  if (numFmt) style.numFmt = numFmt;
  if (bold) style.font = { bold: true };
  if (format === "url") style.font = { color: { argb: "FF000091" }, underline: true, bold };
  if (format === "text") style.alignment = { vertical: "top", wrapText: false };
  if (format === "date") style.alignment = right;
  return style;
}

const formats: ColumnFormat[] = ["text", "url", "euros", "days", "quantity", "integer", "percent", "date"];
export const cellStyles = Object.fromEntries(formats.map((f) => [f, make(f, false)])) as Record<ColumnFormat, Partial<Style>>;
export const totalStyles = Object.fromEntries(formats.map((f) => [f, make(f, true)])) as Record<ColumnFormat, Partial<Style>>;

export const headerStyle: Partial<Style> = {
  font: { bold: true, color: { argb: "FFFFFFFF" } },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FF000091" } },
  alignment: { vertical: "middle", wrapText: true },
};
