// One way to build data (issue 21): contracts, price schedules, orders and declarations built through the
// real use cases (app/domain/*/services.server.ts), so their rules are checked and their audit events
// written by them. Used by the demo seeds (seeds/demo.ts, seeds/reference.ts) and by the tests.
//
// - Every builder takes the executor first: a Db (each use case then runs in its own transaction, as in
//   the app) or a transaction (each use case runs in a savepoint of it: the seeds load everything or nothing).
// - `at` (an ISO instant) is when the use case happens: the transaction's clock (db/clock.ts) is set to it,
//   so the rows and the audit events carry that time, and the use case's "today" is its day in Paris.
//   Without `at`, it happens now, like in the app.
// - With no options a builder makes a valid entity in the demo data's reference (correspondent A's
//   beneficiary, contractor A, contract 25_BAM_112); every field can be overridden.
import { sql, type Transaction } from "kysely";
import type { Db, Executor } from "../db/client";
import { setClock } from "../db/clock";
import type { DB, WorkUnitCode } from "../db/schema";
import type { SessionUser } from "../app/auth/user";
import { toSessionUser, usersWithOrganisation } from "../app/auth/users.server";
import { todayInParis } from "../app/lib/dates";
import { addHolder, createContract, createContractor, createLot } from "../app/domain/contracts/services.server";
import { approvePriceSchedule, createPriceScheduleDraft } from "../app/domain/price-schedules/services.server";
import { amendOrder, cancelOrder, closeOrder, createDraft, issueOrder } from "../app/domain/orders/services.server";
import {
  createCorrection,
  rejectDeclaration,
  submitInTransaction,
  validateDeclaration,
  writeDraft,
  type DraftLine,
} from "../app/domain/declarations/services.server";
import { savePeriod, setLotCeiling } from "../app/domain/ceilings/services.server";
import { decideAsHolder, moveInvoice, recordInvoice, type HolderDecisionInput, type MoveInput } from "../app/domain/invoices/services.server";
import { invoicingCompanies } from "../app/domain/invoices/by-company.server";
import { addCoContractor, createCompany } from "../app/domain/companies/services.server";
import { acceptSubcontractor } from "../app/domain/subcontracting/services.server";
import { savePerson } from "../app/domain/people/services.server";
import { fictionalSiret } from "../app/domain/companies/siret";
export { fictionalSiret };
import { DINUM_APPROVER, demoAccounts } from "./accounts";

export { demoAccounts };

/** An instant (ISO string or Date): when a use case happens. */
export type At = string | Date | undefined;

// ---------------------------------------------------------------------------------------------------
// Transactions and clock

let savepoints = 0;

/**
 * Runs `fn` in a transaction of `db` with the clock set to `at` (when given): a new transaction when `db`
 * is a Db, a savepoint when it already is a transaction (a refusal then rolls back only this use case).
 */
export async function inTransaction<T>(db: Executor, at: At, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) {
    return db.transaction().execute(async (trx) => {
      if (at !== undefined) await setClock(trx, at);
      return fn(trx);
    });
  }
  const trx = db as Transaction<DB>;
  const name = `factory_${++savepoints}`;
  await sql.raw(`SAVEPOINT ${name}`).execute(trx);
  try {
    // the clock is this use case's only: set here, cleared after it
    if (at !== undefined) await setClock(trx, at);
    const result = await fn(trx);
    if (at !== undefined) await setClock(trx, null);
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(trx);
    return result;
  } catch (e) {
    await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(trx);
    throw e;
  }
}

/**
 * The Db handed to a use case that opens its own transaction (`db.transaction().execute(…)`): that
 * transaction becomes `inTransaction(db, at, …)`. Everything else goes to `db` itself.
 */
export function serviceDb(db: Executor, at: At): Db {
  if (!db.isTransaction && at === undefined) return db as Db;
  const builder = {
    setIsolationLevel: () => builder,
    setAccessMode: () => builder,
    execute: <T>(fn: (trx: Transaction<DB>) => Promise<T>) => inTransaction(db, at, fn),
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "transaction") return () => builder;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Db;
}

/** The day of an instant in Paris (the use case's "today"). */
export function dayOf(at: At): string {
  return at === undefined ? todayInParis() : todayInParis(typeof at === "string" ? new Date(at) : at);
}

