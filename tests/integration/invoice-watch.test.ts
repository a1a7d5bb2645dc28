// R16 on the screens (issue 17): the due filters of /factures, the alerts (late, due within 7 days, suspended
// for more than 15 days) and the homes' figures, on real PostgreSQL; the SQL due date against deadline.ts's.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { countAlerts, listAlerts } from "../../app/domain/alerts/alerts.server";
import { dueDate } from "../../app/domain/invoices/deadline";
import { holderApproval } from "../../app/domain/invoices/states";

/** Any day: an explicit answer or a silence both give the clock its start, which the SQL reads the same. */
const TODAY_FOR_APPROVAL = "2026-12-01";
import { contractorInvoiceSummary, dueOnSql, invoicesToWatch, listInvoices, paymentStats } from "../../app/domain/invoices/queries.server";
import { buildInvoice, buildInvoiceMove } from "../../seeds/factories";
import { useTestDatabase } from "../helpers/db";
import { invoicedOrder } from "./invoice-fixtures";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, correspondentB: corrB, dinum } = t.actors;

let seq = 0;

/** An invoice of 7 200 € TTC on correspondent A's order, received 3 March 2026 for service fait of 27 February: due 2 April. */
async function invoice() {
  const { order, ej } = await invoicedOrder(t.db, contractorA.contractorId!, { ejPrefix: "EJ-W" });
  const number = `W-${++seq}`;
  const { id } = await buildInvoice(t.db, order.id, { number, receivedOn: "2026-03-03", ejNumber: ej, at: "2026-03-03T12:00:00+01:00" });
  return { id, number };
}

const numbersOf = async (user: typeof corrA, due: "late" | "soon", today: string) =>
  (await listInvoices(t.db, user, { due }, today)).rows.map((r) => r.number).filter((n) => n.startsWith("W-"));
const alertsOf = async (user: typeof corrA, today: string, number: string) =>
  (await listAlerts(t.db, user, today)).filter((a) => a.title.includes(` ${number} `));

