// R17: a beneficiary's yearly AE envelope (TTC), set by its correspondents.
import { z } from "zod";
import { yearField } from "../budget-years/schemas";

export const envelopeSchema = z.object({
  year: yearField(),
  aeTtc: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ?? "").replace(/[\s\u00a0\u202f]/g, "").replace(",", "."))
    .refine(
      (v) => v === "" || (/^[0-9]{1,12}(\.[0-9]{1,2})?$/.test(v) && /[1-9]/.test(v)),
      "Saisissez un montant TTC en euros supérieur à zéro, par exemple 500000,00.",
    )
    .transform((v) => (v === "" ? null : v)),
});
export type EnvelopeInput = z.infer<typeof envelopeSchema>;
