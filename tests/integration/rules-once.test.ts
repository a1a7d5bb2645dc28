// Each rule once (issue 21): the ordered days are one stored definition, and the work units' labels in
// the refusals are the ones DINUM gives them, read from the catalogue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { Refusal } from "../../app/lib/refusal";
import { dec } from "../../app/lib/decimal";
import { createDraft } from "../../app/domain/orders/services.server";
import { updateWorkUnit } from "../../app/domain/work-units/services.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("R1: ordered days, one definition", () => {
  it("every line of the demo carries quantity × 20 as its ordered days, and nobody can write them", async () => {
    const lines = await t.db.selectFrom("order_line").select(["quantity", "ordered_days"]).execute();
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(dec(l.ordered_days).equals(dec(l.quantity).times(20))).toBe(true);
    const error = await sql`UPDATE order_line SET ordered_days = 1`.execute(t.db).then(
      () => null,
      (e) => e,
    );
    expect(String(error?.message)).toMatch(/ordered_days/);
  });
});

describe("work units: the label DINUM gives", () => {
  it("a refusal names the work unit as renamed in the catalogue", async () => {
    const [A, dinum] = await Promise.all([sessionUser(t.db, accounts.correspondentA), sessionUser(t.db, accounts.dinum)]);
    await updateWorkUnit(t.db, dinum, "PM", { label: "UO Pilotage de produit", description: "" });
    const product = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const lot = await t.db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select(["l.id", "l.contract_id"])
      .where("k.reference", "=", "25_BAM_112")
      .where("l.number", "=", 1)
      .executeTakeFirstOrThrow();
    const c = await t.db.insertInto("contractor").values({ name: "Sans Prix PM SARL" }).returning("id").executeTakeFirstOrThrow();
    await t.db.insertInto("lot_holder").values({ lot_id: lot.id, contractor_id: c.id, since: "2026-02-01" }).execute();
    await t.db.transaction().execute(async (trx) => {
      const s = await trx
        .insertInto("price_schedule")
        .values({
          contractor_id: c.id,
          contract_id: lot.contract_id,
          version: 1,
          status: "approved",
          valid_from: "2026-02-01",
          valid_to: null,
          approved_at: new Date(),
          approved_by: dinum.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("price_schedule_item").values({ price_schedule_id: s.id, work_unit_code: "DEVOPS_CONFIRME", unit_price: "12000.00" }).execute();
    });
    const error = await createDraft(
      t.db,
      A,
      {
        productId: product.id,
        lotId: lot.id,
        contractorId: c.id,
        periodStart: "2026-12-01",
        periodEnd: "2027-05-31",
        title: "",
        vatRate: "0.2000",
        attributionReason: null,
        proposedContractorId: null,
        ejNumber: null,
        budgetProgramme: null,
        budgetCentre: null,
        lines: [
          { workUnitCode: "DEVOPS_CONFIRME", quantity: "1" },
          { workUnitCode: "PM", quantity: "0.5" },
        ],
      },
      "2026-11-23",
    ).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error.message).toMatch(/Ligne 2 : aucun prix approuvé pour l'UO Pilotage de produit chez Sans Prix PM SARL/);
  });
});
