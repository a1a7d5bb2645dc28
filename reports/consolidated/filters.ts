// Filters of the consolidated workbook, one zod schema shared by the export page, the download routes
// and the CLI. `year` is a shorthand for the period 1 January - 31 December; an explicit period wins.
import { z } from "zod";
import { isIsoDate } from "../../app/lib/dates";
import { scopePins, type SessionUser } from "../../app/auth/user";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const isoDate = z.preprocess(blankToUndefined, z.string().trim().refine(isIsoDate, "Date invalide (format attendu : AAAA-MM-JJ).").optional());
const id = (label: string) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `${label} invalide.` })
      .int(`${label} invalide.`)
      .positive(`${label} invalide.`)
      .max(2147483647)
      .optional(),
  );

export const consolidatedFiltersSchema = z
  .object({
    contract: z.preprocess(blankToUndefined, z.string().trim().max(60, "Référence d'accord-cadre trop longue.").optional()),
    year: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: "Année invalide." }).int("Année invalide.").min(2000, "Année invalide.").max(2100, "Année invalide.").optional(),
    ),
    beneficiary: id("Bénéficiaire"),
    contractor: id("Titulaire"),
    from: isoDate,
    to: isoDate,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "La fin de période doit suivre son début.", path: ["to"] });

export type ConsolidatedFilters = z.infer<typeof consolidatedFiltersSchema>;

export interface ResolvedFilters {
  contract: string | null;
  beneficiaryId: number | null;
  contractorId: number | null;
  year: number | null;
  from: string | null;
  to: string | null;
}

export function resolveFilters(f: ConsolidatedFilters): ResolvedFilters {
  return {
    contract: f.contract ?? null,
    beneficiaryId: f.beneficiary ?? null,
    contractorId: f.contractor ?? null,
    year: f.year ?? null,
    from: f.from ?? (f.year ? `${f.year}-01-01` : null),
    to: f.to ?? (f.year ? `${f.year}-12-31` : null),
  };
}

export function parseFilters(params: URLSearchParams) {
  return consolidatedFiltersSchema.safeParse(Object.fromEntries(params));
}

/** The query string of a filter set (for download links). */
export function filtersQuery(f: ConsolidatedFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * A correspondent's exports are its beneficiary's, a contractor's its own orders: the scope already
 * guarantees it (orderScope); pinning the filter too makes the "Paramètres" sheet say so, and a filter
 * naming someone else's organisation can neither leak its name nor empty the file.
 */
export function pinToScope(user: Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">, f: ResolvedFilters): ResolvedFilters {
  return { ...f, ...scopePins(user) };
}
