// Formula injection (domain.md Reports 5): a cell whose text starts with = + - @, a tab or a carriage
// return may be evaluated as a formula by Excel or LibreOffice (CSV import, or re-editing a cell).
// Every text cell of every report goes through this one function, in XLSX and CSV alike, so the two
// files show the same text. The leading apostrophe is the convention both spreadsheets understand as
// "this is text" (OWASP "CSV injection").
const TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** The text starts like a formula (possibly after spaces or line breaks, which some importers skip). */
export function looksLikeFormula(value: string): boolean {
  if (value.length === 0) return false;
  const first = value.replace(/^[ \n\u00a0]+/, "").charAt(0);
  return TRIGGERS.has(value.charAt(0)) || TRIGGERS.has(first);
}

/** CSV (and anything without cell styles): the leading apostrophe. The XLSX writer uses a quote-prefixed style instead. */
export function neutraliseText(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}
