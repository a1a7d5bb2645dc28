// What the schedules send (issue 16), run by the worker's daily and weekly jobs (worker.server.ts) and
// callable with any "today" (tests). Each event has its own key, so a run repeated the same day, or by two
// processes, adds nothing: the months to declare (1st working day of the month, again on the 5th for what
// is still missing), the declarations waiting for validation for 5 working days, the orders ending within
// 30 days with days left and those ended with days left (R14), then the digests.
import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { addDays, addMonths, firstOfMonth } from "../../lib/dates";
import { appUrl } from "../../lib/env.server";
import { formatDate, formatDays } from "../../lib/format";
import { nthWorkingDayOfMonth, workingDaysBefore } from "../../lib/working-days";
import { ENDING_WITHIN_DAYS, daysBetween } from "../alerts/alerts.server";
import { ofMonth } from "../declarations/caps";
import { listToDeclare } from "../declarations/queries.server";
import { endedWithRemainingSql } from "../orders/ending.server";
import { clockOfRow, ecbRates } from "../invoices/queries.server";
import { renderDigest } from "./messages";
import { contractorUsers, correspondentsOf, dinumUsers, enqueue, queueSending } from "./outbox.server";
import { de } from "../../lib/french";
import { declarationsWithOrder } from "../declarations/joins.server";

export const WAITING_WORKING_DAYS = 5;

/** The contractors' months to declare, on the 1st and 5th working days of the month. */
export async function monthsToDeclareReminders(db: Db, today: string): Promise<number> {
  const reminder = today === nthWorkingDayOfMonth(today, 1) ? 1 : today === nthWorkingDayOfMonth(today, 5) ? 5 : null;
  if (!reminder) return 0;
  const lastMonth = addMonths(firstOfMonth(today), -1);
  const contractors = await db.selectFrom("contractor").select(["id", "name"]).orderBy("id").execute();
  let queued = 0;
  for (const c of contractors) {
    await db.transaction().execute(async (trx) => {
      const users = await contractorUsers(trx, c.id);
      if (!users.length) return;
      const asContractor: SessionUser = {
        id: users[0].id,
        email: users[0].email,
        name: c.name,
        role: "contractor",
        beneficiaryId: null,
        contractorId: c.id,
        organisation: c.name,
      };
      const months = await listToDeclare(trx, asContractor, { today, before: lastMonth, limit: 1_000 });
      if (!months.length) return;
      const shown = months.slice(0, 30);
      queued += await enqueue(trx, {
        kind: "months_to_declare",
        recipients: users,
        eventKey: `months_to_declare:${today.slice(0, 7)}:n${reminder}:c${c.id}`,
        content: {
          subject:
            reminder === 1 ? `Déclarations à faire : ${months.length} mois à déclarer` : `Rappel : ${months.length} mois toujours à déclarer (5e jour ouvré)`,
          paragraphs: [
            reminder === 1
              ? `Le mois est terminé : déclarez les jours consommés de vos bons de commande. ${months.length} mois restent à déclarer :`
              : `Ces mois ne sont toujours pas déclarés au 5e jour ouvré du mois :`,
            ...shown.map(
              (m) =>
                `- BC ${m.orderNumber} (${m.productName}, ${m.beneficiaryName}) : ${m.month.slice(5, 7)}/${m.month.slice(0, 4)}${m.declarationStatus === "rejected" ? " (rejetée, à corriger)" : m.declarationStatus === "draft" ? " (brouillon non soumis)" : ""}`,
            ),
            ...(months.length > shown.length ? [`… et ${months.length - shown.length} autres.`] : []),
          ],
          link: "/declarations",
          linkLabel: "Déclarer",
        },
      });
    });
  }
  return queued;
}

