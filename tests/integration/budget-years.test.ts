// R17 budget years and envelopes: DINUM sets the closing dates, past which the order form warns; a
// beneficiary's AE envelope warns its correspondent beyond it (never blocks) and shows on DINUM's home;
// the year-end view lists, scoped, the AE committed not yet consumed.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase } from "../helpers/db";
import { Refusal } from "../../app/lib/refusal";
import { dec, sum } from "../../app/lib/decimal";
import { paymentClosingWarning, setBudgetYear, yearEnd } from "../../app/domain/budget-years/services.server";
import { issueWarnings } from "../../app/domain/budget-years/warnings.server";
import { setEnvelope } from "../../app/domain/envelopes/services.server";
import { aePerBeneficiary, envelopeStatuses, loadDashboard } from "../../app/domain/dashboard/dashboard.server";
import { issueOrder } from "../../app/domain/orders/services.server";
import { buildDraftOrder, buildInvoice } from "../../seeds/factories";

const t = await useTestDatabase();

describe("budget years (R17)", () => {
  it("DINUM sets the closing dates (audited); past the last day for orders the form warns", async () => {
    const { dinum, correspondentA } = t.actors;
    await expect(setBudgetYear(t.db, correspondentA, { year: 2031, lastOrderOn: "2031-12-15", lastPaymentOn: "2031-11-30" })).rejects.toBeInstanceOf(Refusal);
    await setBudgetYear(t.db, dinum, { year: 2031, lastOrderOn: "2031-12-15", lastPaymentOn: "2031-11-30" });
    const audit = await t.db.selectFrom("audit_event").select(["action"]).where("entity_type", "=", "budget_year").where("entity_id", "=", "2031").execute();
    expect(audit.map((a) => a.action)).toEqual(["create"]);
    expect(await issueWarnings(t.db, correspondentA, "2031-12-15", null)).toEqual([]);
    const [w] = await issueWarnings(t.db, correspondentA, "2031-12-16", null);
    expect(w).toContain("L'année budgétaire 2031 est close pour les commandes depuis le 15/12/2031");
  });

  it("past the last day for payments, or due after it, the invoice screens warn (issue 18)", async () => {
    await setBudgetYear(t.db, t.actors.dinum, { year: 2032, lastOrderOn: "2032-12-15", lastPaymentOn: "2032-11-30" });
    expect(await paymentClosingWarning(t.db, "2032-11-30", "2032-11-30")).toBeNull();
    expect(await paymentClosingWarning(t.db, "2032-11-30")).toBeNull();
    expect(await paymentClosingWarning(t.db, "2032-11-10", "2032-12-05")).toBe(
      "L'échéance (05/12/2032) tombe après le dernier jour des paiements de l'année budgétaire 2032 (30/11/2032) : payée après cette date, la facture le sera sur les crédits de 2033.",
    );
    expect(await paymentClosingWarning(t.db, "2032-12-01")).toBe(
      "L'année budgétaire 2032 est close pour les paiements depuis le 30/11/2032 : une facture payée maintenant l'est sur les crédits de 2033.",
    );
    // a year without closing dates warns of nothing
    expect(await paymentClosingWarning(t.db, "2033-12-20", "2034-01-10")).toBeNull();
  });

  it("the year-end view: a correspondent's open orders only, AE committed not yet consumed = ordered TTC − consumed TTC", async () => {
    const { correspondentA } = t.actors;
    await setBudgetYear(t.db, t.actors.dinum, { year: 2026, lastOrderOn: "2026-12-15", lastPaymentOn: "2026-11-30" });
    const v = await yearEnd(t.db, correspondentA, 2026, "2026-12-01");
    expect(v.daysToLastOrder).toBe(14);
    expect(v.daysToLastPayment).toBe(-1);
    expect(v.rows.length).toBeGreaterThan(0);
    // independently: the issued orders of beneficiary A, ordered TTC − consumed TTC from the lines (R13: VAT once per order)
    const { rows } = await sql<{ id: number; left: string }>`
      SELECT po.id, (s.ht + round(s.ht * po.vat_rate, 2)) - (s.c + round(s.c * po.vat_rate, 2)) AS left
      FROM purchase_order po
      CROSS JOIN LATERAL (SELECT sum(amount_ht) AS ht, sum(consumed_ht) AS c FROM order_line WHERE order_id = po.id) s
      WHERE po.status = 'issued' AND po.beneficiary_id = ${correspondentA.beneficiaryId} AND po.issued_on <= '2026-12-31'`.execute(t.db);
    const expected = rows.filter((r) => dec(r.left).greaterThan(0));
    expect(v.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(v.totalRemainingTtc).toBe(sum(expected.map((r) => r.left)).toFixed(2));
  });
});

describe("the year-end view with invoices (R15)", () => {
  it("an invoice recorded moves its TTC from service fait not yet invoiced to invoiced not yet paid, in its beneficiary's view only", async () => {
    const { correspondentA, correspondentB } = t.actors;
    const { rows } = await sql<{ id: number }>`
      SELECT po.id FROM purchase_order po JOIN order_line ol ON ol.order_id = po.id
      WHERE po.beneficiary_id = ${correspondentA.beneficiaryId} AND po.status = 'issued' AND po.ej_number IS NOT NULL
      GROUP BY po.id
      HAVING sum(ol.consumed_ht) - coalesce((SELECT sum(amount_ht) FROM invoice i WHERE i.order_id = po.id AND i.status <> 'rejected'), 0) > 1000
      ORDER BY po.id LIMIT 1`.execute(t.db);
    expect(rows).toHaveLength(1);
    const before = await yearEnd(t.db, correspondentA, 2026, "2026-12-01");
    const beforeB = await yearEnd(t.db, correspondentB, 2026, "2026-12-01");
    const { id } = await buildInvoice(t.db, rows[0].id, { amountHt: "1000.00", receivedOn: "2026-11-20", at: "2026-11-20T12:00:00+01:00" });
    const ttc = (await t.db.selectFrom("invoice").select("amount_ttc").where("id", "=", id).executeTakeFirstOrThrow()).amount_ttc;
    const after = await yearEnd(t.db, correspondentA, 2026, "2026-12-01");
    expect(after.current).toBe(true);
    expect(after.invoicedNotPaidTtc).toBe(dec(before.invoicedNotPaidTtc).plus(ttc).toFixed(2));
    // TTC is rounded per order on what is left, so one cent may differ from the invoice's own rounding
    expect(dec(before.serviceFaitNotInvoicedTtc).minus(after.serviceFaitNotInvoicedTtc).minus(ttc).abs().lessThanOrEqualTo("0.01")).toBe(true);
    const afterB = await yearEnd(t.db, correspondentB, 2026, "2026-12-01");
    expect([afterB.serviceFaitNotInvoicedTtc, afterB.invoicedNotPaidTtc]).toEqual([beforeB.serviceFaitNotInvoicedTtc, beforeB.invoicedNotPaidTtc]);
  });
});

describe("envelopes (R17)", () => {
  it("beyond its envelope a correspondent is warned before issuing, not blocked; DINUM's home lists the beneficiary", async () => {
    const { correspondentA, dinum } = t.actors;
    const today = "2026-12-02";
    const year = 2026;
    const ae = (await aePerBeneficiary(t.db, correspondentA, year)).get(correspondentA.organisation) ?? "0";
    // room for 10 000,00 € TTC; the draft is 0,5 UO at the demo's price: more than that
    await setEnvelope(t.db, correspondentA, { year, aeTtc: dec(ae).plus(10000).toFixed(2) });
    await expect(setEnvelope(t.db, dinum, { year, aeTtc: "1.00" })).rejects.toBeInstanceOf(Refusal);
    const draft = await buildDraftOrder(t.db, { at: `${today}T09:00:00Z`, lines: [["DEVOPS_CONFIRME", "1"]] });
    const ttc = (await t.db.selectFrom("purchase_order").select("total_ttc").where("id", "=", draft.id).executeTakeFirstOrThrow()).total_ttc;
    expect(dec(ttc).greaterThan(10000)).toBe(true);
    const warnings = await issueWarnings(t.db, correspondentA, today, ttc);
    expect(warnings.some((w) => w.startsWith(`Enveloppe AE ${year} dépassée`) && w.includes("L'émission reste possible"))).toBe(true);
    // another beneficiary's correspondent is not warned about A's envelope
    expect(await issueWarnings(t.db, t.actors.correspondentB, today, ttc)).toEqual([]);
    expect((await envelopeStatuses(t.db, correspondentA, year))[0]).toMatchObject({ over: false });
    await issueOrder(t.db, correspondentA, draft.id, {}, today);
    const [mine] = await envelopeStatuses(t.db, correspondentA, year);
    expect(mine).toMatchObject({ over: true, aeTtc: dec(ae).plus(ttc).toFixed(2) });
    const home = await loadDashboard(t.db, dinum, today);
    expect(home.envelopes.map((e) => e.beneficiaryId)).toContain(correspondentA.beneficiaryId);
    expect((await loadDashboard(t.db, correspondentA, today)).envelopes[0]).toMatchObject({ over: true });
  });
});
