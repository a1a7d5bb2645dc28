import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, createTestDatabase, sessionUser, accounts } from "../helpers/db";
import { migrateToLatest } from "../../db/migrate";
import { seedAll } from "../../seeds/index";
import { getOrder, listOrders, scopeTotals } from "../../app/domain/orders/queries.server";
import { Decimal, dec } from "../../app/lib/decimal";
import { workingDaysInMonth } from "../../app/lib/working-days";

const t = await useTestDatabase();

describe("scoping of orders", () => {
  it("DINUM sees every order, drafts included", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const all = await t.db
      .selectFrom("purchase_order")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const { total } = await listOrders(t.db, dinum);
    expect(total).toBe(Number(all.n));
    expect(total).toBeGreaterThan(10);
  });

  it("a correspondent sees only its beneficiary's orders", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const { items, total } = await listOrders(t.db, a, { page: 1 });
    expect(total).toBeGreaterThan(0);
    const beneficiaries = await t.db
      .selectFrom("purchase_order")
      .select("beneficiary_id")
      .where(
        "id",
        "in",
        items.map((i) => i.id),
      )
      .execute();
    expect(new Set(beneficiaries.map((b) => b.beneficiary_id))).toEqual(new Set([a.beneficiaryId]));
  });

  it("a contractor sees only its own orders and never drafts", async () => {
    const c = await sessionUser(t.db, accounts.contractorA);
    const first = await listOrders(t.db, c);
    const expected = await t.db
      .selectFrom("purchase_order")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("contractor_id", "=", c.contractorId!)
      .where("status", "<>", "draft")
      .executeTakeFirstOrThrow();
    // the whole scoped set is counted; its first and last pages are the contractor's own, never drafts
    expect(first.total).toBe(Number(expected.n));
    const last = await listOrders(t.db, c, { page: Math.ceil(first.total / first.pageSize) });
    const items = [...first.items, ...last.items];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.status !== "draft")).toBe(true);
    const rows = await t.db
      .selectFrom("purchase_order")
      .select("contractor_id")
      .where(
        "id",
        "in",
        items.map((i) => i.id),
      )
      .execute();
    expect(new Set(rows.map((r) => r.contractor_id))).toEqual(new Set([c.contractorId]));
  });

  it("another tenant's order is not found, a draft is hidden from its contractor", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const b = await sessionUser(t.db, accounts.correspondentB);
    const contractorA = await sessionUser(t.db, accounts.contractorA);
    const contractorB = await sessionUser(t.db, accounts.contractorB);
    const ordersOfB = await t.db.selectFrom("purchase_order").select(["id", "contractor_id"]).where("beneficiary_id", "=", b.beneficiaryId!).execute();
    for (const o of ordersOfB) expect(await getOrder(t.db, a, o.id)).toBeNull();
    expect(await getOrder(t.db, b, ordersOfB[0].id)).not.toBeNull();
    const draftOfA = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("status", "=", "draft")
      .where("contractor_id", "=", contractorA.contractorId!)
      .executeTakeFirstOrThrow();
    expect(await getOrder(t.db, contractorA, draftOfA.id)).toBeNull();
    const issuedOfA = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("status", "=", "issued")
      .where("contractor_id", "=", contractorA.contractorId!)
      .executeTakeFirstOrThrow();
    expect(await getOrder(t.db, contractorA, issuedOfA.id)).not.toBeNull();
    expect(await getOrder(t.db, contractorB, issuedOfA.id)).toBeNull();
  });
});

