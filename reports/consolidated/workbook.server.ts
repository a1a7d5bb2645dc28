// The DINUM consolidated workbook: queries → pure model → streaming renderers.
import type { Writable, Readable } from "node:stream";
import type { Db, Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { roleLabels } from "../../app/auth/grants";
import { todayInParis } from "../../app/lib/dates";
import type { TableSpec } from "../spec/columns";
import { writeWorkbook, type Sheet } from "../xlsx/workbook";
import { copyCsvStream, csvStream } from "../csv/csv";
import { pinToScope, type ResolvedFilters } from "./filters";
import type { RawBuilder } from "kysely";
import { copyRows, inlineParameters, inSnapshot } from "../../db/streaming";
/* eslint-disable @typescript-eslint/no-explicit-any -- one workbook holds tables of different row types */
import { specSelect } from "../spec/sql";
import { parameterRows, toBudgetRow, toProductRow, toSummaryRow, toWorkUnitRow } from "./model";
import {
  budgetByYear,
  budgetQuery,
  declarationLinesQuery,
  filterNames,
  orderLinesQuery,
  productsQuery,
  productsWithFigures,
  summaryByBeneficiary,
  summaryQuery,
  workUnitsByBeneficiary,
  workUnitsQuery,
} from "./queries.server";
import { ceilingRows, ceilingsTable } from "./ceilings-sheet";
import { invoicesTable } from "./invoices";
import { invoiceSheetRows, invoicesQuery } from "./invoices.server";
import { subcontractingRows, subcontractingTable } from "./subcontracting-sheet";
import { budgetTable, consolidatedTables, declarationsTable, orderLinesTable, parametersTable, productsTable, summaryTable, workUnitsTable } from "./tables";

export interface Exporter {
  /** who exported, as written in the "Paramètres" sheet */
  label: string;
  user: SessionUser;
}

const scopeLabels = {
  dinum: "Tous les bénéficiaires et titulaires",
  correspondent: "Les bons de commande de son bénéficiaire",
  contractor: "Les bons de commande émis à son entreprise",
} as const;

export function exporterOf(user: SessionUser): Exporter {
  return { user, label: `${user.name} <${user.email}> (${roleLabels[user.role]}, ${user.organisation})` };
}

/**
 * The tables whose rows are one SQL query (read with COPY for the XLSX, formatted by COPY for the CSV).
 * `now` is the export's time: the order lines' status says "échu avec reste" as of that day (R14).
 */
function streamedQuery(db: Executor, user: SessionUser, f: ResolvedFilters, tableId: string, now: Date) {
  if (tableId === orderLinesTable.id) return orderLinesQuery(db, user, f, todayInParis(now));
  if (tableId === declarationsTable.id) return declarationLinesQuery(db, user, f);
  return null;
}

/** The rows of a query read whole when the sheet is reached (not before), as the sheet's rows. */
async function* mapped<R, T>(read: () => Promise<R[]>, toRow: (r: R) => T): AsyncIterable<T> {
  for (const r of await read()) yield toRow(r);
}

/** Rows of one table, lazily (the big tables stream from COPY, chunk by chunk). */
export function tableRows(db: Executor, exporter: Exporter, filters: ResolvedFilters, tableId: string, now: Date): AsyncIterable<unknown> {
  const user = exporter.user;
  const f = pinToScope(user, filters);
  const streamed = streamedQuery(db, user, f, tableId, now);
  if (streamed) {
    const spec = findTable(tableId)!;
    const integers = new Set(spec.columns.filter((c) => c.format === "integer").map((c) => c.key as string));
    return copyRows<unknown>(
      db,
      specSelect(spec, streamed as RawBuilder<any>).compile(db),
      spec.columns.map((c) => c.key as string),
      integers,
    );
  }
  switch (tableId) {
    case summaryTable.id:
      return mapped(() => summaryByBeneficiary(db, user, f), toSummaryRow);
    case workUnitsTable.id:
      return mapped(() => workUnitsByBeneficiary(db, user, f), toWorkUnitRow);
    case productsTable.id:
      return mapped(() => productsWithFigures(db, user, f), toProductRow);
    case budgetTable.id:
      return mapped(() => budgetByYear(db, user, f), toBudgetRow);
    case ceilingsTable.id:
      return ceilingRows(db, user, f, todayInParis(now));
    case invoicesTable.id:
      return invoiceSheetRows(db, user, f, todayInParis(now));
    case subcontractingTable.id:
      return subcontractingRows(db, user, f);
    case parametersTable.id:
      return (async function* () {
        const names = await filterNames(db, f);
        yield* parameterRows(f, { exportedAt: now, exportedBy: exporter.label, scope: scopeLabels[user.role], ...names });
      })();
    default:
      throw new Error(`Unknown table ${tableId}`);
  }
}

export function findTable(id: string): TableSpec<any> | undefined {
  return consolidatedTables.find((t) => t.id === id);
}

/**
 * Streams the whole workbook into `output` (an HTTP response body or a file). Its sheets are read in one
 * snapshot: totals on "Synthèse" are those of "Lignes de BC" even if an order is issued meanwhile.
 */
export async function writeConsolidatedWorkbook(db: Db, exporter: Exporter, f: ResolvedFilters, output: Writable, now = new Date()): Promise<void> {
  await inSnapshot(db, async (snapshot) => {
    const sheets: Sheet<any>[] = consolidatedTables.map((spec) => ({ spec, rows: tableRows(snapshot, exporter, f, spec.id, now) }));
    await writeWorkbook(output, sheets, { creator: "Pilotage UO", created: now, title: "Suivi consolidé des bons de commande" });
  });
}

export function consolidatedCsv(db: Executor, exporter: Exporter, f: ResolvedFilters, tableId: string, now = new Date()): Readable {
  const spec = findTable(tableId);
  if (!spec) throw new Error(`Unknown table ${tableId}`);
  const streamed = streamedQuery(db, exporter.user, pinToScope(exporter.user, f), tableId, now);
  if (streamed) return copyCsvStream(db, spec, streamed as RawBuilder<any>);
  return csvStream(spec, tableRows(db, exporter, f, tableId, now) as AsyncIterable<any>);
}

/**
 * The SQL behind each table, parameters inlined, as run for this user and these filters ("Paramètres" has
 * none: it is written from the filters). The benchmark hands them to `COPY … TO STDOUT` as the floor.
 */
export function consolidatedQueries(db: Executor, exporter: Exporter, filters: ResolvedFilters, now = new Date()): { id: string; sql: string }[] {
  const user = exporter.user;
  const f = pinToScope(user, filters);
  const queries: [string, { compile(db: Executor): { sql: string; parameters: readonly unknown[] } }][] = [
    [summaryTable.id, summaryQuery(db, user, f)],
    [orderLinesTable.id, orderLinesQuery(db, user, f, todayInParis(now))],
    [declarationsTable.id, declarationLinesQuery(db, user, f)],
    [workUnitsTable.id, workUnitsQuery(db, user, f)],
    [productsTable.id, productsQuery(db, user, f)],
    [budgetTable.id, budgetQuery(db, user, f)],
    [invoicesTable.id, invoicesQuery(db, user, f)],
  ];
  return queries.map(([id, q]) => ({ id, sql: inlineParameters(q.compile(db)) }));
}

export function consolidatedFileName(f: ResolvedFilters, ext: string, now = new Date(), table?: string): string {
  // the name says the filters (issue 14): whoever opens the file later knows what it holds
  const period = f.year ? String(f.year) : f.from || f.to ? `du-${f.from ?? "debut"}-au-${f.to ?? "fin"}` : null;
  const parts = [
    "suivi-consolide",
    f.contract,
    period,
    f.beneficiaryId ? `beneficiaire-${f.beneficiaryId}` : null,
    f.contractorId ? `titulaire-${f.contractorId}` : null,
    table,
    now.toISOString().slice(0, 10),
  ].filter(Boolean);
  return `${parts.join("_").replace(/[^A-Za-z0-9_.-]/g, "-")}.${ext}`;
}
