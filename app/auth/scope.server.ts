// Row scoping, in one place (domain.md "Who uses it"): DINUM sees everything, a correspondent its
// beneficiary's rows, a contractor its own orders and never drafts. Every list and detail query on
// orders, declarations, products and audit events goes through these helpers.
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from "kysely";
import type { DB } from "../../db/schema";
import type { SessionUser } from "./user";

type Scoped = Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">;
const FALSE = sql<SqlBool>`false`;
const TRUE = sql<SqlBool>`true`;

/** What the scoping helpers depend on, as a key: users with the same key see exactly the same rows. */
export function scopeKey(user: Scoped): string {
  return `${user.role}:${user.beneficiaryId ?? ""}:${user.contractorId ?? ""}`;
}

/** Condition on a purchase_order row aliased `alias` ("po" by default). */
export function orderScope<A extends string = "po">(user: Scoped, alias?: A) {
  const a = (alias ?? "po") as string;
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    switch (user.role) {
      case "dinum":
        return TRUE;
      case "correspondent":
        return user.beneficiaryId == null ? FALSE : eb(`${a}.beneficiary_id`, "=", user.beneficiaryId);
      case "contractor":
        return user.contractorId == null
          ? FALSE
          : eb.and([eb(`${a}.contractor_id`, "=", user.contractorId), eb(`${a}.status`, "<>", "draft")]);
    }
  };
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
              eb.selectFrom("purchase_order as spo").select(sql`1`.as("one"))
                .whereRef("spo.product_id", "=", `${alias}.id` as any)
                .where("spo.contractor_id", "=", user.contractorId)
                .where("spo.status", "<>", "draft"),
            );
    }
  };
}

/** Audit events carry the beneficiary and contractor they concern. */
export function auditScope(user: Scoped, alias = "ae") {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    switch (user.role) {
      case "dinum":
        return TRUE;
      case "correspondent":
        return user.beneficiaryId == null ? FALSE : eb(`${alias}.beneficiary_id`, "=", user.beneficiaryId);
      case "contractor":
        return user.contractorId == null ? FALSE : eb(`${alias}.contractor_id`, "=", user.contractorId);
    }
  };
}
