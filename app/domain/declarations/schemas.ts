// R8: what a contractor types for one declaration, shared by the form, its action and the import.
// Days are typed the French way ("2,5") and kept as exact decimal strings ("2.5").
import { z } from "zod";
import { dec } from "../../lib/decimal";
import { idSchema, parseId } from "../../lib/ids";

/** "2,5" / "2.5" / " 3 " → "2.5" / "3.0"; anything else is refused with a French message. */
export const halfDays = (label: string) =>
  z
    .string({ error: `${label} : indiquez un nombre de jours.` })
    .trim()
    .transform((v) => v.replace(",", ".").replace(/\s/g, ""))
    .refine((v) => /^\d{1,4}(\.\d{1,2})?$/.test(v), { message: `${label} : indiquez un nombre de jours positif, par exemple 2 ou 2,5.` })
    .refine((v) => !/^\d{1,4}(\.\d{1,2})?$/.test(v) || dec(v).times(2).isInteger(), { message: `${label} : les jours se déclarent par demi-journées (0,5).` })
    .transform((v) => dec(v).toFixed(1));

/** Optional half days: empty means "not given". */
export const optionalHalfDays = (label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.union([z.literal(""), halfDays(label)]))
    .transform((v) => (v === "" ? null : v));

export const personSchema = z.object({
  name: z.string().trim().max(200, "Le nom de l'intervenant ne doit pas dépasser 200 caractères."),
  days: z.string().trim().optional().default(""),
});

export const declarationLineSchema = z.object({
  orderLineId: idSchema("Cette ligne n'appartient pas au bon de commande : rechargez la page."),
  days: halfDays("Jours consommés"),
  activities: z.string().trim().max(4000, "Les activités ne doivent pas dépasser 4 000 caractères.").default(""),
  remainingEstimateDays: optionalHalfDays("Reste à faire estimé"),
  remainingComment: z.string().trim().max(2000, "Le commentaire ne doit pas dépasser 2 000 caractères.").default(""),
  people: z.array(personSchema).default([]),
});

export type DeclarationLineInput = z.output<typeof declarationLineSchema>;

export interface PersonDays {
  name: string;
  days: string;
}

/** Checks the people of one line: a name needs days and days need a name; one person once. */
export function parsePeople(
  people: { name: string; days: string }[],
  label = "Intervenant",
): { ok: true; people: PersonDays[] } | { ok: false; errors: { index: number; field: "name" | "days"; message: string }[] } {
  const out: PersonDays[] = [];
  const errors: { index: number; field: "name" | "days"; message: string }[] = [];
  const seen = new Set<string>();
  people.forEach((p, index) => {
    const name = p.name.trim().replace(/\s+/g, " ");
    const rawDays = (p.days ?? "").trim();
    if (!name && !rawDays) return;
    if (!name) {
      errors.push({ index, field: "name", message: `${label} ${index + 1} : indiquez le nom de l'intervenant.` });
      return;
    }
    const parsed = halfDays(`${label} ${index + 1}`).safeParse(rawDays);
    if (!rawDays || !parsed.success) {
      errors.push({
        index,
        field: "days",
        message: parsed.success || !rawDays ? `${label} ${index + 1} : indiquez ses jours.` : parsed.error.issues[0].message,
      });
      return;
    }
    if (dec(parsed.data).isZero()) {
      errors.push({ index, field: "days", message: `${label} ${index + 1} : les jours d'un intervenant doivent être supérieurs à 0.` });
      return;
    }
    const key = name.toLocaleLowerCase("fr");
    if (seen.has(key)) {
      errors.push({ index, field: "name", message: `${label} ${index + 1} : ${name} figure deux fois sur la même ligne.` });
      return;
    }
    seen.add(key);
    out.push({ name, days: parsed.data });
  });
  return errors.length ? { ok: false, errors } : { ok: true, people: out };
}

export const rejectSchema = z.object({
  reason: z
    .string({ error: "Indiquez le motif du rejet." })
    .trim()
    .min(1, "Indiquez le motif du rejet.")
    .max(2000, "Le motif ne doit pas dépasser 2 000 caractères."),
});

export const correctionSchema = z.object({
  reason: z
    .string({ error: "Indiquez le motif de la correction." })
    .trim()
    .min(1, "Indiquez le motif de la correction.")
    .max(2000, "Le motif ne doit pas dépasser 2 000 caractères."),
});

/** A file sent by an upload field (the browser's File, or undici's on the server): not empty. */
const isFile = (v: unknown): v is File =>
  typeof v === "object" && v !== null && typeof (v as File).arrayBuffer === "function" && typeof (v as File).name === "string" && (v as File).size > 0;

/** The imports' first step (declarations, Chorus Pro invoices): the file to preview. */
export const importFileSchema = z.object({
  file: z.custom<File>(isFile, { message: "Choisissez un fichier .xlsx ou .csv." }),
});

/** Bulk service fait: at most this many declarations at once (a page of "À valider"). */
export const MAX_BULK_VALIDATION = 50;

/** The declarations ticked (ids, repeated): the ones that are ids, once each, the first MAX_BULK_VALIDATION. */
export function bulkIds(values: unknown): number[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return [...new Set(list.map(parseId).filter((id): id is number => id !== null))].slice(0, MAX_BULK_VALIDATION);
}

/** The bulk validation's form: the ids reviewed (hidden fields); none is the form's refusal. */
export const bulkValidationSchema = z
  .object({ ids: z.unknown() })
  .transform(({ ids }) => ({ ids: bulkIds(ids) }))
  .refine((v) => v.ids.length > 0, { message: "Cochez au moins une déclaration à valider." });

/** 'YYYY-MM' or 'YYYY-MM-01' → 'YYYY-MM-01', or null. */
export function parseMonth(value: string | null | undefined): string | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(-01)?$/.exec((value ?? "").trim());
  return m ? `${m[1]}-${m[2]}-01` : null;
}
