// R12, read by a person: an audit event as the journal shows it. Pure: the names (orders, products,
// contractors, users, order lines, work units…) are looked up beforehand (names.server.ts) and passed in.
// Only the fields that changed; amounts as "37 440,00 €"; lines, prices and per-line figures as small tables.
import { roleLabels } from "../../auth/grants";
import { formatDays, formatEuros, formatQuantity } from "../../lib/format";
import { actionLabels, auditValueText, entityTypeLabels, fieldLabels } from "./labels";

export interface AuditNames {
  /** "purchase_order:16" → "Bon de commande 25_BAM_112-2026-0012" (the subject of an event) */
  subjects: Record<string, string>;
  /** ids found in the values, by kind */
  orders: Record<number, string>;
  products: Record<number, string>;
  contractors: Record<number, string>;
  beneficiaries: Record<number, string>;
  contracts: Record<number, string>;
  users: Record<number, string>;
  lots: Record<number, string>;
  /** "Ligne 2 (UO Design-Junior)" */
  orderLines: Record<number, string>;
  workUnits: Record<string, string>;
}

export type AuditValue = { text: string } | { head: string[]; rows: string[][] };
export interface AuditChange {
  field: string;
  label: string;
  before?: AuditValue;
  after?: AuditValue;
}

export interface AuditEventInput {
  entity_type: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface PresentedAuditEvent {
  subject: string;
  action: string;
  changes: AuditChange[];
}

const MONEY = new Set([
  "total_ht",
  "total_ttc",
  "total_vat",
  "amount_ht",
  "amount_ttc",
  "amount_vat",
  "unit_price",
  "released_ht",
  "consumed_ht",
  "max_ht",
  "ae_ttc",
]);
const DAYS = new Set(["days", "released_days", "consumed_days", "remaining_estimate_days"]);
const ID_KINDS: Record<string, keyof AuditNames> = {
  order_id: "orders",
  product_id: "products",
  contractor_id: "contractors",
  contractorId: "contractors",
  proposed_contractor_id: "contractors",
  beneficiary_id: "beneficiaries",
  contract_id: "contracts",
  lot_id: "lots",
  line_id: "orderLines",
  order_line_id: "orderLines",
};

/** Field labels the journal needs beyond labels.ts (same words as the screens). */
const moreLabels: Record<string, string> = {
  contractor_id: "Titulaire",
  contractorId: "Titulaire",
  proposed_contractor_id: "Titulaire proposé (tourniquet)",
  product_id: "Produit",
  beneficiary_id: "Bénéficiaire",
  contract_id: "Accord-cadre",
  order_id: "Bon de commande",
  lot_id: "Lot",
  note: "Note",
  price_schedule_version: "Version du bordereau",
  received_on: "Reçue le",
  service_fait_on: "Service fait le",
  in_payment_on: "Mise en paiement le",
  paid_on: "Payée le",
  suspended_on: "Suspendue le",
  suspension_reason: "Motif de suspension",
  declarations: "Déclarations couvertes",
  entity_type: "Objet",
  lines: "Lignes",
};

export function auditFieldLabel(field: string): string {
  return moreLabels[field] ?? fieldLabels[field] ?? field;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function lineName(names: AuditNames, id: unknown, lineNo?: unknown, code?: unknown): string {
  const known = typeof id === "number" || typeof id === "string" ? names.orderLines[Number(id)] : undefined;
  if (known) return known;
  const unit = typeof code === "string" ? (names.workUnits[code] ?? code) : "";
  return lineNo != null ? `Ligne ${String(lineNo)}${unit ? ` (${unit})` : ""}` : unit || `ligne n° ${String(id)}`;
}

/** One scalar value, in French. */
export function auditScalar(entityType: string, field: string, value: unknown, names: AuditNames): string {
  if (value === undefined) return "—";
  if (value === null) return "vide";
  const kind = ID_KINDS[field];
  if (kind && (typeof value === "number" || typeof value === "string")) {
    const name = (names[kind] as Record<string | number, string>)[value as number];
    if (name) return name;
  }
  if (MONEY.has(field) && (typeof value === "string" || typeof value === "number") && /^-?\d+(\.\d+)?$/.test(String(value))) return formatEuros(String(value));
  if (DAYS.has(field) && /^-?\d+(\.\d+)?$/.test(String(value))) return `${formatDays(String(value))} j`;
  if (field === "quantity" && /^\d+(\.\d+)?$/.test(String(value))) return `${formatQuantity(String(value))} UO`;
  if (field === "role" && typeof value === "string") return roleLabels[value as keyof typeof roleLabels] ?? value;
  if ((field === "work_unit_code" || field === "workUnitCode") && typeof value === "string") return names.workUnits[value] ?? value;
  if (field === "entity_type" && typeof value === "string") return entityTypeLabels[value] ?? value;
  if (field === "declarations" && Array.isArray(value)) return value.map((d) => `n° ${String(d)}`).join(", ");
  return auditValueText(entityType, field, value);
}

type LineRecord = Record<string, unknown>;

/** Order lines (an order's "lines"): one row per line; with a before, only the lines that changed, "avant → après". */
function orderLinesTable(before: unknown, after: unknown, names: AuditNames): AuditValue {
  const list = (v: unknown) => (Array.isArray(v) ? (v.filter(isRecord) as LineRecord[]) : []);
  const b = list(before);
  const key = (l: LineRecord, i: number) => String(l.line_id ?? l.line_no ?? i);
  const head = ["Ligne", "Quantité", "Prix unitaire HT", "Montant HT"];
  const rows: string[][] = [];
  list(after).forEach((l, i) => {
    const old = b.find((o, j) => key(o, j) === key(l, i));
    if (old && same(old, l)) return;
    const cell = (field: string) => {
      const now = auditScalar("order_line", field, l[field], names);
      if (!old) return l[field] === undefined ? "" : now;
      const was = auditScalar("order_line", field, old[field], names);
      return was === now ? now : `${was} → ${now}`;
    };
    rows.push([
      `${lineName(names, l.line_id, l.line_no, l.work_unit_code ?? l.workUnitCode)}${!old && b.length ? " (nouvelle)" : ""}`,
      cell("quantity"),
      cell("unit_price"),
      cell("amount_ht"),
    ]);
  });
  return { head, rows };
}

/** A declaration's lines: days and people per order line. */
function declarationLinesTable(after: unknown, names: AuditNames): AuditValue {
  const lines = Array.isArray(after) ? (after.filter(isRecord) as LineRecord[]) : [];
  return {
    head: ["Ligne", "Jours", "Intervenants"],
    rows: lines.map((l) => [
      lineName(names, l.order_line_id),
      auditScalar("declaration", "days", l.days, names),
      Array.isArray(l.people) && l.people.length
        ? l.people
            .filter(isRecord)
            .map((p) => `${String(p.name)} (${formatDays(String(p.days))} j)`)
            .join(", ")
        : "—",
    ]),
  };
}

/** Per order line figures ({ "26": "12.5" }): deltas in days, consumed amounts in euros. */
function perLineTable(value: Record<string, unknown>, column: string, format: (v: unknown) => string, names: AuditNames): AuditValue {
  return { head: ["Ligne", column], rows: Object.entries(value).map(([id, v]) => [lineName(names, id), format(v)]) };
}

/** Prices per work unit ({ PM: "12999.99" }); with a before, only the prices that changed. */
function pricesTable(before: unknown, after: unknown, names: AuditNames): AuditValue {
  const b = isRecord(before) ? before : null;
  const a = isRecord(after) ? after : {};
  const rows = Object.entries(a)
    .filter(([code, v]) => !b || !same(b[code], v))
    .map(([code, v]) => [
      names.workUnits[code] ?? code,
      b && b[code] !== undefined
        ? `${auditScalar("", "unit_price", b[code], names)} → ${auditScalar("", "unit_price", v, names)}`
        : auditScalar("", "unit_price", v, names),
    ]);
  return { head: ["Unité d'œuvre", "Prix unitaire HT"], rows };
}

function valueOf(entityType: string, field: string, value: unknown, names: AuditNames): AuditValue {
  if (field === "deltas" && isRecord(value)) return perLineTable(value, "Jours", (v) => auditScalar(entityType, "days", v, names), names);
  if (field === "consumed_amounts" && isRecord(value)) return perLineTable(value, "Montant HT", (v) => auditScalar(entityType, "amount_ht", v, names), names);
  if (field === "prices" && isRecord(value)) return pricesTable(null, value, names);
  if (field === "lines" && Array.isArray(value)) {
    return entityType === "declaration" ? declarationLinesTable(value, names) : orderLinesTable(null, value, names);
  }
  if (value !== null && typeof value === "object" && !(field === "declarations" && Array.isArray(value))) return { text: JSON.stringify(value) };
  return { text: auditScalar(entityType, field, value, names) };
}

/** The event for the journal: what it is about, its action, and each changed field with its before and after. */
export function presentAuditEvent(e: AuditEventInput, names: AuditNames): PresentedAuditEvent {
  const b = isRecord(e.before) ? e.before : {};
  const a = isRecord(e.after) ? e.after : {};
  const changes: AuditChange[] = [];
  for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const inBefore = field in b;
    const inAfter = field in a;
    // a field recorded on both sides with the same value did not change
    if (inBefore && inAfter && same(b[field], a[field])) continue;
    const label = auditFieldLabel(field);
    if (inBefore && inAfter && field === "lines" && e.entity_type !== "declaration") {
      changes.push({ field, label, after: orderLinesTable(b[field], a[field], names) });
      continue;
    }
    if (inBefore && inAfter && field === "prices") {
      changes.push({ field, label, after: pricesTable(b[field], a[field], names) });
      continue;
    }
    changes.push({
      field,
      label,
      ...(inBefore ? { before: valueOf(e.entity_type, field, b[field], names) } : {}),
      ...(inAfter ? { after: valueOf(e.entity_type, field, a[field], names) } : {}),
    });
  }
  const type = entityTypeLabels[e.entity_type] ?? e.entity_type;
  return {
    subject: names.subjects[`${e.entity_type}:${e.entity_id}`] ?? `${type} n° ${e.entity_id}`,
    action: actionLabels[e.action] ?? e.action,
    changes,
  };
}

/** The ids an event's values refer to, by kind: what names.server.ts looks up. */
export function referencedIds(events: AuditEventInput[]) {
  const ids: Record<"orders" | "products" | "contractors" | "beneficiaries" | "contracts" | "users" | "lots" | "orderLines", Set<number>> = {
    orders: new Set(),
    products: new Set(),
    contractors: new Set(),
    beneficiaries: new Set(),
    contracts: new Set(),
    users: new Set(),
    lots: new Set(),
    orderLines: new Set(),
  };
  const add = (kind: keyof typeof ids, v: unknown) => {
    const n = Number(v);
    if (Number.isInteger(n) && n > 0 && n < 2 ** 31) ids[kind].add(n);
  };
  const walk = (value: unknown) => {
    if (!isRecord(value)) return;
    for (const [k, v] of Object.entries(value)) {
      const kind = ID_KINDS[k];
      if (kind && kind !== "subjects" && kind !== "workUnits") add(kind as keyof typeof ids, v);
      if ((k === "deltas" || k === "consumed_amounts") && isRecord(v)) Object.keys(v).forEach((id) => add("orderLines", id));
      if (k === "lines" && Array.isArray(v)) v.forEach(walk);
    }
  };
  for (const e of events) {
    walk(e.before);
    walk(e.after);
  }
  return ids;
}

/** Who acted, as the audit event stored it ("Robin Octopus (contractor)"), in French: "Robin Octopus (Titulaire)". */
export function actorLabel(stored: string): string {
  return stored.replace(/\((dinum|correspondent|contractor)\)$/, (_, role: keyof typeof roleLabels) => `(${roleLabels[role]})`);
}
