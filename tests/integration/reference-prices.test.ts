// R4: price schedule versions, draft → approved, approved immutable, no overlap, audit in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, sessionUser, accounts, auditCount as countAudit, type TestDatabase } from "../helpers/db";
import {
  approvePriceSchedule,
  createPriceScheduleDraft,
  deletePriceScheduleDraft,
  getPriceSchedule,
  IMMUTABLE_MESSAGE,
  OVERLAP_MESSAGE,
  pricesInForce,
  updatePriceScheduleDraft,
} from "../../app/domain/price-schedules/services.server";
import { WORK_UNIT_CODES } from "../../app/domain/work-units/codes";
import { buildContractor } from "../../seeds/factories";
import type { SessionUser } from "../../app/auth/user";
import { DINUM_APPROVER } from "../../seeds/accounts";

let t: TestDatabase;
let dinum: SessionUser;
/** another DINUM user: the preparer does not approve (four eyes) */
let approver: SessionUser;
let contractId: number;
let atelierId: number;
let faiseursId: number;
const prices = (base: number) =>
  Object.fromEntries(WORK_UNIT_CODES.map((c, i) => [c, `${base + i * 100}.50`])) as Record<(typeof WORK_UNIT_CODES)[number], string>;
const auditCount = () => countAudit(t.db);
/** Atelier's version `n` of its price schedule of the 25_BAM_112 contract. */
const atelierVersion = (n: number) =>
  t.db
    .selectFrom("price_schedule")
    .selectAll()
    .where("contractor_id", "=", atelierId)
    .where("contract_id", "=", contractId)
    .where("version", "=", n)
    .executeTakeFirstOrThrow();

