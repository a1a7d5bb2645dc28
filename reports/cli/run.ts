// The scheduled-job side of the consolidated workbook: the same queries, model and renderers as the
// download, written to a file. Flags are documented in the README ("Exports").
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished, pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { consolidatedFiltersSchema, resolveFilters } from "../consolidated/filters";
import { consolidatedCsv, exporterOf, findTable, writeConsolidatedWorkbook, type Exporter } from "../consolidated/workbook.server";

export const USAGE = `Usage : npm run export -- --out <fichier.xlsx|fichier.csv> [options]
  --out <fichier>          fichier produit (obligatoire) ; .csv produit un tableau en CSV
  --contract <référence>   accord-cadre, ex. 21_BAM_048
  --year <AAAA>            année (période du 1er janvier au 31 décembre)
  --from <AAAA-MM-JJ>      début de période (remplace l'année)
  --to <AAAA-MM-JJ>        fin de période
  --beneficiary <id|nom>   bénéficiaire (identifiant, nom exact ou sigle)
  --contractor <id|nom>    titulaire (identifiant ou nom exact)
  --table <id>             pour un CSV : synthese, lignes, declarations, uo-beneficiaire, produits, ae-cp, parametres (défaut : lignes)
  --as <courriel>          exporter avec le périmètre de cet utilisateur (défaut : DINUM, tout le périmètre)`;

export class UsageError extends Error {}

async function resolveId(db: Executor, table: "beneficiary" | "contractor", value: string | undefined): Promise<number | undefined> {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const q = db.selectFrom(table).select("id");
  const row =
    table === "beneficiary"
      ? await db
          .selectFrom("beneficiary")
          .select("id")
          .where((eb) => eb.or([eb("name", "=", value), eb("acronym", "=", value)]))
          .executeTakeFirst()
      : await q.where("name", "=", value).executeTakeFirst();
  if (!row) throw new UsageError(`${table === "beneficiary" ? "Bénéficiaire" : "Titulaire"} introuvable : ${value}`);
  return row.id;
}

async function exporterFor(db: Executor, email: string | undefined): Promise<Exporter> {
  if (!email) {
    const user: SessionUser = {
      id: 0,
      email: "export-planifie",
      name: "Export planifié (npm run export)",
      role: "dinum",
      beneficiaryId: null,
      contractorId: null,
      organisation: "DINUM",
    };
    return { user, label: "Export planifié (npm run export), périmètre DINUM" };
  }
  const u = await db
    .selectFrom("app_user as u")
    .leftJoin("beneficiary as b", "b.id", "u.beneficiary_id")
    .leftJoin("contractor as c", "c.id", "u.contractor_id")
    .select(["u.id", "u.email", "u.name", "u.role", "u.beneficiary_id", "u.contractor_id", "u.active", "b.name as bn", "c.name as cn"])
    .where("u.email", "=", email.toLowerCase())
    .executeTakeFirst();
  if (!u || !u.active) throw new UsageError(`Utilisateur introuvable ou désactivé : ${email}`);
  return exporterOf({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    beneficiaryId: u.beneficiary_id,
    contractorId: u.contractor_id,
    organisation: u.role === "dinum" ? "DINUM" : (u.bn ?? u.cn ?? ""),
  });
}

export async function runExport(db: Executor, argv: string[], now = new Date()): Promise<{ out: string; format: "xlsx" | "csv" }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: "string" },
      contract: { type: "string" },
      year: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      beneficiary: { type: "string" },
      contractor: { type: "string" },
      table: { type: "string" },
      as: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help || !values.out) throw new UsageError(USAGE);
  const parsed = consolidatedFiltersSchema.safeParse({
    contract: values.contract,
    year: values.year,
    from: values.from,
    to: values.to,
    beneficiary: await resolveId(db, "beneficiary", values.beneficiary),
    contractor: await resolveId(db, "contractor", values.contractor),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join("\n"));
  const filters = resolveFilters(parsed.data);
  const exporter = await exporterFor(db, values.as);
  const format = values.out.toLowerCase().endsWith(".csv") ? "csv" : "xlsx";
  const table = values.table ?? "lignes";
  if (format === "csv" && !findTable(table)) throw new UsageError(`Tableau inconnu : ${table}\n${USAGE}`);
  // write next to the target and rename at the end: a scheduled job never leaves a half-written file
  const tmp = `${values.out}.partial`;
  try {
    if (format === "xlsx") {
      const file = createWriteStream(tmp);
      await writeConsolidatedWorkbook(db, exporter, filters, file, now);
      await finished(file);
    } else {
      await pipeline(consolidatedCsv(db, exporter, filters, table, now), createWriteStream(tmp));
    }
    await rename(tmp, values.out);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { out: values.out, format };
}
