// The large tables of the consolidated export, produced by PostgreSQL: the CSV formatted in SQL and
// streamed by COPY is byte for byte the JavaScript renderer's CSV of the same rows; the VAT allocated per
// line in SQL is model.ts's rule; COPY reads work inside a transaction and a cancelled download leaves no
// statement running and a usable pool.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedCsv, exporterOf, tableRows } from "../../reports/consolidated/workbook.server";
import { allocateVat } from "../../app/domain/orders/amounts";
import { declarationsTable, orderLinesTable } from "../../reports/consolidated/tables";
import { csvStream } from "../../reports/csv/csv";
import { collect, parseCsv } from "../../reports/spec/testing";
import type { TableSpec } from "../../reports/spec/columns";
import { copyOut, copyRows, inSnapshot } from "../../db/streaming";
import type { Tx } from "../../db/client";
import { dec } from "../../app/lib/decimal";
import { addAwkwardOrder } from "./reports-fixtures";

const t = await useTestDatabase();

// text a CSV or an XLSX must survive: separators, quotes, line breaks, tabs, backslashes, formulas behind
// spaces or a no-break space, and nothing at all
const AWKWARD = [
  "a;b",
  'il a dit "oui"',
  "ligne 1\nligne 2",
  "ligne 1\r\nligne 2",
  "tab\tulation",
  "C:\\dossier\\n",
  "  =1+1",
  "\u00a0+33",
  "\\.",
  "",
  "‰ émoji 😀",
];

beforeAll(async () => {
  await addAwkwardOrder(t.db, {
    number: "21_BAM_048-2026-0995",
    issuedOn: "2026-02-02",
    lines: [
      ["DEVOPS_CONFIRME", "0.025", "1111.11"],
      ["DESIGN_JUNIOR", "0.025", "1111.11"],
      ["PM", "0.025", "1111.11"],
    ],
    declare: [{ month: "2026-02-01", days: ["0.5", "0.5", "0.5"], validatedAt: "2026-03-02T09:00:00Z" }],
  });
  const lines = await t.db.selectFrom("declaration_line").select("id").orderBy("id").limit(AWKWARD.length).execute();
  for (const [i, l] of lines.entries()) {
    await t.db
      .updateTable("declaration_line")
      .set({ activities: AWKWARD[i], remaining_comment: AWKWARD[AWKWARD.length - 1 - i] })
      .where("id", "=", l.id)
      .execute();
  }
});

async function dinum() {
  return exporterOf(await sessionUser(t.db, accounts.dinum));
}

