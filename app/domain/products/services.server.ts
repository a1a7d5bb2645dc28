// Products (R3, R11): DINUM manages all of them, a correspondent those of its own beneficiary. Kind,
// dated phase history (each change records its date and decision), /stats URL and main risks feed the
// DINUM workbook. A product is never deleted (orders refer to it).
import type { Db, Executor, Tx } from "../../../db/client";
import type { ProductKind, ProductPhase } from "../../../db/schema";
import type { SessionUser } from "../../auth/user";
import { can, requireGrant } from "../../auth/grants";
import { productScope } from "../../auth/scope.server";
import { recordAudit } from "../audit/audit.server";
import { Refusal } from "../../lib/refusal";
import { refusingTransaction } from "../../lib/refusing-transaction.server";
import { pgError } from "../../lib/security/db-errors";
import { formatDate } from "../../lib/format";
import { productPhases, type PhaseInput, type ProductInput, type RiskInput } from "./schemas";

export interface ProductFilters {
  q?: string | null;
  beneficiaryId?: number | null;
  kind?: ProductKind | null;
  phase?: ProductPhase | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- used in selects over any alias of product
const currentPhase = (eb: any, col: string) =>
  eb.selectFrom("product_phase as pp").select(col).whereRef("pp.product_id", "=", "p.id").orderBy("pp.started_on", "desc").orderBy("pp.id", "desc").limit(1);

export async function listProducts(db: Executor, user: SessionUser, filters: ProductFilters = {}) {
  let q = db
    .selectFrom("product as p")
    .innerJoin("beneficiary as b", "b.id", "p.beneficiary_id")
    .select((eb) => [
      "p.id",
      "p.name",
      "p.kind",
      "p.stats_url",
      "p.beneficiary_id",
      "b.name as beneficiaryName",
      currentPhase(eb, "pp.phase").as("phase"),
      currentPhase(eb, "pp.started_on").as("phaseSince"),
      eb
        .selectFrom("product_risk as r")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("r.product_id", "=", "p.id")
        .where("r.status", "<>", "clos")
        .as("openRisks"),
    ])
    .where(productScope(user, "p"));
  if (filters.q) q = q.where("p.name", "ilike", `%${filters.q}%`);
  if (filters.beneficiaryId) q = q.where("p.beneficiary_id", "=", filters.beneficiaryId);
  if (filters.kind) q = q.where("p.kind", "=", filters.kind);
  const rows = await q.orderBy("b.name").orderBy("p.name").execute();
  return (filters.phase ? rows.filter((r) => r.phase === filters.phase) : rows) as ((typeof rows)[number] & {
    phase: ProductPhase | null;
    phaseSince: string | null;
  })[];
}

export async function getProduct(db: Executor, user: SessionUser, productId: number) {
  const p = await db
    .selectFrom("product as p")
    .innerJoin("beneficiary as b", "b.id", "p.beneficiary_id")
    .selectAll("p")
    .select(["b.name as beneficiaryName", "b.is_dinum"])
    .where("p.id", "=", productId)
    .where(productScope(user, "p"))
    .executeTakeFirst();
  if (!p) return null;
  const [phases, risks] = await Promise.all([
    db
      .selectFrom("product_phase as pp")
      .leftJoin("app_user as u", "u.id", "pp.recorded_by")
      .select(["pp.id", "pp.phase", "pp.started_on", "pp.ended_on", "pp.decision", "pp.recorded_at", "u.name as recordedBy"])
      .where("pp.product_id", "=", productId)
      .orderBy("pp.started_on", "desc")
      .orderBy("pp.id", "desc")
      .execute(),
    db.selectFrom("product_risk").selectAll().where("product_id", "=", productId).orderBy("identified_on", "desc").orderBy("id", "desc").execute(),
  ]);
  return { ...p, phases, risks, phase: phases[0]?.phase ?? null };
}

/** Whether the user may write this beneficiary's products (DINUM: any; a correspondent: its own). */
export function mayWriteProductsOf(user: Pick<SessionUser, "role" | "beneficiaryId">, beneficiaryId: number): boolean {
  return can(user, "product:write") && (can(user, "product:any-beneficiary") || user.beneficiaryId === beneficiaryId);
}

/** The beneficiaries a product form offers, for those who choose it (DINUM); null for the others (their own). */
export async function beneficiaryChoices(db: Executor, user: SessionUser): Promise<{ id: number; name: string }[] | null> {
  if (!can(user, "product:any-beneficiary")) return null;
  return db.selectFrom("beneficiary").select(["id", "name"]).orderBy("name").execute();
}

/** Checks the user may write this beneficiary's products. */
function assertMayWrite(user: SessionUser, beneficiaryId: number) {
  requireGrant(user, "product:write");
  if (!mayWriteProductsOf(user, beneficiaryId)) {
    throw new Refusal("Vous ne pouvez modifier que les produits de votre bénéficiaire.", { status: 403 });
  }
}

async function loadForWrite(trx: Tx, user: SessionUser, productId: number) {
  const p = await trx.selectFrom("product as p").selectAll("p").where("p.id", "=", productId).where(productScope(user, "p")).forUpdate().executeTakeFirst();
  if (!p) throw new Refusal("Ce produit n'existe pas ou vous n'y avez pas accès.", { status: 404 });
  assertMayWrite(user, p.beneficiary_id);
  return p;
}

/** R3: a beneficiary other than DINUM orders only for Startups d'État. */
export async function assertKindAllowed(trx: Tx, beneficiaryId: number, kind: ProductKind) {
  const b = await trx.selectFrom("beneficiary").select(["is_dinum"]).where("id", "=", beneficiaryId).executeTakeFirst();
  if (!b) throw new Refusal("Ce bénéficiaire n'existe pas.", { fieldErrors: { beneficiaryId: ["Ce bénéficiaire n'existe pas."] } });
  if (kind === "dinum_product" && !b.is_dinum) {
    const m = "Seule la DINUM peut avoir des produits DINUM ; les autres bénéficiaires commandent pour des Startups d'État.";
    throw new Refusal(m, { fieldErrors: { kind: [m] } });
  }
}

/** R19: the phases in which a beneficiary other than DINUM may order for a registry product. */
export const ORDERABLE_PHASES: readonly ProductPhase[] = ["investigation", "construction", "acceleration", "transfert"];

/** R19, the rule itself: whether a product may be ordered on `date`, given its phase current then (the order form and the check at issue share it). */
export function isOrderableOn(
  product: { source: "registry" | "manual"; is_dinum: boolean },
  phase: { phase: ProductPhase; ended_on: string | null } | null,
  date: string,
): boolean {
  if (product.is_dinum) return true;
  return product.source === "registry" && phase !== null && ORDERABLE_PHASES.includes(phase.phase) && !(phase.ended_on !== null && phase.ended_on <= date);
}

/** The phase of a product current on `date` (the latest started on or before it) and whether it had ended by then. */
export async function phaseOn(db: Executor, productId: number, date: string) {
  const p = await db
    .selectFrom("product_phase")
    .select(["phase", "started_on", "ended_on"])
    .where("product_id", "=", productId)
    .where("started_on", "<=", date)
    .orderBy("started_on", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return p ? { ...p, ended: p.ended_on !== null && p.ended_on <= date } : null;
}

/**
 * R19 (R3): a beneficiary other than DINUM orders only for a registry product whose phase on `date` is
 * investigation, construction, acceleration or transfer (not ended); DINUM orders for any product of its
 * own, manual ones included. Called inside the order's transaction; throws a French Refusal naming the phase.
 */
export async function assertOrderable(trx: Tx, product: { id: number; name: string; source: "registry" | "manual"; is_dinum: boolean }, date: string) {
  if (product.is_dinum) return;
  if (product.source !== "registry") {
    throw new Refusal(
      `« ${product.name} » n'est pas une fiche du registre beta.gouv.fr : seuls les produits du registre peuvent être commandés (la DINUM commande aussi pour ses propres produits).`,
      { field: "productId" },
    );
  }
  const phase = await phaseOn(trx, product.id, date);
  if (!isOrderableOn(product, phase, date)) {
    const label = phase
      ? `${productPhases[phase.phase]} depuis le ${formatDate(phase.started_on)}${phase.ended ? `, terminée le ${formatDate(phase.ended_on)}` : ""}`
      : "aucune phase commencée";
    throw new Refusal(
      `« ${product.name} » est en phase ${label} : un bon de commande n'est possible qu'en investigation, construction, accélération ou transfert.`,
      { field: "productId" },
    );
  }
}

function mapErrors(e: unknown): never {
  if (pgError(e)?.code === "23505")
    throw new Refusal("Ce bénéficiaire a déjà un produit portant ce nom.", {
      status: 409,
      fieldErrors: { name: ["Ce bénéficiaire a déjà un produit portant ce nom."] },
    });
  throw e;
}

const productRow = (i: ProductInput) => ({ beneficiary_id: i.beneficiaryId, name: i.name, kind: i.kind, description: i.description, stats_url: i.statsUrl });

export async function createProduct(db: Db, user: SessionUser, input: ProductInput, firstPhase?: PhaseInput): Promise<number> {
  // a correspondent creates products for its own beneficiary only, whatever the form says
  const data = can(user, "product:any-beneficiary") ? input : { ...input, beneficiaryId: user.beneficiaryId ?? 0 };
  assertMayWrite(user, data.beneficiaryId);
  return refusingTransaction(db, mapErrors, async (trx) => {
    await assertKindAllowed(trx, data.beneficiaryId, data.kind);
    const after = productRow(data);
    const { id } = await trx.insertInto("product").values(after).returning("id").executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: user, entityType: "product", entityId: id, action: "create", after, beneficiaryId: data.beneficiaryId });
    if (firstPhase) await insertPhase(trx, user, id, data.beneficiaryId, firstPhase, null);
    return id;
  });
}

