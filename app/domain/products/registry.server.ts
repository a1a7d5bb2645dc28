// Import of the beta.gouv.fr startups registry (R19). One use case, one transaction: the preview is the
// same computation as the import, run without writing; the import re-computes it inside its transaction
// (serialised by an advisory lock) and writes all of it or nothing — a refused record refuses the import.
// Products keep their registry id and are updated in place: importing the same records twice changes
// nothing. The sponsor/incubator → beneficiary mapping is DINUM's (registry_mapping).
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import type { ProductPhase } from "../../../db/schema";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import type { ParsedRegistry, RegistryRecord, RegistryRefusal } from "./registry-parse";
import { productPhases } from "./schemas";
import { formatDate } from "../../lib/format";

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}
export interface RegistryPreview {
  created: { registryId: string; title: string; beneficiaryName: string; phase: string }[];
  changed: { registryId: string; productId: number; title: string; changes: FieldChange[] }[];
  unchanged: string[];
  /** registry products of ours that the imported records do not contain (nothing is done to them) */
  missing: { productId: number; registryId: string; name: string }[];
  refused: RegistryRefusal[];
  /** sponsors and incubators of the records that no beneficiary maps to, for DINUM to map */
  unmapped: { kind: "sponsor" | "incubator"; code: string }[];
}

const LOCK = 19_190_001;
const phaseText = (ps: { phase: ProductPhase; start: string; end: string | null }[]) =>
  ps.map((p) => `${productPhases[p.phase]} du ${formatDate(p.start)}${p.end ? ` au ${formatDate(p.end)}` : ""}`).join(" ; ") || "aucune";
const show = (v: string | null | undefined) => (v === null || v === undefined || v === "" ? "—" : v);

interface Plan {
  preview: RegistryPreview;
  writes: { record: RegistryRecord; beneficiaryId: number; productId: number | null; before: Record<string, unknown> | null }[];
}

