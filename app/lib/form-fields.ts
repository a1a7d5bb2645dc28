// zod building blocks for reference-data forms, with French messages. Values arrive as form strings.
import { z } from "zod";
import { isIsoDate } from "./dates";
import { idSchema, optionalIdSchema } from "./ids";

export const text = (label: string, max = 200) =>
  z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .min(1, `Saisissez ${label}.`)
    .max(max, `${max} caractères au plus.`);

export const optionalText = (max = 2000) => z.string().trim().max(max, `${max} caractères au plus.`).optional().default("");

export const isoDate = (label: string) =>
  z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .min(1, `Saisissez ${label}.`)
    .refine(isIsoDate, "Saisissez une date valide au format JJ/MM/AAAA.");

export const optionalIsoDate = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || isIsoDate(v), "Saisissez une date valide au format JJ/MM/AAAA.");

export const id = (label: string) => idSchema(`Choisissez ${label}.`);

export const optionalId = () => optionalIdSchema("Choix invalide.");

/** A unit price HT in euros: "12345,67" or "12345.67", strictly positive, at most two decimals. */
export const price = (label: string) =>
  z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .transform((v) => v.replace(/[\s\u00a0\u202f]/g, "").replace(",", "."))
    .pipe(
      z
        .string()
        .min(1, `Saisissez ${label}.`)
        .regex(/^[0-9]{1,10}(\.[0-9]{1,2})?$/, "Saisissez un montant en euros avec au plus deux décimales, par exemple 12345,67.")
        .refine((v) => /[1-9]/.test(v), "Le prix doit être supérieur à zéro."),
    );

export type FieldErrors = Record<string, string[] | undefined>;

/** zod issues → { field: [messages] } (first path segment). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Answer of a destructive action submitted without its confirmation step. */
export const CONFIRM_MESSAGE = "Confirmez l'action pour la réaliser.";
