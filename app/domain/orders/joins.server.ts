// The join most order reads start from: the order `po` with its product `p`, beneficiary `b` and contractor `c`
// (each a NOT NULL foreign key: the joins keep every order). The caller adds its joins, scope, where and select.
import type { Executor } from "../../../db/client";

export function ordersWithParties(db: Executor) {
  return db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id");
}
