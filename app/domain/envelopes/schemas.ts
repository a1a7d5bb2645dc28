// R17: a beneficiary's yearly AE envelope (TTC), set by its correspondents.
import { z } from "zod";
import { yearField } from "../budget-years/schemas";
import { price } from "../../lib/form-fields";

export const envelopeSchema = z.object({
  year: yearField(),
  // empty: no envelope (removed)
  aeTtc: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .pipe(z.union([z.literal(""), price("l'enveloppe AE TTC", "L'enveloppe doit être supérieure à zéro.")]))
    .transform((v) => (v === "" ? null : v)),
});
export type EnvelopeInput = z.infer<typeof envelopeSchema>;
