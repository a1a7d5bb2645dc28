// The Chorus Pro import (issue 17): the buyer's list of invoices received, matched to the orders in the
// user's scope by order number AND EJ. A new invoice is written by writeInvoice (the form's checks: the EJ,
// the cap on the validated service fait not yet invoiced under the order row's lock, the TTC at the order's
// VAT rate); its company is the supplier's SIRET (one of the holder's companies, or a subcontractor accepted on the
// order, R18); a known one (same company and number) is moved to the file's state through nextStatus's moves,
// each applied by applyMove (audited). As the declaration import does, the preview runs exactly what the
// confirmation runs in a transaction that is rolled back, one savepoint per row, so it reports every refusal
// by row and column; the confirmation writes everything or nothing. Importing the same file again changes nothing.
import { sql } from "kysely";
import type { Db, Tx } from "../../../db/client";
import { retryOnDeadlock } from "../../../db/retry";
import type { InvoiceStatus } from "../../../db/schema";
import { requireGrant } from "../../auth/grants";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { dec } from "../../lib/decimal";
import { formatDate, formatEuros } from "../../lib/format";
import { Refusal } from "../../lib/refusal";
import { recordAudit } from "../audit/audit.server";
import type { ImportError } from "../declarations/import-columns";
import { chorusLabelOf, chorusStates, chorusStatus, frenchAmount, frenchDate, type ChorusKey, type ChorusRow } from "./import-columns";
import { invoiceNumber } from "./schemas";
import { applyMove, ejRefusal, lockInvoice, lockScopedOrder, todayOf, writeInvoice, type MoveInput } from "./services.server";
import { invoiceStatusLabels, movesBetween, type InvoiceMove } from "./states";

export interface InvoiceImportEffect {
  row: number;
  number: string;
  orderNumber: string;
  contractorName: string;
  action: "create" | "move" | "unchanged";
  /** null for a new invoice */
  from: InvoiceStatus | null;
  to: InvoiceStatus;
  amountTtc: string;
}

export interface InvoiceImportPreview {
  effects: InvoiceImportEffect[];
  errors: ImportError[];
  created: number;
  moved: number;
  unchanged: number;
}

export type InvoiceImportResult = { ok: true; created: number; moved: number; unchanged: number } | { ok: false; preview: InvoiceImportPreview };

const SUSPENDED_WITHOUT_REASON = "Suspendue dans Chorus Pro (motif non repris dans l'export).";
const REJECTED_WITHOUT_REASON = "Rejetée dans Chorus Pro (motif non repris dans l'export).";
/** The same answer for an order that does not exist and for another beneficiary's: the import does not tell them apart. */
export const unknownOrder = (n: string) =>
  `Bon de commande ${n} inconnu ou hors de votre périmètre : vérifiez le numéro, ou laissez l'import de cette facture au correspondant de son bénéficiaire.`;

const err = (row: number | null, key: ChorusKey | null, message: string): ImportError => ({ row, column: key ? chorusLabelOf(key) : null, message });

interface Parsed {
  row: number;
  number: string;
  siret: string;
  receivedOn: string;
  status: InvoiceStatus;
  amountHt: string;
  amountTtc: string;
  orderNumber: string;
  ejNumber: string;
  paidOn: string | null;
  reason: string;
}

