// Round-robin attribution ("tourniquet") among a lot's holders, and the overrides DINUM sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import type { SessionUser } from "../../app/auth/user";
import { addHolder, createContract, createContractor, createLot, endHolding } from "../../app/domain/contracts/services.server";
import { listAttributionOverrides, proposeHolder, REASON_REQUIRED, resolveAttribution } from "../../app/domain/attribution/services.server";
import { dec } from "../../app/lib/decimal";
import type { WorkUnitCode } from "../../db/schema";
import { buildCancellation, buildClosing, buildDraftOrder, buildIssuedOrder, buildPriceSchedule, lotOf } from "../../seeds/factories";
import { de } from "../../app/lib/french";

let t: TestDatabase;
let dinum: SessionUser;
let corr: SessionUser;
let lotId: number;
let contractId: number;
const ids: Record<string, number> = {};

/** An order of `totalHt` on the shared lot, built by the factories (PM at 1,000.00 €: quantity = total ÷ 1,000). */
async function attribute(
  contractorId: number,
  totalHt: string,
  extra: { proposed?: number | null; reason?: string | null; status?: "issued" | "draft" | "cancelled"; at?: string } = {},
) {
  const status = extra.status ?? "issued";
  const o = {
    as: accounts.correspondentA,
    contractor: contractorId,
    contract: contractId,
    lot: 1,
    periodStart: "2027-02-01",
    periodEnd: "2027-07-31",
    lines: [["PM", dec(totalHt).dividedBy(1000).toFixed(3)]] as [WorkUnitCode, string][],
    proposedContractor: extra.proposed ?? null,
    attributionReason: extra.reason ?? null,
    at: extra.at ?? "2027-02-01T10:00:00Z",
  };
  const order = status === "draft" ? await buildDraftOrder(t.db, o) : await buildIssuedOrder(t.db, o);
  if (status === "cancelled") await buildCancellation(t.db, order.id, { reason: "test" });
  return order.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  dinum = await sessionUser(t.db, accounts.dinum);
  corr = await sessionUser(t.db, accounts.correspondentA);
  contractId = await createContract(t.db, dinum, {
    reference: "27_RR_001",
    title: "Tourniquet",
    buyer: "DINUM",
    notifiedOn: null,
    startDate: "2027-01-01",
    endDate: "2030-12-31",
  });
  lotId = await createLot(t.db, dinum, contractId, { number: 1, title: "Lot partagé" });
  for (const name of ["Zèbre Numérique", "Alpaga Conseil", "Mésange Design"]) {
    ids[name] = await createContractor(t.db, dinum, { name, siret: null, address: "", email: "" });
    await addHolder(t.db, dinum, lotId, { contractorId: ids[name], since: "2027-01-01", until: null });
    await buildPriceSchedule(t.db, { contract: contractId, contractor: ids[name], validFrom: "2027-01-01", prices: { PM: "1000.00" } });
  }
});
afterAll(async () => {
  await t?.drop();
});