describe("consumed and remaining figures", () => {
  it("agree with an independent Decimal computation from the raw rows", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const orders = await t.db.selectFrom("purchase_order").select("id").execute();
    for (const { id } of orders) {
      const found = await getOrder(t.db, dinum, id);
      const lines = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).execute();
      const decl = await t.db
        .selectFrom("declaration_line as dl")
        .innerJoin("declaration as d", "d.id", "dl.declaration_id")
        .select(["dl.order_line_id", "dl.delta_days", "dl.consumed_amount", "d.status"])
        .where("dl.order_id", "=", id)
        .execute();
      for (const line of lines) {
        const mine = decl.filter((d) => d.order_line_id === line.id);
        const consumed = mine.filter((d) => d.status === "validated").reduce((s, d) => s.plus(d.delta_days!), new Decimal(0));
        const consumedHt = mine.filter((d) => d.status === "validated").reduce((s, d) => s.plus(d.consumed_amount!), new Decimal(0));
        const pending = mine.filter((d) => d.status === "submitted").reduce((s, d) => s.plus(d.delta_days!), new Decimal(0));
        const shown = found!.lines.find((l) => l.id === line.id)!;
        const f = shown.figures;
        const orderedDays = dec(line.quantity).times(20);
        expect(shown.orderedDays).toBe(orderedDays.toFixed(1));
        // R13: a cancelled order's line counts 0, a closed one's what it consumed; the rest is released
        const status = found!.order.status;
        const countedDays = status === "cancelled" ? new Decimal(0) : status === "closed" ? consumed : orderedDays;
        const countedHt = status === "cancelled" ? new Decimal(0) : status === "closed" ? consumedHt : dec(line.amount_ht);
        expect(f.orderedDays).toBe(countedDays.toFixed(1));
        expect(f.consumedDays).toBe(consumed.toFixed(1));
        expect(f.pendingDays).toBe(pending.toFixed(1));
        expect(f.remainingDays).toBe(countedDays.minus(consumed).toFixed(1));
        expect(f.remainingHt).toBe(countedHt.minus(consumedHt).toFixed(2));
        expect(f.releasedDays).toBe(orderedDays.minus(countedDays).toFixed(1));
        expect(f.releasedHt).toBe(dec(line.amount_ht).minus(countedHt).toFixed(2));
        // R9: never more validated + submitted than ordered
        expect(consumed.plus(pending).lessThanOrEqualTo(orderedDays)).toBe(true);
        // R10: a fully consumed line's consumed amount equals its ordered amount exactly
        if (consumed.equals(orderedDays)) expect(consumedHt.toFixed(2)).toBe(dec(line.amount_ht).toFixed(2));
      }
    }
  });

  it("scope totals equal the sum of the scope's orders", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const totals = await scopeTotals(t.db, a);
    const rows = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("order_line as ol", "ol.order_id", "po.id")
      .where("po.beneficiary_id", "=", a.beneficiaryId!)
      .where("po.status", "in", ["issued", "closed"])
      .select([sql<string>`sum(ol.amount_ht)`.as("ht"), sql<string>`sum(ol.quantity * 20)`.as("days")])
      .executeTakeFirstOrThrow();
    expect(totals.figures.orderedHt).toBe(dec(rows.ht).toFixed(2));
    expect(totals.figures.orderedDays).toBe(dec(rows.days).toFixed(1));
  });
});

