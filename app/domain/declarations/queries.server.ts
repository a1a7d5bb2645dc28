// Declaration reads, always scoped by auth/scope.server.ts: the order in scope (orderScope), and a draft
// shown only to its contractor (declarationScope / declarationVisible).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { Db, Executor } from "../../../db/client";
import type { DeclarationStatus } from "../../../db/schema";
import { can } from "../../auth/grants";
import { dataScope, declarationScope, declarationVisible, orderScope, scopeKey } from "../../auth/scope.server";
import { beneficiaryParts, versionedCache } from "../../lib/versioned-cache.server";
import type { SessionUser } from "../../auth/user";
/* eslint-disable @typescript-eslint/no-explicit-any -- kysely expression builders over a caller-chosen table alias have no static type */
import { firstOfMonth, todayInParis } from "../../lib/dates";
import { containsPattern } from "../../lib/like";
import { toFigures } from "../consumption/figures";
import { lineFiguresQuery } from "../consumption/queries.server";
import { endedWithRemainingSql } from "../orders/ending.server";
import { declarationsWithOrder } from "./joins.server";

export interface ToDeclareItem {
  orderId: number;
  orderNumber: string;
  productName: string;
  beneficiaryName: string;
  contractorName: string;
  month: string;
  declarationId: number | null;
  declarationStatus: DeclarationStatus | null;
  rejectionReason: string | null;
  /** R14: the order's period has ended with days left (its last months are still to declare) */
  endedWithRemaining: boolean;
}

/** What the declarations page narrows its lists to: a month, part of an order number. */
export interface DeclarationFilters {
  /** first day of the month, YYYY-MM-01 */
  month?: string | null;
  /** part of the order number (case-insensitive) */
  q?: string | null;
  contractorId?: number | null;
  beneficiaryId?: number | null;
}

/** The filters as a condition on a month column and on `po.number`. */
function matching(filters: DeclarationFilters, monthColumn: "m.month" | "d.month") {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (filters.month) conditions.push(eb(monthColumn, "=", filters.month));
    if (filters.q) conditions.push(eb("po.number", "ilike", containsPattern(filters.q)));
    if (filters.contractorId) conditions.push(eb("po.contractor_id", "=", filters.contractorId));
    if (filters.beneficiaryId) conditions.push(eb("po.beneficiary_id", "=", filters.beneficiaryId));
    return eb.and(conditions);
  };
}

/**
 * Each issued order and each month of its period up to the current month with no submitted or validated
 * declaration yet (a draft or a rejected one is listed with its state): the rows, before selection. Read
 * from `month_to_declare`, kept by triggers in the writing transaction (migration 2026_12_20_00, issue 15:
 * listing every order-month of the scope and merging it with every declaration cost a national contractor
 * 200 ms at factor 1, 450 ms at factor 2, after each write in its scope).
 */
function toDeclareRows(db: Executor, user: SessionUser, options: { today?: string; before?: string; orderId?: number } & DeclarationFilters) {
  const upTo = options.before ?? firstOfMonth(options.today ?? todayInParis());
  return db
    .selectFrom("month_to_declare as m")
    .innerJoin("purchase_order as po", "po.id", "m.order_id")
    .where(orderScope(user))
    .where("po.status", "=", "issued")
    .where("m.month", "<=", upTo)
    .$if(options.orderId != null, (qb) => qb.where("m.order_id", "=", options.orderId!))
    .where(matching(options, "m.month"));
}

/** The months to declare, oldest first (`limit` rows from `offset`). */
export async function listToDeclare(
  db: Executor,
  user: SessionUser,
  options: { today?: string; before?: string; limit?: number; offset?: number; orderId?: number } & DeclarationFilters = {},
): Promise<ToDeclareItem[]> {
  const rows = await toDeclareItems(db, user, options)
    .orderBy("m.month")
    .orderBy("po.number")
    .limit(options.limit ?? 500)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toDeclareItem);
}