describe("round-robin attribution", () => {
  it("gives the turn in order after a sequence of orders: fewest orders, then lowest total HT, then name", async () => {
    const turns: string[] = [];
    const name = (id: number | null) => Object.keys(ids).find((k) => ids[k] === id)!;
    for (let i = 0; i < 6; i++) {
      const p = await proposeHolder(t.db, lotId, "2027-02-01");
      expect(p.roundRobin).toBe(true);
      turns.push(name(p.proposedContractorId));
      await attribute(p.proposedContractorId!, "10000.00");
    }
    // all equal: alphabetical order, then round again
    expect(turns).toEqual(["Alpaga Conseil", "Mésange Design", "Zèbre Numérique", "Alpaga Conseil", "Mésange Design", "Zèbre Numérique"]);
    // a tie on counts is broken by the amount: Zèbre gets a smaller order, Alpaga a bigger one
    await attribute(ids["Alpaga Conseil"], "50000.00");
    await attribute(ids["Zèbre Numérique"], "900.00");
    await attribute(ids["Mésange Design"], "5000.00");
    expect(name((await proposeHolder(t.db, lotId, "2027-02-01")).proposedContractorId)).toBe("Zèbre Numérique");
  });

  it("drafts and cancelled orders do not count; a holder whose holding ended is not proposed", async () => {
    const before = await proposeHolder(t.db, lotId, "2027-02-01");
    await attribute(ids["Zèbre Numérique"], "100.00", { status: "draft" });
    await attribute(ids["Zèbre Numérique"], "100.00", { status: "cancelled" });
    expect((await proposeHolder(t.db, lotId, "2027-02-01")).proposedContractorId).toBe(before.proposedContractorId);
    await endHolding(t.db, dinum, lotId, ids["Zèbre Numérique"], "2027-06-30");
    const later = await proposeHolder(t.db, lotId, "2027-07-01");
    expect(later.holders.map((h) => h.contractorId)).not.toContain(ids["Zèbre Numérique"]);
    expect(later.proposedContractorId).toBe(ids["Mésange Design"]);
  });

  it("choosing another holder requires a reason; following the proposal stores none", async () => {
    const p = await proposeHolder(t.db, lotId, "2027-07-01");
    const other = p.holders.find((h) => h.contractorId !== p.proposedContractorId)!.contractorId;
    await expect(resolveAttribution(t.db, { lotId, contractorId: other, onDate: "2027-07-01", reason: "" })).rejects.toThrow(REASON_REQUIRED);
    await expect(resolveAttribution(t.db, { lotId, contractorId: ids["Zèbre Numérique"], onDate: "2027-07-01", reason: "continuité" })).rejects.toThrow(
      /ne détient pas ce lot/,
    );
    expect(await resolveAttribution(t.db, { lotId, contractorId: p.proposedContractorId!, onDate: "2027-07-01" })).toMatchObject({
      proposedContractorId: p.proposedContractorId,
      attributionReason: null,
    });
    const r = await resolveAttribution(t.db, { lotId, contractorId: other, onDate: "2027-07-01", reason: "Continuité de l'équipe en place" });
    expect(r).toMatchObject({ proposedContractorId: p.proposedContractorId, attributionReason: "Continuité de l'équipe en place" });
    // issued on the day the proposal was computed (Zèbre no longer holds the lot then; the turn is checked again at issue)
    const orderId = await attribute(other, "2000.00", { proposed: r.proposedContractorId, reason: r.attributionReason, at: "2027-07-01T10:00:00Z" });
    const overrides = await listAttributionOverrides(t.db, dinum, { contractId });
    expect(overrides.map((o) => [o.id, o.attribution_reason])).toEqual([[orderId, "Continuité de l'équipe en place"]]);
    await expect(listAttributionOverrides(t.db, corr)).rejects.toMatchObject({ status: 403 });
  });

  it("a lot with a single holder proposes it without round-robin", async () => {
    const lot2 = await createLot(t.db, dinum, contractId, { number: 2, title: "Lot seul" });
    await addHolder(t.db, dinum, lot2, { contractorId: ids["Alpaga Conseil"], since: "2027-01-01", until: null });
    const p = await proposeHolder(t.db, lot2, "2027-02-01");
    expect(p).toMatchObject({ roundRobin: false, proposedContractorId: ids["Alpaga Conseil"] });
    expect(await resolveAttribution(t.db, { lotId: lot2, contractorId: ids["Alpaga Conseil"], onDate: "2027-02-01" })).toMatchObject({
      proposedContractorId: null,
      attributionReason: null,
    });
  });
});

/** Lot 1 of 25_BAM_112 and a startup of correspondent A's beneficiary, on 23 November 2026. */
async function draftSetting() {
  const lot = await lotOf(t.db, "25_BAM_112", 1);
  const product = await t.db
    .selectFrom("product")
    .select("id")
    .where("beneficiary_id", "=", corr.beneficiaryId!)
    .where("kind", "=", "startup_etat")
    .executeTakeFirstOrThrow();
  return { lot, product, today: "2026-11-23" };
}

describe("new order draft with the round-robin proposal", () => {
  it("stores the proposal, and refuses another holder without a reason", async () => {
    const { attributionForDraft, proposeHolder: propose } = await import("../../app/domain/attribution/services.server");
    const { createDraft } = await import("../../app/domain/orders/services.server");
    const { lot, product, today } = await draftSetting();
    const p = await propose(t.db, lot.id, today);
    expect(p.roundRobin).toBe(true);
    const other = p.holders.find((h) => h.contractorId !== p.proposedContractorId)!.contractorId;
    const base = {
      productId: product.id,
      lotId: lot.id,
      periodStart: "2026-12-01",
      periodEnd: "2027-03-31",
      title: "Tourniquet",
      vatRate: "0.2000",
      ejNumber: null,
      budgetProgramme: null,
      budgetCentre: null,
      proposedContractorId: null,
      lines: [{ workUnitCode: "PM" as const, quantity: "1" }],
    };
    await expect(attributionForDraft(t.db, { lotId: lot.id, contractorId: other, attributionReason: null }, today)).rejects.toThrow(REASON_REQUIRED);
    const a = await attributionForDraft(t.db, { lotId: lot.id, contractorId: other, attributionReason: "Équipe déjà en place sur le produit" }, today);
    const { id } = await createDraft(t.db, corr, { ...base, contractorId: other, ...a }, today);
    const row = await t.db
      .selectFrom("purchase_order")
      .select(["contractor_id", "proposed_contractor_id", "attribution_reason"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ contractor_id: other, proposed_contractor_id: p.proposedContractorId, attribution_reason: "Équipe déjà en place sur le produit" });
    const followed = await attributionForDraft(t.db, { lotId: lot.id, contractorId: p.proposedContractorId!, attributionReason: null }, today);
    const { id: id2 } = await createDraft(t.db, corr, { ...base, contractorId: p.proposedContractorId!, ...followed }, today);
    const row2 = await t.db
      .selectFrom("purchase_order")
      .select(["proposed_contractor_id", "attribution_reason"])
      .where("id", "=", id2)
      .executeTakeFirstOrThrow();
    expect(row2).toEqual({ proposed_contractor_id: p.proposedContractorId, attribution_reason: null });
    expect((await listAttributionOverrides(t.db, dinum)).map((o) => o.id)).toContain(id);
    expect((await listAttributionOverrides(t.db, dinum)).map((o) => o.id)).not.toContain(id2);
  });
});

