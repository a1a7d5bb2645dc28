// The declaration form's action, shared by "new" and "edit": parse → draft (and submit) in ONE transaction,
// through the one action pipeline (lib/form-action.server.ts). A refusal comes back as field errors with the
// values typed (and, for a month already declared, a link to its declaration); nothing is written.
import { redirect } from "@remix-run/node";
import type { Db } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { answerAction, FORM_HAS_ERRORS, firstMessages, type Reply } from "../../lib/form-action.server";
import { Refusal, type RefusalLink } from "../../lib/refusal";
import { issuesToFieldErrors, parseFormLines, readFormLines, type FieldErrors, type FormLine } from "./form";
import { submitInTransaction, writeDraft } from "./services.server";

export interface DeclarationFormResult {
  values: FormLine[];
  errors: FieldErrors;
  formError: string | null;
  link?: RefusalLink | null;
}

function declarationReply(values: FormLine[]): Reply {
  return (r) =>
    ({
      values,
      errors: { ...issuesToFieldErrors(r.issues, values), ...firstMessages(r.fieldErrors) },
      formError: r.message,
      link: r.link,
    }) satisfies DeclarationFormResult;
}

export async function declarationFormAction(
  db: Db,
  user: SessionUser,
  form: FormData,
  target: { orderId: number; month: string; declarationId?: number | null; ifExists?: "replace" | "refuse" },
) {
  const values = readFormLines(form);
  // "Ajouter une personne" without JavaScript: the form comes back with one more row, nothing written
  const adding = /^add-person\.(\d{1,3})$/.exec(String(form.get("intent") ?? ""));
  if (adding && values[Number(adding[1])]) {
    values[Number(adding[1])].people.push({ name: "", days: "" });
    return Response.json({ values, errors: {}, formError: null } satisfies DeclarationFormResult);
  }
  const intent = form.get("intent") === "submit" ? "submit" : "save";
  return answerAction(declarationReply(values), async () => {
    const parsed = parseFormLines(values);
    if (!parsed.ok) throw new Refusal(FORM_HAS_ERRORS, { fieldErrors: Object.fromEntries(Object.entries(parsed.errors).map(([k, m]) => [k, [m]])) });
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await writeDraft(trx, user, { ...target, lines: parsed.lines });
      if (intent === "submit") await submitInTransaction(trx, user, id);
      return id;
    });
    return redirect(`/declarations/${id}?${intent === "submit" ? "soumise" : "enregistree"}=1`);
  });
}
