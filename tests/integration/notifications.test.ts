// E-mails (issue 16) through a real SMTP conversation: a smtp-server on a loopback port, every message read
// back with mailparser. One test per row of the issue's table (recipients, subject, link, digests,
// preferences), then what the outbox guarantees: nothing after a rollback, nothing twice with two workers,
// SMTP down during a submission (the submission neither slowed nor refused, the message arrives once when
// SMTP is back), a refused recipient shown as failed then sent again.
import { describe, expect, it } from "vitest";
import { ensureJobQueues } from "../../db/job-queue";
import { submitInTransaction } from "../../app/domain/declarations/services.server";
import { setPreference } from "../../app/domain/notifications/preferences.server";
import { queueSending } from "../../app/domain/notifications/outbox.server";
import {
  buildDigests,
  endingOrders,
  invoicesDue,
  monthsToDeclareReminders,
  runDaily,
  runWeekly,
  waitingDeclarations,
} from "../../app/domain/notifications/schedules.server";
import { loopbackTransport } from "../../app/domain/notifications/transport.server";
import { startMailWorker } from "../../app/domain/notifications/worker.server";
import { resendNotification } from "../../app/domain/notifications/queries.server";
import { createPriceScheduleDraft } from "../../app/domain/price-schedules/services.server";
import { createUser } from "../../app/domain/users/services.server";
import { addDays, todayInParis } from "../../app/lib/dates";
import { formatDate } from "../../app/lib/format";
import { nthWorkingDayOfMonth } from "../../app/lib/working-days";
import { buildAmendment, buildDeclaration, buildInvoice, inTransaction, priceTable } from "../../seeds/factories";
import { clockOfRow, ecbRates } from "../../app/domain/invoices/queries.server";
import { sql } from "kysely";
import { useTestDatabase, sessionUser } from "../helpers/db";
import { useTestMail } from "../helpers/smtp";
import { makeOrder } from "./declarations-fixtures";