describe("the turn checked again at issue", () => {
  it("two drafts that followed the same turn, issued at once: the second is asked to confirm, then keeps its holder with a reason", async () => {
    const { attributionForDraft } = await import("../../app/domain/attribution/services.server");
    const { AttributionChangedError, createDraft, issueOrder } = await import("../../app/domain/orders/services.server");
    const { lot, product, today } = await draftSetting();
    // as many orders for both holders, so that one more order for the holder whose turn it is moves the turn
    const before = await proposeHolder(t.db, lot.id, today);
    expect(before.holders).toHaveLength(2);
    const [few, many] = [...before.holders].sort((a, b) => a.orders - b.orders);
    for (let i = few.orders; i < many.orders; i++) {
      const o = await buildIssuedOrder(t.db, {
        as: accounts.correspondentA,
        contractor: few.contractorId,
        contract: lot.contractId,
        lot: 1,
        periodStart: "2026-03-02",
        periodEnd: "2026-06-30",
        lines: [["PM", "0.5"]],
        at: "2026-03-02T10:00:00+01:00",
      });
      await buildClosing(t.db, o.id, { at: "2026-03-03T10:00:00+01:00" });
    }
    const p = await proposeHolder(t.db, lot.id, today);
    const turn = p.proposedContractorId!;
    const other = p.holders.find((h) => h.contractorId !== turn)!;
    const base = {
      productId: product.id,
      lotId: lot.id,
      periodStart: "2026-12-01",
      periodEnd: "2027-03-31",
      title: "Tourniquet à l'émission",
      vatRate: "0.2000",
      ejNumber: null,
      budgetProgramme: null,
      budgetCentre: null,
      lines: [{ workUnitCode: "PM" as const, quantity: "1" }],
    };
    const drafts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const a = await attributionForDraft(t.db, { lotId: lot.id, contractorId: turn, attributionReason: null }, today);
      expect(a).toEqual({ proposedContractorId: turn, attributionReason: null });
      drafts.push((await createDraft(t.db, corr, { ...base, contractorId: turn, ...a }, today)).id);
    }
    const pool = t.pool(2);
    const results = await Promise.allSettled(drafts.map((id) => issueOrder(pool, corr, id, {}, today)));
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!.reason;
    expect(refused).toBeInstanceOf(AttributionChangedError);
    expect(refused.status).toBe(409);
    expect(refused.message).toContain(`c'est maintenant au tour ${de(other.name)}`);
    expect(refused.proposedContractorId).toBe(other.contractorId);
    const refusedId = drafts[results.findIndex((r) => r.status === "rejected")];
    expect(await t.db.selectFrom("purchase_order").select(["status", "number"]).where("id", "=", refusedId).executeTakeFirstOrThrow()).toEqual({
      status: "draft",
      number: null,
    });

    // a reason given against another proposal than the current one is not a confirmation
    await expect(issueOrder(t.db, corr, refusedId, { proposedContractorId: turn, attributionReason: "Équipe déjà en place" }, today)).rejects.toBeInstanceOf(
      AttributionChangedError,
    );
    // the correspondent confirms: issued to its holder, with the new proposal and its reason, listed for DINUM
    await issueOrder(t.db, corr, refusedId, { proposedContractorId: other.contractorId, attributionReason: "Équipe déjà en place sur le produit" }, today);
    const row = await t.db
      .selectFrom("purchase_order")
      .select(["status", "contractor_id", "proposed_contractor_id", "attribution_reason"])
      .where("id", "=", refusedId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: "issued",
      contractor_id: turn,
      proposed_contractor_id: other.contractorId,
      attribution_reason: "Équipe déjà en place sur le produit",
    });
    expect((await listAttributionOverrides(t.db, dinum)).map((o) => o.id)).toContain(refusedId);
  });
});
