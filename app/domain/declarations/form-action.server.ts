// The declaration form's action, shared by "new" and "edit": parse → draft (and submit) in ONE transaction.
// A refusal comes back as field errors with the values typed, and nothing is written.
import { redirect } from "@remix-run/node";
import type { Db } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { issuesToFieldErrors, parseFormLines, readFormLines, type FieldErrors, type FormLine } from "./form";
import { DeclarationError, submitInTransaction, writeDraft } from "./service.server";
import { integrityRefusal } from "../../lib/security/db-errors";

export interface DeclarationFormResult {
  values: FormLine[];
  errors: FieldErrors;
  formError: string | null;
}

export async function declarationFormAction(db: Db, user: SessionUser, form: FormData, target: { orderId: number; month: string; declarationId?: number | null }) {
  const values = readFormLines(form);
  const intent = form.get("intent") === "submit" ? "submit" : "save";
  const parsed = parseFormLines(values);
  if (!parsed.ok) {
    return Response.json({ values, errors: parsed.errors, formError: "Le formulaire contient des erreurs : corrigez les champs signalés." } satisfies DeclarationFormResult, { status: 400 });
  }
  try {
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await writeDraft(trx, user, { ...target, lines: parsed.lines });
      if (intent === "submit") await submitInTransaction(trx, user, id);
      return id;
    });
    return redirect(`/declarations/${id}?${intent === "submit" ? "soumise" : "enregistree"}=1`);
  } catch (e) {
    if (e instanceof DeclarationError && e.status === 400) {
      return Response.json({ values, errors: issuesToFieldErrors(e.issues, values), formError: e.message } satisfies DeclarationFormResult, { status: 400 });
    }
    if (e instanceof DeclarationError) throw new Response(e.message, { status: e.status });
    // a database constraint refused what the parsing let through (e.g. a 20,000-character name): 400, not 500
    const refusal = integrityRefusal(e);
    if (refusal) return Response.json({ values, errors: {}, formError: refusal } satisfies DeclarationFormResult, { status: 400 });
    throw e;
  }
}
