// R17 budget years: the closing dates DINUM sets per year (one schema per form and action).
import { z } from "zod";
import { isoDate } from "../../lib/form-fields";

export const yearField = () =>
  z
    .string({ error: "Saisissez l'année." })
    .trim()
    .regex(/^20[0-9]{2}$/, "Saisissez une année sur quatre chiffres, par exemple 2026.")
    .transform(Number);

export const budgetYearSchema = z
  .object({
    year: yearField(),
    lastOrderOn: isoDate("le dernier jour des commandes"),
    lastPaymentOn: isoDate("le dernier jour des paiements"),
  })
  .refine((v) => Number(v.lastOrderOn.slice(0, 4)) === v.year, { path: ["lastOrderOn"], message: "Choisissez un jour de l'année budgétaire." })
  .refine((v) => Number(v.lastPaymentOn.slice(0, 4)) === v.year, { path: ["lastPaymentOn"], message: "Choisissez un jour de l'année budgétaire." });
export type BudgetYearInput = z.infer<typeof budgetYearSchema>;