export async function updateProduct(db: Db, user: SessionUser, productId: number, input: ProductInput): Promise<void> {
  await refusingTransaction(db, mapErrors, async (trx) => {
    const p = await loadForWrite(trx, user, productId);
    const data = can(user, "product:any-beneficiary") ? input : { ...input, beneficiaryId: p.beneficiary_id };
    if (data.beneficiaryId !== p.beneficiary_id) {
      const orders = await trx.selectFrom("purchase_order").select("id").where("product_id", "=", productId).limit(1).executeTakeFirst();
      if (orders)
        throw new Refusal("Ce produit a des bons de commande : il ne peut pas changer de bénéficiaire.", {
          fieldErrors: { beneficiaryId: ["Ce produit a des bons de commande : il ne peut pas changer de bénéficiaire."] },
        });
    }
    await assertKindAllowed(trx, data.beneficiaryId, data.kind);
    const before = { beneficiary_id: p.beneficiary_id, name: p.name, kind: p.kind, description: p.description, stats_url: p.stats_url };
    const after = productRow(data);
    await trx.updateTable("product").set(after).where("id", "=", productId).execute();
    await recordAudit(trx, { actor: user, entityType: "product", entityId: productId, action: "update", before, after, beneficiaryId: data.beneficiaryId });
  });
}

