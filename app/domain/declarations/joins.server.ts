// The join most declaration reads start from: the declaration `d`, its order `po` and the order's product `p`,
// beneficiary `b` and contractor `c` (NOT NULL foreign keys: the joins keep every declaration).
import type { Executor } from "../../../db/client";

export function declarationsWithOrder(db: Executor) {
  return db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id");
}