// ---------------------------------------------------------------------------------------------------
// Lookups in the reference data

/** A user as the session sees it (for calling use cases directly). */
export async function actor(db: Executor, email: string): Promise<SessionUser> {
  return toSessionUser(await usersWithOrganisation(db).where("u.email", "=", email).executeTakeFirstOrThrow());
}

/** A lot of the reference by its contract's reference and its number (e.g. 25_BAM_112, lot 1). */
export async function lotOf(db: Executor, contract: string, number: number): Promise<{ id: number; contractId: number }> {
  return db
    .selectFrom("lot as l")
    .innerJoin("contract as k", "k.id", "l.contract_id")
    .select(["l.id", "k.id as contractId"])
    .where("k.reference", "=", contract)
    .where("l.number", "=", number)
    .executeTakeFirstOrThrow();
}

async function contractorIdOf(db: Executor, contractor: string | number): Promise<number> {
  if (typeof contractor === "number") return contractor;
  return (await db.selectFrom("contractor").select("id").where("name", "=", contractor).executeTakeFirstOrThrow()).id;
}

async function contractReferenceOf(db: Executor, contract: string | number): Promise<string> {
  if (typeof contract === "string") return contract;
  return (await db.selectFrom("contract").select("reference").where("id", "=", contract).executeTakeFirstOrThrow()).reference;
}

async function contractIdOf(db: Executor, contract: string | number): Promise<number> {
  if (typeof contract === "number") return contract;
  return (await db.selectFrom("contract").select("id").where("reference", "=", contract).executeTakeFirstOrThrow()).id;
}

// ---------------------------------------------------------------------------------------------------
// Contracts and price schedules (DINUM)

export type Prices = Record<WorkUnitCode, string>;

/** A complete price table (every work unit), e.g. for a test contract. */
export function priceTable(overrides: Partial<Prices> = {}): Prices {
  return {
    DEVOPS_JUNIOR: "9000.00",
    DEVOPS_CONFIRME: "12000.00",
    DEVOPS_SENIOR: "15000.00",
    DESIGN_JUNIOR: "9000.00",
    DESIGN_CONFIRME: "11000.00",
    BIZDEV: "10000.00",
    PM_JUNIOR: "9500.00",
    PM: "13000.00",
    REVERSIBILITE: "14000.00",
    ...overrides,
  };
}

export interface PriceScheduleOptions {
  contract?: string | number;
  contractor?: string | number;
  validFrom?: string;
  validTo?: string | null;
  prices?: Partial<Prices>;
  note?: string;
  /** approved by DINUM after its creation (default), or left a draft */
  approve?: boolean;
  as?: string;
  at?: At;
  /** when DINUM approves it (default: at) */
  approveAt?: At;
  /** who approves it: another DINUM user than its preparer (four eyes; default: the other demo DINUM account) */
  approveAs?: string;
}

/** A price schedule version: draft created, then approved (R4), by DINUM. */
export async function buildPriceSchedule(db: Executor, o: PriceScheduleOptions = {}): Promise<{ id: number }> {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  const input = {
    contractId: await contractIdOf(db, o.contract ?? "25_BAM_112"),
    contractorId: await contractorIdOf(db, o.contractor ?? "Octopus Numérique SAS"),
    validFrom: o.validFrom ?? "2027-01-01",
    validTo: o.validTo ?? null,
    note: o.note ?? "",
    prices: priceTable(o.prices),
  };
  const id = await createPriceScheduleDraft(serviceDb(db, o.at), user, input);
  if (o.approve ?? true) {
    const approver = await actor(db, o.approveAs ?? (user.email === DINUM_APPROVER ? demoAccounts.dinum : DINUM_APPROVER));
    await approvePriceSchedule(serviceDb(db, o.approveAt ?? o.at), approver, id);
  }
  return { id };
}

let contractSeq = 0;

export interface ContractOptions {
  reference?: string;
  title?: string;
  startDate?: string;
  endDate?: string;
  notifiedOn?: string | null;
  lots?: { number: number; title: string }[];
  /** holders (lot 1 by default) and, when `prices` is given, an approved price schedule from `since` */
  holders?: { contractor: string | number; lot?: number; since?: string; prices?: Partial<Prices> }[];
  as?: string;
  at?: At;
}

