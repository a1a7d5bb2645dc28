// The names the journal shows instead of ids (present.ts): one query per kind for a page of events. The events
// are already scoped (auditScope); the names are those of the rows they recorded.
import { sql } from "kysely";
import type { Executor } from "../../../db/client";
import { formatMonth } from "../../lib/format";
import { entityTypeLabels } from "./labels";
import { referencedIds, type AuditEventInput, type AuditNames } from "./present";
import { de } from "../../lib/french";

const ids = (events: AuditEventInput[], type: string) =>
  [...new Set(events.filter((e) => e.entity_type === type).map((e) => Number(e.entity_id)))].filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);

async function byId<T extends { id: number }>(list: number[], run: (ids: number[]) => Promise<T[]>, name: (row: T) => string): Promise<Record<number, string>> {
  if (!list.length) return {};
  return Object.fromEntries((await run(list)).map((r) => [r.id, name(r)]));
}

/** The tables whose name is one column of the row (a product's, a contract's reference, an invoice's number). */
type NamedTable = "product" | "contractor" | "beneficiary" | "contract" | "app_user" | "invoice";

/** `column` of the rows of `table` whose ids are in `list`, by id. */
function columnById(db: Executor, table: NamedTable, column: "name" | "reference" | "number", list: number[], name = (value: string) => value) {
  return byId(
    list,
    (l) =>
      db
        .selectFrom(table)
        .select(["id", sql.ref<string>(column).as("value")])
        .where("id", "in", l)
        .execute(),
    (r) => name(r.value),
  );
}

export async function auditNames(db: Executor, events: AuditEventInput[]): Promise<AuditNames> {
  const refs = referencedIds(events);
  const orderIds = [...new Set([...refs.orders, ...ids(events, "purchase_order")])];
  const productIds = [...new Set([...refs.products, ...ids(events, "product")])];
  const contractorIds = [...new Set([...refs.contractors, ...ids(events, "contractor")])];
  const beneficiaryIds = [...new Set([...refs.beneficiaries, ...ids(events, "beneficiary")])];
  const contractIds = [...new Set([...refs.contracts, ...ids(events, "contract")])];
  const lotIds = [...new Set([...refs.lots, ...ids(events, "lot")])];
  const [orders, products, contractors, beneficiaries, contracts, lots, users, orderLines, workUnits, declarations, schedules, invoices] = await Promise.all([
    byId(
      orderIds,
      (l) =>
        db
          .selectFrom("purchase_order as po")
          .innerJoin("product as p", "p.id", "po.product_id")
          .select(["po.id", "po.number", "p.name"])
          .where("po.id", "in", l)
          .execute(),
      (r) => (r.number ? `${r.number} (${r.name})` : `brouillon n° ${r.id} (${r.name})`),
    ),
    columnById(db, "product", "name", productIds),
    columnById(db, "contractor", "name", contractorIds),
    columnById(db, "beneficiary", "name", beneficiaryIds),
    columnById(db, "contract", "reference", contractIds),
    byId(
      lotIds,
      (l) =>
        db
          .selectFrom("lot")
          .innerJoin("contract as c", "c.id", "lot.contract_id")
          .select(["lot.id", "lot.number", "c.reference"])
          .where("lot.id", "in", l)
          .execute(),
      (r) => `lot ${r.number} ${de(r.reference)}`,
    ),
    columnById(db, "app_user", "name", ids(events, "user")),
    byId(
      [...refs.orderLines],
      (l) =>
        db
          .selectFrom("order_line as ol")
          .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
          .select(["ol.id", "ol.line_no", "w.label"])
          .where("ol.id", "in", l)
          .execute(),
      (r) => `Ligne ${r.line_no} (${r.label})`,
    ),
    db.selectFrom("work_unit_type").select(["code", "label"]).execute(),
    byId(
      ids(events, "declaration"),
      (l) =>
        db
          .selectFrom("declaration as d")
          .innerJoin("purchase_order as po", "po.id", "d.order_id")
          .select(["d.id", "d.kind", sql<string>`to_char(d.month, 'YYYY-MM-DD')`.as("month"), "po.number"])
          .where("d.id", "in", l)
          .execute(),
      (r) => `${r.kind === "correction" ? "Déclaration corrective" : "Déclaration"} ${de(formatMonth(r.month))}, bon de commande ${r.number ?? ""}`,
    ),
    byId(
      ids(events, "price_schedule"),
      (l) =>
        db
          .selectFrom("price_schedule as ps")
          .innerJoin("contractor as c", "c.id", "ps.contractor_id")
          .select(["ps.id", "ps.version", "c.name"])
          .where("ps.id", "in", l)
          .execute(),
      (r) => `Bordereau de prix ${de(r.name)}, version ${r.version}`,
    ),
    columnById(db, "invoice", "number", ids(events, "invoice"), (number) => `Facture ${number}`),
  ]);
  const subjects: Record<string, string> = {};
  const subject = (type: string, names: Record<number, string>, prefix = entityTypeLabels[type] ?? type) => {
    for (const [id, name] of Object.entries(names)) subjects[`${type}:${id}`] = prefix ? `${prefix} ${name}` : name;
  };
  subject("purchase_order", orders);
  subject("product", products);
  subject("contractor", contractors);
  subject("beneficiary", beneficiaries);
  subject("contract", contracts);
  subject("lot", lots, "");
  subject("user", users);
  subject("declaration", declarations, "");
  subject("price_schedule", schedules, "");
  subject("invoice", invoices, "");
  return {
    subjects,
    orders,
    products,
    contractors,
    beneficiaries,
    contracts,
    users,
    lots,
    orderLines,
    workUnits: Object.fromEntries(workUnits.map((w) => [w.code, w.label])),
  };
}