const t = await useTestDatabase();
const { dinum, correspondentA, contractorA, contractorB } = t.actors;
const today = todayInParis();
const month = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`; // last month: declarable today
// what the template database (migrated, demo data seeded with the clock set) holds before any test
const seeded = await t.db
  .selectFrom("notification")
  .select((eb) => eb.fn.countAll<string>().as("n"))
  .executeTakeFirstOrThrow();

async function emailsOf(role: "correspondent" | "contractor" | "dinum", org: number | null = null) {
  let q = t.db.selectFrom("app_user").select("email").where("role", "=", role).where("active", "=", true);
  if (role === "correspondent") q = q.where("beneficiary_id", "=", org!);
  if (role === "contractor") q = q.where("contractor_id", "=", org!);
  return (await q.orderBy("email").execute()).map((u) => u.email);
}

async function rowsOf(kind: string, keyPart: string) {
  return t.db.selectFrom("notification").selectAll().where("kind", "=", kind).where("event_key", "like", `%${keyPart}%`).orderBy("id").execute();
}

/** Waits until none of the outbox's immediate rows is still queued or being sent. */
async function drained(timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { n } = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("delivery", "=", "immediate")
      .where("status", "in", ["queued", "sending"])
      .executeTakeFirstOrThrow();
    if (Number(n) === 0) return;
    if (Date.now() > until) throw new Error(`${n} courriels toujours en attente`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// fast retries for the tests: 2 tries after the first, 1 s apart
await ensureJobQueues(t.db, { retryLimit: 2, retryDelay: 1, retryBackoff: false });
const { smtp } = await useTestMail(t.url);

describe("what is sent, to whom", () => {
  it("a submitted declaration: the order's correspondents, at once, with the link to it and to the settings", async () => {
    const order = await makeOrder(t.db);
    const d = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "3" }], status: "submitted" });
    const to = await emailsOf("correspondent", order.beneficiaryId);
    expect(to.length).toBeGreaterThan(0);
    await smtp.waitFor(() => to.every((e) => smtp.to(e, (m) => m.text.includes(`/declarations/${d.id}`)).length === 1));
    const m = smtp.to(to[0], (x) => x.text.includes(`/declarations/${d.id}`))[0];
    expect(m.subject).toContain(`à valider : BC ${order.number}`);
    expect(m.text).toContain("3 jours déclarés");
    expect(m.html).toContain(`href="http://localhost:3000/declarations/${d.id}"`);
    expect(m.text).toContain("/compte#courriels");
    expect(m.html).toContain("Mes paramètres de courriels");
    // nobody else
    const all = smtp.received.filter((x) => x.text.includes(`/declarations/${d.id}`)).flatMap((x) => x.to);
    expect(all.sort()).toEqual(to);
  });

  it("a submitted declaration in the daily digest when the correspondent chose it; nothing with « jamais »", async () => {
    const order = await makeOrder(t.db);
    const [first, ...others] = await emailsOf("correspondent", order.beneficiaryId);
    const firstUser = await sessionUser(t.db, first);
    await setPreference(t.db, firstUser, "declaration_submitted", "daily");
    for (const o of others) await setPreference(t.db, await sessionUser(t.db, o), "declaration_submitted", "none");
    const d = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "2" }], status: "submitted" });
    const rows = await rowsOf("declaration_submitted", `d${d.id}:`);
    expect(rows.map((r) => [r.email, r.delivery, r.status])).toEqual([[first, "daily", "queued"], ...others.map((o) => [o, "immediate", "skipped"])]);
    await drained();
    expect(smtp.received.filter((m) => m.text.includes(`/declarations/${d.id}`))).toEqual([]);
    const before = smtp.to(first).length;
    expect(await buildDigests(t.db, "daily", today)).toBeGreaterThan(0);
    await smtp.waitFor(() => smtp.to(first).length === before + 1);
    const digest = smtp.to(first).at(-1)!;
    expect(digest.subject).toContain("récapitulatif du jour");
    expect(digest.text).toContain(`à valider : BC ${order.number}`);
    expect(digest.text).toContain(`/declarations/${d.id}`);
    // the item went into that digest only
    expect((await rowsOf("declaration_submitted", `d${d.id}:`))[0].status).toBe("digested");
    await setPreference(t.db, firstUser, "declaration_submitted", "immediate");
    for (const o of others) await setPreference(t.db, await sessionUser(t.db, o), "declaration_submitted", "immediate");
  });

  it("validated, and rejected with the reason: the contractor's users", async () => {
    const order = await makeOrder(t.db);
    const to = await emailsOf("contractor", order.contractorId);
    const ok = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "1" }], status: "validated" });
    await smtp.waitFor(() => to.every((e) => smtp.to(e, (m) => m.kind === "declaration_decided" && m.text.includes(`/declarations/${ok.id}`)).length === 1));
    const validated = smtp.to(to[0], (m) => m.kind === "declaration_decided" && m.text.includes(`/declarations/${ok.id}`))[0];
    expect(validated.subject).toContain("validée");
    const other = await makeOrder(t.db);
    const ko = await buildDeclaration(t.db, other.id, {
      month,
      lines: [{ orderLineId: other.lines[0].id, days: "1" }],
      status: "rejected",
      rejectionReason: "Les activités ne correspondent pas au mois.",
    });
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.text.includes(`/declarations/${ko.id}/modifier`)).length === 1);
    const rejected = smtp.to(to[0], (m) => m.text.includes(`/declarations/${ko.id}/modifier`))[0];
    expect(rejected.subject).toContain("rejetée");
    expect(rejected.text).toContain("Motif : Les activités ne correspondent pas au mois.");
    expect(
      smtp.received
        .filter((m) => m.kind === "declaration_decided" && m.text.includes(`/declarations/${ko.id}/`))
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(to);
  });

  it("an order issued, then amended: the contractor's users, the PDF linked and not attached", async () => {
    const order = await makeOrder(t.db);
    const to = await emailsOf("contractor", order.contractorId);
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "order_issued" && m.subject.includes(order.number)).length === 1);
    const issued = smtp.to(to[0], (m) => m.kind === "order_issued" && m.subject.includes(order.number))[0];
    expect(issued.subject).toBe(`Nouveau bon de commande n° ${order.number} : ${issued.subject.split(" : ")[1]}`);
    expect(issued.text).toContain(`/commandes/${order.id}/pdf`);
    expect(issued.parsed.attachments).toEqual([]);
    await buildAmendment(t.db, order.id, { reason: "Renfort de l'équipe", lines: [["DEVOPS_CONFIRME", "1"]] });
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "order_issued" && m.subject.includes(`${order.number} modifié`)).length === 1);
    // the correspondent who issued it is not told
    expect(smtp.to(correspondentA.email, (m) => m.kind === "order_issued" && m.subject.includes(order.number))).toEqual([]);
  });

  it("months to declare: the 1st working day of the month, again on the 5th if still missing, once each", async () => {
    const order = await makeOrder(t.db, { contractor: contractorB.email, periodStart: "2026-01-01", periodEnd: "2027-06-30" });
    const to = await emailsOf("contractor", order.contractorId);
    const first = nthWorkingDayOfMonth("2027-01-01", 1);
    const fifth = nthWorkingDayOfMonth("2027-01-01", 5);
    const mine = async () => (await rowsOf("months_to_declare", "2027-01")).filter((r) => r.event_key.includes(`:c${order.contractorId}:`));
    await monthsToDeclareReminders(t.db, addDays(first, 1)); // neither day: nothing
    expect(await mine()).toEqual([]);
    await runDaily(t.db, first);
    await monthsToDeclareReminders(t.db, first); // again the same day (or by a second process): nothing more
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "months_to_declare").length === 1);
    const m = smtp.to(to[0], (x) => x.kind === "months_to_declare")[0];
    expect(m.text).toContain(`BC ${order.number}`);
    expect(m.text).toContain("12/2026");
    expect(m.text).toContain("/declarations");
    await monthsToDeclareReminders(t.db, fifth);
    await smtp.waitFor(() => smtp.to(to[0], (x) => x.kind === "months_to_declare").length === 2);
    expect(smtp.to(to[0], (x) => x.kind === "months_to_declare")[1].subject).toContain("Rappel");
    expect((await mine()).length).toBe(2 * to.length);
  });

  it("declarations waiting for validation for 5 working days: the correspondents' daily digest", async () => {
    const order = await makeOrder(t.db);
    const d = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "1" }], status: "submitted" });
    const to = await emailsOf("correspondent", order.beneficiaryId);
    await waitingDeclarations(t.db, addDays(today, 4)); // 4 calendar days: fewer than 5 working days
    expect(await rowsOf("declarations_waiting", `d${d.id}:`)).toEqual([]);
    const before = smtp.to(to[0], (m) => m.kind === "digest").length;
    await waitingDeclarations(t.db, addDays(today, 8));
    await buildDigests(t.db, "daily", addDays(today, 8));
    // the digest of that day (a digest of an earlier test, built for another day, may still be arriving)
    const ofTheDay = (m: { kind: string | null; text: string }) => m.kind === "digest" && m.text.includes(`au ${formatDate(addDays(today, 8))}`);
    await smtp.waitFor(() => smtp.to(to[0], ofTheDay).length === 1);
    expect(smtp.to(to[0], (m) => m.kind === "digest").length).toBeGreaterThanOrEqual(before + 1);
    const digest = smtp.to(to[0], ofTheDay)[0];
    expect(digest.text).toContain(`en attente de validation depuis le`);
    expect(digest.text).toContain(`/declarations/${d.id}`);
    await waitingDeclarations(t.db, addDays(today, 9)); // told once
    expect((await rowsOf("declarations_waiting", `d${d.id}:`)).length).toBe(to.length);
  });

  it("an order ending in 30 days, then ended, with days left (R14): correspondents at once, DINUM in its weekly digest, once each", async () => {
    const end = addDays(today, 20);
    const order = await makeOrder(t.db, { periodStart: today, periodEnd: end });
    const to = await emailsOf("correspondent", order.beneficiaryId);
    await endingOrders(t.db, today);
    await endingOrders(t.db, today);
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "order_ending" && m.subject.includes(order.number)).length === 1);
    expect(smtp.to(to[0], (m) => m.kind === "order_ending" && m.subject.includes(order.number))[0].subject).toContain("fin dans 20 jours");
    expect(smtp.to(dinum.email, (m) => m.kind === "order_ending")).toEqual([]); // DINUM: the weekly digest
    await endingOrders(t.db, addDays(end, 1));
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "order_ending" && m.subject.includes(order.number)).length === 2);
    const ended = smtp.to(to[0], (m) => m.kind === "order_ending" && m.subject.includes(order.number))[1];
    expect(ended.subject).toContain("échu avec reste");
    expect(ended.text).toContain(`/commandes/${order.id}#solder`);
    await endingOrders(t.db, addDays(end, 2));
    expect((await rowsOf("order_ending", `o${order.id}:`)).filter((r) => r.email === to[0]).length).toBe(2);
    await runWeekly(t.db, addDays(end, 3));
    await smtp.waitFor(() => smtp.to(dinum.email, (m) => m.kind === "digest" && m.subject.includes("semaine")).length >= 1);
    const weekly = smtp.to(dinum.email, (m) => m.kind === "digest" && m.subject.includes("semaine")).at(-1)!;
    expect(weekly.text).toContain(`Bon de commande n° ${order.number} : fin dans 20 jours`);
    expect(weekly.text).toContain(`Bon de commande n° ${order.number} échu avec reste`);
  });

  it("a price schedule version awaiting approval: the DINUM users other than its author", async () => {
    const id = await createUser(t.db, dinum, {
      email: "deuxieme.agent@dinum.test",
      name: "Deuxième Agent",
      role: "dinum",
      beneficiaryId: null,
      contractorId: null,
      password: "",
    });
    expect(id).toBeGreaterThan(0);
    const contract = await t.db.selectFrom("contract").select("id").orderBy("id", "desc").executeTakeFirstOrThrow();
    const holder = await t.db
      .selectFrom("lot_holder as h")
      .innerJoin("lot as l", "l.id", "h.lot_id")
      .select("h.contractor_id")
      .where("l.contract_id", "=", contract.id)
      .executeTakeFirstOrThrow();
    const scheduleId = await createPriceScheduleDraft(t.db, dinum, {
      contractId: contract.id,
      contractorId: holder.contractor_id,
      validFrom: "2031-01-01",
      validTo: null,
      note: "Révision 2031",
      prices: priceTable(),
    });
    await smtp.waitFor(() => smtp.to("deuxieme.agent@dinum.test", (m) => m.kind === "price_schedule_pending").length === 1);
    const m = smtp.to("deuxieme.agent@dinum.test", (x) => x.kind === "price_schedule_pending")[0];
    expect(m.subject).toContain("Bordereau de prix à approuver");
    expect(m.text).toContain(`/referentiel/bordereaux/${scheduleId}`);
    expect(smtp.to(dinum.email, (x) => x.kind === "price_schedule_pending" && x.text.includes(`/bordereaux/${scheduleId}`))).toEqual([]);
  });
});

