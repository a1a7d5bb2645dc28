// Import of one month's declarations for several orders (R8, R9). The preview runs exactly what the
// confirmation runs, inside a transaction that is rolled back, so that it reports every refusal (caps
// included) row by row; the confirmation writes everything or nothing. Importing the same month again
// replaces the drafts (the month's initial declaration is unique per order).
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { retryOnDeadlock } from "../../../db/retry";
import { requireGrant } from "../../auth/grants";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { todayInParis } from "../../lib/dates";
import { formatMonth } from "../../lib/format";
import { IMPORT_PEOPLE, labelOf, type ImportError, type ImportKey, type ImportRow } from "./import-columns";
import { committedDays, monthError, ofMonth, peopleTotalError } from "./caps";
import { daysFromQuantity } from "../orders/amounts";
import { dec } from "../../lib/decimal";
import { workingDaysInMonth } from "../../lib/working-days";
import { declarationLineSchema, parsePeople } from "./schemas";
import { Refusal } from "../../lib/refusal";
import { submitInTransaction, writeDraft, type DraftLine } from "./services.server";

export interface ImportGroup {
  orderId: number;
  orderNumber: string;
  productName: string;
  action: "create" | "replace";
  declarationId: number | null;
  lines: (DraftLine & { row: number; lineNo: number })[];
}

export interface ImportPreview {
  month: string | null;
  groups: ImportGroup[];
  errors: ImportError[];
}

/** '2026-10', '2026-10-01', '10/2026', '01/10/2026' → '2026-10-01' */
export function parseImportMonth(value: string): string | null {
  const v = value.trim();
  let m = /^(\d{4})-(\d{1,2})(?:-01)?$/.exec(v);
  if (m) return valid(m[1], m[2]);
  m = /^(?:01\/)?(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) return valid(m[2], m[1]);
  return null;
  function valid(y: string, mo: string) {
    const n = Number(mo);
    return n >= 1 && n <= 12 ? `${y}-${String(n).padStart(2, "0")}-01` : null;
  }
}

const err = (row: number | null, key: ImportKey | null, message: string): ImportError => ({ row, column: key ? labelOf(key) : null, message });