/** Each row on its own: the values, read as Chorus Pro exports them (French amounts and dates). */
function parseRow(r: ChorusRow, errors: ImportError[]): Parsed | null {
  const c = r.cells;
  const before = errors.length;
  const number = invoiceNumber.safeParse(c.number ?? "");
  if (!number.success) errors.push(err(r.row, "number", number.error.issues[0].message));
  const siret = (c.siret ?? "").replace(/[\s\u00a0\u202f.]/g, "");
  if (!/^\d{14}$/.test(siret)) {
    errors.push(err(r.row, "siret", c.siret ? `SIRET « ${c.siret} » invalide : 14 chiffres attendus.` : "Indiquez le SIRET du fournisseur."));
  }
  const receivedOn = frenchDate(c.receivedOn ?? "");
  if (!receivedOn) {
    errors.push(
      err(
        r.row,
        "receivedOn",
        c.receivedOn ? `Date « ${c.receivedOn} » invalide : utilisez le format JJ/MM/AAAA.` : "Indiquez la date de dépôt de la facture.",
      ),
    );
  }
  const status = chorusStatus(c.state ?? "");
  if (!status) {
    errors.push(
      err(
        r.row,
        "state",
        `${c.state ? `Statut « ${c.state} » inconnu` : "Statut manquant"} : les statuts acceptés sont ${chorusStates
          .flatMap((s) => s.labels)
          .map((l) => `« ${l} »`)
          .join(", ")}.`,
      ),
    );
  }
  const amountHt = frenchAmount(c.amountHt ?? "");
  if (!amountHt || dec(amountHt).isZero()) {
    errors.push(
      err(r.row, "amountHt", `Montant HT ${c.amountHt ? `« ${c.amountHt} » invalide` : "manquant"} : un montant positif en euros, par exemple 1 234,56.`),
    );
  }
  const amountTtc = frenchAmount(c.amountTtc ?? "");
  if (!amountTtc) {
    errors.push(
      err(r.row, "amountTtc", `Montant TTC ${c.amountTtc ? `« ${c.amountTtc} » invalide` : "manquant"} : un montant en euros, par exemple 1 481,47.`),
    );
  }
  const orderNumber = (c.orderNumber ?? "").trim();
  if (!orderNumber) errors.push(err(r.row, "orderNumber", "Indiquez le numéro du bon de commande que la facture cite."));
  const ejNumber = (c.ejNumber ?? "").replace(/\s/g, "");
  if (!ejNumber) errors.push(err(r.row, "ejNumber", "Indiquez le numéro d'engagement juridique (EJ) que la facture cite."));
  let paidOn: string | null = null;
  if (c.paidOn) {
    paidOn = frenchDate(c.paidOn);
    if (!paidOn) errors.push(err(r.row, "paidOn", `Date « ${c.paidOn} » invalide : utilisez le format JJ/MM/AAAA.`));
  } else if (status === "paid") {
    errors.push(err(r.row, "paidOn", "Indiquez la date de paiement d'une facture payée (colonne « Date de paiement »)."));
  }
  const reason = (c.reason ?? "").trim();
  if (reason.length > 2000) errors.push(err(r.row, "reason", "Le motif ne dépasse pas 2 000 caractères."));
  if (errors.length > before) return null;
  return {
    row: r.row,
    number: number.data!,
    siret,
    receivedOn: receivedOn!,
    status: status!,
    amountHt: amountHt!,
    amountTtc: amountTtc!,
    orderNumber,
    ejNumber,
    paidOn,
    reason,
  };
}

type ScopedOrder = {
  id: number;
  number: string | null;
  ej_number: string | null;
  contractor_id: number;
  siret: string | null;
  contractor_name: string;
  lead_id: number | null;
};
type Matched = { p: Parsed; order: ScopedOrder; companyId: number };