describe("invoices (R16)", () => {
  it("an invoice due within 7 days, then late: the correspondents' daily digest, once each, with the link to it", async () => {
    const { rows } = await sql<{ id: number; beneficiary_id: number }>`
      SELECT po.id, po.beneficiary_id FROM purchase_order po JOIN order_line ol ON ol.order_id = po.id
      WHERE po.beneficiary_id = ${correspondentA.beneficiaryId} AND po.status = 'issued' AND po.ej_number IS NOT NULL
      GROUP BY po.id
      HAVING sum(ol.consumed_ht) - coalesce((SELECT sum(amount_ht) FROM invoice i WHERE i.order_id = po.id AND i.status <> 'rejected'), 0) > 500
      ORDER BY po.id LIMIT 1`.execute(t.db);
    expect(rows).toHaveLength(1);
    const { id } = await buildInvoice(t.db, rows[0].id, { amountHt: "500.00", number: "FAC-ECHEANCE-1", receivedOn: today });
    const row = await t.db.selectFrom("invoice").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const dueOn = clockOfRow(row, await ecbRates(t.db), today).dueOn!;
    const to = await emailsOf("correspondent", rows[0].beneficiary_id);
    const mine = async () => (await rowsOf("invoices_due", `i${id}:`)).filter((r) => r.email === to[0]);
    await invoicesDue(t.db, addDays(dueOn, -8)); // more than 7 days before: nothing
    expect(await mine()).toEqual([]);
    await invoicesDue(t.db, addDays(dueOn, -3));
    await invoicesDue(t.db, addDays(dueOn, -2)); // the next day: told once
    expect((await mine()).length).toBe(1);
    const before = smtp.to(to[0], (m) => m.kind === "digest").length;
    await buildDigests(t.db, "daily", addDays(dueOn, -3));
    await smtp.waitFor(() => smtp.to(to[0], (m) => m.kind === "digest").length === before + 1);
    const digest = smtp.to(to[0], (m) => m.kind === "digest").at(-1)!;
    expect(digest.text).toContain("Facture FAC-ECHEANCE-1");
    expect(digest.text).toContain(`/factures/${id}`);
    await invoicesDue(t.db, addDays(dueOn, 2));
    await invoicesDue(t.db, addDays(dueOn, 3));
    const told = await mine();
    expect(told.length).toBe(2);
    expect(told[1].subject).toContain("en retard de paiement de 2 jours");
  });
});