/** Submitted declarations still waiting for validation 5 working days later: the order's correspondents (daily digest). */
export async function waitingDeclarations(db: Db, today: string): Promise<number> {
  const since = workingDaysBefore(today, WAITING_WORKING_DAYS);
  const waiting = await declarationsWithOrder(db)
    .select([
      "d.id",
      "d.month",
      "po.number",
      "po.beneficiary_id",
      "p.name as productName",
      "c.name as contractorName",
      sql<string>`to_char(d.submitted_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`.as("submittedOn"),
      sql<string>`to_char(d.submitted_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS')`.as("submittedKey"),
    ])
    .where("d.status", "=", "submitted")
    .where(sql<boolean>`(d.submitted_at AT TIME ZONE 'Europe/Paris')::date <= ${since}::date`)
    .orderBy("d.id")
    .execute();
  let queued = 0;
  for (const d of waiting) {
    await db.transaction().execute(async (trx) => {
      queued += await enqueue(trx, {
        kind: "declarations_waiting",
        recipients: await correspondentsOf(trx, d.beneficiary_id),
        eventKey: `declarations_waiting:d${d.id}:${d.submittedKey}`,
        content: {
          subject: `Déclaration ${ofMonth(d.month)} en attente de validation depuis le ${formatDate(d.submittedOn)} : BC ${d.number} (${d.productName})`,
          paragraphs: [`${d.contractorName} attend votre service fait depuis ${WAITING_WORKING_DAYS} jours ouvrés ou plus.`],
          link: `/declarations/${d.id}`,
          linkLabel: "Valider ou rejeter la déclaration",
        },
      });
    });
  }
  return queued;
}

/** R14: orders ending within 30 days with days left, and ended with days left: correspondents, and DINUM (weekly digest). Once each. */
export async function endingOrders(db: Db, today: string): Promise<number> {
  const orders = await db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .select([
      "po.id",
      "po.number",
      "po.period_end",
      "po.beneficiary_id",
      "p.name as productName",
      sql<string>`(SELECT coalesce(sum(ol.ordered_days - ol.consumed_days), 0) FROM order_line ol WHERE ol.order_id = po.id)`.as("remainingDays"),
      endedWithRemainingSql(today).as("ended"),
    ])
    .where("po.status", "=", "issued")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("po.period_end", ">=", today),
          eb("po.period_end", "<=", addDays(today, ENDING_WITHIN_DAYS)),
          sql<boolean>`(SELECT coalesce(sum(ol.ordered_days - ol.consumed_days), 0) FROM order_line ol WHERE ol.order_id = po.id) > 0`,
        ]),
        endedWithRemainingSql(today),
      ]),
    )
    .orderBy("po.id")
    .execute();
  let queued = 0;
  const dinum = await dinumUsers(db);
  for (const o of orders) {
    const daysLeft = daysBetween(today, o.period_end);
    await db.transaction().execute(async (trx) => {
      queued += await enqueue(trx, {
        kind: "order_ending",
        recipients: [...(await correspondentsOf(trx, o.beneficiary_id)), ...dinum],
        eventKey: `${o.ended ? "order_ended" : "order_ending"}:o${o.id}:e${o.period_end}`,
        content: o.ended
          ? {
              subject: `Bon de commande n° ${o.number} échu avec reste : ${formatDays(o.remainingDays)} j non consommés`,
              paragraphs: [
                `La période du bon de commande n° ${o.number} (${o.productName}) s'est terminée le ${formatDate(o.period_end)} avec ${formatDays(o.remainingDays)} jours non consommés.`,
                "Aucune déclaration n'est plus possible : soldez-le pour libérer ce reste.",
              ],
              link: `/commandes/${o.id}#solder`,
              linkLabel: "Voir et solder le bon de commande",
            }
          : {
              subject: `Bon de commande n° ${o.number} : fin dans ${daysLeft} jour${daysLeft > 1 ? "s" : ""} avec ${formatDays(o.remainingDays)} j non consommés`,
              paragraphs: [
                `Le bon de commande n° ${o.number} (${o.productName}) se termine le ${formatDate(o.period_end)} ; il reste ${formatDays(o.remainingDays)} jours non consommés.`,
              ],
              link: `/commandes/${o.id}`,
              linkLabel: "Voir le bon de commande",
            },
      });
    });
  }
  return queued;
}

/** R16: how many days before its due date an unpaid invoice is announced to the order's correspondents. */
export const INVOICE_DUE_WITHIN_DAYS = 7;

/**
 * R16: invoices due within 7 days, or late, not yet paid (deposited or in payment; a suspended one's clock is
 * stopped): one item per invoice and state for the correspondents of its order's beneficiary (daily digest), keyed
 * `invoices_due:i<invoice id>:<due|late>:<due date>` so each is told once, again only if a new period opens.
 */
