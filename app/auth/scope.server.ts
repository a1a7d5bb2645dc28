// Row scoping, in one place (domain.md "Who uses it"): DINUM sees everything, a correspondent its
// beneficiary's rows, a contractor its own orders. Drafts stay with their author's side (grants.ts): a
// draft order is never shown to its contractor (order:see-drafts), a draft declaration to anyone but its
// contractor (declaration:see-drafts). Every query listing or reading orders, declarations, invoices, products and
// audit events for a user goes through these helpers; the exports (reports/) use the same ones.
import { sql, type ExpressionBuilder, type Expression, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "../../db/schema";
import { can } from "./grants";
import type { SessionUser } from "./user";
/* eslint-disable @typescript-eslint/no-explicit-any -- kysely expression builders over a caller-chosen table alias have no static type */

type Scoped = Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">;
const FALSE = sql<SqlBool>`false`;
const TRUE = sql<SqlBool>`true`;

/** What the scoping helpers depend on, as a key: users with the same key see exactly the same rows. */
export function scopeKey(user: Scoped): string {
  return `${user.role}:${user.beneficiaryId ?? ""}:${user.contractorId ?? ""}`;
}

/**
 * The data version counter of a user's own rows (migration 2026_12_03_2000): a correspondent's beneficiary,
 * a contractor's company; null for DINUM, whose pages show everything (app/lib/versioned-cache.server.ts).
 */
export function dataScope(user: Scoped): string | null {
  if (user.role === "correspondent") return user.beneficiaryId ? `b:${user.beneficiaryId}` : null;
  if (user.role === "contractor") return user.contractorId ? `c:${user.contractorId}` : null;
  return null;
}

/** `AND` of the conditions, leaving out the ones that always hold (so DINUM's scope stays a plain `true`). */
function all(eb: ExpressionBuilder<any, any>, conditions: Expression<SqlBool>[]): Expression<SqlBool> {
  const kept = conditions.filter((c) => c !== TRUE);
  return kept.length === 0 ? TRUE : kept.length === 1 ? kept[0] : eb.and(kept);
}

/** Whether the user may see a draft order (R6: a draft is invisible to the contractor). */
function orderDrafts(user: Scoped, alias: string): RawBuilder<SqlBool> {
  return can(user, "order:see-drafts") ? TRUE : sql<SqlBool>`${sql.ref(`${alias}.status`)} <> 'draft'`;
}

/** Condition on a purchase_order row aliased `alias` ("po" by default). */
export function orderScope<A extends string = "po">(user: Scoped, alias?: A) {
  const a = (alias ?? "po") as string;
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    switch (user.role) {
      case "dinum":
        return all(eb, [orderDrafts(user, a)]);
      case "correspondent":
        return user.beneficiaryId == null ? FALSE : all(eb, [eb(`${a}.beneficiary_id`, "=", user.beneficiaryId), orderDrafts(user, a)]);
      case "contractor":
        return user.contractorId == null ? FALSE : all(eb, [eb(`${a}.contractor_id`, "=", user.contractorId), orderDrafts(user, a)]);
    }
  };
}

/**
 * Whether a declaration row aliased `alias` may be shown: a draft (a first draft, a correction being
 * written, a rejected declaration being reworked) is its contractor's alone until submitted. Usable in a
 * kysely `where`/`on`/`select` and inside `sql` templates. The order's scope is `orderScope`, or both at
 * once with `declarationScope`.
 */
export function declarationVisible(user: Scoped, alias = "d"): RawBuilder<SqlBool> {
  return can(user, "declaration:see-drafts") ? TRUE : sql<SqlBool>`${sql.ref(`${alias}.status`)} <> 'draft'`;
}

/** Condition on a declaration `declAlias` joined to its purchase_order `orderAlias`: the order in scope, drafts hidden. */
export function declarationScope(user: Scoped, declAlias = "d", orderAlias = "po") {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => all(eb, [orderScope(user, orderAlias)(eb), declarationVisible(user, declAlias)]);
}

/**
 * Invoices (R15) are their order's: an invoice aliased `invoiceAlias`, joined to its purchase_order
 * `orderAlias`, is seen by whoever sees the order (a contractor only its own, DINUM everything), and an
 * invoice's contractor is its order's (checked when it is recorded), so a contractor never sees another's.
 */
export function invoiceScope(user: Scoped, invoiceAlias = "i", orderAlias = "po") {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    user.role === "contractor" && user.contractorId != null
      ? all(eb, [orderScope(user, orderAlias)(eb), eb(`${invoiceAlias}.contractor_id`, "=", user.contractorId)])
      : orderScope(user, orderAlias)(eb);
}

/** Products: a correspondent sees its beneficiary's; a contractor those it has issued orders for. */
export function productScope(user: Scoped, alias = "p") {
  return (eb: ExpressionBuilder<DB & Record<string, any>, any>): Expression<SqlBool> => {
    switch (user.role) {
      case "dinum":
        return TRUE;
      case "correspondent":
        return user.beneficiaryId == null ? FALSE : eb(`${alias}.beneficiary_id`, "=", user.beneficiaryId);
      case "contractor":
        return user.contractorId == null
          ? FALSE
          : eb.exists(
              eb
                .selectFrom("purchase_order as spo")
                .select(sql`1`.as("one"))
                .whereRef("spo.product_id", "=", `${alias}.id` as any)
                .where(orderScope(user, "spo")),
            );
    }
  };
}

/**
 * Audit events carry the beneficiary and contractor they concern (a draft order's events no contractor,
 * recordAudit's callers see to it). The events that leave a declaration in draft (created, saved,
 * reopened after a rejection, correction opened) are shown only to those who see draft declarations.
 */
export function auditScope(user: Scoped, alias = "ae") {
  const drafts = can(user, "declaration:see-drafts")
    ? TRUE
    : // a withdrawal (back to draft) records only the state and the month: the buyer, who saw it submitted, sees it go
      sql<SqlBool>`NOT (${sql.ref(`${alias}.entity_type`)} = 'declaration' AND coalesce(${sql.ref(`${alias}.after`)} ->> 'status', '') = 'draft' AND ${sql.ref(`${alias}.action`)} <> 'withdraw')`;
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    switch (user.role) {
      case "dinum":
        return drafts;
      case "correspondent":
        return user.beneficiaryId == null ? FALSE : all(eb, [eb(`${alias}.beneficiary_id`, "=", user.beneficiaryId), drafts]);
      case "contractor":
        return user.contractorId == null ? FALSE : all(eb, [eb(`${alias}.contractor_id`, "=", user.contractorId), drafts]);
    }
  };
}