/** A contract with its lots, holders and their prices, as DINUM records them. */
export async function buildContract(db: Executor, o: ContractOptions = {}): Promise<{ id: number; reference: string; lots: Record<number, number> }> {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  contractSeq++;
  const reference = o.reference ?? `TEST_${process.pid}_${contractSeq}`;
  const startDate = o.startDate ?? "2020-01-01";
  const id = await createContract(serviceDb(db, o.at), user, {
    reference,
    title: o.title ?? `Accord-cadre de test ${reference}`,
    buyer: "DINUM",
    notifiedOn: o.notifiedOn ?? null,
    startDate,
    endDate: o.endDate ?? "2030-12-31",
  });
  const lots: Record<number, number> = {};
  for (const lot of o.lots ?? [{ number: 1, title: "Lot unique" }]) lots[lot.number] = await createLot(serviceDb(db, o.at), user, id, lot);
  for (const h of o.holders ?? [{ contractor: "Octopus Numérique SAS", prices: {} }]) {
    const contractorId = await contractorIdOf(db, h.contractor);
    const since = h.since ?? startDate;
    await addHolder(serviceDb(db, o.at), user, lots[h.lot ?? 1], { contractorId, since, until: null });
    if (h.prices) {
      const exists = await db
        .selectFrom("price_schedule")
        .select("id")
        .where("contract_id", "=", id)
        .where("contractor_id", "=", contractorId)
        .executeTakeFirst();
      if (!exists)
        await buildPriceSchedule(db, {
          contract: id,
          contractor: contractorId,
          validFrom: startDate,
          prices: h.prices,
          note: "Bordereau initial",
          as: o.as,
          at: o.at,
        });
    }
  }
  return { id, reference, lots };
}

/** A contractor (a company) and the lots it holds (default: none), as DINUM records them. */
export async function buildContractor(
  db: Executor,
  o: { name: string; holds?: { contract?: string | number; lot?: number; since?: string }[]; as?: string; at?: At },
): Promise<{ id: number }> {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  const id = await createContractor(serviceDb(db, o.at), user, { name: o.name, siret: null, address: "", email: "" });
  for (const h of o.holds ?? []) {
    const lot = await lotOf(db, h.contract === undefined ? "25_BAM_112" : await contractReferenceOf(db, h.contract), h.lot ?? 1);
    await addHolder(serviceDb(db, o.at), user, lot.id, { contractorId: id, since: h.since ?? "2026-01-01", until: null });
  }
  return { id };
}

/**
 * R17: a period of execution of a contract (0 = initial, n = n-th renewal) with its maximum HT and,
 * optionally, lots' maxima (by lot number), as DINUM records them (savePeriod, setLotCeiling).
 */
export async function buildExecutionPeriod(
  db: Executor,
  o: { contract?: string | number; periodNo?: number; startDate: string; endDate: string; maxHt: string; lots?: Record<number, string>; as?: string; at?: At },
): Promise<{ id: number }> {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  const contractId = await contractIdOf(db, o.contract ?? "25_BAM_112");
  const id = await savePeriod(serviceDb(db, o.at), user, contractId, { periodNo: o.periodNo ?? 0, startDate: o.startDate, endDate: o.endDate, maxHt: o.maxHt });
  for (const [number, maxHt] of Object.entries(o.lots ?? {})) {
    const lot = await db.selectFrom("lot").select("id").where("contract_id", "=", contractId).where("number", "=", Number(number)).executeTakeFirstOrThrow();
    await setLotCeiling(serviceDb(db, o.at), user, contractId, { periodId: id, lotId: lot.id, maxHt });
  }
  return { id };
}

// ---------------------------------------------------------------------------------------------------
// Orders (R2-R7)

