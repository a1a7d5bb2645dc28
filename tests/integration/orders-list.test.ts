// The order list: filters, server-side sort and pagination, totals of the filtered set, all scoped.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { Decimal, dec } from "../../app/lib/decimal";
import { listOrders, orderFilterOptions, ORDER_PAGE_SIZE } from "../../app/domain/orders/queries.server";
import { createDraft } from "../../app/domain/orders/services.server";

const t = await useTestDatabase();

describe("order list", () => {
  it("filters by status, product, contractor, contract, period and number, and totals the whole filtered set", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const all = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("contract as k", "k.id", "po.contract_id")
      .select([
        "po.id",
        "po.status",
        "po.product_id",
        "po.contractor_id",
        "po.contract_id",
        "po.period_start",
        "po.period_end",
        "po.number",
        "po.total_ht",
        "po.total_ttc",
        "po.vat_rate",
        "k.reference",
      ])
      .select(sql<string>`(SELECT coalesce(sum(ol.consumed_ht), 0) FROM order_line ol WHERE ol.order_id = po.id)`.as("consumed_ht"))
      .execute();
    // R13: a cancelled order counts 0, a closed one what it consumed, the others what they order
    const countedHt = (o: (typeof all)[number]) =>
      o.status === "cancelled" ? new Decimal(0) : o.status === "closed" ? new Decimal(o.consumed_ht) : new Decimal(o.total_ht);
    const countedTtc = (o: (typeof all)[number]) =>
      o.status === "cancelled"
        ? new Decimal(0)
        : o.status === "closed"
          ? new Decimal(o.consumed_ht).plus(new Decimal(o.consumed_ht).times(o.vat_rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))
          : new Decimal(o.total_ttc);
    const check = async (filters: Parameters<typeof listOrders>[2], keep: (o: (typeof all)[number]) => boolean) => {
      const expected = all.filter(keep);
      const r = await listOrders(t.db, dinum, filters);
      expect(r.total).toBe(expected.length);
      expect(new Set(r.items.map((i) => i.id))).toEqual(
        new Set(expected.map((o) => o.id).slice(0, ORDER_PAGE_SIZE).length === expected.length ? expected.map((o) => o.id) : r.items.map((i) => i.id)),
      );
      expect(r.totals.figures.orderedTtc).toBe(expected.reduce((s, o) => s.plus(countedTtc(o)), new Decimal(0)).toFixed(2));
      expect(r.totals.figures.orderedHt).toBe(expected.reduce((s, o) => s.plus(countedHt(o)), new Decimal(0)).toFixed(2));
      return r;
    };
    await check({ status: "issued" }, (o) => o.status === "issued");
    const someProduct = all.find((o) => o.status === "issued")!.product_id;
    await check({ productId: someProduct }, (o) => o.product_id === someProduct);
    const someContractor = all[0].contractor_id;
    await check({ contractorId: someContractor, status: "closed" }, (o) => o.contractor_id === someContractor && o.status === "closed");
    const old = all.find((o) => o.reference === "21_BAM_048")!.contract_id;
    await check({ contractId: old }, (o) => o.contract_id === old);
    await check({ from: "2026-12-01", to: "2027-01-31" }, (o) => o.period_end >= "2026-12-01" && o.period_start <= "2027-01-31");
    await check({ q: "2026-000" }, (o) => !!o.number && o.number.includes("2026-000"));
    await check({ q: "%" }, () => false);
  });

  it("sorts on the server, pages, and keeps every order once", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    // enough drafts for several pages
    const ids = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const lot = await t.db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select("l.id")
      .where("k.reference", "=", "25_BAM_112")
      .where("l.number", "=", 1)
      .executeTakeFirstOrThrow();
    const octo = await t.db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
    for (let i = 0; i < 30; i++) {
      await createDraft(
        t.db,
        a,
        {
          productId: ids.id,
          lotId: lot.id,
          contractorId: octo.id,
          periodStart: "2026-12-01",
          periodEnd: "2027-02-28",
          title: "",
          vatRate: "0.2000",
          attributionReason: null,
          proposedContractorId: null,
          ejNumber: null,
          budgetProgramme: null,
          budgetCentre: null,
          lines: [
            {
              workUnitCode: "PM",
              quantity: dec(i + 1)
                .dividedBy(40)
                .toFixed(3),
            },
          ],
        },
        "2026-11-23",
      );
    }
    const first = await listOrders(t.db, a, { sort: "ttc", dir: "asc" });
    expect(first.items).toHaveLength(ORDER_PAGE_SIZE);
    const pages = Math.ceil(first.total / ORDER_PAGE_SIZE);
    expect(pages).toBeGreaterThanOrEqual(2);
    const seen = [...first.items];
    for (let page = 2; page <= pages; page++) {
      const p = await listOrders(t.db, a, { sort: "ttc", dir: "asc", page });
      expect(p.total).toBe(first.total);
      expect(p.items).toHaveLength(page < pages ? ORDER_PAGE_SIZE : first.total - (pages - 1) * ORDER_PAGE_SIZE);
      seen.push(...p.items);
    }
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((i) => i.id)).size).toBe(first.total);
    const ttc = seen.map((i) => dec(i.figures.orderedTtc));
    for (let i = 1; i < ttc.length; i++) expect(ttc[i].greaterThanOrEqualTo(ttc[i - 1])).toBe(true);
    const desc = await listOrders(t.db, a, { sort: "number", dir: "desc" });
    const numbers = desc.items.map((i) => i.number).filter((n): n is string => !!n);
    expect(numbers).toEqual([...numbers].sort().reverse());
    // only the beneficiary's orders, and filter options in scope
    const rows = await t.db
      .selectFrom("purchase_order")
      .select("beneficiary_id")
      .where(
        "id",
        "in",
        seen.map((i) => i.id),
      )
      .execute();
    expect(new Set(rows.map((r) => r.beneficiary_id))).toEqual(new Set([a.beneficiaryId]));
    const options = await orderFilterOptions(t.db, a);
    const products = await t.db
      .selectFrom("product")
      .select("id")
      .where(
        "id",
        "in",
        options.products.map((p) => p.id),
      )
      .where("beneficiary_id", "<>", a.beneficiaryId!)
      .execute();
    expect(products).toEqual([]);
  });

  it("a contractor never sees drafts, even filtering on them", async () => {
    const c = await sessionUser(t.db, accounts.contractorA);
    expect((await listOrders(t.db, c, { status: "draft" })).total).toBe(0);
    const r = await listOrders(t.db, c, {});
    expect(r.items.every((i) => i.status !== "draft")).toBe(true);
  });
});