/** toDeclareRows with what a ToDeclareItem shows. */
function toDeclareItems(db: Executor, user: SessionUser, options: { today?: string; before?: string; orderId?: number } & DeclarationFilters) {
  return (
    toDeclareRows(db, user, options)
      // its draft or rejected declaration, if any; a month whose draft the user may not see reads as not declared yet
      .leftJoin("declaration as d", (j) =>
        j.onRef("d.order_id", "=", "m.order_id").onRef("d.month", "=", "m.month").on("d.kind", "=", "initial").on(declarationVisible(user, "d")),
      )
      .innerJoin("product as p", "p.id", "po.product_id")
      .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
      .innerJoin("contractor as c", "c.id", "po.contractor_id")
      .select([
        "po.id as orderId",
        "po.number as orderNumber",
        "p.name as productName",
        "b.name as beneficiaryName",
        "c.name as contractorName",
        "m.month",
        "d.id as declarationId",
        "d.status as declarationStatus",
        "d.rejection_reason as rejectionReason",
        endedWithRemainingSql(options.today ?? todayInParis()).as("endedWithRemaining"),
      ])
  );
}

function toDeclareItem<
  R extends { orderNumber: string | null; declarationId: number | null; declarationStatus: DeclarationStatus | null; rejectionReason: string | null },
>(r: R) {
  return {
    ...r,
    orderNumber: r.orderNumber ?? "",
    declarationId: r.declarationId ?? null,
    declarationStatus: r.declarationStatus ?? null,
    rejectionReason: r.rejectionReason ?? null,
  };
}

/**
 * listToDeclare per beneficiary (issue 15: DINUM's alerts page is kept per beneficiary): for each beneficiary
 * of `beneficiaryIds`, its first `limit` months to declare in listToDeclare's order (month, then order number),
 * in one statement. A beneficiary with nothing to declare is left out.
 */
export async function listToDeclareBy(
  db: Executor,
  user: SessionUser,
  options: { today?: string; before?: string },
  beneficiaryIds: number[],
  limit: number,
): Promise<Map<number, ToDeclareItem[]>> {
  const ranked = toDeclareItems(db, user, options)
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .select(["po.beneficiary_id as beneficiaryId", sql<string>`row_number() OVER (PARTITION BY po.beneficiary_id ORDER BY m.month, po.number)`.as("rank")]);
  const rows = await db.selectFrom(ranked.as("x")).selectAll().where("x.rank", "<=", String(limit)).orderBy("x.beneficiaryId").orderBy("x.rank").execute();
  return perBeneficiary(rows, toDeclareItem);
}

/** Ranked rows (listToDeclareBy, listToValidateBy) as each beneficiary's list, in their order. */
function perBeneficiary<R extends { beneficiaryId: number; rank: string }, T>(rows: R[], item: (r: Omit<R, "beneficiaryId" | "rank">) => T): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const { beneficiaryId, rank: _rank, ...r } of rows) {
    const list = out.get(beneficiaryId) ?? out.set(beneficiaryId, []).get(beneficiaryId)!;
    list.push(item(r));
  }
  return out;
}

