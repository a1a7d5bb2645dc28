// R17 budget years: each year's last day for orders and for payments (DINUM sets them, audited); past
// them the screens warn. The year-end view: per open order in scope, the AE committed not yet consumed
// (R13: ordered TTC − consumed TTC), with the days left before the closing dates.
//
// "Service fait not yet invoiced" and "invoiced not yet paid" need invoices (R15), which this branch does
// not have: the view leaves them out rather than show columns it cannot fill.
import type { Db, Executor } from "../../../db/client";
import { requireGrant } from "../../auth/grants";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { recordAudit } from "../audit/audit.server";
import { orderFiguresLateral } from "../consumption/queries.server";
import { sum, toCents } from "../../lib/decimal";
import { formatDate } from "../../lib/format";
import type { BudgetYearInput } from "./schemas";
import { invoicedNotPaidByYear, serviceFaitNotInvoicedByYear } from "../invoices/queries.server";

export async function listBudgetYears(db: Executor) {
  return db.selectFrom("budget_year").selectAll().orderBy("year", "desc").execute();
}

export async function setBudgetYear(db: Db, user: SessionUser, input: BudgetYearInput): Promise<void> {
  requireGrant(user, "reference:write");
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("budget_year").selectAll().where("year", "=", input.year).forUpdate().executeTakeFirst();
    const after = { year: input.year, last_order_on: input.lastOrderOn, last_payment_on: input.lastPaymentOn };
    await trx
      .insertInto("budget_year")
      .values(after)
      .onConflict((oc) => oc.column("year").doUpdateSet({ last_order_on: input.lastOrderOn, last_payment_on: input.lastPaymentOn }))
      .execute();
    await recordAudit(trx, { actor: user, entityType: "budget_year", entityId: input.year, action: before ? "update" : "create", before, after });
  });
}

/** Calendar days from `from` to `to` ('YYYY-MM-DD'); negative once `to` is past. */
export function daysUntil(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The order form's warning (R17): today is past the last day for orders of its budget year. */
export async function orderClosingWarning(db: Executor, today: string): Promise<string | null> {
  const y = await db
    .selectFrom("budget_year")
    .selectAll()
    .where("year", "=", Number(today.slice(0, 4)))
    .executeTakeFirst();
  if (!y || today <= y.last_order_on) return null;
  return `L'année budgétaire ${y.year} est close pour les commandes depuis le ${formatDate(y.last_order_on)} : un bon de commande émis maintenant ne pourra pas être engagé sur les crédits de ${y.year}.`;
}

/**
 * The invoice screens' warning (R17): today is past the last day for payments of its budget year (an invoice
 * paid now goes on the next year's credits), or the invoice's due date falls after it (pay it before to use
 * this year's). Null when neither, or when the year has no closing dates.
 */
export async function paymentClosingWarning(db: Executor, today: string, dueOn: string | null = null): Promise<string | null> {
  const y = await db
    .selectFrom("budget_year")
    .selectAll()
    .where("year", "=", Number(today.slice(0, 4)))
    .executeTakeFirst();
  if (!y) return null;
  if (today > y.last_payment_on) {
    return `L'année budgétaire ${y.year} est close pour les paiements depuis le ${formatDate(y.last_payment_on)} : une facture payée maintenant l'est sur les crédits de ${y.year + 1}.`;
  }
  if (dueOn && dueOn > y.last_payment_on) {
    return `L'échéance (${formatDate(dueOn)}) tombe après le dernier jour des paiements de l'année budgétaire ${y.year} (${formatDate(y.last_payment_on)}) : payée après cette date, la facture le sera sur les crédits de ${y.year + 1}.`;
  }
  return null;
}

/** The year-end view of `year` as of `today`, scoped like the order lists. */
export async function yearEnd(db: Executor, user: SessionUser, year: number, today: string) {
  const closing = await db.selectFrom("budget_year").selectAll().where("year", "=", year).executeTakeFirst();
  // R15 at the year's end (to date for the current year): service fait not yet invoiced, invoiced not yet paid
  const [notInvoiced, notPaid] = await Promise.all([serviceFaitNotInvoicedByYear(db, user, today), invoicedNotPaidByYear(db, user, today)]);
  const rows = await db
    .selectFrom("purchase_order as po")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .where(orderScope(user))
    .where("po.status", "=", "issued")
    .where("po.issued_on", "<=", `${year}-12-31`)
    .where("f.remaining_ttc", ">", "0")
    .select(["po.id", "po.number", "po.period_end", "b.name as beneficiary", "p.name as product", "c.name as contractor"])
    .select(["f.ordered_ttc", "f.consumed_ttc", "f.remaining_ttc"])
    .orderBy("b.name")
    .orderBy("po.number")
    .execute();
  return {
    year,
    current: year === Number(today.slice(0, 4)),
    lastOrderOn: closing?.last_order_on ?? null,
    lastPaymentOn: closing?.last_payment_on ?? null,
    daysToLastOrder: closing ? daysUntil(today, closing.last_order_on) : null,
    daysToLastPayment: closing ? daysUntil(today, closing.last_payment_on) : null,
    rows: rows.map((r) => ({
      id: r.id,
      number: r.number ?? "",
      periodEnd: r.period_end,
      beneficiary: r.beneficiary,
      product: r.product,
      contractor: r.contractor,
      orderedTtc: toCents(sum([r.ordered_ttc])),
      consumedTtc: toCents(sum([r.consumed_ttc])),
      remainingTtc: toCents(sum([r.remaining_ttc])),
    })),
    totalRemainingTtc: toCents(sum(rows.map((r) => r.remaining_ttc))),
    serviceFaitNotInvoicedTtc: toCents(sum([notInvoiced.find((r) => r.year === year)?.ttc ?? "0"])),
    invoicedNotPaidTtc: toCents(sum([notPaid.find((r) => r.year === year)?.ttc ?? "0"])),
  };
}