async function insertPhase(trx: Tx, user: SessionUser, productId: number, beneficiaryId: number, input: PhaseInput, before: unknown) {
  const exists = await trx
    .selectFrom("product_phase")
    .select("id")
    .where("product_id", "=", productId)
    .where("started_on", "=", input.startedOn)
    .where("phase", "=", input.phase)
    .executeTakeFirst();
  if (exists)
    throw new Refusal("Ce changement de phase est déjà enregistré à cette date.", {
      status: 409,
      fieldErrors: { startedOn: ["Ce changement de phase est déjà enregistré à cette date."] },
    });
  const { id } = await trx
    .insertInto("product_phase")
    .values({ product_id: productId, phase: input.phase, started_on: input.startedOn, decision: input.decision, recorded_by: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor: user,
    entityType: "product",
    entityId: productId,
    action: "change_phase",
    before,
    after: { phase: input.phase, started_on: input.startedOn, decision: input.decision, product_phase_id: id },
    beneficiaryId,
  });
}

/** A phase change with its date and decision (e.g. an investment committee); the history is kept. */
export async function changePhase(db: Db, user: SessionUser, productId: number, input: PhaseInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await loadForWrite(trx, user, productId);
    const current = await trx
      .selectFrom("product_phase")
      .select(["phase", "started_on"])
      .where("product_id", "=", productId)
      .orderBy("started_on", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    await insertPhase(trx, user, productId, p.beneficiary_id, input, current ?? null);
  });
}

const riskRow = (i: RiskInput) => ({ title: i.title, level: i.level, status: i.status, identified_on: i.identifiedOn, description: i.description });

export async function addRisk(db: Db, user: SessionUser, productId: number, input: RiskInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const p = await loadForWrite(trx, user, productId);
    const after = riskRow(input);
    const { id } = await trx
      .insertInto("product_risk")
      .values({ product_id: productId, ...after })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor: user,
      entityType: "product_risk",
      entityId: id,
      action: "create",
      after: { product_id: productId, ...after },
      beneficiaryId: p.beneficiary_id,
    });
    return id;
  });
}

export async function updateRisk(db: Db, user: SessionUser, productId: number, riskId: number, input: RiskInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const p = await loadForWrite(trx, user, productId);
    const r = await trx.selectFrom("product_risk").selectAll().where("id", "=", riskId).where("product_id", "=", productId).forUpdate().executeTakeFirst();
    if (!r) throw new Refusal("Ce risque n'existe pas.", { status: 404 });
    const after = riskRow(input);
    await trx.updateTable("product_risk").set(after).where("id", "=", riskId).execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "product_risk",
      entityId: riskId,
      action: "update",
      before: { title: r.title, level: r.level, status: r.status, identified_on: r.identified_on, description: r.description },
      after,
      beneficiaryId: p.beneficiary_id,
    });
  });
}