async function plan(trx: Executor, parsed: ParsedRegistry): Promise<Plan> {
  const refused = [...parsed.refused];
  const mappings = await trx
    .selectFrom("registry_mapping as m")
    .innerJoin("beneficiary as b", "b.id", "m.beneficiary_id")
    .select(["m.kind", "m.code", "m.beneficiary_id", "b.name"])
    .execute();
  const mapped = new Map(mappings.map((m) => [`${m.kind}:${m.code}`, { id: m.beneficiary_id, name: m.name }]));
  const unmapped = new Map<string, { kind: "sponsor" | "incubator"; code: string }>();
  const products = await trx
    .selectFrom("product")
    .select(["id", "beneficiary_id", "name", "source", "registry_id", "kind", "mission", "incubator", "link", "repository", "stats_url", "contact"])
    .execute();
  const phases = await trx.selectFrom("product_phase").select(["product_id", "phase", "started_on", "ended_on"]).orderBy("started_on").orderBy("id").execute();
  const phasesOf = new Map<number, { phase: ProductPhase; start: string; end: string | null }[]>();
  for (const p of phases) phasesOf.set(p.product_id, [...(phasesOf.get(p.product_id) ?? []), { phase: p.phase, start: p.started_on, end: p.ended_on }]);
  const ordered = new Set((await trx.selectFrom("purchase_order").select("product_id").distinct().execute()).map((r) => r.product_id));
  const benefNames = new Map((await trx.selectFrom("beneficiary").select(["id", "name"]).execute()).map((b) => [b.id, b.name]));
  const byRegistryId = new Map(products.filter((p) => p.registry_id).map((p) => [p.registry_id!, p]));

  const preview: RegistryPreview = { created: [], changed: [], unchanged: [], missing: [], refused, unmapped: [] };
  const writes: Plan["writes"] = [];
  const claimed = new Map<string, string>(); // beneficiary + name → the record of this upload that takes it
  for (const r of parsed.records) {
    const no = (field: string, reason: string) => refused.push({ record: r.registryId, field, reason });
    // the owner: the first sponsor (every sponsor must be mapped), or the incubator for a record without sponsor
    let owner: { id: number; name: string } | undefined;
    for (const s of r.sponsors) {
      const m = mapped.get(`sponsor:${s}`);
      if (!m) {
        no("sponsors", `Le sponsor « ${s} » n'est relié à aucun bénéficiaire : reliez-le dans la table de correspondance.`);
        unmapped.set(`sponsor:${s}`, { kind: "sponsor", code: s });
      }
      owner ??= m;
    }
    if (r.sponsors.length === 0) {
      if (!r.incubator) no("incubator", "La fiche n'a ni sponsor ni incubateur : impossible de savoir pour quel bénéficiaire elle commande.");
      else {
        owner = mapped.get(`incubator:${r.incubator}`);
        if (!owner) {
          no(
            "incubator",
            `L'incubateur « ${r.incubator} » n'est relié à aucun bénéficiaire (la fiche n'a pas de sponsor) : reliez-le dans la table de correspondance.`,
          );
          unmapped.set(`incubator:${r.incubator}`, { kind: "incubator", code: r.incubator });
        }
      }
    }
    if (!owner || refused.some((x) => x.record === r.registryId)) continue;
    // in place by registry id; otherwise a manual Startup d'État product of the same beneficiary and name is adopted (no duplicate)
    const existing =
      byRegistryId.get(r.registryId) ??
      products.find((p) => p.registry_id === null && p.beneficiary_id === owner!.id && p.name === r.title && p.kind === "startup_etat");
    const clash = products.find((p) => p !== existing && p.beneficiary_id === owner!.id && p.name === r.title);
    const other = claimed.get(`${owner.id}:${r.title}`);
    if (other) {
      no("title", `La fiche ${other} de cet envoi porte déjà le nom « ${r.title} » pour le bénéficiaire ${owner.name}.`);
      continue;
    }
    claimed.set(`${owner.id}:${r.title}`, r.registryId);
    if (clash) {
      no("title", `Le bénéficiaire ${owner.name} a déjà un autre produit nommé « ${r.title} »${clash.registry_id ? ` (fiche ${clash.registry_id})` : ""}.`);
      continue;
    }
    if (!existing) {
      preview.created.push({ registryId: r.registryId, title: r.title, beneficiaryName: owner.name, phase: phaseText(r.phases.slice(-1)) });
      writes.push({ record: r, beneficiaryId: owner.id, productId: null, before: null });
      continue;
    }
    if (existing.beneficiary_id !== owner.id && ordered.has(existing.id)) {
      no("sponsors", `Ce produit a des bons de commande : il ne peut pas passer au bénéficiaire ${owner.name}.`);
      continue;
    }
    const pairs: [string, string, string | null, string | null][] = [
      ["source", "Origine", existing.source === "registry" ? "registre" : "saisie manuelle", "registre"],
      ["beneficiary", "Bénéficiaire", benefNames.get(existing.beneficiary_id) ?? "—", owner.name],
      ["name", "Nom", existing.name, r.title],
      ["mission", "Mission", existing.mission, r.mission],
      ["incubator", "Incubateur", existing.incubator, r.incubator],
      ["link", "Site", existing.link, r.link],
      ["repository", "Dépôt de code", existing.repository, r.repository],
      ["stats_url", "Page /stats", existing.stats_url, r.statsUrl],
      ["contact", "Contact", existing.contact, r.contact],
      ["phases", "Phases", phaseText(phasesOf.get(existing.id) ?? []), phaseText(r.phases)],
    ];
    const changes = pairs.filter(([, , b, a]) => show(b) !== show(a)).map(([field, label, b, a]) => ({ field, label, before: show(b), after: show(a) }));
    if (changes.length === 0) {
      preview.unchanged.push(r.registryId);
      continue;
    }
    preview.changed.push({ registryId: r.registryId, productId: existing.id, title: r.title, changes });
    writes.push({ record: r, beneficiaryId: owner.id, productId: existing.id, before: Object.fromEntries(changes.map((c) => [c.field, c.before])) });
  }
  const seen = new Set(parsed.records.map((r) => r.registryId));
  preview.missing = products
    .filter((p) => p.registry_id && !seen.has(p.registry_id))
    .map((p) => ({ productId: p.id, registryId: p.registry_id!, name: p.name }));
  preview.unmapped = [...unmapped.values()];
  return { preview, writes: refused.length > 0 ? [] : writes };
}

/** What an import of these records would do, computed without writing (DINUM). */
export async function previewRegistryImport(db: Db, user: SessionUser, parsed: ParsedRegistry): Promise<RegistryPreview> {
  requireGrant(user, "reference:write");
  return (await plan(db, parsed)).preview;
}

const productValues = (r: RegistryRecord, beneficiaryId: number) => ({
  beneficiary_id: beneficiaryId,
  name: r.title,
  kind: "startup_etat" as const,
  source: "registry" as const,
  registry_id: r.registryId,
  mission: r.mission,
  incubator: r.incubator,
  link: r.link,
  repository: r.repository,
  stats_url: r.statsUrl,
  contact: r.contact,
});

