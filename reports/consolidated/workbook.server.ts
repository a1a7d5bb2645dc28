// The DINUM consolidated workbook: queries → pure model → streaming renderers.
import type { Writable, Readable } from "node:stream";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { roleLabels } from "../../app/auth/grants";
import type { TableSpec } from "../spec/columns";
import { writeWorkbook, type Sheet } from "../xlsx/workbook";
import { csvStream } from "../csv/csv";
import { pinToScope, type ResolvedFilters } from "./filters";
import {
  orderLineStream, parameterRows, toBudgetRow, toDeclarationRow, toProductRow, toSummaryRow, toWorkUnitRow,
} from "./model";
import {
  budgetByYear, declarationLinesRaw, filterNames, orderLinesRaw, productsWithFigures, selectedOrderIds,
  summaryByBeneficiary, workUnitsByBeneficiary,
} from "./queries.server";
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

async function* mapRows<A, B>(source: AsyncIterable<A>, map: (a: A) => B): AsyncGenerator<B> {
  for await (const a of source) yield map(a);
}

/** Rows of one table, lazily (the big tables stream chunk by chunk). */
export function tableRows(db: Executor, exporter: Exporter, filters: ResolvedFilters, tableId: string, now: Date): AsyncIterable<unknown> {
  const user = exporter.user;
  const f = pinToScope(user, filters);
  let ids: Promise<number[]> | null = null;
  const orderIds = () => (ids ??= selectedOrderIds(db, user, f));
  switch (tableId) {
    case summaryTable.id:
      return (async function* () { for (const r of await summaryByBeneficiary(db, user, f)) yield toSummaryRow(r); })();
    case orderLinesTable.id:
      return (async function* () { yield* orderLineStream(orderLinesRaw(db, await orderIds())); })();
    case declarationsTable.id:
      return (async function* () { yield* mapRows(declarationLinesRaw(db, await orderIds(), f), toDeclarationRow); })();
    case workUnitsTable.id:
      return (async function* () { for (const r of await workUnitsByBeneficiary(db, user, f)) yield toWorkUnitRow(r); })();
    case productsTable.id:
      return (async function* () { for (const r of await productsWithFigures(db, user, f)) yield toProductRow(r); })();
    case budgetTable.id:
      return (async function* () { for (const r of await budgetByYear(db, user, f)) yield toBudgetRow(r); })();
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

/** Streams the whole workbook into `output` (an HTTP response body or a file). */
export async function writeConsolidatedWorkbook(db: Executor, exporter: Exporter, f: ResolvedFilters, output: Writable, now = new Date()): Promise<void> {
  const sheets: Sheet<any>[] = consolidatedTables.map((spec) => ({ spec, rows: tableRows(db, exporter, f, spec.id, now) }));
  await writeWorkbook(output, sheets, { creator: "Pilotage UO", created: now, title: "Suivi consolidé des bons de commande" });
}

export function consolidatedCsv(db: Executor, exporter: Exporter, f: ResolvedFilters, tableId: string, now = new Date()): Readable {
  const spec = findTable(tableId);
  if (!spec) throw new Error(`Unknown table ${tableId}`);
  return csvStream(spec, tableRows(db, exporter, f, tableId, now) as AsyncIterable<any>);
}

export function consolidatedFileName(f: ResolvedFilters, ext: string, now = new Date(), table?: string): string {
  const parts = ["suivi-consolide", f.contract, f.year ? String(f.year) : null, table, now.toISOString().slice(0, 10)].filter(Boolean);
  return `${parts.join("_").replace(/[^A-Za-z0-9_.-]/g, "-")}.${ext}`;
}