describe("schema and seeds", () => {
  it("migrations build the schema from zero, and seeding twice leaves the same data", async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      const applied = await migrateToLatest(empty.db);
      expect(applied.length).toBeGreaterThan(0);
      expect(await migrateToLatest(empty.db)).toEqual([]);
      await seedAll(empty.db);
      const fingerprint = async () => {
        const tables = [
          "work_unit_type",
          "contract",
          "lot",
          "contractor",
          "lot_holder",
          "price_schedule",
          "price_schedule_item",
          "beneficiary",
          "app_user",
          "product",
          "product_phase",
          "product_risk",
          "purchase_order",
          "order_line",
          "order_revision",
          "declaration",
          "declaration_line",
          "declaration_person",
          "person",
          "audit_event",
        ];
        const out: Record<string, string> = {};
        for (const table of tables) {
          const r = await sql<{ n: string; h: string }>`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h
            FROM (SELECT to_jsonb(t) - 'password_hash' - 'created_at' - 'recorded_at' AS x FROM ${sql.table(table)} t) s`.execute(empty.db);
          out[table] = `${r.rows[0].n}:${r.rows[0].h}`;
        }
        return out;
      };
      const first = await fingerprint();
      await seedAll(empty.db);
      expect(await fingerprint()).toEqual(first);
      expect(first.work_unit_type.startsWith("9:")).toBe(true);
    } finally {
      await empty.drop();
    }
  });

  it("the seeds cover every order and declaration state", async () => {
    const os = await t.db.selectFrom("purchase_order").select("status").distinct().execute();
    expect(os.map((o) => o.status).sort()).toEqual(["cancelled", "closed", "draft", "issued"]);
    const ds = await t.db.selectFrom("declaration").select("status").distinct().execute();
    expect(ds.map((d) => d.status).sort()).toEqual(["draft", "rejected", "submitted", "validated"]);
    const corrections = await t.db.selectFrom("declaration").select("id").where("kind", "=", "correction").execute();
    expect(corrections.length).toBeGreaterThan(0);
  });

  it("the database refuses what must never happen", async () => {
    const line = await t.db.selectFrom("declaration_line").select(["id"]).executeTakeFirstOrThrow();
    await expect(t.db.updateTable("declaration_line").set({ days: "-1" }).where("id", "=", line.id).execute()).rejects.toThrow(/check/i);
    await expect(t.db.updateTable("declaration_line").set({ days: "1.3" }).where("id", "=", line.id).execute()).rejects.toThrow();
    const ol = await t.db.selectFrom("order_line").selectAll().executeTakeFirstOrThrow();
    // quantity not in half-days (0.01 UO = 0.2 day)
    await expect(t.db.updateTable("order_line").set({ quantity: "0.01", amount_ht: "0.00" }).where("id", "=", ol.id).execute()).rejects.toThrow(/check/i);
    // amount not equal to quantity × price rounded
    await expect(
      t.db
        .updateTable("order_line")
        .set({ amount_ht: dec(ol.amount_ht).plus("0.01").toFixed(2) })
        .where("id", "=", ol.id)
        .execute(),
    ).rejects.toThrow(/check/i);
    // a third active correspondent
    const b = await t.db.selectFrom("beneficiary").select("id").where("name", "=", "Ministères sociaux – Fabrique numérique").executeTakeFirstOrThrow();
    await t.db
      .insertInto("app_user")
      .values({ email: "second@demo.test", name: "Second", role: "correspondent", beneficiary_id: b.id, contractor_id: null, password_hash: null })
      .execute();
    await expect(
      t.db
        .insertInto("app_user")
        .values({ email: "third@demo.test", name: "Third", role: "correspondent", beneficiary_id: b.id, contractor_id: null, password_hash: null })
        .execute(),
    ).rejects.toThrow(/two correspondents/);
    // a user with two organisations
    await expect(
      t.db
        .insertInto("app_user")
        .values({ email: "both@demo.test", name: "Both", role: "contractor", beneficiary_id: b.id, contractor_id: 1, password_hash: null })
        .execute(),
    ).rejects.toThrow(/check/i);
    // overlapping approved price schedules
    const s = await t.db.selectFrom("price_schedule").selectAll().where("status", "=", "approved").executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto("price_schedule")
        .values({
          contractor_id: s.contractor_id,
          contract_id: s.contract_id,
          version: 99,
          status: "approved",
          valid_from: s.valid_from,
          valid_to: null,
          approved_at: new Date(),
          approved_by: null,
        })
        .execute(),
    ).rejects.toThrow(/price_schedule_no_overlap/);
  });

  it("no person exceeds the working days of a month in the demo data", async () => {
    const rows = await sql<{ person_id: number; month: string; days: string }>`SELECT dp.person_id, d.month, sum(dp.days) AS days FROM declaration_person dp
        JOIN declaration_line dl ON dl.id = dp.declaration_line_id JOIN declaration d ON d.id = dl.declaration_id
        WHERE d.status IN ('submitted','validated') GROUP BY 1, 2`.execute(t.db);
    expect(rows.rows.length).toBeGreaterThan(20);
    for (const r of rows.rows) expect(dec(r.days).lessThanOrEqualTo(workingDaysInMonth(r.month)), `${r.person_id} ${r.month}`).toBe(true);
  });
});