/** The rows checked one by one and matched to the orders in scope (by number and EJ). */
async function analyse(trx: Tx, user: SessionUser, rows: ChorusRow[]): Promise<{ matched: Matched[]; errors: ImportError[] }> {
  const errors: ImportError[] = [];
  const parsed: Parsed[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const p = parseRow(r, errors);
    if (!p) continue;
    const key = `${p.siret}|${p.number.toUpperCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(err(p.row, "number", `La facture n° ${p.number} de ce fournisseur figure déjà en ligne ${first} du fichier.`));
      continue;
    }
    seen.set(key, p.row);
    parsed.push(p);
  }
  const numbers = [...new Set(parsed.map((p) => p.orderNumber))];
  const orders: ScopedOrder[] = numbers.length
    ? await trx
        .selectFrom("purchase_order as po")
        .innerJoin("contractor as c", "c.id", "po.contractor_id")
        .leftJoin("holder_company as h", (j) => j.onRef("h.contractor_id", "=", "po.contractor_id").on("h.role", "=", "lead"))
        .leftJoin("company as lead", "lead.id", "h.company_id")
        .select(["po.id", "po.number", "po.ej_number", "po.contractor_id", "lead.siret", "c.name as contractor_name", "lead.id as lead_id"])
        .where("po.number", "in", numbers)
        .where(orderScope(user))
        .execute()
    : [];
  const orderIds = orders.map((o) => o.id);
  const issuers = orderIds.length
    ? (
        await sql<{ order_id: number; company_id: number; siret: string | null }>`
          SELECT po.id AS order_id, co.id AS company_id, co.siret FROM purchase_order po
            JOIN holder_company h ON h.contractor_id = po.contractor_id JOIN company co ON co.id = h.company_id
            WHERE po.id = ANY(${orderIds}::int[])
          UNION
          SELECT sa.order_id, co.id, co.siret FROM subcontractor_acceptance sa JOIN company co ON co.id = sa.company_id
            WHERE sa.order_id = ANY(${orderIds}::int[])`.execute(trx)
      ).rows
    : [];
  const matched: Matched[] = [];
  for (const p of parsed) {
    const order = orders.find((o) => o.number === p.orderNumber);
    if (!order) {
      errors.push(err(p.row, "orderNumber", unknownOrder(p.orderNumber)));
      continue;
    }
    if (!order.ej_number || order.ej_number.replace(/\s/g, "").toUpperCase() !== p.ejNumber.toUpperCase()) {
      errors.push(err(p.row, "ejNumber", ejRefusal(p.ejNumber, order.ej_number)));
      continue;
    }
    // R18: the supplier is one of the holder's companies or a subcontractor accepted on the order
    // (a holder whose lead has no SIRET on record takes the file's, as before companies had one)
    const company =
      issuers.find((c) => c.order_id === order.id && c.siret === p.siret) ??
      (order.siret ? undefined : issuers.find((c) => c.order_id === order.id && c.company_id === order.lead_id));
    if (!company) {
      errors.push(
        err(
          p.row,
          "siret",
          `Le SIRET du fournisseur (${p.siret}) n'est ni celui d'une entreprise du titulaire du bon de commande ${p.orderNumber} (${order.contractor_name}), ni celui d'un sous-traitant accepté sur ce bon de commande.`,
        ),
      );
      continue;
    }
    matched.push({ p, order, companyId: company.company_id });
  }
  return { matched, errors };
}

const FIELD_COLUMNS: Record<string, ChorusKey> = {
  number: "number",
  ejNumber: "ejNumber",
  receivedOn: "receivedOn",
  amountHt: "amountHt",
  amountTtc: "amountTtc",
  orderId: "orderNumber",
  declarationIds: "amountHt",
  paidOn: "paidOn",
  on: "state",
};

function refusalToErrors(e: Refusal, row: number, fallback: ChorusKey): ImportError[] {
  const fields = Object.entries(e.fieldErrors).filter(([, m]) => m?.length);
  if (!fields.length) return [err(row, fallback, e.message)];
  return fields.flatMap(([f, messages]) => messages!.map((m) => err(row, FIELD_COLUMNS[f] ?? fallback, m)));
}

function moveInput(move: InvoiceMove, p: Parsed): MoveInput {
  switch (move) {
    case "suspend":
      return { move, reason: p.reason || SUSPENDED_WITHOUT_REASON };
    case "resume":
      return { move };
    case "reject":
      return { move, reason: p.reason || REJECTED_WITHOUT_REASON };
    case "in_payment":
      return { move };
    case "pay":
      return { move, paidOn: p.paidOn! };
  }
}