export interface OrderOptions {
  /** the correspondent who writes and issues it (default: correspondent A) */
  as?: string;
  /** product name (default: the correspondent's beneficiary's first product) */
  product?: string;
  contractor?: string | number;
  /** contract reference or id (default: the latest contract one of whose lots the contractor holds) */
  contract?: string | number;
  lot?: number;
  periodStart?: string;
  periodEnd?: string;
  /** [work unit, quantity in UO]; prices come from the schedule in force */
  lines?: [WorkUnitCode, string][];
  title?: string;
  vatRate?: string;
  ejNumber?: string | null;
  budgetProgramme?: string | null;
  budgetCentre?: string | null;
  /** the round-robin's proposal (default: the chosen contractor; null: none) and the reason for not following it */
  proposedContractor?: string | number | null;
  attributionReason?: string | null;
  /** when the draft is written */
  at?: At;
}

export interface BuiltOrder {
  id: number;
  number: string;
  lines: { id: number; lineNo: number; workUnitCode: WorkUnitCode; quantity: string; unitPrice: string }[];
  beneficiaryId: number;
  contractorId: number;
  contractId: number;
  lotId: number;
}

async function orderLines(db: Executor, orderId: number): Promise<BuiltOrder["lines"]> {
  const rows = await db
    .selectFrom("order_line")
    .select(["id", "line_no", "work_unit_code", "quantity", "unit_price"])
    .where("order_id", "=", orderId)
    .orderBy("line_no")
    .execute();
  return rows.map((r) => ({ id: r.id, lineNo: r.line_no, workUnitCode: r.work_unit_code, quantity: r.quantity, unitPrice: r.unit_price }));
}

