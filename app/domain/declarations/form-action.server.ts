// The declaration form's action, shared by "new" and "edit": parse (Conform, `declarationFormSchema`) → draft (and
// submit) in ONE transaction, through the one action pipeline (lib/form-action.server.ts). A refusal comes back as
// Conform's result: the message, each field's message (the service's issues placed on their fields), the values
// typed and, for a month already declared, a link to its declaration; nothing is written.
import { redirect } from "@remix-run/node";
import type { Db } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { parseSubmission } from "../../lib/conform";
import { answerAction, conformReply, listIntentAnswer, submittedValue, type ConformAnswer, type Reply } from "../../lib/form-action.server";
import { Refusal } from "../../lib/refusal";
import { declarationFormSchema, formLinesOf, issuesToFieldErrors } from "./form";
import { submitInTransaction, writeDraft } from "./services.server";

export type DeclarationFormResult = ConformAnswer;

export async function declarationFormAction(
  db: Db,
  user: SessionUser,
  form: FormData,
  target: { orderId: number; month: string; declarationId?: number | null; ifExists?: "replace" | "refuse" },
) {
  const submission = parseSubmission(form, declarationFormSchema);
  // "Ajouter une personne" without JavaScript: Conform's insert, the form comes back with one more row, nothing written
  const listed = listIntentAnswer(submission);
  if (listed) return listed;
  const values = formLinesOf(submission.payload);
  const reply = conformReply(submission);
  // the service names a declaration line or a person: each issue goes to its field
  const declarationReply: Reply = (r) => {
    const issues = Object.entries(issuesToFieldErrors(r.issues, values)).map(([k, m]) => [k, [m]]);
    return reply(new Refusal(r.message, { status: r.status, fieldErrors: { ...Object.fromEntries(issues), ...r.fieldErrors }, link: r.link ?? undefined }));
  };
  const intent = form.get("intent") === "submit" ? "submit" : "save";
  return answerAction(declarationReply, async () => {
    const lines = submittedValue(submission);
    const id = await db.transaction().execute(async (trx) => {
      const { id } = await writeDraft(trx, user, { ...target, lines });
      if (intent === "submit") await submitInTransaction(trx, user, id);
      return id;
    });
    return redirect(`/declarations/${id}?${intent === "submit" ? "soumise" : "enregistree"}=1`);
  });
}