/** Checks each row on its own, resolves the orders and lines in scope, groups rows by order. */
async function analyse(db: Tx, user: SessionUser, rows: ImportRow[], today: string): Promise<ImportPreview> {
  const errors: ImportError[] = [];
  let month: string | null = null;
  type Parsed = { row: ImportRow; orderNumber: string; lineNo: number; line: Omit<DraftLine, "orderLineId"> };
  const parsed: Parsed[] = [];
  for (const r of rows) {
    const c = r.cells;
    const rowErrors: ImportError[] = [];
    const orderNumber = (c.orderNumber ?? "").trim();
    if (!orderNumber) rowErrors.push(err(r.row, "orderNumber", "Indiquez le numéro du bon de commande."));
    const m = parseImportMonth(c.month ?? "");
    if (!c.month) rowErrors.push(err(r.row, "month", "Indiquez le mois déclaré, au format AAAA-MM."));
    else if (!m) rowErrors.push(err(r.row, "month", `Mois « ${c.month} » invalide : utilisez le format AAAA-MM, par exemple 2026-10.`));
    else if (month === null) month = m;
    else if (m !== month)
      rowErrors.push(
        err(r.row, "month", `Un fichier ne déclare qu'un seul mois : cette ligne déclare ${formatMonth(m)}, les précédentes ${formatMonth(month)}.`),
      );
    const lineNo = /^\d{1,3}$/.test((c.lineNo ?? "").trim()) ? Number(c.lineNo) : null;
    if (lineNo === null || lineNo < 1) rowErrors.push(err(r.row, "lineNo", "Indiquez le numéro de la ligne du bon de commande (1, 2, 3…)."));
    const line = declarationLineSchema.safeParse({
      orderLineId: 1,
      days: c.days ?? "",
      activities: c.activities ?? "",
      remainingEstimateDays: c.remainingEstimateDays ?? "",
      remainingComment: c.remainingComment ?? "",
    });
    if (!line.success) {
      for (const issue of line.error.issues) {
        const key = String(issue.path[0]) as ImportKey;
        rowErrors.push(
          err(
            r.row,
            ["days", "activities", "remainingEstimateDays", "remainingComment"].includes(key) ? key : "days",
            !c.days && key === "days" ? "Indiquez les jours consommés (0 si aucun)." : issue.message,
          ),
        );
      }
    }
    const people = parsePeople(
      Array.from({ length: IMPORT_PEOPLE }, (_, i) => ({
        name: c[`person${i + 1}` as ImportKey] ?? "",
        days: c[`person${i + 1}Days` as ImportKey] ?? "",
      })),
    );
    if (!people.ok)
      for (const e of people.errors) rowErrors.push(err(r.row, `person${e.index + 1}${e.field === "days" ? "Days" : ""}` as ImportKey, e.message));
    // the same rule as the form: named people's days add up to the line's days
    const total =
      line.success && people.ok
        ? peopleTotalError(
            `Ligne ${(c.lineNo ?? "").trim()}`,
            line.data.days,
            people.people.map((p) => p.days),
          )
        : null;
    if (total) rowErrors.push(err(r.row, "person1Days", total));
    errors.push(...rowErrors);
    if (!rowErrors.length && line.success && people.ok) {
      parsed.push({ row: r, orderNumber, lineNo: lineNo!, line: { ...line.data, people: people.people } });
    }
  }

  // the orders in the user's scope, by number
  const numbers = [...new Set(parsed.map((p) => p.orderNumber))];
  const orders = numbers.length
    ? await db
        .selectFrom("purchase_order as po")
        .innerJoin("product as p", "p.id", "po.product_id")
        .select(["po.id", "po.number", "po.status", "po.period_start", "po.period_end", "po.contractor_id", "p.name as productName"])
        .where("po.number", "in", numbers)
        .where(orderScope(user))
        .execute()
    : [];
  const orderLines = orders.length
    ? await db
        .selectFrom("order_line")
        .select(["id", "order_id", "line_no"])
        .where(
          "order_id",
          "in",
          orders.map((o) => o.id),
        )
        .execute()
    : [];
  const existing =
    orders.length && month
      ? await db
          .selectFrom("declaration")
          .select(["id", "order_id", "status"])
          .where(
            "order_id",
            "in",
            orders.map((o) => o.id),
          )
          .where("month", "=", month)
          .where("kind", "=", "initial")
          .execute()
      : [];

  const groups = new Map<number, ImportGroup>();
  const refusedOrders = new Set<number>();
  for (const p of parsed) {
    const o = orders.find((x) => x.number === p.orderNumber);
    if (!o || o.contractor_id !== user.contractorId) {
      errors.push(err(p.row.row, "orderNumber", `Bon de commande ${p.orderNumber} inconnu ou qui n'est pas le vôtre.`));
      continue;
    }
    if (o.status !== "issued") {
      errors.push(err(p.row.row, "orderNumber", `Le bon de commande ${p.orderNumber} n'est pas émis (soldé ou annulé) : on n'y déclare plus.`));
      continue;
    }
    const mErr = month ? monthError(month, o.period_start, o.period_end, today) : null;
    if (mErr) {
      errors.push(err(p.row.row, "month", mErr));
      continue;
    }
    const ex = existing.find((e) => e.order_id === o.id);
    if (ex && (ex.status === "submitted" || ex.status === "validated")) {
      if (!refusedOrders.has(o.id)) {
        errors.push(
          err(
            p.row.row,
            "orderNumber",
            `La déclaration ${ofMonth(month!)} du bon ${p.orderNumber} est déjà ${ex.status === "submitted" ? "soumise" : "validée"} : l'import ne la remplace pas.`,
          ),
        );
      }
      refusedOrders.add(o.id);
      continue;
    }
    const ol = orderLines.find((l) => l.order_id === o.id && l.line_no === p.lineNo);
    if (!ol) {
      errors.push(err(p.row.row, "lineNo", `Le bon de commande ${p.orderNumber} n'a pas de ligne ${p.lineNo}.`));
      continue;
    }
    let g = groups.get(o.id);
    if (!g) {
      g = {
        orderId: o.id,
        orderNumber: p.orderNumber,
        productName: o.productName,
        action: ex ? "replace" : "create",
        declarationId: ex?.id ?? null,
        lines: [],
      };
      groups.set(o.id, g);
    }
    const dup = g.lines.find((l) => l.orderLineId === ol.id);
    if (dup) {
      errors.push(err(p.row.row, "lineNo", `La ligne ${p.lineNo} du bon ${p.orderNumber} figure déjà en ligne ${dup.row} du fichier.`));
      continue;
    }
    g.lines.push({ ...p.line, orderLineId: ol.id, row: p.row.row, lineNo: p.lineNo });
  }
  return { month, groups: [...groups.values()], errors };
}

/** Places a service refusal (caps...) on the rows and columns it concerns. */
function issuesToImportErrors(e: Refusal, g: ImportGroup): ImportError[] {
  if (!e.issues.length) return [err(g.lines[0]?.row ?? null, "orderNumber", `${g.orderNumber} : ${e.message}`)];
  return e.issues.map((issue) => {
    if (issue.personName) {
      for (const l of g.lines) {
        const i = l.people.findIndex((p) => p.name === issue.personName);
        if (i >= 0) return err(l.row, `person${i + 1}Days` as ImportKey, issue.message);
      }
    }
    const l = g.lines.find((x) => x.orderLineId === issue.orderLineId) ?? g.lines[0];
    const key: ImportKey = issue.field === "month" ? "month" : issue.field === "people" ? "person1Days" : issue.orderLineId ? "days" : "orderNumber";
    return err(l?.row ?? null, key, issue.message);
  });
}

