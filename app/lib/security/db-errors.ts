// PostgreSQL's constraints are the last line of defence (architecture.md, habit 5): when one of them
// refuses an input that slipped past the form's checks, the user gets a French 400, not a 500.
const MESSAGES: Record<string, string> = {
  "23503": "Un élément choisi n'existe pas (ou plus). Rechargez la page et choisissez à nouveau.",
  "23505": "Cet élément existe déjà.",
  "23514": "Une valeur saisie est hors des limites admises. Vérifiez le formulaire.",
  "23502": "Un champ obligatoire manque. Vérifiez le formulaire.",
  "23P01": "Cette période en chevauche une autre. Vérifiez les dates.",
  "22001": "Un texte saisi est trop long.",
  "22003": "Un nombre saisi est trop grand.",
  "22007": "Une date saisie n'est pas valide.",
  "22008": "Une date saisie est hors des limites admises.",
  "22P02": "Une valeur saisie n'a pas le format attendu.",
  "22021": "Le formulaire contient un caractère invalide.",
};

/** The French message for a PostgreSQL integrity or data error, or null for anything else. */
export function integrityRefusal(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code in MESSAGES ? MESSAGES[code] : null;
}