/** The validated declarations of the order no invoice (not rejected) covers yet; all of them when every one is covered. */
async function declarationsToCover(trx: Tx, orderId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom("declaration as d")
    .select([
      "d.id",
      sql<boolean>`EXISTS (SELECT 1 FROM invoice_declaration idl JOIN invoice i ON i.id = idl.invoice_id WHERE idl.declaration_id = d.id AND i.status <> 'rejected')`.as(
        "covered",
      ),
    ])
    .where("d.order_id", "=", orderId)
    .where("d.status", "=", "validated")
    .orderBy("d.id")
    .execute();
  const open = rows.filter((r) => !r.covered);
  return (open.length ? open : rows).map((r) => r.id);
}

/** One row: a new invoice written, or a known one moved to the file's state; throws a Refusal (the caller rolls the row back). */
async function applyRow(trx: Tx, user: SessionUser, { p, order, companyId }: Matched, today: string): Promise<InvoiceImportEffect> {
  const locked = await lockScopedOrder(trx, user, order.id);
  const effect = { row: p.row, number: p.number, orderNumber: p.orderNumber, contractorName: order.contractor_name, amountTtc: p.amountTtc, to: p.status };
  const existing = await trx
    .selectFrom("invoice")
    .select(["id", "order_id", "status", "amount_ht", "amount_ttc", "received_on", "paid_on"])
    .where("company_id", "=", companyId)
    .where("number", "=", p.number)
    .executeTakeFirst();
  let id: number;
  let from: InvoiceStatus | null;
  if (existing) {
    if (existing.order_id !== order.id) {
      throw new Refusal(`La facture n° ${p.number} de ce fournisseur est déjà enregistrée sur un autre bon de commande.`, { field: "orderId" });
    }
    const differs: string[] = [];
    if (!dec(existing.amount_ht).equals(p.amountHt)) differs.push(`HT ${formatEuros(existing.amount_ht)}`);
    if (!dec(existing.amount_ttc).equals(p.amountTtc)) differs.push(`TTC ${formatEuros(existing.amount_ttc)}`);
    if (existing.received_on !== p.receivedOn) differs.push(`déposée le ${formatDate(existing.received_on)}`);
    if (differs.length) {
      throw new Refusal(
        `La facture n° ${p.number} est déjà enregistrée avec d'autres valeurs (${differs.join(", ")}) : l'import ne modifie que son statut. Vérifiez la ligne.`,
        { field: !dec(existing.amount_ht).equals(p.amountHt) ? "amountHt" : !dec(existing.amount_ttc).equals(p.amountTtc) ? "amountTtc" : "receivedOn" },
      );
    }
    if (existing.status === "paid" && p.status === "paid" && p.paidOn && p.paidOn !== existing.paid_on) {
      throw new Refusal(`La facture n° ${p.number} est enregistrée comme payée le ${formatDate(existing.paid_on!)} : la date de paiement ne change pas.`, {
        field: "paidOn",
      });
    }
    id = existing.id;
    from = existing.status;
  } else {
    const declarationIds = await declarationsToCover(trx, order.id);
    if (!declarationIds.length) {
      throw new Refusal(
        `Le bon de commande ${p.orderNumber} n'a aucun service fait validé : la facture dépasse le service fait validé non encore facturé (il reste 0,00 € HT à facturer).`,
        { field: "amountHt" },
      );
    }
    const written = await writeInvoice(
      trx,
      user,
      locked,
      {
        orderId: order.id,
        companyId,
        number: p.number,
        ejNumber: p.ejNumber,
        receivedOn: p.receivedOn,
        amountHt: p.amountHt,
        amountTtc: p.amountTtc,
        declarationIds,
      },
      "chorus_import",
    );
    id = written.id;
    from = null;
  }
  const invoice = await lockInvoice(trx, user, id);
  const moves = movesBetween({ status: invoice.status, suspendedOn: invoice.suspended_on }, p.status);
  if (!moves) {
    throw new Refusal(
      p.status === "suspended" && invoice.suspended_on
        ? `La facture n° ${p.number} a déjà été suspendue une fois (le ${formatDate(invoice.suspended_on)}) : une facture ne se suspend qu'une fois (R2192-27).`
        : `La facture n° ${p.number} est « ${invoiceStatusLabels[invoice.status].toLowerCase()} » ici : le statut « ${invoiceStatusLabels[p.status]} » du fichier ne peut pas la faire revenir en arrière.`,
      { field: "on" },
    );
  }
  let current = invoice;
  for (const move of moves) {
    await applyMove(trx, user, current, moveInput(move, p), today);
    current = await lockInvoice(trx, user, id);
  }
  return { ...effect, from, action: from === null ? "create" : moves.length ? "move" : "unchanged" };
}