describe("CSV of the large tables by COPY", () => {
  for (const spec of [orderLinesTable, declarationsTable] as TableSpec<any>[]) {
    it(`${spec.id}: the bytes of the JavaScript renderer, for the same rows`, async () => {
      const exporter = await dinum();
      const f = resolveFilters({});
      const byCopy = await collect(consolidatedCsv(t.db, exporter, f, spec.id));
      const byJs = await collect(csvStream(spec, tableRows(t.db, exporter, f, spec.id, new Date()) as AsyncIterable<any>));
      expect(byCopy.length).toBeGreaterThan(1000);
      const [a, b] = [byCopy.toString("utf8").split("\r\n"), byJs.toString("utf8").split("\r\n")];
      const first = a.findIndex((line, i) => line !== b[i]);
      expect(first >= 0 ? [a[first], b[first]] : null).toBeNull();
      expect(byCopy.toString("utf8")).toBe(byJs.toString("utf8"));
      const rows = parseCsv(byCopy.toString("utf8"));
      expect(rows.every((r) => r.length === spec.columns.length)).toBe(true);
      if (spec === declarationsTable) {
        const acts = rows.map((r) => r[spec.columns.findIndex((c) => c.key === "activities")]);
        for (const a of [
          "a;b",
          'il a dit "oui"',
          "ligne 1\nligne 2",
          "ligne 1\r\nligne 2",
          "tab\tulation",
          "C:\\dossier\\n",
          "'  =1+1",
          "'\u00a0+33",
          "\\.",
          "‰ émoji 😀",
        ])
          expect(acts).toContain(a);
      }
    });
  }

  it("inside a transaction too (the COPY runs on the transaction's connection)", async () => {
    const exporter = await dinum();
    const outside = await collect(consolidatedCsv(t.db, exporter, resolveFilters({}), "declarations"));
    const inside = await t.db.transaction().execute(async (trx) => collect(consolidatedCsv(trx, exporter, resolveFilters({}), "declarations")));
    expect(inside.equals(outside)).toBe(true);
  });

  it("a filtered export (year, contractor) gives the same bytes both ways", async () => {
    const exporter = await dinum();
    const contractor = await t.db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
    const f = resolveFilters({ year: 2026, contractor: contractor.id });
    const byCopy = await collect(consolidatedCsv(t.db, exporter, f, "declarations"));
    const byJs = await collect(csvStream(declarationsTable, tableRows(t.db, exporter, f, "declarations", new Date()) as AsyncIterable<any>));
    expect(byCopy.toString()).toBe(byJs.toString());
    expect(parseCsv(byCopy.toString()).length).toBeGreaterThan(1);
  });

  it("a cancelled download stops the statement and gives the connection back clean", async () => {
    const pool = t.pool(1);
    const big = `COPY (SELECT g, repeat('x', 200) FROM generate_series(1, 300000) g) TO STDOUT`;
    let chunks = 0;
    for await (const _ of copyOut(pool, big)) if (++chunks === 3) break;
    // the only connection of this pool is usable again, and no COPY is left running on the server
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY (SELECT g, repeat%'`.execute(pool);
    expect(Number(rows[0].n)).toBe(0);
  });

  it("inside a workbook's snapshot too: the statement is cancelled, not read to its end, and the transaction rolls back", async () => {
    const pool = t.pool(2);
    // a billion rows (200 GB): read to its end, it would never finish; only a cancel ends it
    const big = `COPY (SELECT g, repeat('y', 200) FROM (SELECT generate_series(1, 1000000000) AS g) s) TO STDOUT`;
    let chunks = 0;
    const aborted = inSnapshot(pool, async (trx) => {
      for await (const _ of copyOut(trx, big)) if (++chunks === 3) throw new Error("téléchargement interrompu");
    });
    await expect(aborted).rejects.toThrow("téléchargement interrompu");
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY (SELECT g, repeat(''y''%'`.execute(pool);
    expect(Number(rows[0].n)).toBe(0);
    // both connections are usable, outside any transaction
    const states = await Promise.all(
      [0, 1].map(() =>
        pool
          .transaction()
          .execute(async (trx) => (await sql<{ level: string }>`SELECT current_setting('transaction_isolation') AS level`.execute(trx)).rows[0].level),
      ),
    );
    expect(states).toEqual(["read committed", "read committed"]);
  });
});

describe("values inlined into COPY (which takes no parameters)", () => {
  class Rollback extends Error {}
  async function thenRollBack(work: (trx: Tx) => Promise<void>) {
    await t.db
      .transaction()
      .execute(async (trx) => {
        await work(trx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
  }

  it("a contract filter holding $1, quotes and backslashes selects that contract's lines, whatever standard_conforming_strings", async () => {
    const exporter = await dinum();
    const awkward = "21_BAM_048 l'accord $1 \\ \\' -- $2";
    await thenRollBack(async (trx) => {
      const lines = async (contract: string) =>
        parseCsv((await collect(consolidatedCsv(trx, exporter, resolveFilters({ contract }), orderLinesTable.id))).toString("utf8"));
      const before = await lines("21_BAM_048");
      expect(before.length).toBeGreaterThan(10);
      await trx.updateTable("contract").set({ reference: awkward }).where("reference", "=", "21_BAM_048").execute();
      for (const scs of ["on", "off"]) {
        await sql`SELECT set_config('standard_conforming_strings', ${scs}, true)`.execute(trx);
        const after = await lines(awkward);
        expect(after.length, `standard_conforming_strings = ${scs}`).toBe(before.length);
        // every cell but the contract's reference is unchanged (the formula guard is a regular expression
        // with backslashes, inlined into the query too)
        const others = (rows: string[][]) => rows.map((r) => r.filter((cell) => !cell.startsWith("21_BAM_048")));
        expect(others(after), `standard_conforming_strings = ${scs}`).toEqual(others(before));
        // a value that would close a naively quoted literal matches no contract (and runs no SQL of its own)
        expect(await lines("\\' OR true --"), `standard_conforming_strings = ${scs}`).toHaveLength(1);
      }
    });
  });

  it("a $n inside a string literal, a quoted name or a comment of the query stays text", async () => {
    const value = "l'accord $1 \\ fin";
    const query = sql`SELECT '$1 reste ''$2''' AS a, ${value} AS b, $$ $1 $$ AS c, 1 AS "$1" /* $1 */ -- $2
      , ${"deux"} AS d`.compile(t.db);
    const rows: Record<string, string>[] = [];
    for await (const r of copyRows<Record<string, string>>(t.db, query, ["a", "b", "c", "x", "d"])) rows.push(r);
    expect(rows).toEqual([{ a: "$1 reste '$2'", b: value, c: " $1 ", x: "1", d: "deux" }]);
  });
});

describe("VAT per order line in SQL", () => {
  it("is model.ts's allocation (own rounding per line, the last line absorbs), for every order", async () => {
    const exporter = await dinum();
    const byOrder = new Map<string, { ht: string[]; vat: string[]; consumedHt: string[]; consumedTtc: string[] }>();
    for await (const r of tableRows(t.db, exporter, resolveFilters({}), "lignes", new Date()) as AsyncIterable<Record<string, string>>) {
      const o = byOrder.get(r.orderNumber) ?? { ht: [], vat: [], consumedHt: [], consumedTtc: [] };
      o.ht.push(r.amountHt);
      o.vat.push(r.vat);
      o.consumedHt.push(r.consumedHt);
      o.consumedTtc.push(r.consumedTtc);
      byOrder.set(r.orderNumber, o);
    }
    const rates = new Map((await t.db.selectFrom("purchase_order").select(["number", "vat_rate"]).execute()).map((o) => [o.number, o.vat_rate]));
    expect(byOrder.size).toBeGreaterThan(5);
    for (const [number, o] of byOrder) {
      const rate = rates.get(number)!;
      expect(
        o.vat.map((v) => dec(v).toFixed(2)),
        number,
      ).toEqual(allocateVat(o.ht, rate));
      const consumedVat = allocateVat(o.consumedHt, rate);
      expect(
        o.consumedTtc.map((v) => dec(v).toFixed(2)),
        number,
      ).toEqual(o.consumedHt.map((h, i) => dec(h).plus(consumedVat[i]).toFixed(2)));
    }
    // the 3 × 0.025 UO order: 27.78 HT per line, VAT 5.56 each, the order's 16.67 → the last line takes 5.55
    expect(byOrder.get("21_BAM_048-2026-0995")!.vat.map((v) => dec(v).toFixed(2))).toEqual(["5.56", "5.56", "5.55"]);
  });
});