class Rollback extends Error {}

/**
 * Writes and submits every group, each under a savepoint, collecting the refusals (caps...) group by group;
 * a refused group is rolled back so that the next ones are checked against what would really be written.
 * Groups go in order id order, whatever the file's: each locks its order's lines until the end of the
 * import, and two imports taking the same orders in opposite orders would each wait for the other's.
 */
async function apply(trx: Tx, user: SessionUser, preview: ImportPreview, today: string): Promise<ImportError[]> {
  const errors: ImportError[] = [];
  for (const [i, g] of byOrderId(preview.groups).entries()) {
    const sp = sql.raw(`import_group_${i}`);
    await sql`SAVEPOINT ${sp}`.execute(trx);
    try {
      const { id } = await writeDraft(trx, user, { orderId: g.orderId, month: preview.month!, declarationId: g.declarationId, lines: g.lines }, today);
      await submitInTransaction(trx, user, id, today);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      await sql`ROLLBACK TO SAVEPOINT ${sp}`.execute(trx);
      errors.push(...issuesToImportErrors(e, g));
    }
  }
  return errors;
}

function byOrderId(groups: ImportGroup[]): ImportGroup[] {
  return [...groups].sort((a, b) => a.orderId - b.orderId);
}

function sortErrors(errors: ImportError[]) {
  return errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** What the import would do, and every error, without writing anything. */
export async function previewImport(db: Db, user: SessionUser, rows: ImportRow[], today = todayInParis()): Promise<ImportPreview> {
  requireGrant(user, "declaration:write");
  return retryOnDeadlock(async () => {
    let result: ImportPreview | null = null;
    try {
      await db.transaction().execute(async (trx) => {
        const preview = await analyse(trx, user, rows, today);
        if (preview.month && preview.groups.length) preview.errors.push(...(await apply(trx, user, preview, today)));
        result = { ...preview, errors: sortErrors(preview.errors) };
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return result!;
  });
}

type ConfirmResult = { ok: true; count: number; month: string; submitted: boolean } | { ok: false; preview: ImportPreview };

/**
 * Writes the whole import or nothing. Returns the declarations written, or the errors (nothing written).
 * Run again if PostgreSQL chose it as a deadlock's victim (it was then rolled back whole).
 */
export async function confirmImport(
  db: Db,
  user: SessionUser,
  rows: ImportRow[],
  options: { submit: boolean },
  today = todayInParis(),
): Promise<ConfirmResult> {
  requireGrant(user, "declaration:write");
  return retryOnDeadlock(async (): Promise<ConfirmResult> => {
    let failed: ImportPreview | null = null;
    let count = 0;
    let month = "";
    try {
      await db.transaction().execute(async (trx) => {
        const preview = await analyse(trx, user, rows, today);
        if (!preview.errors.length && (!preview.month || !preview.groups.length))
          preview.errors.push(err(null, null, "Le fichier ne contient aucune déclaration à importer."));
        if (!preview.errors.length) {
          // the caps are checked as if everything were submitted together (a person across the file's orders)
          await sql`SAVEPOINT import_checked`.execute(trx);
          preview.errors.push(...(await apply(trx, user, preview, today)));
          if (!preview.errors.length && !options.submit) {
            await sql`ROLLBACK TO SAVEPOINT import_checked`.execute(trx);
            for (const g of byOrderId(preview.groups)) {
              await writeDraft(trx, user, { orderId: g.orderId, month: preview.month!, declarationId: g.declarationId, lines: g.lines }, today);
            }
          }
        }
        if (preview.errors.length) {
          failed = { ...preview, errors: sortErrors(preview.errors) };
          throw new Rollback();
        }
        count = preview.groups.length;
        month = preview.month!;
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return failed ? { ok: false, preview: failed } : { ok: true, count, month, submitted: options.submit };
  });
}

/** The template's rows: every line of the contractor's issued orders whose period covers the month. */
export async function templateRows(db: Executor, user: SessionUser, month: string) {
  const rows = await db
    .selectFrom("purchase_order as po")
    .innerJoin("order_line as ol", "ol.order_id", "po.id")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where(orderScope(user))
    .where("po.status", "=", "issued")
    .where(sql<boolean>`date_trunc('month', po.period_start) <= ${month}::date AND po.period_end >= ${month}::date`)
    .select(["po.number", "ol.line_no", "w.label", "ol.quantity", "ol.consumed_days", "ol.pending_days", "ol.pending_raise_days"])
    .orderBy("po.number")
    .orderBy("ol.line_no")
    .execute();
  const workingDays = workingDaysInMonth(month);
  return rows.map((r) => ({
    orderNumber: r.number ?? "",
    month,
    lineNo: r.line_no,
    workUnit: r.label,
    daysLeft: dec(daysFromQuantity(r.quantity)).minus(committedDays(r).committed).toFixed(1),
    workingDays,
  }));
}