class Rollback extends Error {}

/** Every row under its own savepoint, in order id order (each keeps its order locked until the end: two imports queue, never deadlock). */
async function applyAll(trx: Tx, user: SessionUser, rows: ChorusRow[]): Promise<InvoiceImportPreview> {
  const today = await todayOf(trx);
  const { matched, errors } = await analyse(trx, user, rows);
  const effects: InvoiceImportEffect[] = [];
  const ordered = [...matched].sort((a, b) => a.order.id - b.order.id || a.p.row - b.p.row);
  for (const [i, m] of ordered.entries()) {
    const sp = sql.raw(`chorus_row_${i}`);
    await sql`SAVEPOINT ${sp}`.execute(trx);
    try {
      effects.push(await applyRow(trx, user, m, today));
      await sql`RELEASE SAVEPOINT ${sp}`.execute(trx);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      await sql`ROLLBACK TO SAVEPOINT ${sp}`.execute(trx);
      errors.push(...refusalToErrors(e, m.p.row, "state"));
    }
  }
  effects.sort((a, b) => a.row - b.row);
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const count = (a: InvoiceImportEffect["action"]) => effects.filter((e) => e.action === a).length;
  return { effects, errors, created: count("create"), moved: count("move"), unchanged: count("unchanged") };
}

/** What the import would do, and every error, without writing anything. */
export async function previewInvoiceImport(db: Db, user: SessionUser, rows: ChorusRow[]): Promise<InvoiceImportPreview> {
  requireGrant(user, "invoice:import");
  return retryOnDeadlock(async () => {
    let result: InvoiceImportPreview | null = null;
    try {
      await db.transaction().execute(async (trx) => {
        result = await applyAll(trx, user, rows);
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return result!;
  });
}

/**
 * Writes the whole import or nothing, in one transaction: the invoices' own audit events ("import", and each
 * move) and one event for the import itself. An import that changes nothing writes nothing ("Aucun changement").
 */
export async function confirmInvoiceImport(db: Db, user: SessionUser, rows: ChorusRow[], fileName = ""): Promise<InvoiceImportResult> {
  requireGrant(user, "invoice:import");
  return retryOnDeadlock(async (): Promise<InvoiceImportResult> => {
    let outcome: InvoiceImportResult | null = null;
    try {
      await db.transaction().execute(async (trx) => {
        const preview = await applyAll(trx, user, rows);
        if (preview.errors.length) {
          outcome = { ok: false, preview };
          throw new Rollback();
        }
        outcome = { ok: true, created: preview.created, moved: preview.moved, unchanged: preview.unchanged };
        if (!preview.created && !preview.moved) throw new Rollback();
        await recordAudit(trx, {
          actor: user,
          entityType: "invoice_import",
          entityId: fileName.slice(0, 200) || "chorus-pro",
          action: "import",
          after: {
            file: fileName,
            created: preview.effects.filter((e) => e.action === "create").map((e) => e.number),
            moved: preview.effects.filter((e) => e.action === "move").map((e) => ({ number: e.number, from: e.from, to: e.to })),
            unchanged: preview.unchanged,
          },
          beneficiaryId: user.beneficiaryId ?? null,
          contractorId: null,
        });
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return outcome!;
  });
}