async function builtOrder(db: Executor, id: number): Promise<BuiltOrder> {
  const o = await db
    .selectFrom("purchase_order")
    .select(["id", "number", "beneficiary_id", "contractor_id", "contract_id", "lot_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return {
    id,
    number: o.number ?? "",
    lines: await orderLines(db, id),
    beneficiaryId: o.beneficiary_id,
    contractorId: o.contractor_id,
    contractId: o.contract_id,
    lotId: o.lot_id,
  };
}

/** A draft order written by a correspondent (createDraft). */
export async function buildDraftOrder(db: Executor, o: OrderOptions = {}): Promise<BuiltOrder> {
  const user = await actor(db, o.as ?? demoAccounts.correspondentA);
  const contractorId = await contractorIdOf(db, o.contractor ?? "Octopus Numérique SAS");
  const product = o.product
    ? await db.selectFrom("product").select("id").where("beneficiary_id", "=", user.beneficiaryId!).where("name", "=", o.product).executeTakeFirstOrThrow()
    : await db.selectFrom("product").select("id").where("beneficiary_id", "=", user.beneficiaryId!).orderBy("id").executeTakeFirstOrThrow();
  let lots = db
    .selectFrom("lot_holder as h")
    .innerJoin("lot as l", "l.id", "h.lot_id")
    .select(["l.id", "l.contract_id"])
    .where("h.contractor_id", "=", contractorId);
  if (o.contract !== undefined) lots = lots.where("l.contract_id", "=", await contractIdOf(db, o.contract));
  if (o.lot !== undefined) lots = lots.where("l.number", "=", o.lot);
  const lot = await lots.orderBy("l.contract_id", "desc").orderBy("l.number").executeTakeFirstOrThrow();
  // no round-robin proposal unless one is given: a built order claims no turn it did not compute (at issue, a
  // recorded proposal is checked again against the lot's turn, and historical demo orders would not match it)
  const proposed = o.proposedContractor == null ? null : await contractorIdOf(db, o.proposedContractor);
  const { id } = await createDraft(
    serviceDb(db, o.at),
    user,
    {
      productId: product.id,
      lotId: lot.id,
      contractorId,
      periodStart: o.periodStart ?? "2026-02-01",
      periodEnd: o.periodEnd ?? "2026-12-31",
      title: o.title ?? "",
      vatRate: o.vatRate ?? "0.2000",
      attributionReason: o.attributionReason ?? undefined,
      proposedContractorId: proposed,
      ejNumber: o.ejNumber ?? null,
      budgetProgramme: o.budgetProgramme ?? null,
      budgetCentre: o.budgetCentre ?? null,
      lines: (o.lines ?? [["DEVOPS_CONFIRME", "0.5"]]).map(([workUnitCode, quantity]) => ({ workUnitCode, quantity })),
    } as Parameters<typeof createDraft>[2],
    dayOf(o.at),
  );
  return builtOrder(db, id);
}

/** An issued order (draft written at `at`, issued at `issueAt`): its number, frozen prices and revision 0. */
export async function buildIssuedOrder(db: Executor, o: OrderOptions & { issueAt?: At } = {}): Promise<BuiltOrder> {
  const draft = await buildDraftOrder(db, o);
  const user = await actor(db, o.as ?? demoAccounts.correspondentA);
  const issueAt = o.issueAt ?? o.at;
  await issueOrder(serviceDb(db, issueAt), user, draft.id, {}, dayOf(issueAt));
  return builtOrder(db, draft.id);
}

/** The order's issuer (a correspondent of its beneficiary), who also validates its declarations by default. */
async function issuerOf(db: Executor, orderId: number): Promise<string> {
  const r = await db
    .selectFrom("purchase_order as po")
    .innerJoin("app_user as u", "u.id", "po.created_by")
    .select("u.email")
    .where("po.id", "=", orderId)
    .executeTakeFirstOrThrow();
  return r.email;
}

/** An amendment (R6): `lines` is the whole new list, existing lines matched by work unit. */
export async function buildAmendment(db: Executor, orderId: number, o: { reason?: string; lines: [WorkUnitCode, string][]; as?: string; at?: At }) {
  const user = await actor(db, o.as ?? (await issuerOf(db, orderId)));
  const current = await orderLines(db, orderId);
  const lines = o.lines.map(([workUnitCode, quantity]) => ({
    lineId: current.find((l) => l.workUnitCode === workUnitCode)?.id ?? null,
    workUnitCode,
    quantity,
  }));
  return amendOrder(serviceDb(db, o.at), user, orderId, { reason: o.reason ?? "Ajustement du plan de charge", lines }, dayOf(o.at));
}

/** Closing (solde): the remaining days are released. */
export async function buildClosing(db: Executor, orderId: number, o: { reason?: string; as?: string; at?: At } = {}) {
  return closeOrder(serviceDb(db, o.at), await actor(db, o.as ?? (await issuerOf(db, orderId))), orderId, { reason: o.reason ?? "Bon de commande soldé" });
}

/** Cancelling an order nothing was declared on. */
export async function buildCancellation(db: Executor, orderId: number, o: { reason?: string; as?: string; at?: At } = {}) {
  return cancelOrder(serviceDb(db, o.at), await actor(db, o.as ?? (await issuerOf(db, orderId))), orderId, { reason: o.reason ?? "Bon de commande annulé" });
}

// ---------------------------------------------------------------------------------------------------
// Declarations (R8-R10)

export interface DeclarationLineInput {
  orderLineId: number;
  days: string;
  activities?: string;
  remainingEstimateDays?: string | null;
  remainingComment?: string;
  people?: { name: string; days: string }[];
}

export type DeclarationStatusWanted = "draft" | "submitted" | "validated" | "rejected";

export interface DeclarationOptions {
  month: string;
  lines: DeclarationLineInput[];
  /** how far it goes: draft (writeDraft), submitted, then validated or rejected by the correspondent */
  status?: DeclarationStatusWanted;
  rejectionReason?: string;
  /** the contractor's user who declares (default: its first user) */
  as?: string;
  /** the correspondent who validates or rejects (default: the order's issuer) */
  validator?: string;
  /** when the draft is written, submitted, validated or rejected (each defaults to the previous one) */
  at?: At;
  submitAt?: At;
  decideAt?: At;
}

function draftLines(lines: DeclarationLineInput[]): DraftLine[] {
  return lines.map((l) => ({
    orderLineId: l.orderLineId,
    days: l.days,
    activities: l.activities ?? "Développement",
    remainingEstimateDays: l.remainingEstimateDays ?? null,
    remainingComment: l.remainingComment ?? "",
    people: l.people ?? [],
  }));
}

async function contractorUserOf(db: Executor, orderId: number): Promise<string> {
  const r = await db
    .selectFrom("purchase_order as po")
    .innerJoin("app_user as u", "u.contractor_id", "po.contractor_id")
    .select("u.email")
    .where("po.id", "=", orderId)
    .where("u.role", "=", "contractor")
    .where("u.active", "=", true)
    .orderBy("u.id")
    .executeTakeFirstOrThrow();
  return r.email;
}

async function decide(db: Executor, orderId: number, id: number, o: Pick<DeclarationOptions, "status" | "rejectionReason" | "validator" | "decideAt">) {
  if (o.status !== "validated" && o.status !== "rejected") return;
  const validator = await actor(db, o.validator ?? (await issuerOf(db, orderId)));
  if (o.status === "validated") await validateDeclaration(serviceDb(db, o.decideAt), validator, id);
  else await rejectDeclaration(serviceDb(db, o.decideAt), validator, id, o.rejectionReason ?? "Activités insuffisamment détaillées");
}

/** A month's initial declaration by the order's contractor, taken as far as `status` (default: submitted). */
export async function buildDeclaration(db: Executor, orderId: number, o: DeclarationOptions): Promise<{ id: number }> {
  const status = o.status ?? "submitted";
  const user = await actor(db, o.as ?? (await contractorUserOf(db, orderId)));
  const { id } = await inTransaction(db, o.at, (trx) => writeDraft(trx, user, { orderId, month: o.month, lines: draftLines(o.lines) }, dayOf(o.at)));
  if (status === "draft") return { id };
  const submitAt = o.submitAt ?? o.at;
  await inTransaction(db, submitAt, (trx) => submitInTransaction(trx, user, id, dayOf(submitAt)));
  await decide(db, orderId, id, { ...o, status, decideAt: o.decideAt ?? submitAt });
  return { id };
}

/** A correction of a validated month: opened, restated (`lines`, default: unchanged) and taken as far as `status` (default: validated). */
export async function buildCorrection(
  db: Executor,
  declarationId: number,
  o: Omit<DeclarationOptions, "month" | "lines"> & { reason?: string; lines?: DeclarationLineInput[] },
) {
  const status = o.status ?? "validated";
  const { order_id: orderId, month } = await db
    .selectFrom("declaration")
    .select(["order_id", "month"])
    .where("id", "=", declarationId)
    .executeTakeFirstOrThrow();
  const user = await actor(db, o.as ?? (await contractorUserOf(db, orderId)));
  const { id } = await createCorrection(serviceDb(db, o.at), user, declarationId, o.reason ?? "Correction d'une erreur de saisie");
  if (o.lines) {
    const lines = o.lines;
    await inTransaction(db, o.at, (trx) => writeDraft(trx, user, { declarationId: id, orderId, month, lines: draftLines(lines) }, dayOf(o.at)));
  }
  if (status === "draft") return { id };
  const submitAt = o.submitAt ?? o.at;
  await inTransaction(db, submitAt, (trx) => submitInTransaction(trx, user, id, dayOf(submitAt)));
  await decide(db, orderId, id, { ...o, status, decideAt: o.decideAt ?? submitAt });
  return { id };
}

// ---------------------------------------------------------------------------------------------------
// Invoices (R15, R16)

export interface InvoiceOptions {
  /** Chorus Pro's number (default: FAC-<order id>-<n>) */
  number?: string;
  /** default: the order's EJ */
  ejNumber?: string;
  /** deposit date (default: the day of `at`) */
  receivedOn?: string;
  /** default: all the validated service fait not yet invoiced */
  amountHt?: string;
  /** default: every validated declaration of the order */
  declarationIds?: number[];
  /** R18: the issuing company (default: the holder's lead) */
  companyId?: number;
  /** the contractor's user who records it (default: its first user) */
  as?: string;
  at?: At;
}

let invoiceSeq = 0;

/** An invoice recorded by the order's contractor (recordInvoice), in state "déposée". */
export async function buildInvoice(db: Executor, orderId: number, o: InvoiceOptions = {}): Promise<{ id: number }> {
  const user = await actor(db, o.as ?? (await contractorUserOf(db, orderId)));
  const order = await db.selectFrom("purchase_order").select(["ej_number"]).where("id", "=", orderId).executeTakeFirstOrThrow();
  const declarationIds =
    o.declarationIds ??
    (await db.selectFrom("declaration").select("id").where("order_id", "=", orderId).where("status", "=", "validated").orderBy("id").execute()).map(
      (d) => d.id,
    );
  // what the company (the lead by default) may still invoice: its service fait not yet invoiced (R18)
  const companies = await invoicingCompanies(db, orderId);
  const company = o.companyId == null ? companies.find((c) => c.kind === "lead") : companies.find((c) => c.id === o.companyId);
  const left = { left: company?.leftHt ?? "0.00" };
  const { id } = await recordInvoice(serviceDb(db, o.at), user, {
    orderId,
    companyId: o.companyId,
    number: o.number ?? `FAC-${orderId}-${++invoiceSeq}`,
    ejNumber: o.ejNumber ?? order.ej_number ?? "",
    receivedOn: o.receivedOn ?? dayOf(o.at),
    amountHt: o.amountHt ?? left.left,
    declarationIds,
  });
  return { id };
}

/** R18: the holder approves or refuses its subcontractor's invoice (as the order's contractor's first user, by default). */
export async function buildHolderDecision(db: Executor, invoiceId: number, input: HolderDecisionInput, o: { as?: string; at?: At } = {}) {
  const { order_id } = await db.selectFrom("invoice").select("order_id").where("id", "=", invoiceId).executeTakeFirstOrThrow();
  const user = await actor(db, o.as ?? (await contractorUserOf(db, order_id)));
  return decideAsHolder(serviceDb(db, o.at), user, invoiceId, input);
}

/** A move of an invoice's state (default actor: the order's issuer; "resume": the contractor's user if `as` says so). */
export async function buildInvoiceMove(db: Executor, invoiceId: number, move: MoveInput, o: { as?: string; at?: At } = {}) {
  const { order_id } = await db.selectFrom("invoice").select("order_id").where("id", "=", invoiceId).executeTakeFirstOrThrow();
  const user = await actor(db, o.as ?? (await issuerOf(db, order_id)));
  return moveInvoice(serviceDb(db, o.at), user, invoiceId, move);
}

// ---------------------------------------------------------------------------------------------------
// Companies, groupements and subcontractors (R18)

let companySeq = 0;

/** A company created by DINUM (createCompany). */
export async function buildCompany(
  db: Executor,
  o: { name?: string; siret?: string; address?: string; as?: string; at?: At } = {},
): Promise<{ id: number; siret: string }> {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  const n = ++companySeq;
  const siret = o.siret ?? fictionalSiret(Number(`${process.pid % 1000}${String(n).padStart(3, "0")}`), "7");
  const id = await createCompany(serviceDb(db, o.at), user, {
    name: o.name ?? `Entreprise ${n}`,
    siret,
    address: o.address ?? `${n} rue des Tests, 75000 Paris`,
  });
  return { id, siret };
}

/** A company joins a holder's groupement as a co-contractor (DINUM). */
export async function buildCoContractor(db: Executor, contractor: string | number, companyId: number, o: { as?: string; at?: At } = {}) {
  const user = await actor(db, o.as ?? demoAccounts.dinum);
  await addCoContractor(serviceDb(db, o.at), user, { contractorId: await contractorIdOf(db, contractor), companyId });
}

/** A subcontractor accepted on an order (DC4) by the order's issuer, or a new version of its acceptance. */
export async function buildSubcontractorAcceptance(
  db: Executor,
  orderId: number,
  o: { siret: string; name?: string; address?: string; maxHt: string; services?: string; acceptedOn?: string; reason?: string; as?: string; at?: At },
) {
  const user = await actor(db, o.as ?? (await issuerOf(db, orderId)));
  return acceptSubcontractor(serviceDb(db, o.at), user, orderId, {
    siret: o.siret,
    name: o.name ?? "",
    address: o.address ?? "",
    maxHt: o.maxHt,
    services: o.services ?? "Développement",
    acceptedOn: o.acceptedOn ?? dayOf(o.at),
    reason: o.reason ?? "",
  });
}

/** A person added to a contractor's list in a company (savePerson, as the contractor's user). */
export async function buildPerson(db: Executor, o: { as: string; fullName: string; companyId: number; email?: string | null; at?: At }): Promise<number> {
  return savePerson(serviceDb(db, o.at), await actor(db, o.as), { personId: null, fullName: o.fullName, companyId: o.companyId, email: o.email ?? null });
}