export async function invoicesDue(db: Db, today: string): Promise<number> {
  const [rows, rates] = await Promise.all([
    db
      .selectFrom("invoice as i")
      .innerJoin("purchase_order as po", "po.id", "i.order_id")
      .innerJoin("contractor as c", "c.id", "po.contractor_id")
      .select([
        "i.id",
        "i.number",
        "i.status",
        "i.received_on",
        "i.service_fait_on",
        "i.suspended_on",
        "i.resumed_on",
        "i.paid_on",
        "i.amount_ttc",
        // R18: a subcontractor's invoice's 30 days run from the holder's approval (clockOfRow reads these)
        "i.approval_due_on",
        "i.holder_decision",
        "i.holder_decided_on",
        "po.id as order_id",
        "po.number as order_number",
        "po.beneficiary_id",
        "c.name as contractor",
      ])
      .where("i.status", "in", ["deposited", "in_payment"])
      .orderBy("i.id")
      .execute(),
    ecbRates(db),
  ]);
  let queued = 0;
  for (const r of rows) {
    const clock = clockOfRow(r, rates, today);
    if (!clock.dueOn || clock.stopped) continue;
    const late = clock.daysLate > 0;
    if (!late && daysBetween(today, clock.dueOn) > INVOICE_DUE_WITHIN_DAYS) continue;
    await db.transaction().execute(async (trx) => {
      queued += await enqueue(trx, {
        kind: "invoices_due",
        recipients: await correspondentsOf(trx, r.beneficiary_id),
        eventKey: `invoices_due:i${r.id}:${late ? "late" : "due"}:${clock.dueOn}`,
        content: {
          subject: late
            ? `Facture ${r.number} (BC ${r.order_number ?? ""}) en retard de paiement de ${clock.daysLate} jour${clock.daysLate > 1 ? "s" : ""}`
            : `Facture ${r.number} (BC ${r.order_number ?? ""}) à payer avant le ${formatDate(clock.dueOn)}`,
          paragraphs: [
            late
              ? `La facture ${r.number} ${de(r.contractor)} devait être payée le ${formatDate(clock.dueOn)} : des intérêts moratoires courent depuis, de droit, plus l'indemnité forfaitaire de 40 €.`
              : `La facture ${r.number} ${de(r.contractor)} doit être payée au plus tard le ${formatDate(clock.dueOn)} (délai global de paiement de 30 jours).`,
          ],
          link: `/factures/${r.id}`,
          linkLabel: "Voir la facture",
        },
      });
    });
  }
  return queued;
}

/** Gathers each recipient's queued items of the period into one message (sent at once), once per day. */
export async function buildDigests(db: Db, period: "daily" | "weekly", today: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const items = await trx
      .selectFrom("notification")
      .select(["id", "user_id", "email", "subject", "link"])
      .where("status", "=", "queued")
      .where("delivery", "=", period)
      .orderBy("email")
      .orderBy("id")
      .forUpdate()
      .skipLocked()
      .execute();
    const byEmail = new Map<string, typeof items>();
    for (const i of items) byEmail.set(i.email, [...(byEmail.get(i.email) ?? []), i]);
    const origin = appUrl();
    let built = 0;
    for (const [email, mine] of byEmail) {
      const m = renderDigest(mine, period, today, origin);
      const digest = await trx
        .insertInto("notification")
        .values({
          kind: "digest",
          user_id: mine[0].user_id,
          email,
          event_key: `digest:${period}:${today}:${email}`,
          delivery: "immediate",
          subject: m.subject,
          body_text: m.text,
          body_html: m.html,
          link: m.link,
        })
        .onConflict((oc) => oc.column("event_key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!digest) continue; // already built today: these wait for the next one
      await trx
        .updateTable("notification")
        .set({ status: "digested", digest_id: digest.id, updated_at: sql`now()` })
        .where(
          "id",
          "in",
          mine.map((i) => i.id),
        )
        .execute();
      await queueSending(trx, [digest.id]);
      built++;
    }
    return built;
  });
}

export async function runDaily(db: Db, today: string) {
  const reminders = await monthsToDeclareReminders(db, today);
  const waiting = await waitingDeclarations(db, today);
  const ending = await endingOrders(db, today);
  const invoices = await invoicesDue(db, today);
  const digests = await buildDigests(db, "daily", today);
  return { reminders, waiting, ending, invoices, digests };
}

export async function runWeekly(db: Db, today: string) {
  return { digests: await buildDigests(db, "weekly", today) };
}