describe("invoices to watch", () => {
  it("due within 7 days, then late: the /factures filters and the buyer's alerts say so, with what a day costs", async () => {
    const { number } = await invoice();
    expect(await numbersOf(corrA, "soon", "2026-03-28")).toContain(number);
    expect(await numbersOf(corrA, "late", "2026-03-28")).toEqual([]);
    expect(await numbersOf(corrA, "soon", "2026-03-25")).toEqual([]);
    const soon = await alertsOf(corrA, "2026-03-28", number);
    expect(soon.map((a) => [a.kind, a.title])).toEqual([["invoice_due_soon", `Facture ${number} à payer d'ici 5 jours`]]);
    // 7 200 × (2,15 % + 8 %) / 365 = 2,0021… € a day
    expect(soon[0].detail).toContain("chaque jour de retard coûte 2,00\u00a0€ d'intérêts moratoires");

    expect(await numbersOf(corrA, "late", "2026-04-10")).toEqual([number]);
    expect(await numbersOf(corrA, "soon", "2026-04-10")).toEqual([]);
    const late = await alertsOf(corrA, "2026-04-10", number);
    expect(late.map((a) => [a.kind, a.title])).toEqual([["invoice_late", `Facture ${number} en retard de 8 jours`]]);
    // 7200 × 0.1015 × 8 / 365 = 16.0175… → 16,02 € + 40 €
    expect(late[0].detail).toContain("56,02\u00a0€ dus à ce jour");
    // DINUM too; the contractor is not told to pay; another beneficiary sees nothing
    expect((await alertsOf(dinum, "2026-04-10", number)).map((a) => a.kind)).toEqual(["invoice_late"]);
    expect(await alertsOf(contractorA, "2026-04-10", number)).toEqual([]);
    expect(await alertsOf(corrB, "2026-04-10", number)).toEqual([]);
    expect(await numbersOf(corrB, "late", "2026-04-10")).toEqual([]);
    // put in payment: not paid yet, still late
    await buildInvoiceMove(t.db, (await invoicesToWatch(t.db, corrA, "2026-04-10")).find((i) => i.number === number)!.id, { move: "in_payment" });
    expect(await numbersOf(corrA, "late", "2026-04-10")).toEqual([number]);
  });

  it("suspended for more than 15 days: an alert for the buyer and the contractor, none at 15 days", async () => {
    const { id, number } = await invoice();
    await buildInvoiceMove(t.db, id, { move: "suspend", reason: "Relevé manquant" }, { at: "2026-03-13T10:00:00+01:00" });
    expect(await alertsOf(corrA, "2026-03-28", number)).toEqual([]);
    const after = await alertsOf(corrA, "2026-03-29", number);
    expect(after.map((a) => [a.kind, a.title])).toEqual([["invoice_suspended", `Facture ${number} suspendue depuis 16 jours`]]);
    expect((await alertsOf(contractorA, "2026-03-29", number)).map((a) => a.kind)).toEqual(["invoice_suspended"]);
    expect(await alertsOf(contractorB, "2026-03-29", number)).toEqual([]);
    // a stopped clock is neither late nor due
    expect(await numbersOf(corrA, "late", "2026-06-01")).not.toContain(number);
  });

  it("the header badge counts the invoice alerts it lists, for every role and day", async () => {
    for (const user of [dinum, corrA, corrB, contractorA, contractorB]) {
      for (const day of ["2026-03-08", "2026-03-28", "2026-04-10", "2026-11-23"]) {
        expect({ user: user.email, day, n: await countAlerts(t.db, user, day) }).toEqual({
          user: user.email,
          day,
          n: (await listAlerts(t.db, user, day)).length,
        });
      }
    }
  });

  it("the SQL due date is deadline.ts's for every invoice (the filters and the alerts read it)", async () => {
    const { id } = await invoice();
    await buildInvoiceMove(t.db, id, { move: "suspend", reason: "Pièce" }, { at: "2026-03-13T10:00:00+01:00" });
    await buildInvoiceMove(t.db, id, { move: "resume" }, { as: "titulaire.octopus@demo.pilotage-uo.fr", at: "2026-03-18T10:00:00+01:00" });
    const rows = await t.db
      .selectFrom("invoice as i")
      .select(["i.received_on", "i.service_fait_on", "i.suspended_on", "i.resumed_on", "i.approval_due_on", "i.holder_decision", "i.holder_decided_on"])
      .select(dueOnSql.as("sql_due"))
      .execute();
    expect(rows.length).toBeGreaterThan(5);
    let subcontractors = 0;
    for (const r of rows) {
      // R18: a subcontractor's invoice starts at the holder's answer; while it still awaits it, the SQL reads the latest
      // day its clock can start (the end of the 15 days), which is the TS due date of an approval by silence
      const approval = holderApproval(
        { approvalDueOn: r.approval_due_on, holderDecision: r.holder_decision, holderDecidedOn: r.holder_decided_on },
        TODAY_FOR_APPROVAL,
      );
      if (approval) subcontractors++;
      const approvedOn = approval?.state === "approved" ? approval.on : approval?.state === "awaiting" ? approval.dueOn : null;
      const ts = dueDate({
        receivedOn: r.received_on,
        serviceFaitOn: r.service_fait_on,
        suspendedOn: r.suspended_on,
        resumedOn: r.resumed_on,
        approvedOn,
      }).dueOn;
      expect(r.sql_due).toBe(ts);
    }
    expect(subcontractors).toBeGreaterThan(0); // the demo's subcontractor invoice is among them
  });
});

