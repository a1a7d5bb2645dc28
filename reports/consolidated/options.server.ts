// Choices offered by the export page's filters, within the user's scope.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { scopePins, type SessionUser } from "../../app/auth/user";
import { orderScope } from "../../app/auth/scope.server";

export async function exportOptions(db: Executor, user: SessionUser) {
  // a user pinned to its beneficiary (or company) by its scope has no other to choose
  const pins = scopePins(user);
  // the orders in the user's scope, drafts included, and those issued (the contracts, contractors and years offered)
  const scoped = () => db.selectFrom("purchase_order as po").where(orderScope(user));
  const issued = () => scoped().where("po.status", "<>", "draft");
  const yearsOf = (column: "period_start" | "period_end") =>
    issued()
      .select(sql<number>`DISTINCT extract(year FROM ${sql.ref(`po.${column}`)})::int`.as("year"))
      .execute();
  const [contracts, beneficiaries, contractors, years] = await Promise.all([
    db.selectFrom("contract as k").select(["k.reference", "k.title"]).where("k.id", "in", issued().select("po.contract_id")).orderBy("k.reference").execute(),
    pins.beneficiaryId !== undefined
      ? []
      : db.selectFrom("beneficiary as b").select(["b.id", "b.name"]).where("b.id", "in", scoped().select("po.beneficiary_id")).orderBy("b.name").execute(),
    pins.contractorId !== undefined
      ? []
      : db.selectFrom("contractor as c").select(["c.id", "c.name"]).where("c.id", "in", issued().select("po.contractor_id")).orderBy("c.name").execute(),
    Promise.all([yearsOf("period_start"), yearsOf("period_end")]).then(([starts, ends]) =>
      [...new Set([...starts, ...ends].map((r) => r.year))].sort((a, b) => b - a),
    ),
  ]);
  return { contracts, beneficiaries, contractors, years };
}
