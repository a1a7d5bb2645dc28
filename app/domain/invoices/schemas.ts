// R15/R16 forms: what the contractor types to record an invoice, what the buyer types to move it, the ECB
// rate DINUM keeps. Shared by the forms, their actions and the Chorus Pro import.
import { z } from "zod";
import { isoDate, optionalIsoDate, price, text } from "../../lib/form-fields";
import { idSchema } from "../../lib/ids";

/** A Chorus Pro invoice number: letters, digits and - _ / . (what Chorus accepts), 1 to 60 characters. */
export const invoiceNumber = z
  .string({ error: "Saisissez le numéro de la facture." })
  .trim()
  .min(1, "Saisissez le numéro de la facture (celui de Chorus Pro).")
  .max(60, "Le numéro de facture ne dépasse pas 60 caractères.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _./-]*$/, "Le numéro de facture ne contient que des lettres, des chiffres et les signes - _ / .");

export const recordInvoiceSchema = z.object({
  orderId: idSchema("Ce bon de commande n'existe pas : rechargez la page."),
  number: invoiceNumber,
  ejNumber: z.string().trim().max(40, "L'EJ ne dépasse pas 40 caractères.").default(""),
  receivedOn: isoDate("la date de dépôt dans Chorus Pro"),
  amountHt: price("le montant HT"),
  // R18: the issuing company (the holder's lead when not given)
  companyId: idSchema("Cette entreprise n'existe pas : rechargez la page.").optional(),
  // a checkbox group: one box ticked posts one value, none posts nothing
  declarationIds: z.preprocess(
    (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(idSchema("Cette déclaration n'existe pas : rechargez la page."))
      .min(1, "Cochez la ou les déclarations validées (service fait) que la facture couvre."),
  ),
});
export type RecordInvoiceInput = z.output<typeof recordInvoiceSchema> & { amountTtc?: string | null };

export const suspendSchema = z.object({ reason: text("le motif de la suspension (la pièce ou l'information manquante)", 2000), on: optionalIsoDate() });
export const resumeSchema = z.object({ on: optionalIsoDate() });
export const holderRefusalSchema = z.object({ reason: text("le motif du refus de la facture du sous-traitant", 2000) });
export const rejectInvoiceSchema = z.object({ reason: text("le motif du rejet", 2000) });
export const paySchema = z.object({ paidOn: isoDate("la date du paiement") });

/** The invoice page's forms, one per intent (the R15 moves, the holder's answer, R18), for the browser and the action. */
export const invoiceFormSchemas = {
  suspend: suspendSchema,
  resume: resumeSchema,
  reject: rejectInvoiceSchema,
  in_payment: z.object({}),
  pay: paySchema,
  holder_approve: z.object({}),
  holder_refuse: holderRefusalSchema,
} as const;
export type InvoiceIntent = keyof typeof invoiceFormSchemas;
export const isInvoiceIntent = (intent: string): intent is InvoiceIntent => Object.hasOwn(invoiceFormSchemas, intent);

export const ecbRateSchema = z.object({
  halfYear: z
    .string({ error: "Choisissez le semestre." })
    .trim()
    .regex(/^\d{4}-(01|07)-01$/, "Choisissez un semestre (1er janvier ou 1er juillet)."),
  rate: z
    .string({ error: "Saisissez le taux." })
    .trim()
    .transform((v) => v.replace(",", ".").replace(/\s|%/g, ""))
    .pipe(z.string().regex(/^-?\d{1,2}(\.\d{1,3})?$/, "Saisissez un taux en pourcentage, par exemple 2,15.")),
  source: z.string().trim().max(500, "500 caractères au plus.").default(""),
});
