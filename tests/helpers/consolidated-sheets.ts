// The sheets of the consolidated workbook, in order (domain.md, Reports 1): what the database test and the
// end-to-end download both expect to find, written once.
export const CONSOLIDATED_SHEETS = [
  "Synthèse",
  "Lignes de BC",
  "Déclarations",
  "UO x bénéficiaire",
  "Produits",
  "AE-CP",
  "Plafonds",
  "Factures",
  "Sous-traitance",
  "Paramètres",
];
