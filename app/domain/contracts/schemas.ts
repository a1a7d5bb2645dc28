// Forms of contracts, renewals, lots, holders and contractors (one schema per form and action).
import { z } from "zod";
import { id, isoDate, optionalIsoDate, optionalText, text } from "../../lib/form-fields";

export const contractSchema = z
  .object({
    reference: text("la référence", 60),
    title: text("l'intitulé", 500),
    buyer: text("l'acheteur", 200).default("DINUM"),
    notifiedOn: optionalIsoDate(),
    startDate: isoDate("la date de début"),
    endDate: isoDate("la date de fin"),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ["endDate"], message: "La date de fin doit suivre la date de début." });
export type ContractInput = z.infer<typeof contractSchema>;

export const renewalSchema = z
  .object({
    startDate: isoDate("la date de début de la reconduction"),
    endDate: isoDate("la date de fin de la reconduction"),
    decidedOn: optionalIsoDate(),
  })
  .refine((v) => v.endDate >= v.startDate, { path: ["endDate"], message: "La date de fin doit suivre la date de début." });
export type RenewalInput = z.infer<typeof renewalSchema>;

export const lotSchema = z.object({
  number: z
    .string({ error: "Saisissez le numéro du lot." })
    .trim()
    .regex(/^[1-9][0-9]{0,2}$/, "Saisissez un numéro de lot entre 1 et 999.")
    .transform(Number),
  title: text("l'intitulé du lot", 300),
});
export type LotInput = z.infer<typeof lotSchema>;

export const holderSchema = z
  .object({
    contractorId: id("le titulaire"),
    since: isoDate("la date de début"),
    until: optionalIsoDate(),
  })
  .refine((v) => v.until === null || v.until >= v.since, { path: ["until"], message: "La date de fin doit suivre la date de début." });
export type HolderInput = z.infer<typeof holderSchema>;

// ending a holding ends it today: the action takes the day when it runs, never a date rendered into the page
// (a page is cached per loader data and may be posted the next day)
export const endHoldingSchema = z.object({ contractorId: id("le titulaire") });

export const contractorSchema = z.object({
  name: text("la raison sociale", 200),
  siret: z
    .string()
    .trim()
    .transform((v) => v.replace(/\s/g, ""))
    .refine((v) => v === "" || /^[0-9]{14}$/.test(v), "Le SIRET compte 14 chiffres.")
    .transform((v) => (v === "" ? null : v)),
  address: optionalText(500),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === "" || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), "Saisissez une adresse électronique valide.")
    .default(""),
});
export type ContractorInput = z.infer<typeof contractorSchema>;