async function writePhases(trx: Tx, user: SessionUser, productId: number, r: RegistryRecord) {
  const current = await trx.selectFrom("product_phase").select(["id", "phase", "started_on", "ended_on"]).where("product_id", "=", productId).execute();
  for (const c of current) {
    const keep = r.phases.find((p) => p.phase === c.phase && p.start === c.started_on);
    if (!keep) await trx.deleteFrom("product_phase").where("id", "=", c.id).execute();
    else if (keep.end !== c.ended_on) await trx.updateTable("product_phase").set({ ended_on: keep.end }).where("id", "=", c.id).execute();
  }
  for (const p of r.phases) {
    if (current.some((c) => c.phase === p.phase && c.started_on === p.start)) continue;
    await trx
      .insertInto("product_phase")
      .values({ product_id: productId, phase: p.phase, started_on: p.start, ended_on: p.end, decision: "Registre beta.gouv.fr", recorded_by: user.id })
      .execute();
  }
}

/** Imports the records: all of them or nothing (a refused record refuses the import). Returns what it did. */
export async function importRegistry(db: Db, user: SessionUser, parsed: ParsedRegistry): Promise<RegistryPreview> {
  requireGrant(user, "reference:write");
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${LOCK})`.execute(trx);
    const { preview, writes } = await plan(trx, parsed);
    if (preview.refused.length > 0) {
      throw new Refusal(
        `${preview.refused.length} fiche(s) refusée(s) : rien n'a été importé. Corrigez-les dans le registre, reliez les sponsors et incubateurs manquants, ou retirez-les de l'envoi.`,
      );
    }
    for (const w of writes) {
      const values = productValues(w.record, w.beneficiaryId);
      let id = w.productId;
      if (id === null) id = (await trx.insertInto("product").values(values).returning("id").executeTakeFirstOrThrow()).id;
      else await trx.updateTable("product").set(values).where("id", "=", id).execute();
      await writePhases(trx, user, id, w.record);
      await recordAudit(trx, {
        actor: user,
        entityType: "product",
        entityId: id,
        action: w.productId === null ? "registry_create" : "registry_update",
        before: w.before,
        after: { ...values, phases: w.record.phases },
        beneficiaryId: w.beneficiaryId,
      });
    }
    await recordAudit(trx, {
      actor: user,
      entityType: "product_registry",
      entityId: "import",
      action: "import",
      after: {
        created: preview.created.map((c) => c.registryId),
        changed: preview.changed.map((c) => c.registryId),
        unchanged: preview.unchanged.length,
        missing: preview.missing.map((m) => m.registryId),
      },
    });
    return preview;
  });
}

/** The mapping table DINUM maintains, with the beneficiaries it may point to. */
export async function registryMappings(db: Executor) {
  return db
    .selectFrom("registry_mapping as m")
    .innerJoin("beneficiary as b", "b.id", "m.beneficiary_id")
    .select(["m.kind", "m.code", "m.beneficiary_id", "b.name as beneficiaryName"])
    .orderBy("m.kind")
    .orderBy("m.code")
    .execute();
}

/** Maps (or re-maps) a sponsor or incubator to a beneficiary; audited. */
export async function setRegistryMapping(
  db: Db,
  user: SessionUser,
  input: { kind: "sponsor" | "incubator"; code: string; beneficiaryId: number },
): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom("beneficiary").select("id").where("id", "=", input.beneficiaryId).executeTakeFirst();
    if (!b) throw new Refusal("Ce bénéficiaire n'existe pas.", { field: "beneficiaryId" });
    const before = await trx
      .selectFrom("registry_mapping")
      .select("beneficiary_id")
      .where("kind", "=", input.kind)
      .where("code", "=", input.code)
      .forUpdate()
      .executeTakeFirst();
    await trx
      .insertInto("registry_mapping")
      .values({ kind: input.kind, code: input.code, beneficiary_id: input.beneficiaryId })
      .onConflict((oc) => oc.columns(["kind", "code"]).doUpdateSet({ beneficiary_id: input.beneficiaryId, updated_at: sql`app_now()` }))
      .execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "registry_mapping",
      entityId: `${input.kind}:${input.code}`,
      action: before ? "update" : "create",
      before: before ?? undefined,
      after: { beneficiary_id: input.beneficiaryId },
      beneficiaryId: input.beneficiaryId,
    });
  });
}
