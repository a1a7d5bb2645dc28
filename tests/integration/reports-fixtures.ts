// Awkward data for the report tests: a product whose name is a formula, fractional quantities and
// prices that do not divide evenly, activities starting with + - @, a correction lowering consumption.
import type { Db } from "../../db/client";
import { consumedAmount, daysFromQuantity, lineAmountHt, orderTotals } from "../../app/domain/orders/amounts";
import { insertRevision, totalColumns } from "../../app/domain/orders/revisions.server";
import { dec } from "../../app/lib/decimal";
import { demoAccounts } from "../../seeds/accounts";

export const FORMULA_PRODUCT = '=HYPERLINK("http://x","y")';
export const ACTIVITIES = ["+33 appels au support", "-2 jours de rattrapage", "@équipe revue de code"];

export async function addAwkwardOrder(
  db: Db,
  opts: { number: string; issuedOn: string; lines: [string, string, string][]; declare: { month: string; days: string[]; validatedAt: string | null }[] },
) {
  const benef = await db.selectFrom("beneficiary").select("id").where("name", "like", "Ministères sociaux%").executeTakeFirstOrThrow();
  const contractor = await db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
  const contract = await db.selectFrom("contract").select("id").where("reference", "=", "21_BAM_048").executeTakeFirstOrThrow();
  const lot = await db.selectFrom("lot").select("id").where("contract_id", "=", contract.id).where("number", "=", 1).executeTakeFirstOrThrow();
  const issuer = await db.selectFrom("app_user").select("id").where("email", "=", demoAccounts.correspondentA).executeTakeFirstOrThrow();
  const contractorUser = await db.selectFrom("app_user").select("id").where("email", "=", demoAccounts.contractorA).executeTakeFirstOrThrow();
  let product = await db.selectFrom("product").select("id").where("name", "=", FORMULA_PRODUCT).executeTakeFirst();
  if (!product) {
    product = await db
      .insertInto("product")
      .values({ beneficiary_id: benef.id, name: FORMULA_PRODUCT, kind: "startup_etat", description: "", source: "registry", registry_id: "fiche-formule" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("product_phase").values({ product_id: product.id, phase: "construction", started_on: "2026-01-05", decision: "" }).execute();
    await db
      .insertInto("product_risk")
      .values({ product_id: product.id, title: "-1 développeur", level: "critique", status: "ouvert", identified_on: "2026-02-01" })
      .execute();
  }
  const lines = opts.lines.map(([code, quantity, unitPrice]) => ({ code, quantity, unitPrice }));
  const totals = orderTotals(lines, "0.2000");
  const year = Number(opts.issuedOn.slice(0, 4));
  const order = await db
    .insertInto("purchase_order")
    .values({
      contract_id: contract.id,
      lot_id: lot.id,
      beneficiary_id: benef.id,
      product_id: product.id,
      contractor_id: contractor.id,
      status: "issued",
      number: opts.number,
      number_year: year,
      number_seq: 900 + Number(opts.number.slice(-1)),
      period_start: opts.issuedOn,
      period_end: `${year}-12-31`,
      vat_rate: "0.2000",
      ...totalColumns(totals),
      ej_number: "@EJ",
      created_by: issuer.id,
      issued_by: issuer.id,
      issued_at: `${opts.issuedOn}T10:00:00Z`,
      issued_on: opts.issuedOn,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertRevision(db, { orderId: order.id, revisionNo: 0, reason: "Émission", createdBy: issuer.id, effectiveOn: opts.issuedOn, totals, lines });
  const lineRows = [];
  for (const [i, l] of lines.entries()) {
    lineRows.push(
      await db
        .insertInto("order_line")
        .values({
          order_id: order.id,
          line_no: i + 1,
          work_unit_code: l.code as never,
          quantity: l.quantity,
          unit_price: l.unitPrice,
          amount_ht: lineAmountHt(l.quantity, l.unitPrice),
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
  }
  const state = lines.map(() => ({ days: dec(0), amount: dec(0) }));
  for (const [k, d] of opts.declare.entries()) {
    const status = d.validatedAt ? "validated" : "submitted";
    const decl = await db
      .insertInto("declaration")
      .values({
        order_id: order.id,
        month: d.month,
        status,
        created_by: contractorUser.id,
        submitted_by: contractorUser.id,
        submitted_at: d.validatedAt ?? `${d.month}T12:00:00Z`,
        validated_by: d.validatedAt ? issuer.id : null,
        validated_at: d.validatedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const [i, l] of lines.entries()) {
      const days = d.days[i];
      const amount = d.validatedAt
        ? consumedAmount({
            days,
            unitPrice: l.unitPrice,
            orderedDays: daysFromQuantity(l.quantity),
            orderedAmount: lineAmountHt(l.quantity, l.unitPrice),
            alreadyConsumedDays: state[i].days,
            alreadyConsumedAmount: state[i].amount,
          })
        : null;
      if (d.validatedAt) {
        state[i].days = state[i].days.plus(days);
        state[i].amount = state[i].amount.plus(amount!);
      }
      await db
        .insertInto("declaration_line")
        .values({
          declaration_id: decl.id,
          order_id: order.id,
          order_line_id: lineRows[i].id,
          days,
          delta_days: days,
          consumed_amount: amount,
          activities: ACTIVITIES[(k + i) % ACTIVITIES.length],
          remaining_comment: "=1+1",
        })
        .execute();
    }
  }
  return order.id;
}