describe("running totals per order line (migration 0900)", () => {
  it("equal the sums of validated and submitted declaration lines after every kind of change", async () => {
    const check = async () => {
      const r = await sql<{ bad: string }>`SELECT count(*) AS bad FROM order_line ol LEFT JOIN (
          SELECT dl.order_line_id,
            coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS c,
            coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS a,
            coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS p
          FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY 1) s ON s.order_line_id = ol.id
        WHERE (ol.consumed_days, ol.consumed_ht, ol.pending_days) IS DISTINCT FROM (coalesce(s.c, 0), coalesce(s.a, 0), coalesce(s.p, 0))`.execute(t.db);
      return Number(r.rows[0].bad);
    };
    expect(await check()).toBe(0);
    const submitted = await t.db.selectFrom("declaration").select("id").where("status", "=", "submitted").executeTakeFirstOrThrow();
    const before = await t.db
      .selectFrom("declaration_line as dl")
      .innerJoin("order_line as ol", "ol.id", "dl.order_line_id")
      .select(["ol.id", "ol.pending_days", "ol.consumed_days", "dl.delta_days"])
      .where("dl.declaration_id", "=", submitted.id)
      .executeTakeFirstOrThrow();
    // a status change moves the days from pending to consumed
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx.updateTable("declaration").set({ status: "validated", validated_at: new Date(), validated_by: 1 }).where("id", "=", submitted.id).execute();
        const after = await trx.selectFrom("order_line").select(["pending_days", "consumed_days"]).where("id", "=", before.id).executeTakeFirstOrThrow();
        expect(dec(after.pending_days).toFixed(1)).toBe(dec(before.pending_days).minus(before.delta_days!).toFixed(1));
        expect(dec(after.consumed_days).toFixed(1)).toBe(dec(before.consumed_days).plus(before.delta_days!).toFixed(1));
        expect(
          await (async () => {
            const r = await sql<{ bad: string }>`SELECT count(*) AS bad FROM order_line WHERE id = ${before.id}
          AND consumed_days <> (SELECT coalesce(sum(dl.delta_days), 0) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
                                WHERE dl.order_line_id = ${before.id} AND d.status = 'validated')`.execute(trx);
            return Number(r.rows[0].bad);
          })(),
        ).toBe(0);
        throw new Error("rollback");
      })
      .catch((e) => expect(String(e)).toContain("rollback"));
    expect(await check()).toBe(0);
  });

  it("refuses, as a last line of defence, more validated and submitted days than ordered", async () => {
    const line = await t.db
      .selectFrom("order_line as ol")
      .innerJoin("purchase_order as po", "po.id", "ol.order_id")
      .select(["ol.id", "ol.order_id", "ol.quantity", "ol.consumed_days", "ol.pending_days"])
      .where("po.status", "=", "issued")
      .where(sql<boolean>`ol.quantity * 20 - ol.consumed_days - ol.pending_days > 1`)
      .executeTakeFirstOrThrow();
    const decl = await t.db
      .selectFrom("declaration")
      .select("id")
      .where("order_id", "=", line.order_id)
      .where("status", "=", "validated")
      .executeTakeFirstOrThrow();
    const existing = await t.db
      .selectFrom("declaration_line")
      .select("id")
      .where("declaration_id", "=", decl.id)
      .where("order_line_id", "=", line.id)
      .executeTakeFirstOrThrow();
    const tooMany = dec(line.quantity).times(20).toFixed(1);
    await expect(t.db.updateTable("declaration_line").set({ delta_days: tooMany }).where("id", "=", existing.id).execute()).rejects.toThrow(
      /order_line_declared_within_ordered/,
    );
  });
});