describe("what the outbox guarantees", () => {
  it("nothing for an event whose transaction rolled back", async () => {
    const order = await makeOrder(t.db);
    const draft = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "1" }], status: "draft" });
    await expect(
      t.db.transaction().execute(async (trx) => {
        await submitInTransaction(trx, contractorA, draft.id, today);
        expect(
          (await trx.selectFrom("notification").select("id").where("event_key", "like", `declaration_submitted:d${draft.id}:%`).execute()).length,
        ).toBeGreaterThan(0);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await rowsOf("declaration_submitted", `d${draft.id}:`)).toEqual([]);
    // a later event of the same order arrives, the rolled-back one never does
    const later = await makeOrder(t.db);
    const d2 = await buildDeclaration(t.db, later.id, { month, lines: [{ orderLineId: later.lines[0].id, days: "1" }], status: "submitted" });
    await smtp.waitFor(() => smtp.received.some((m) => m.text.includes(`/declarations/${d2.id}`)));
    await drained();
    expect(smtp.received.filter((m) => m.text.includes(`/declarations/${draft.id}`))).toEqual([]);
  });

  it("nothing twice with two worker processes, even when a message's job is delivered twice", async () => {
    const second = await startMailWorker({
      connectionString: t.url,
      transport: loopbackTransport("127.0.0.1", smtp.port),
      pollingIntervalSeconds: 0.5,
      schedules: false,
    });
    try {
      const orders: { id: number }[] = [];
      for (let i = 0; i < 6; i++) orders.push(await makeOrder(t.db));
      const ids = (
        await t.db
          .selectFrom("notification")
          .select("id")
          .where("kind", "=", "order_issued")
          .where("event_key", "like", `order_issued:o${orders[0].id}:%`)
          .execute()
      ).map((r) => r.id);
      // the same rows' jobs once more (a redelivery), for the two workers to race on
      await inTransaction(t.db, undefined, (trx) => queueSending(trx, ids));
      await drained();
      await new Promise((r) => setTimeout(r, 1_200)); // let the duplicate jobs run too
      const rows = await t.db
        .selectFrom("notification")
        .select(["id", "status"])
        .where("kind", "=", "order_issued")
        .where((eb) => eb.or(orders.map((o) => eb("event_key", "like", `order_issued:o${o.id}:%`))))
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(6);
      for (const r of rows) {
        expect(r.status).toBe("sent");
        expect(smtp.received.filter((m) => m.notificationId === r.id).length).toBe(1);
      }
    } finally {
      await second.stop();
    }
  });

  it("SMTP down during a submission: the submission is neither slowed nor refused; the message arrives once when SMTP is back", async () => {
    const order = await makeOrder(t.db);
    await drained();
    await smtp.stop();
    const draft = await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: order.lines[0].id, days: "2" }], status: "draft" });
    const started = performance.now();
    await inTransaction(t.db, undefined, (trx) => submitInTransaction(trx, contractorA, draft.id, today));
    const took = performance.now() - started;
    expect(took).toBeLessThan(1_000); // no SMTP in the submission: a few statements
    const status = await t.db.selectFrom("declaration").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(status.status).toBe("submitted");
    // the worker tried and failed: the message is still queued, with the error
    const until = Date.now() + 10_000;
    let rows = await rowsOf("declaration_submitted", `d${draft.id}:`);
    while (!rows.every((r) => r.attempts >= 1 && r.status === "queued" && r.last_error)) {
      if (Date.now() > until) throw new Error(`pas de tentative échouée : ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 100));
      rows = await rowsOf("declaration_submitted", `d${draft.id}:`);
    }
    await smtp.start();
    await smtp.waitFor(() => rows.every((r) => smtp.received.some((m) => m.notificationId === r.id)));
    await drained();
    for (const r of await rowsOf("declaration_submitted", `d${draft.id}:`)) {
      expect(r.status).toBe("sent");
      expect(r.attempts).toBeGreaterThanOrEqual(2);
      expect(smtp.received.filter((m) => m.notificationId === r.id).length).toBe(1);
    }
  });

  it("a refused recipient: retried, failed after the last try, sent again by DINUM", async () => {
    const [address] = await emailsOf("contractor", contractorB.contractorId);
    smtp.refused.add(address);
    try {
      const order = await makeOrder(t.db, { contractor: contractorB.email });
      const until = Date.now() + 15_000;
      let row = (await rowsOf("order_issued", `o${order.id}:`)).find((r) => r.email === address)!;
      while (row.status !== "failed") {
        if (Date.now() > until) throw new Error(`pas encore en échec : ${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, 100));
        row = (await rowsOf("order_issued", `o${order.id}:`)).find((r) => r.email === address)!;
      }
      expect(row.attempts).toBe(3); // the first try and two retries
      expect(row.last_error).toContain("550");
      smtp.refused.delete(address);
      await resendNotification(t.db, dinum, row.id);
      await smtp.waitFor(() => smtp.received.filter((m) => m.notificationId === row.id).length === 1);
      await drained();
      expect(smtp.received.filter((m) => m.notificationId === row.id).length).toBe(1);
      // a sent message is not sent again
      await expect(resendNotification(t.db, dinum, row.id)).rejects.toThrow(/déjà été envoyé/);
    } finally {
      smtp.refused.delete(address);
    }
  });

  it("nothing is queued for history written by the seeds and factories with the transaction's clock set", async () => {
    expect(Number(seeded.n)).toBe(0); // the whole demo data, written by the use cases
    const before = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const order = await makeOrder(t.db, { periodStart: "2026-01-01" });
    await buildAmendment(t.db, order.id, { reason: "Avenant daté", lines: [["DEVOPS_CONFIRME", "1"]], at: `${today}T08:00:00Z` });
    expect(await rowsOf("order_issued", `o${order.id}:r1`)).toEqual([]);
    const after = await t.db
      .selectFrom("notification")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe((await emailsOf("contractor", order.contractorId)).length); // the issue only
  });
});
