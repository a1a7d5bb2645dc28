// Choices offered by the export page's filters, within the user's scope.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { orderScope } from "../../app/auth/scope.server";

export async function exportOptions(db: Executor, user: SessionUser) {
  const [contracts, beneficiaries, contractors, years] = await Promise.all([
    db
      .selectFrom("contract as k")
      .select(["k.reference", "k.title"])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("purchase_order as po")
            .select(sql`1`.as("one"))
            .whereRef("po.contract_id", "=", "k.id")
            .where(orderScope(user))
            .where("po.status", "<>", "draft"),
        ),
      )
      .orderBy("k.reference")
      .execute(),
    user.role === "correspondent"
      ? []
      : db
          .selectFrom("beneficiary as b")
          .select(["b.id", "b.name"])
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("purchase_order as po")
                .select(sql`1`.as("one"))
                .whereRef("po.beneficiary_id", "=", "b.id")
                .where(orderScope(user)),
            ),
          )
          .orderBy("b.name")
          .execute(),
    user.role === "contractor"
      ? []
      : db
          .selectFrom("contractor as c")
          .select(["c.id", "c.name"])
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom("purchase_order as po")
                .select(sql`1`.as("one"))
                .whereRef("po.contractor_id", "=", "c.id")
                .where(orderScope(user))
                .where("po.status", "<>", "draft"),
            ),
          )
          .orderBy("c.name")
          .execute(),
    db
      .selectFrom("purchase_order as po")
      .where(orderScope(user))
      .where("po.status", "<>", "draft")
      .select(sql<number>`DISTINCT extract(year FROM po.period_start)::int`.as("year"))
      .execute()
      .then(async (starts) => {
        const ends = await db
          .selectFrom("purchase_order as po")
          .where(orderScope(user))
          .where("po.status", "<>", "draft")
          .select(sql<number>`DISTINCT extract(year FROM po.period_end)::int`.as("year"))
          .execute();
        return [...new Set([...starts, ...ends].map((r) => r.year))].sort((a, b) => b - a);
      }),
  ]);
  return { contracts, beneficiaries, contractors, years };
}
