// Round-robin attribution of orders among a lot's holders (rule: round-robin.ts). The proposal is shown
// when a correspondent starts an order; choosing another holder requires a reason, stored on the order
// (purchase_order.proposed_contractor_id + attribution_reason) and listed for DINUM.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { requireGrant } from "../../auth/grants";
import { Refusal } from "../../lib/refusal";
import { holderWhoseTurnItIs, rankHolders, type HolderStanding } from "./round-robin";

export interface AttributionProposal {
  lotId: number;
  holders: HolderStanding[];
  proposedContractorId: number | null;
  /** true when the lot has several active holders (the round-robin applies) */
  roundRobin: boolean;
}

/** The lot's active holders on `onDate`, ranked, and the one whose turn it is. */
export async function proposeHolder(db: Executor, lotId: number, onDate: string): Promise<AttributionProposal> {
  const rows = await db
    .selectFrom("lot_holder as h")
    .innerJoin("contractor as c", "c.id", "h.contractor_id")
    .leftJoin("purchase_order as po", (j) =>
      j.onRef("po.lot_id", "=", "h.lot_id").onRef("po.contractor_id", "=", "h.contractor_id").on("po.status", "in", ["issued", "closed"]),
    )
    .select(["c.id", "c.name", sql<string>`count(po.id)`.as("orders"), sql<string>`coalesce(sum(po.total_ht), 0)`.as("total_ht")])
    .where("h.lot_id", "=", lotId)
    .where("h.since", "<=", onDate)
    .where((eb) => eb.or([eb("h.until", "is", null), eb("h.until", ">=", onDate)]))
    .groupBy(["c.id", "c.name"])
    .execute();
  const holders = rankHolders(rows.map((r) => ({ contractorId: r.id, name: r.name, orders: Number(r.orders), totalHt: String(r.total_ht) })));
  return { lotId, holders, proposedContractorId: holderWhoseTurnItIs(holders)?.contractorId ?? null, roundRobin: holders.length > 1 };
}

export const REASON_REQUIRED = "Vous avez choisi un autre titulaire que celui dont c'est le tour : indiquez la raison de ce choix.";

/**
 * Checks a chosen holder against the proposal. Returns what to store on the order: the proposal and the
 * reason (null when the proposal is followed). Refuses a contractor that does not hold the lot, and a
 * different choice without a reason.
 */
export async function resolveAttribution(db: Executor, input: { lotId: number; contractorId: number; onDate: string; reason?: string | null }) {
  const proposal = await proposeHolder(db, input.lotId, input.onDate);
  if (!proposal.holders.some((h) => h.contractorId === input.contractorId)) {
    throw new Refusal("Ce titulaire ne détient pas ce lot à cette date.", {
      fieldErrors: { contractorId: ["Ce titulaire ne détient pas ce lot à cette date."] },
    });
  }
  const reason = input.reason?.trim() ?? "";
  const overridden = proposal.roundRobin && input.contractorId !== proposal.proposedContractorId;
  if (overridden && reason.length < 5) throw new Refusal(REASON_REQUIRED, { fieldErrors: { attributionReason: [REASON_REQUIRED] } });
  return {
    proposedContractorId: proposal.roundRobin ? proposal.proposedContractorId : null,
    attributionReason: overridden ? reason.slice(0, 1000) : null,
    proposal,
  };
}

/** Orders attributed to another holder than the proposed one, with the reason (DINUM). */
export async function listAttributionOverrides(
  db: Executor,
  user: SessionUser,
  filters: { contractId?: number | null; beneficiaryId?: number | null; lotId?: number | null } = {},
) {
  requireGrant(user, "reference:write");
  let q = db
    .selectFrom("purchase_order as po")
    .innerJoin("contract as c", "c.id", "po.contract_id")
    .innerJoin("lot as l", "l.id", "po.lot_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("contractor as chosen", "chosen.id", "po.contractor_id")
    .innerJoin("contractor as proposed", "proposed.id", "po.proposed_contractor_id")
    .innerJoin("app_user as u", "u.id", "po.created_by")
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.created_at",
      "po.total_ht",
      "po.attribution_reason",
      "c.reference as contractReference",
      "l.number as lotNumber",
      "b.name as beneficiaryName",
      "p.name as productName",
      "chosen.name as chosenName",
      "proposed.name as proposedName",
      "u.name as createdByName",
    ])
    .whereRef("po.proposed_contractor_id", "<>", "po.contractor_id");
  if (filters.contractId) q = q.where("po.contract_id", "=", filters.contractId);
  if (filters.beneficiaryId) q = q.where("po.beneficiary_id", "=", filters.beneficiaryId);
  if (filters.lotId) q = q.where("po.lot_id", "=", filters.lotId);
  return q.orderBy("po.created_at", "desc").execute();
}