/** How many months are to declare (with the same filters): the rows of toDeclareRows, counted. */
export async function countToDeclare(db: Executor, user: SessionUser, options: { today?: string; before?: string } & DeclarationFilters = {}): Promise<number> {
  const r = await toDeclareRows(db, user, options)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * countToDeclare (no month chosen) per beneficiary, for the beneficiaries `beneficiaryIds` (issue 15: DINUM's
 * badge is kept per beneficiary, app/lib/versioned-cache.server.ts beneficiaryParts); `null`: all of the
 * scope in one count (key null). A beneficiary with nothing to declare is left out.
 */
export async function countToDeclareBy(
  db: Executor,
  user: SessionUser,
  options: { today?: string; before?: string } & Omit<DeclarationFilters, "month">,
  beneficiaryIds: number[] | null,
): Promise<Map<number | null, number>> {
  const rows = await toDeclareRows(db, user, options)
    .$if(beneficiaryIds !== null, (qb) => qb.where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`))
    .select([
      (beneficiaryIds === null ? sql<number | null>`NULL::int` : sql<number | null>`po.beneficiary_id`).as("b"),
      (eb) => eb.fn.countAll<string>().as("n"),
    ])
    .$if(beneficiaryIds !== null, (qb) => qb.groupBy("po.beneficiary_id"))
    .execute();
  return new Map(rows.filter((r) => Number(r.n) > 0).map((r) => [r.b, Number(r.n)]));
}

export interface DeclarationListItem {
  id: number;
  orderId: number;
  orderNumber: string;
  productName: string;
  beneficiaryName: string;
  contractorName: string;
  month: string;
  kind: "initial" | "correction";
  status: DeclarationStatus;
  days: string;
  submittedAt: Date | null;
  validatedAt: Date | null;
}

function declarationList(db: Executor, user: SessionUser) {
  return declarationsWithOrder(db)
    .where(declarationScope(user))
    .select([
      "d.id",
      "d.order_id as orderId",
      "po.number as orderNumber",
      "p.name as productName",
      "b.name as beneficiaryName",
      "c.name as contractorName",
      "d.month",
      "d.kind",
      "d.status",
      "d.submitted_at as submittedAt",
      "d.validated_at as validatedAt",
      sql<string>`coalesce((SELECT sum(dl.days) FROM declaration_line dl WHERE dl.declaration_id = d.id), 0)`.as("days"),
    ]);
}

function toItem(r: { orderNumber: string | null } & Omit<DeclarationListItem, "orderNumber">): DeclarationListItem {
  return { ...r, orderNumber: r.orderNumber ?? "" };
}

/** Submitted declarations awaiting service fait, oldest submission first (`limit` rows from `offset`). */
export async function listToValidate(db: Executor, user: SessionUser, limit = 500, options: { offset?: number } & DeclarationFilters = {}) {
  const rows = await declarationList(db, user)
    .where("d.status", "=", "submitted")
    .where(matching(options, "d.month"))
    .orderBy("d.submitted_at")
    .orderBy("d.id")
    .limit(limit)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toItem);
}

/**
 * listToValidate per beneficiary (issue 15, as listToDeclareBy): each beneficiary's first `limit` submitted
 * declarations, oldest submission first, in one statement. A beneficiary with none is left out.
 */
export async function listToValidateBy(db: Executor, user: SessionUser, beneficiaryIds: number[], limit: number): Promise<Map<number, DeclarationListItem[]>> {
  const ranked = declarationList(db, user)
    .where("d.status", "=", "submitted")
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .select(["po.beneficiary_id as beneficiaryId", sql<string>`row_number() OVER (PARTITION BY po.beneficiary_id ORDER BY d.submitted_at, d.id)`.as("rank")]);
  const rows = await db.selectFrom(ranked.as("x")).selectAll().where("x.rank", "<=", String(limit)).orderBy("x.beneficiaryId").orderBy("x.rank").execute();
  return perBeneficiary(rows, toItem);
}

/** These declarations, among those in scope awaiting service fait (the bulk validation's review), oldest submission first. */
export async function listSubmittedAmong(db: Executor, user: SessionUser, ids: number[]) {
  if (!ids.length) return [];
  const rows = await declarationList(db, user).where("d.status", "=", "submitted").where("d.id", "in", ids).orderBy("d.submitted_at").orderBy("d.id").execute();
  return rows.map(toItem);
}

/** The declarations among `ids` that the user may see, whatever their state (the bulk validation names each result). */
export async function listVisibleAmong(db: Executor, user: SessionUser, ids: number[]) {
  if (!ids.length) return [];
  return (await declarationList(db, user).where("d.id", "in", ids).orderBy("d.id").execute()).map(toItem);
}

/** How many submitted declarations await service fait (with the same filters). */
export async function countToValidate(db: Executor, user: SessionUser, filters: DeclarationFilters = {}): Promise<number> {
  const r = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .where(declarationScope(user))
    .where("d.status", "=", "submitted")
    .where(matching(filters, "d.month"))
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** countToValidate (no filter) per beneficiary of `beneficiaryIds`; one with none is left out. */
export async function countToValidateBy(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .where(declarationScope(user))
    .where("d.status", "=", "submitted")
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .select(["po.beneficiary_id", (eb) => eb.fn.countAll<string>().as("n")])
    .groupBy("po.beneficiary_id")
    .execute();
  return new Map(rows.map((r) => [r.beneficiary_id, Number(r.n)]));
}

/** The recent declarations' own filter: their state (a contractor's drafts are in its months to declare). */
export type RecentStatus = Exclude<DeclarationStatus, "draft">;

function recentRows(db: Executor, user: SessionUser, filters: DeclarationFilters & { status?: RecentStatus | null }) {
  return declarationList(db, user)
    .where("d.status", "<>", "draft")
    .$if(!!filters.status, (qb) => qb.where("d.status", "=", filters.status!))
    .where(matching(filters, "d.month"));
}

/** Recent declarations in scope, submitted or past that, most recent first (`limit` rows from `offset`), with the list's filters. */
export async function listRecentDeclarations(
  db: Executor,
  user: SessionUser,
  options: { limit?: number; offset?: number; status?: RecentStatus | null } & DeclarationFilters = {},
) {
  const rows = await recentRows(db, user, options)
    .orderBy("d.updated_at", "desc")
    .orderBy("d.id", "desc")
    .limit(options.limit ?? 50)
    .offset(options.offset ?? 0)
    .execute();
  return rows.map(toItem);
}

/**
 * How many recent declarations (with the same filters): recentRows' declarations, counted per order of the
 * scope through the index on (order_id, month), without the names their rows show (joined to every
 * declaration, the planner read all 80,000 of them for a national contractor's 18,000: 107 → 15 ms).
 */
export async function countRecentDeclarations(db: Executor, user: SessionUser, filters: DeclarationFilters & { status?: RecentStatus | null } = {}) {
  const r = await recentPerOrder(db, user, filters)
    .where(matching({ ...filters, month: null }, "d.month"))
    .select(sql<string>`coalesce(sum(x.n), 0)`.as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The scope's orders, each with how many of its declarations are recent (`x.n`: visible, not drafts, of the state and month filtered). */
function recentPerOrder(db: Executor, user: SessionUser, filters: { status?: RecentStatus | null; month?: string | null }) {
  return db
    .selectFrom("purchase_order as po")
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom("declaration as d")
          .whereRef("d.order_id", "=", "po.id")
          .where(declarationVisible(user, "d"))
          .where("d.status", "<>", "draft")
          .$if(!!filters.status, (qb) => qb.where("d.status", "=", filters.status!))
          .$if(!!filters.month, (qb) => qb.where("d.month", "=", filters.month!))
          .select((e) => e.fn.countAll<string>().as("n"))
          .as("x"),
      (j) => j.onTrue(),
    )
    .where(orderScope(user));
}

/** The contractors and beneficiaries the declarations page may be narrowed to, within the user's scope. */
export async function declarationFilterOptions(db: Executor, user: SessionUser) {
  const scoped = db.selectFrom("purchase_order as po").where(orderScope(user)).where("po.status", "<>", "draft");
  const [contractors, beneficiaries] = await Promise.all([
    scoped.innerJoin("contractor as c", "c.id", "po.contractor_id").select(["c.id", "c.name"]).distinct().orderBy("c.name").execute(),
    scoped.innerJoin("beneficiary as b", "b.id", "po.beneficiary_id").select(["b.id", "b.name"]).distinct().orderBy("b.name").execute(),
  ]);
  return { contractors, beneficiaries };
}

/** countRecentDeclarations (no filter) per beneficiary of `beneficiaryIds`; one with none is left out. */
async function countRecentDeclarationsBy(db: Executor, user: SessionUser, beneficiaryIds: number[]): Promise<Map<number, number>> {
  const rows = await recentPerOrder(db, user, {})
    .where("po.beneficiary_id", "=", sql<number>`ANY(${beneficiaryIds}::int[])`)
    .select(["po.beneficiary_id", sql<string>`sum(x.n)`.as("n")])
    .groupBy("po.beneficiary_id")
    .execute();
  return new Map(rows.filter((r) => Number(r.n) > 0).map((r) => [r.beneficiary_id, Number(r.n)]));
}

/** One beneficiary's part of a contractor's declarations page with no filter: its counts, and whether it has orders to narrow to. */
interface DeclarationsPagePart {
  toDeclare: number;
  toValidate: number;
  recent: number;
  /** the contractors of its non-draft orders in scope (a contractor's: itself) */
  contractors: { id: number; name: string }[];
  beneficiary: { id: number; name: string } | null;
}
const declarationsPageParts = beneficiaryParts<DeclarationsPagePart>({ maxEntries: 20_000 });
/** Byte order, as PostgreSQL's "C" collation sorts names (db/embedded.ts initdb --locale=C). */
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * A contractor's declarations page with no filter, equal to computeDeclarationsPage (tests/integration/contractor-parts.test.ts),
 * its counts and filter choices summed from one part per beneficiary (issue 15: the national contractor's counter moves
 * with nearly every write, and each time its page counted its 13,800 months to declare and 18,000 declarations again);
 * the three pages of rows are read each time, in their indexes' order.
 */
async function contractorDeclarationsPage(db: Executor, user: SessionUser, pages: DeclarationPages, today: string) {
  const [parts, toDeclare, toValidate, recent] = await Promise.all([
    declarationsPageParts.get(
      db,
      `${scopeKey(user)}|${today}`,
      async (ids) => {
        const [toDeclare, toValidate, recent, options] = await Promise.all([
          countToDeclareBy(db, user, { today }, ids),
          countToValidateBy(db, user, ids),
          countRecentDeclarationsBy(db, user, ids),
          db
            .selectFrom("purchase_order as po")
            .innerJoin("contractor as c", "c.id", "po.contractor_id")
            .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
            .where(orderScope(user))
            .where("po.status", "<>", "draft")
            .where("po.beneficiary_id", "=", sql<number>`ANY(${ids}::int[])`)
            .select(["b.id as bId", "b.name as bName", "c.id", "c.name"])
            .distinct()
            .execute(),
        ]);
        const out = new Map<number, DeclarationsPagePart>();
        const part = (id: number) => out.get(id) ?? out.set(id, { toDeclare: 0, toValidate: 0, recent: 0, contractors: [], beneficiary: null }).get(id)!;
        for (const [id, n] of toDeclare) part(id!).toDeclare = n;
        for (const [id, n] of toValidate) part(id).toValidate = n;
        for (const [id, n] of recent) part(id).recent = n;
        for (const r of options) {
          const p = part(r.bId);
          p.beneficiary = { id: r.bId, name: r.bName };
          p.contractors.push({ id: r.id, name: r.name });
        }
        return out;
      },
      { toDeclare: 0, toValidate: 0, recent: 0, contractors: [], beneficiary: null },
    ),
    listToDeclare(db, user, { today, limit: pages.size, offset: (pages.declare - 1) * pages.size }),
    listToValidate(db, user, pages.size, { offset: (pages.validate - 1) * pages.size }),
    listRecentDeclarations(db, user, { limit: pages.size, offset: (pages.recent - 1) * pages.size }),
  ]);
  const list = [...parts.values()];
  const contractors = new Map(list.flatMap((p) => p.contractors).map((c) => [c.id, c]));
  return {
    toDeclare,
    toDeclareTotal: list.reduce((n, p) => n + p.toDeclare, 0),
    toValidate,
    toValidateTotal: list.reduce((n, p) => n + p.toValidate, 0),
    recent,
    recentTotal: list.reduce((n, p) => n + p.recent, 0),
    options: {
      contractors: [...contractors.values()].sort(byName),
      beneficiaries: list.flatMap((p) => p.beneficiary ?? []).sort(byName),
    },
  };
}

/** The initial declaration of an order's month, if any and in scope. */
export async function findInitialDeclaration(db: Executor, user: SessionUser, orderId: number, month: string) {
  return db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .select(["d.id", "d.status"])
    .where("d.order_id", "=", orderId)
    .where("d.month", "=", month)
    .where("d.kind", "=", "initial")
    .where(declarationScope(user))
    .executeTakeFirst();
}

/** The declarations of one order (the order is already known to be in scope), by month. */
export async function listOrderDeclarations(db: Executor, user: SessionUser, orderId: number) {
  const rows = await declarationList(db, user).where("d.order_id", "=", orderId).orderBy("d.month", "desc").orderBy("d.id", "desc").execute();
  return rows.map(toItem);
}

/** One declaration with its order, lines (with the line's current figures) and people; null when out of scope. */
export async function getDeclaration(db: Executor, user: SessionUser, id: number) {
  const decl = await declarationsWithOrder(db)
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .leftJoin("app_user as us", "us.id", "d.submitted_by")
    .leftJoin("app_user as uv", "uv.id", "d.validated_by")
    .leftJoin("app_user as ur", "ur.id", "d.rejected_by")
    .leftJoin("app_user as uc", "uc.id", "d.created_by")
    .where("d.id", "=", id)
    .where(declarationScope(user))
    .selectAll("d")
    .select([
      "po.number as orderNumber",
      "po.status as orderStatus",
      "po.ej_number as ejNumber",
      "po.period_start as periodStart",
      "po.period_end as periodEnd",
      "po.beneficiary_id as beneficiaryId",
      "po.contractor_id as contractorId",
      "po.vat_rate as vatRate",
      "p.name as productName",
      "b.name as beneficiaryName",
      "c.name as contractorName",
      "k.reference as contractReference",
      "us.name as submittedByName",
      "uv.name as validatedByName",
      "ur.name as rejectedByName",
      "uc.name as createdByName",
    ])
    .executeTakeFirst();
  if (!decl) return null;
  const lines = await db
    .selectFrom("declaration_line as dl")
    .innerJoin("order_line as ol", "ol.id", "dl.order_line_id")
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .select([
      "dl.id",
      "dl.order_line_id as orderLineId",
      "ol.line_no as lineNo",
      "w.label as workUnitLabel",
      "ol.unit_price as unitPrice",
      "dl.days",
      "dl.activities",
      "dl.remaining_estimate_days as remainingEstimateDays",
      "dl.remaining_comment as remainingComment",
      "dl.delta_days as deltaDays",
      "dl.consumed_amount as consumedAmount",
    ])
    .where("dl.declaration_id", "=", id)
    .orderBy("ol.line_no")
    .execute();
  const people = lines.length
    ? await db
        .selectFrom("declaration_person as dp")
        .innerJoin("person as pe", "pe.id", "dp.person_id")
        .select(["dp.declaration_line_id", "pe.full_name as name", "dp.days"])
        .where(
          "dp.declaration_line_id",
          "in",
          lines.map((l) => l.id),
        )
        .orderBy("pe.full_name")
        .execute()
    : [];
  const chain = await db
    .selectFrom("declaration as dc")
    .select(["dc.id", "dc.kind", "dc.status", "dc.corrects_id", declarationVisible(user, "dc").as("visible")])
    .where("dc.order_id", "=", decl.order_id)
    .where("dc.month", "=", decl.month)
    .orderBy("dc.id")
    .execute();
  const latestValidated = [...chain].reverse().find((c) => c.status === "validated");
  return {
    declaration: decl,
    lines: lines.map((l) => ({ ...l, people: people.filter((p) => p.declaration_line_id === l.id).map((p) => ({ name: p.name, days: p.days })) })),
    chain: chain.filter((c) => c.visible).map(({ visible: _, ...c }) => c),
    isLatestValidated: latestValidated?.id === decl.id,
    hasOpenCorrection: chain.some((c) => c.kind === "correction" && ["draft", "submitted", "rejected"].includes(c.status)),
  };
}

/** Everything the declaration form needs for one order: its lines with their figures. */
export async function getOrderForDeclaring(db: Executor, user: SessionUser, orderId: number) {
  const order = await db
    .selectFrom("purchase_order as po")
    .innerJoin("product as p", "p.id", "po.product_id")
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .where("po.id", "=", orderId)
    .where(orderScope(user))
    .select([
      "po.id",
      "po.number",
      "po.status",
      "po.period_start",
      "po.period_end",
      "po.contractor_id",
      "po.beneficiary_id",
      "p.name as productName",
      "b.name as beneficiaryName",
    ])
    .executeTakeFirst();
  if (!order) return null;
  const lines = await lineFiguresQuery(db)
    .innerJoin("work_unit_type as w", "w.code", "ol.work_unit_code")
    .where("ol.order_id", "=", orderId)
    .select(["ol.line_no", "w.label as workUnitLabel", "ol.unit_price"])
    .orderBy("ol.line_no")
    .execute();
  return {
    order,
    lines: lines.map((l) => ({ id: l.order_line_id, lineNo: l.line_no, workUnitLabel: l.workUnitLabel, unitPrice: l.unit_price, figures: toFigures(l) })),
  };
}

/** The people a contractor already named (for the form's suggestions). */
export async function listPeople(db: Executor, user: SessionUser) {
  if (!can(user, "declaration:write") || user.contractorId == null) return [];
  return db.selectFrom("person").select(["id", "full_name"]).where("contractor_id", "=", user.contractorId).orderBy("full_name").limit(500).execute();
}

/** The declarations section of an order page: its declarations and, for its contractor, the months to declare. */
export async function orderDeclarationsSection(db: Executor, user: SessionUser, orderId: number, today = todayInParis()) {
  const [declarations, toDeclare] = await Promise.all([
    listOrderDeclarations(db, user, orderId),
    can(user, "declaration:write") ? listToDeclare(db, user, { orderId, today }) : Promise.resolve([]),
  ]);
  return { declarations, toDeclare };
}

export interface DeclarationPages {
  /** the page of each list (from 1) */
  declare: number;
  validate: number;
  recent: number;
  size: number;
}

export async function computeDeclarationsPage(
  db: Executor,
  user: SessionUser,
  filters: DeclarationFilters,
  status: RecentStatus | null,
  pages: DeclarationPages,
  today: string,
) {
  const declares = can(user, "declaration:write");
  const [toDeclare, toDeclareTotal, toValidate, toValidateTotal, recent, recentTotal, options] = await Promise.all([
    declares ? listToDeclare(db, user, { ...filters, today, limit: pages.size, offset: (pages.declare - 1) * pages.size }) : Promise.resolve([]),
    declares ? countToDeclare(db, user, { ...filters, today }) : Promise.resolve(0),
    listToValidate(db, user, pages.size, { ...filters, offset: (pages.validate - 1) * pages.size }),
    countToValidate(db, user, filters),
    listRecentDeclarations(db, user, { ...filters, status, limit: pages.size, offset: (pages.recent - 1) * pages.size }),
    countRecentDeclarations(db, user, { ...filters, status }),
    declarationFilterOptions(db, user),
  ]);
  return { toDeclare, toDeclareTotal, toValidate, toValidateTotal, recent, recentTotal, options };
}

const declarationsPages = versionedCache<Awaited<ReturnType<typeof computeDeclarationsPage>>>({ maxEntries: 1_000 });

/**
 * The declarations page's lists (months to declare, to validate, recent) and their counts, kept per scope,
 * filters, pages and day until the data in scope changes (app/lib/versioned-cache.server.ts), like the order
 * list: a national contractor's months to declare are thousands of order-months to sort for 50 rows.
 */
export function declarationsPage(
  db: Db,
  user: SessionUser,
  filters: DeclarationFilters,
  status: RecentStatus | null,
  pages: DeclarationPages,
  today = todayInParis(),
) {
  const key = `${scopeKey(user)}|${today}|${JSON.stringify([filters.month, filters.q, filters.contractorId, filters.beneficiaryId, status, pages])}`;
  // a contractor's with no filter (its orders in many beneficiaries) from one part per beneficiary
  const fromParts =
    user.contractorId != null && can(user, "declaration:write") && !filters.month && !filters.q && !filters.contractorId && !filters.beneficiaryId && !status;
  return declarationsPages.get(
    db,
    key,
    (snapshot) =>
      fromParts ? contractorDeclarationsPage(snapshot, user, pages, today) : computeDeclarationsPage(snapshot, user, filters, status, pages, today),
    dataScope(user),
  );
}
