// The declaration import file: one row per order line, for one month. The domain reads its rows (import.server.ts); the
// report side writes the template and parses the workbook (reports/declaration-import) from the same columns.
export const IMPORT_PEOPLE = 3;

export type ImportKey =
  | "orderNumber"
  | "month"
  | "lineNo"
  | "workUnit"
  | "days"
  | "daysLeft"
  | "workingDays"
  | "activities"
  | "remainingEstimateDays"
  | "remainingComment"
  | `person${1 | 2 | 3}`
  | `person${1 | 2 | 3}Days`;

export interface ImportColumn {
  key: ImportKey;
  label: string;
  required: boolean;
  width: number;
  /** written in the template for the contractor's information, never read back */
  info?: true;
}

export const importColumns: ImportColumn[] = [
  { key: "orderNumber", label: "N° bon de commande", required: true, width: 26 },
  { key: "month", label: "Mois (AAAA-MM)", required: true, width: 16 },
  { key: "lineNo", label: "N° ligne", required: true, width: 10 },
  { key: "workUnit", label: "UO (information)", required: false, width: 30 },
  { key: "days", label: "Jours", required: true, width: 10 },
  // information for the contractor, ignored on import: what is left on the line (R9) and the month's working days
  { key: "daysLeft", label: "Jours restants sur la ligne (information)", required: false, width: 18, info: true },
  { key: "workingDays", label: "Jours ouvrés du mois (information)", required: false, width: 18, info: true },
  { key: "activities", label: "Activités", required: false, width: 50 },
  { key: "remainingEstimateDays", label: "Reste à faire estimé (j)", required: false, width: 14 },
  { key: "remainingComment", label: "Commentaire reste à faire", required: false, width: 40 },
  ...([1, 2, 3] as const).flatMap((n) => [
    { key: `person${n}` as ImportKey, label: `Intervenant ${n}`, required: false, width: 24 },
    { key: `person${n}Days` as ImportKey, label: `Jours intervenant ${n}`, required: false, width: 12 },
  ]),
];

export const labelOf = (key: ImportKey) => importColumns.find((c) => c.key === key)!.label;

/** One data row of the file, as text, with its row number in the file (header = row 1). */
export interface ImportRow {
  row: number;
  cells: Partial<Record<ImportKey, string>>;
}

export interface ImportError {
  row: number | null;
  column: string | null;
  message: string;
}

export function normaliseHeader(h: string): string {
  return h
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