describe("the homes' invoice figures", () => {
  it("DINUM: average payment time over 365 days, the share paid late, the interest by beneficiary and year, against an SQL recomputation", async () => {
    const today = "2026-06-30";
    const onTime = await invoice();
    await buildInvoiceMove(t.db, onTime.id, { move: "in_payment" }, { at: "2026-03-20T10:00:00+01:00" });
    await buildInvoiceMove(t.db, onTime.id, { move: "pay", paidOn: "2026-03-23" }, { at: "2026-03-23T10:00:00+01:00" });
    const late = await invoice();
    await buildInvoiceMove(t.db, late.id, { move: "in_payment" }, { at: "2026-04-20T10:00:00+02:00" });
    await buildInvoiceMove(t.db, late.id, { move: "pay", paidOn: "2026-04-22" }, { at: "2026-04-22T10:00:00+02:00" });
    const stats = await paymentStats(t.db, dinum, today);
    // independent: payment − greatest(receipt, service fait) − suspended days, over the invoices paid in the 365 days up to today
    const { rows } = await sql<{ n: string; avg: string; late: string }>`
      SELECT count(*) AS n,
        round(avg(paid_on - greatest(received_on, service_fait_on) - coalesce(resumed_on - suspended_on, 0)), 1)::text AS avg,
        count(*) FILTER (WHERE paid_on > (CASE WHEN suspended_on IS NULL THEN greatest(received_on, service_fait_on) + 30 ELSE resumed_on + 30 END)) AS late
      FROM invoice WHERE status = 'paid' AND paid_on > ${today}::date - 365 AND paid_on <= ${today}::date`.execute(t.db);
    expect(stats.paidCount).toBe(Number(rows[0].n));
    expect(stats.averageDays).toBe(rows[0].avg);
    expect(stats.lateShare).toBe((Number(rows[0].late) / Number(rows[0].n)).toFixed(4));
    // interest per beneficiary and year, recomputed in SQL: TTC × (rate of the half-year after the due date + 8) / 100 × days / 365,
    // rounded per invoice, + 40 €; paid late by year of payment, unpaid late as of today
    const interest = await sql<{ beneficiary: string; year: number; total: string }>`
      WITH d AS (
        SELECT i.*, b.name AS beneficiary,
          CASE WHEN i.suspended_on IS NULL THEN greatest(i.received_on, i.service_fait_on) + 30 WHEN i.resumed_on IS NULL THEN NULL ELSE i.resumed_on + 30 END AS due
        FROM invoice i JOIN purchase_order po ON po.id = i.order_id JOIN beneficiary b ON b.id = po.beneficiary_id
        WHERE i.status IN ('paid', 'deposited', 'in_payment')),
      l AS (SELECT beneficiary, extract(year FROM coalesce(paid_on, ${today}::date))::int AS year, amount_ttc, coalesce(paid_on, ${today}::date) - due AS days, due + 1 AS began
        FROM d WHERE due IS NOT NULL AND coalesce(paid_on, ${today}::date) > due)
      SELECT beneficiary, year, sum(round(amount_ttc * (r.rate + 8) / 100 * days / 365, 2) + 40)::numeric(14, 2)::text AS total
      FROM l JOIN ecb_rate r ON r.half_year_start = make_date(extract(year FROM began)::int, CASE WHEN extract(month FROM began) <= 6 THEN 1 ELSE 7 END, 1)
      GROUP BY beneficiary, year`.execute(t.db);
    const key = (g: { beneficiary: string; year: number; total: string }) => `${g.beneficiary}|${g.year}|${g.total}`;
    expect(stats.interest.map(key).sort()).toEqual(interest.rows.map((r) => key({ ...r, year: Number(r.year) })).sort());
    expect(stats.interest.some((g) => g.year === 2026 && g.beneficiary === corrA.organisation)).toBe(true);
    // a correspondent: its beneficiary's rows only, the same figures
    const mine = await paymentStats(t.db, corrA, today);
    expect(mine.interest.map(key)).toEqual(stats.interest.filter((g) => g.beneficiary === corrA.organisation).map(key));
  });

  it("the contractor: its invoices per state and the unpaid ones with their expected payment date, its own only", async () => {
    const summary = await contractorInvoiceSummary(t.db, contractorA, "2026-11-23");
    const { rows } = await sql<{ status: string; n: string }>`
      SELECT status, count(*) AS n FROM invoice WHERE contractor_id = ${contractorA.contractorId} GROUP BY status`.execute(t.db);
    for (const s of summary.byStatus) expect(s.count).toBe(Number(rows.find((r) => r.status === s.status)?.n ?? 0));
    expect(summary.open.every((i) => i.contractorName === "Octopus Numérique SAS" && i.status !== "paid")).toBe(true);
    expect(summary.open.length).toBeGreaterThan(0);
    const other = await contractorInvoiceSummary(t.db, contractorB, "2026-11-23");
    expect(other.open.every((i) => i.contractorName === "Coopérative Les Faiseurs")).toBe(true);
  });
});