/** Per lot id, the holder whose turn it is on `onDate` (for the new-order form). */
export async function proposalsForLots(db: Executor, lotIds: number[], onDate: string) {
  const out: Record<string, { contractorId: number; contractorName: string; roundRobin: boolean }> = {};
  for (const lotId of lotIds) {
    const p = await proposeHolder(db, lotId, onDate);
    const holder = p.holders.find((h) => h.contractorId === p.proposedContractorId);
    if (holder) out[String(lotId)] = { contractorId: holder.contractorId, contractorName: holder.name, roundRobin: p.roundRobin };
  }
  return out;
}

/**
 * The attribution to store on a new draft, computed on the server whatever the form sent: the proposal
 * of the round-robin (when the lot has several holders) and the reason, required when another holder is
 * chosen. A contractor that does not hold the lot is left to the order rules (their message names the lot).
 */
export async function attributionForDraft(db: Executor, input: { lotId: number; contractorId: number; attributionReason?: string | null }, onDate: string) {
  const proposal = await proposeHolder(db, input.lotId, onDate);
  if (!proposal.holders.some((h) => h.contractorId === input.contractorId)) return { proposedContractorId: null, attributionReason: null };
  const r = await resolveAttribution(db, { lotId: input.lotId, contractorId: input.contractorId, onDate, reason: input.attributionReason });
  return { proposedContractorId: r.proposedContractorId, attributionReason: r.attributionReason };
}

/** The lots with several active holders on `onDate`: where the round-robin applies (DINUM). */
export async function roundRobinLots(db: Executor, user: SessionUser, onDate: string) {
  requireGrant(user, "reference:write");
  return db
    .selectFrom("lot as l")
    .innerJoin("contract as c", "c.id", "l.contract_id")
    .innerJoin("lot_holder as h", "h.lot_id", "l.id")
    .select(["l.id", "l.number", "l.title", "c.reference as contractReference", sql<string>`count(DISTINCT h.contractor_id)`.as("holders")])
    .where("h.since", "<=", onDate)
    .where((eb) => eb.or([eb("h.until", "is", null), eb("h.until", ">=", onDate)]))
    .groupBy(["l.id", "l.number", "l.title", "c.reference"])
    .having(sql<boolean>`count(DISTINCT h.contractor_id) > 1`)
    .orderBy("c.reference")
    .orderBy("l.number")
    .execute();
}

/**
 * A lot's round-robin on `onDate` (DINUM): whose turn it is, each active holder's issued and closed orders and
 * their total HT (what the turn is computed from), and the orders given to another holder, with their reasons.
 */
export async function lotRoundRobin(db: Executor, user: SessionUser, lotId: number, onDate: string) {
  requireGrant(user, "reference:write");
  const lot = await db
    .selectFrom("lot as l")
    .innerJoin("contract as c", "c.id", "l.contract_id")
    .select(["l.id", "l.number", "l.title", "c.id as contractId", "c.reference as contractReference"])
    .where("l.id", "=", lotId)
    .executeTakeFirst();
  if (!lot) return null;
  const [proposal, overrides] = await Promise.all([proposeHolder(db, lotId, onDate), listAttributionOverrides(db, user, { lotId })]);
  const turn = proposal.holders.find((h) => h.contractorId === proposal.proposedContractorId) ?? null;
  return { lot, holders: proposal.holders, turn, roundRobin: proposal.roundRobin, overrides };
}
