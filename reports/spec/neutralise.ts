// Formula injection (domain.md Reports 5): a cell whose text starts with = + - @, a tab or a carriage
// return may be evaluated as a formula by Excel or LibreOffice (CSV import, or re-editing a cell).
// Every text cell of every report goes through this one function, in XLSX and CSV alike, so the two
// files show the same text. The leading apostrophe is the convention both spreadsheets understand as
// "this is text" (OWASP "CSV injection").
const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

export function neutraliseText(value: string): string {
  if (value.length === 0) return value;
  // leading spaces or line breaks before a trigger also get evaluated by some importers
  const first = value.replace(/^[ \n\u00a0]+/, "").charAt(0);
  return TRIGGERS.has(value.charAt(0)) || TRIGGERS.has(first) ? `'${value}` : value;
}
