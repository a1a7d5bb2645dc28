// R17 forms: a period of execution and its maximum, a lot's maximum for a period (one schema per form and action).
import { z } from "zod";
import { id, isoDate, price } from "../../lib/form-fields";

/** A maximum HT in euros, strictly positive, at most two decimals ("1 000 000,00" or "1000000.00"). */
export const amountHt = (label: string) => price(label, "Le montant maximum doit être supérieur à zéro.");

export const periodSchema = z
  .object({
    periodNo: z
      .string({ error: "Saisissez le numéro de la période." })
      .trim()
      .regex(/^[0-9]{1,2}$/, "Saisissez 0 pour la période initiale, 1 pour la première reconduction, etc.")
      .transform(Number),
    startDate: isoDate("la date de début de la période"),
    endDate: isoDate("la date de fin de la période"),
    maxHt: amountHt("le montant maximum HT de la période"),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ["endDate"], message: "La date de fin doit suivre la date de début." });
export type PeriodInput = z.infer<typeof periodSchema>;

/** A lot's maximum for a period; an empty amount removes it (the contract's maximum still applies). */
export const lotCeilingSchema = z.object({
  periodId: id("la période"),
  lotId: id("le lot"),
  maxHt: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .pipe(z.union([z.literal(""), amountHt("le montant maximum HT du lot")]))
    .transform((v) => (v === "" ? null : v)),
});
export type LotCeilingInput = z.infer<typeof lotCeilingSchema>;
