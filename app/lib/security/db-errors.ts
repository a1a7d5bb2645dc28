// Database refusals, mapped in one place. PostgreSQL's constraints are the last line of defence
// (architecture.md, habit 5): when one of them refuses an input that slipped past the form's checks, or a
// transaction still loses a serialization failure or a deadlock after db/retry.ts's attempts, the user gets
// a French 400/409 (a Refusal), never a 500. Anything else from the database is a bug and stays one.
import { Refusal, type RefusalStatus } from "../refusal";

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** The PostgreSQL error code and constraint name of a driver error, if it is one. */
export function pgError(e: unknown): PgError | null {
  if (e && typeof e === "object" && "code" in e && typeof (e as PgError).code === "string") return e as PgError;
  return null;
}

const BY_CODE: Record<string, { status: RefusalStatus; message: string }> = {
  // class 23: integrity constraints
  "23503": { status: 409, message: "Un élément choisi n'existe pas (ou plus), ou d'autres données en dépendent. Rechargez la page et vérifiez." },
  "23505": { status: 409, message: "Cet élément existe déjà." },
  "23514": { status: 400, message: "Une valeur saisie est hors des limites admises. Vérifiez le formulaire." },
  "23502": { status: 400, message: "Un champ obligatoire manque. Vérifiez le formulaire." },
  "23P01": { status: 409, message: "Cette période en chevauche une autre. Vérifiez les dates." },
  // class 22: data exceptions (a value PostgreSQL cannot take)
  "22001": { status: 400, message: "Un texte saisi est trop long." },
  "22003": { status: 400, message: "Un nombre saisi est trop grand (ou un identifiant hors des valeurs possibles)." },
  "22007": { status: 400, message: "Une date saisie n'est pas valide." },
  "22008": { status: 400, message: "Une date saisie est hors des limites admises." },
  "22P02": { status: 400, message: "Une valeur saisie n'a pas le format attendu." },
  "22021": { status: 400, message: "Le formulaire contient un caractère invalide." },
  "22012": { status: 400, message: "Un nombre saisi donne un calcul impossible (division par zéro)." },
  // class 40: the transaction lost a race with another one (after db/retry.ts's attempts, where it applies)
  "40001": { status: 409, message: "D'autres modifications des mêmes données avaient lieu au même moment : rien n'a été enregistré. Réessayez." },
  "40P01": { status: 409, message: "D'autres modifications des mêmes données avaient lieu au même moment : rien n'a été enregistré. Réessayez." },
};
const OTHER_DATA_ERROR = { status: 400 as const, message: "Une valeur saisie n'est pas acceptée. Vérifiez le formulaire." };

/** Named constraints whose refusal deserves its own message (the rule they keep, in the user's words). */
const BY_CONSTRAINT: Record<string, { status: RefusalStatus; message: string }> = {
  order_line_declared_within_ordered: {
    status: 409,
    message:
      "Les jours validés et en attente de validation d'une ligne ne peuvent pas dépasser ses jours commandés : rien n'a été enregistré. Rechargez la page et vérifiez les quantités.",
  },
};

/** The Refusal for a PostgreSQL integrity, data or concurrency error; null for anything else (a bug). */
export function databaseRefusal(error: unknown): Refusal | null {
  const pg = pgError(error);
  if (!pg?.code) return null;
  const known = (pg.constraint && BY_CONSTRAINT[pg.constraint]) || BY_CODE[pg.code] || (pg.code.startsWith("22") ? OTHER_DATA_ERROR : null);
  return known ? new Refusal(known.message, { status: known.status }) : null;
}

/** The French message of `databaseRefusal`, or null. */
export function integrityRefusal(error: unknown): string | null {
  return databaseRefusal(error)?.message ?? null;
}

/**
 * A use case's own wording for the constraints it knows (by constraint name, or `unique` for any 23505):
 * throws the matching Refusal, or rethrows the error unchanged (the generic mapping then applies).
 */
export function translatePgError(e: unknown, messages: Record<string, string | Refusal>): never {
  const pg = pgError(e);
  if (pg?.constraint && messages[pg.constraint]) {
    const m = messages[pg.constraint];
    throw typeof m === "string" ? new Refusal(m, { status: 409 }) : m;
  }
  if (pg?.code === "23505" && messages.unique) {
    const m = messages.unique;
    throw typeof m === "string" ? new Refusal(m, { status: 409 }) : m;
  }
  throw e;
}
