// R15 invoices and R16 payment deadline, on real PostgreSQL through the use cases.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Refusal } from "../../app/lib/refusal";
import { useTestDatabase, accounts, refusal } from "../helpers/db";
import { invoicedOrder as makeInvoicedOrder } from "./invoice-fixtures";
import { buildDeclaration, buildInvoice, buildInvoiceMove } from "../../seeds/factories";
import { moveInvoice, recordInvoice, setEcbRate } from "../../app/domain/invoices/services.server";
import {
  getInvoice,
  invoicedNotPaidByYear,
  listInvoices,
  orderInvoicing,
  paidByYear,
  serviceFaitNotInvoicedByYear,
} from "../../app/domain/invoices/queries.server";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, correspondentB: corrB, dinum } = t.actors;

/** An issued order of 1 UO DEVOPS_CONFIRME at 12 000 € (600 € a day), with its EJ, and a validated February of `days`. */
const invoicedOrder = (o: { days?: string; validatedAt?: string } = {}) => makeInvoicedOrder(t.db, contractorA.contractorId!, o);

const countInvoices = async (orderId: number) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM invoice WHERE order_id = ${orderId}`.execute(t.db)).rows[0].n);

describe("R15 recording an invoice", () => {
  it("takes the order's VAT rate, links its declarations and is audited", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    const r = await recordInvoice(t.db, contractorA, {
      orderId: order.id,
      number: "F-2026-0001",
      ejNumber: ej,
      receivedOn: "2026-03-03",
      amountHt: "4000.00",
      declarationIds: [declarationId],
    });
    expect(r).toMatchObject({ amountVat: "800.00", amountTtc: "4800.00" });
    const found = await getInvoice(t.db, corrA, r.id, "2026-03-10");
    expect(found!.invoice).toMatchObject({ status: "deposited", amountHt: "4000.00", serviceFaitOn: "2026-02-27", orderNumber: order.number });
    expect(found!.declarations.map((d) => d.id)).toEqual([declarationId]);
    expect(found!.history.map((h) => h.action)).toEqual(["record"]);
    const inv = await orderInvoicing(t.db, contractorA, order.id, "2026-03-10");
    expect(inv).toMatchObject({ validatedHt: "6000.00", invoicedHt: "4000.00", invoicedTtc: "4800.00", paidTtc: "0.00", notInvoicedHt: "2000.00" });
  });

  it("refuses an invoice that does not quote the order's EJ, with Chorus Pro's reason, and writes nothing", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    const input = { orderId: order.id, number: "F-EJ-1", receivedOn: "2026-03-03", amountHt: "100.00", declarationIds: [declarationId] };
    const wrong = await refusal(recordInvoice(t.db, contractorA, { ...input, ejNumber: "EJ-AUTRE" }));
    expect(wrong.message).toContain("Chorus Pro rejette une facture dont l'EJ est inconnu");
    expect(wrong.message).toContain(ej);
    expect(wrong.fieldErrors.ejNumber).toBeDefined();
    const missing = await refusal(recordInvoice(t.db, contractorA, { ...input, ejNumber: "" }));
    expect(missing.message).toContain("ne cite pas de numéro d'engagement juridique");
    expect(await countInvoices(order.id)).toBe(0);
  });

  it("refuses HT above the validated service fait not yet invoiced, saying what is left", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    await buildInvoice(t.db, order.id, { amountHt: "5000.00", receivedOn: "2026-03-03", ejNumber: ej });
    const over = await refusal(
      recordInvoice(t.db, contractorA, {
        orderId: order.id,
        number: "F-OVER",
        ejNumber: ej,
        receivedOn: "2026-03-04",
        amountHt: "1000.01",
        declarationIds: [declarationId],
      }),
    );
    expect(over.message).toBe(
      "Le montant HT (1\u202f000,01\u00a0€) dépasse le service fait validé non encore facturé de ce bon de commande : il reste 1\u202f000,00\u00a0€ HT à facturer.",
    );
    await recordInvoice(t.db, contractorA, {
      orderId: order.id,
      number: "F-EXACT",
      ejNumber: ej,
      receivedOn: "2026-03-04",
      amountHt: "1000.00",
      declarationIds: [declarationId],
    });
    expect(await countInvoices(order.id)).toBe(2);
  });

  it("refuses a number already used by the contractor (409), a declaration not validated, and another's order", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    const base = { orderId: order.id, ejNumber: ej, receivedOn: "2026-03-03", amountHt: "10.00", declarationIds: [declarationId] };
    await recordInvoice(t.db, contractorA, { ...base, number: "F-DUP" });
    const dup = await refusal(recordInvoice(t.db, contractorA, { ...base, number: "F-DUP" }));
    expect(dup.status).toBe(409);
    expect(dup.message).toContain("déjà enregistrée");
    const submitted = await buildDeclaration(t.db, order.id, {
      month: "2026-03-01",
      lines: [{ orderLineId: order.lines[0].id, days: "1" }],
      at: "2026-03-31T10:00:00+02:00",
    });
    const notValidated = await refusal(recordInvoice(t.db, contractorA, { ...base, number: "F-SUB", declarationIds: [submitted.id] }));
    expect(notValidated.message).toContain("que des déclarations validées");
    expect((await refusal(recordInvoice(t.db, contractorB, { ...base, number: "F-B" }))).status).toBe(404);
    expect((await refusal(recordInvoice(t.db, corrA, { ...base, number: "F-C" }))).status).toBe(403);
    expect(await countInvoices(order.id)).toBe(1);
  });

  it("20 concurrent entries of 1 000 € HT on an order with 6 000 € of service fait: exactly 6 accepted", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    const pool = t.pool(20);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        recordInvoice(pool, contractorA, {
          orderId: order.id,
          number: `F-RACE-${i}`,
          ejNumber: ej,
          receivedOn: "2026-03-03",
          amountHt: "1000.00",
          declarationIds: [declarationId],
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof Refusal && r.reason.message.includes("il reste 0,00"));
    expect(accepted).toBe(6);
    expect(refused.length).toBe(14);
    const total = await sql<{ ht: string }>`SELECT sum(amount_ht) AS ht FROM invoice WHERE order_id = ${order.id}`.execute(t.db);
    expect(total.rows[0].ht).toBe("6000.00");
  });
});

describe("R15 states, R16 clock", () => {
  it("suspended once with its reason, completed by the contractor, put in payment and paid: the history lists every step", async () => {
    const { order } = await invoicedOrder();
    const { id } = await buildInvoice(t.db, order.id, { receivedOn: "2026-03-03", at: "2026-03-03T12:00:00+01:00" });
    await buildInvoiceMove(t.db, id, { move: "suspend", reason: "Relevé d'heures manquant" }, { at: "2026-03-13T10:00:00+01:00" });
    let found = await getInvoice(t.db, contractorA, id, "2026-03-15");
    expect(found!.invoice).toMatchObject({ status: "suspended", suspendedOn: "2026-03-13", suspensionReason: "Relevé d'heures manquant" });
    expect(found!.invoice.clock).toMatchObject({ dueOn: null, stopped: true, daysLate: 0 });
    // the contractor sends the missing item; a second suspension is refused
    await buildInvoiceMove(t.db, id, { move: "resume" }, { as: accounts.contractorA, at: "2026-03-18T10:00:00+01:00" });
    const again = await refusal(moveInvoice(t.db, corrA, id, { move: "suspend", reason: "Encore" }));
    expect(again.status).toBe(409);
    expect(again.message).toContain("ne se suspend qu'une fois");
    found = await getInvoice(t.db, corrA, id, "2026-03-20");
    // domain.md's example: 10 days elapsed before the suspension, a new full period from 18 March
    expect(found!.invoice.clock).toMatchObject({ startOn: "2026-03-03", dueOn: "2026-04-17", daysLate: 0, daysLeft: 28 });
    // the contractor may not put it in payment
    expect((await refusal(moveInvoice(t.db, contractorA, id, { move: "in_payment" }))).status).toBe(403);
    await buildInvoiceMove(t.db, id, { move: "in_payment" }, { at: "2026-04-20T10:00:00+02:00" });
    await buildInvoiceMove(t.db, id, { move: "pay", paidOn: "2026-04-27" }, { at: "2026-04-28T10:00:00+02:00" });
    found = await getInvoice(t.db, dinum, id, "2026-11-30");
    // 7 200,00 € TTC paid 10 days late at 2,15 % + 8 points: 7200 × 0.1015 × 10 / 365 = 20.0219… → 20,02 € + 40 €
    expect(found!.invoice).toMatchObject({ status: "paid", paidOn: "2026-04-27", amountTtc: "7200.00" });
    expect(found!.invoice.clock.interest).toMatchObject({ late: true, days: 10, rate: "10.15", interest: "20.02", indemnity: "40.00", total: "60.02" });
    expect(found!.history.map((h) => h.action)).toEqual(["record", "suspend", "resume", "in_payment", "pay"]);
  });

  it("a suspension and the arrival of the missing items are dated as in Chorus Pro, never in the future nor before what they follow", async () => {
    const { order } = await invoicedOrder();
    const { id } = await buildInvoice(t.db, order.id, { receivedOn: "2026-03-03", at: "2026-03-20T12:00:00+01:00" });
    const atMarch20 = (u: typeof corrA, move: Parameters<typeof moveInvoice>[3]) =>
      buildInvoiceMove(t.db, id, move, { as: u.email, at: "2026-03-20T12:00:00+01:00" });
    expect((await refusal(atMarch20(corrA, { move: "suspend", reason: "Pièce", on: "2026-03-02" }))).message).toContain("précéder le dépôt");
    expect((await refusal(atMarch20(corrA, { move: "suspend", reason: "Pièce", on: "2026-03-21" }))).message).toContain("futur");
    await atMarch20(corrA, { move: "suspend", reason: "Pièce", on: "2026-03-13" });
    expect((await refusal(atMarch20(contractorA, { move: "resume", on: "2026-03-12" }))).message).toContain("avant la suspension");
    await atMarch20(contractorA, { move: "resume", on: "2026-03-18" });
    expect((await getInvoice(t.db, corrA, id, "2026-03-20"))!.invoice.clock.dueOn).toBe("2026-04-17");
  });

  it("runs from the service-fait date when it is later than the receipt", async () => {
    const { order } = await invoicedOrder({ validatedAt: "2026-03-10T15:00:00+01:00" });
    const { id } = await buildInvoice(t.db, order.id, { receivedOn: "2026-03-03", at: "2026-03-10T16:00:00+01:00" });
    const found = await getInvoice(t.db, corrA, id, "2026-03-11");
    expect(found!.invoice.serviceFaitOn).toBe("2026-03-10");
    expect(found!.invoice.clock).toMatchObject({ startOn: "2026-03-10", dueOn: "2026-04-09" });
  });

  it("a rejected invoice frees what it claimed; rejected and paid are final", async () => {
    const { order, ej, declarationId } = await invoicedOrder();
    const { id } = await buildInvoice(t.db, order.id, { receivedOn: "2026-03-03", at: "2026-03-04T12:00:00+01:00" });
    await buildInvoiceMove(t.db, id, { move: "reject", reason: "Montant erroné" }, { at: "2026-03-05T12:00:00+01:00" });
    expect((await refusal(moveInvoice(t.db, corrA, id, { move: "in_payment" }))).status).toBe(409);
    const again = await recordInvoice(t.db, contractorA, {
      orderId: order.id,
      number: "F-REDO",
      ejNumber: ej,
      receivedOn: "2026-03-06",
      amountHt: "6000.00",
      declarationIds: [declarationId],
    });
    expect(again.amountTtc).toBe("7200.00");
  });

  it("a half-year without an ECB rate shows it as missing, until DINUM records it", async () => {
    const { order } = await invoicedOrder();
    // received 1 July 2026, due 31 July: the delay begins in the second half of 2026, whose rate is not in the table
    const { id } = await buildInvoice(t.db, order.id, { receivedOn: "2026-07-01", at: "2026-07-01T12:00:00+02:00" });
    let clock = (await getInvoice(t.db, corrA, id, "2026-08-10"))!.invoice.clock;
    expect(clock).toMatchObject({ dueOn: "2026-07-31", daysLate: 10 });
    expect(clock.interest).toMatchObject({ late: true, rateMissing: true, interest: null, halfYear: "2026-07-01" });
    await refusal(setEcbRate(t.db, corrA, { halfYear: "2026-07-01", rate: "2.000", source: "" }));
    await setEcbRate(t.db, dinum, { halfYear: "2026-07-01", rate: "2.000", source: "test" });
    clock = (await getInvoice(t.db, corrA, id, "2026-08-10"))!.invoice.clock;
    // 7200 × 10 % × 10 / 365 = 19.726… → 19,73 €
    expect(clock.interest).toMatchObject({ rateMissing: false, rate: "10.00", interest: "19.73", total: "59.73" });
    await t.db.deleteFrom("ecb_rate").where("half_year_start", "=", "2026-07-01").execute();
  });
});

describe("R15 scoping", () => {
  it("a contractor never sees another's invoices, a correspondent only its beneficiary's", async () => {
    const { order } = await invoicedOrder();
    const { id } = await buildInvoice(t.db, order.id, { number: "F-SCOPE-A", receivedOn: "2026-03-03" });
    const ids = async (u: typeof dinum) => (await listInvoices(t.db, u, { q: "F-SCOPE-A" })).rows.map((r) => r.id);
    expect(await ids(contractorA)).toEqual([id]);
    expect(await ids(corrA)).toEqual([id]);
    expect(await ids(dinum)).toEqual([id]);
    expect(await ids(contractorB)).toEqual([]);
    expect(await ids(corrB)).toEqual([]);
    expect(await getInvoice(t.db, contractorB, id)).toBeNull();
    expect(await getInvoice(t.db, corrB, id)).toBeNull();
    expect(await orderInvoicing(t.db, contractorB, order.id)).toBeNull();
    expect((await refusal(moveInvoice(t.db, corrB, id, { move: "suspend", reason: "x" }))).status).toBe(404);
    expect((await refusal(moveInvoice(t.db, contractorB, id, { move: "resume" }))).status).toBe(404);
    // every contractor's invoices in its list are its own
    const theirs = await listInvoices(t.db, contractorB, {});
    const own = await sql<{ n: string }>`SELECT count(*) AS n FROM invoice WHERE contractor_id = ${contractorB.contractorId}`.execute(t.db);
    expect(theirs.total).toBe(Number(own.rows[0].n));
  });
});

describe("per year, for the budget and the ceilings", () => {
  it("service fait not yet invoiced, invoiced not yet paid, and paid, agree with the invoices", async () => {
    const before = {
      notInvoiced: await serviceFaitNotInvoicedByYear(t.db, contractorA, "2026-12-01"),
      notPaid: await invoicedNotPaidByYear(t.db, contractorA, "2026-12-01"),
      paid: await paidByYear(t.db, contractorA),
    };
    const y = <T extends { year: number }>(rows: T[], year: number) => rows.find((r) => r.year === year);
    const { order } = await invoicedOrder();
    const a = await buildInvoice(t.db, order.id, { amountHt: "2000.00", receivedOn: "2026-03-03", at: "2026-03-03T12:00:00+01:00" });
    await buildInvoice(t.db, order.id, { amountHt: "1000.00", receivedOn: "2026-03-05", at: "2026-03-05T12:00:00+01:00" });
    await buildInvoiceMove(t.db, a.id, { move: "in_payment" }, { at: "2026-03-20T12:00:00+01:00" });
    await buildInvoiceMove(t.db, a.id, { move: "pay", paidOn: "2026-03-25" }, { at: "2026-03-25T12:00:00+01:00" });
    const after = {
      notInvoiced: await serviceFaitNotInvoicedByYear(t.db, contractorA, "2026-12-01"),
      notPaid: await invoicedNotPaidByYear(t.db, contractorA, "2026-12-01"),
      paid: await paidByYear(t.db, contractorA),
    };
    const diff = (x: string | undefined, yv: string | undefined) => (Number(x ?? 0) * 100 - Number(yv ?? 0) * 100) / 100;
    // this order: 6 000 HT validated, 3 000 invoiced → 3 000 HT (3 600 TTC) not invoiced; 1 200 TTC invoiced not paid; 2 400 TTC paid
    expect(diff(y(after.notInvoiced, 2026)?.ht, y(before.notInvoiced, 2026)?.ht)).toBe(3000);
    expect(diff(y(after.notInvoiced, 2026)?.ttc, y(before.notInvoiced, 2026)?.ttc)).toBe(3600);
    expect(diff(y(after.notPaid, 2026)?.ttc, y(before.notPaid, 2026)?.ttc)).toBe(1200);
    expect(diff(y(after.paid, 2026)?.ttc, y(before.paid, 2026)?.ttc)).toBe(2400);
  });
});

describe("demo invoices", () => {
  it("one paid late with its interest, one suspended, one waiting", async () => {
    const { rows } = await listInvoices(t.db, dinum, { q: "OCT-2025-1003" }, "2026-12-01");
    const late = rows.find((r) => r.number === "OCT-2025-1003")!;
    expect(late).toMatchObject({ status: "paid", receivedOn: "2025-10-03", paidOn: "2025-11-20" });
    // received 3 October 2025, but September's service fait certified on 8 October: due 7 November, paid
    // 20 November, 13 days at 2,15 % + 8 points (2nd half of 2025); checked in integers (cents × basis points)
    expect(late.clock).toMatchObject({ startOn: "2025-10-08", dueOn: "2025-11-07", daysLate: 13 });
    const num = BigInt(late.amountTtc.replace(".", "")) * 1015n * 13n;
    const den = 365n * 10000n;
    const cents = num / den + ((num % den) * 2n >= den ? 1n : 0n);
    expect(late.clock.interest).toMatchObject({ rate: "10.15", interest: `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`, indemnity: "40.00" });
    const suspended = (await listInvoices(t.db, dinum, { status: "suspended" })).rows.map((r) => r.number);
    expect(suspended).toContain("OCT-2026-0108");
  });
});
