import { z } from "zod";
import { optionalId, text } from "../../lib/form-fields";

const base = {
  name: text("le nom", 200),
  role: z.enum(["dinum", "correspondent", "contractor"], { error: "Choisissez un rôle." }),
  beneficiaryId: optionalId(),
  contractorId: optionalId(),
};

/** A role comes with its organisation: a correspondent's beneficiary, a contractor's company, none for DINUM. */
function organisation<T extends { role: string; beneficiaryId: number | null; contractorId: number | null }>(v: T, ctx: z.RefinementCtx) {
  if (v.role === "correspondent" && !v.beneficiaryId)
    ctx.addIssue({ code: "custom", path: ["beneficiaryId"], message: "Choisissez le bénéficiaire du correspondant." });
  if (v.role === "contractor" && !v.contractorId) ctx.addIssue({ code: "custom", path: ["contractorId"], message: "Choisissez l'entreprise titulaire." });
}

const normalise = <T extends { role: string; beneficiaryId: number | null; contractorId: number | null }>(v: T): T => ({
  ...v,
  beneficiaryId: v.role === "correspondent" ? v.beneficiaryId : null,
  contractorId: v.role === "contractor" ? v.contractorId : null,
});

export const createUserSchema = z
  .object({
    ...base,
    email: z
      .string({ error: "Saisissez l'adresse électronique." })
      .trim()
      .toLowerCase()
      .min(1, "Saisissez l'adresse électronique.")
      .max(254, "Adresse électronique trop longue.")
      .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, "Saisissez une adresse électronique valide, par exemple nom@exemple.gouv.fr."),
    password: z
      .string()
      .optional()
      .default("")
      .refine((v) => v === "" || (v.length >= 12 && v.length <= 200), "Le mot de passe initial compte au moins 12 caractères."),
  })
  .superRefine(organisation)
  .transform(normalise);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.object(base).superRefine(organisation).transform(normalise);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
