// R18 forms: a company (DINUM), a company joining a holder's groupement.
import { z } from "zod";
import { id, text } from "../../lib/form-fields";
import { normaliseSiret, siretError } from "./siret";

export const siretField = z
  .string({ error: "Saisissez le SIRET." })
  .trim()
  .min(1, "Saisissez le SIRET.")
  .superRefine((v, ctx) => {
    const error = siretError(v);
    if (error) ctx.addIssue({ code: "custom", message: error });
  })
  .transform((v) => normaliseSiret(v)!);

export const companySchema = z.object({
  name: text("la raison sociale", 200),
  siret: siretField,
  address: text("l'adresse", 500),
});
export type CompanyInput = z.infer<typeof companySchema>;

export const holderMemberSchema = z.object({ contractorId: id("le titulaire"), companyId: id("l'entreprise") });
export type HolderMemberInput = z.infer<typeof holderMemberSchema>;
