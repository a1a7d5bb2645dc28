// R18: a person of the contractor's list (name, company, optional e-mail).
import { z } from "zod";
import { id, optionalId, text } from "../../lib/form-fields";

export const personSchema = z.object({
  personId: optionalId(),
  fullName: text("le nom et le prénom", 200),
  companyId: id("l'entreprise"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === "" || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), "Saisissez une adresse électronique valide.")
    .optional()
    .transform((v) => (v ? v : null)),
});
export type PersonInput = z.infer<typeof personSchema>;