beforeAll(async () => {
  t = await createTestDatabase();
  dinum = await sessionUser(t.db, accounts.dinum);
  approver = await sessionUser(t.db, DINUM_APPROVER);
  contractId = (await t.db.selectFrom("contract").select("id").where("reference", "=", "25_BAM_112").executeTakeFirstOrThrow()).id;
  atelierId = (await t.db.selectFrom("contractor").select("id").where("name", "=", "Atelier Numérique Public").executeTakeFirstOrThrow()).id;
  faiseursId = (await t.db.selectFrom("contractor").select("id").where("name", "=", "Coopérative Les Faiseurs").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.drop();
});

describe("price schedule versions", () => {
  it("a draft gets the next version number and does not change the prices in force", async () => {
    const before = await pricesInForce(t.db, contractId, atelierId, "2027-03-01");
    const id = await createPriceScheduleDraft(t.db, dinum, {
      contractId,
      contractorId: atelierId,
      validFrom: "2027-01-01",
      validTo: null,
      note: "Révision 2027",
      prices: prices(10000),
    });
    const s = await getPriceSchedule(t.db, id);
    expect(s?.version).toBe(2);
    expect(s?.status).toBe("draft");
    expect(await pricesInForce(t.db, contractId, atelierId, "2027-03-01")).toEqual(before);
    const events = await t.db.selectFrom("audit_event").selectAll().where("entity_type", "=", "price_schedule").where("entity_id", "=", String(id)).execute();
    expect(events.map((e) => e.action)).toEqual(["create_draft"]);
  });

  it("approval closes the open-ended previous version the day before, in the same transaction, and shows the difference", async () => {
    const { id } = await atelierVersion(2);
    await approvePriceSchedule(t.db, approver, id);
    const v1 = await atelierVersion(1);
    expect(v1.valid_to).toBe("2026-12-31");
    const inForce = await pricesInForce(t.db, contractId, atelierId, "2027-03-01");
    expect(inForce?.version).toBe(2);
    expect(inForce?.prices.PM).toBe(prices(10000).PM);
    expect((await pricesInForce(t.db, contractId, atelierId, "2026-12-31"))?.version).toBe(1);
    const s = await getPriceSchedule(t.db, id);
    expect(s?.previousVersion).toBe(1);
    const pm = s!.rows.find((r) => r.code === "PM")!;
    expect(pm.previousPrice).toBe("13570.00");
    expect(pm.difference).toBe("-2869.50"); // 10700.50 - 13570.00
    expect(pm.dayRate).toBe("535.0250"); // 10700.50 / 20 = 535.025, exact (R13: the day rate explains the amounts)
    const actions = await t.db
      .selectFrom("audit_event")
      .select(["entity_id", "action"])
      .where("entity_type", "=", "price_schedule")
      .where("action", "in", ["approve", "close_validity"])
      .execute();
    expect(actions).toEqual(
      expect.arrayContaining([
        { entity_id: String(id), action: "approve" },
        { entity_id: String(v1.id), action: "close_validity" },
      ]),
    );
  });

  it("an approved version is never edited nor deleted, by the service or directly in the database", async () => {
    const approved = await atelierVersion(2);
    const n = await auditCount();
    await expect(updatePriceScheduleDraft(t.db, dinum, approved.id, { validFrom: "2027-01-01", validTo: null, note: "x", prices: prices(1) })).rejects.toThrow(
      IMMUTABLE_MESSAGE,
    );
    await expect(deletePriceScheduleDraft(t.db, dinum, approved.id)).rejects.toThrow(IMMUTABLE_MESSAGE);
    await expect(approvePriceSchedule(t.db, approver, approved.id)).rejects.toThrow(/déjà approuvée/);
    expect(await auditCount()).toBe(n);
    await expect(t.db.updateTable("price_schedule_item").set({ unit_price: "1.00" }).where("price_schedule_id", "=", approved.id).execute()).rejects.toThrow(
      /immutable/,
    );
    await expect(t.db.deleteFrom("price_schedule_item").where("price_schedule_id", "=", approved.id).execute()).rejects.toThrow(/immutable/);
    await expect(t.db.updateTable("price_schedule").set({ valid_from: "2027-02-01" }).where("id", "=", approved.id).execute()).rejects.toThrow(/immutable/);
    await expect(t.db.updateTable("price_schedule").set({ status: "draft", approved_at: null }).where("id", "=", approved.id).execute()).rejects.toThrow(
      /immutable/,
    );
    const v1 = await atelierVersion(1);
    // once closed, a validity end date is not moved either
    await expect(t.db.updateTable("price_schedule").set({ valid_to: "2027-06-30" }).where("id", "=", v1.id).execute()).rejects.toThrow(/immutable/);
  });

  it("the database refuses overlapping approved versions; the service says so in French and leaves no trace", async () => {
    // draft starting inside the bounded v1 (2026-02-01 .. 2026-12-31): the open-ended rule does not apply
    const id = await createPriceScheduleDraft(t.db, dinum, {
      contractId,
      contractorId: atelierId,
      validFrom: "2026-06-01",
      validTo: "2026-08-31",
      note: "",
      prices: prices(9000),
    });
    const n = await auditCount();
    await expect(approvePriceSchedule(t.db, approver, id)).rejects.toThrow(OVERLAP_MESSAGE);
    expect(await auditCount()).toBe(n);
    const s = await t.db.selectFrom("price_schedule").select(["status", "approved_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(s).toEqual({ status: "draft", approved_at: null });
    // directly in the database
    await expect(sql`UPDATE price_schedule SET status = 'approved', approved_at = now() WHERE id = ${id}`.execute(t.db)).rejects.toThrow(
      /price_schedule_no_overlap/,
    );
  });

  it("a draft can be edited and deleted, with audit", async () => {
    const id = await createPriceScheduleDraft(t.db, dinum, {
      contractId,
      contractorId: faiseursId,
      validFrom: "2027-07-01",
      validTo: null,
      note: "",
      prices: prices(5000),
    });
    await updatePriceScheduleDraft(t.db, dinum, id, { validFrom: "2027-09-01", validTo: null, note: "corrigé", prices: prices(6000) });
    const s = await getPriceSchedule(t.db, id);
    expect(s?.validFrom).toBe("2027-09-01");
    expect(s?.prices.PM).toBe(prices(6000).PM);
    await deletePriceScheduleDraft(t.db, dinum, id);
    expect(await getPriceSchedule(t.db, id)).toBeNull();
    const actions = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("entity_type", "=", "price_schedule")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["create_draft", "update_draft", "delete_draft"]);
  });

  it("a contractor that holds no lot of the contract gets no price schedule", async () => {
    // a contractor of its own that holds a lot of the new contract only (the scale data make other contractors hold lots of both)
    const { id } = await buildContractor(t.db, {
      name: "Titulaire du seul 25_BAM_112 (test)",
      holds: [{ contract: "25_BAM_112", lot: 1, since: "2026-02-01" }],
    });
    const old = (await t.db.selectFrom("contract").select("id").where("reference", "=", "21_BAM_048").executeTakeFirstOrThrow()).id;
    await expect(
      createPriceScheduleDraft(t.db, dinum, { contractId: old, contractorId: id, validFrom: "2027-01-01", validTo: null, note: "", prices: prices(1000) }),
    ).rejects.toThrow(/ne détient aucun lot/);
  });

  it("only DINUM writes price schedules", async () => {
    for (const email of [accounts.correspondentA, accounts.contractorA]) {
      const u = await sessionUser(t.db, email);
      await expect(
        createPriceScheduleDraft(t.db, u, { contractId, contractorId: atelierId, validFrom: "2028-01-01", validTo: null, note: "", prices: prices(1000) }),
      ).rejects.toMatchObject({ status: 403 });
    }
  });
});
