// The consolidated workbook read back from the produced files: every total equals the database's sums
// to the cent and the half-day, user text is inert, and each role gets only its scope.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type ExcelJS from "exceljs";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { Decimal, dec } from "../../app/lib/decimal";
import { resolveFilters } from "../../reports/consolidated/filters";
import { consolidatedCsv, exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { capture, collect, parseCsv, readWorkbook } from "../../reports/spec/testing";
import { ACTIVITIES, addAwkwardOrder, FORMULA_PRODUCT } from "./reports-fixtures";
import { quotePrefixedCells } from "../helpers/xlsx-styles";
import { CONSOLIDATED_SHEETS } from "../helpers/consolidated-sheets";

const t = await useTestDatabase();

beforeAll(async () => {
  await addAwkwardOrder(t.db, {
    number: "21_BAM_048-2026-0991",
    issuedOn: "2026-03-02",
    lines: [
      ["DEVOPS_CONFIRME", "1.375", "1234.57"],
      ["DESIGN_JUNIOR", "0.025", "999.99"],
      ["PM", "2.675", "1111.11"],
    ],
    declare: [
      { month: "2026-03-01", days: ["10.5", "0.5", "7.5"], validatedAt: "2026-04-03T09:00:00Z" },
      { month: "2026-04-01", days: ["17.0", "0.0", "12.5"], validatedAt: "2026-12-31T23:30:00Z" }, // 1 January 2027 in Paris
      { month: "2026-05-01", days: ["0.0", "0.0", "3.5"], validatedAt: null },
    ],
  });
});

type Sheet = ExcelJS.Worksheet;

function header(ws: Sheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}
function col(ws: Sheet, label: string): number {
  const i = header(ws).indexOf(label);
  if (i < 0) throw new Error(`no column ${label} in ${ws.name}`);
  return i + 1;
}
/** data rows (between the header and the totals row when there is one) */
function dataRows(ws: Sheet, hasTotals = true): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  const last = hasTotals ? ws.actualRowCount - 1 : ws.actualRowCount;
  for (let r = 2; r <= last; r++) rows.push(ws.getRow(r));
  return rows;
}
function sumColumn(ws: Sheet, label: string, hasTotals = true): Decimal {
  const c = col(ws, label);
  return dataRows(ws, hasTotals).reduce((s, r) => {
    const v = r.getCell(c).value;
    return v == null ? s : s.plus(dec(v as number));
  }, new Decimal(0));
}
function totalOf(ws: Sheet, label: string): Decimal {
  const cell = ws.getRow(ws.actualRowCount).getCell(col(ws, label));
  const v = cell.value as { formula: string; result: number };
  expect(v.formula).toMatch(/^SUBTOTAL\(109,/);
  return dec(v.result);
}
/** Each column's cells and totals row add up to the expected figure (by column label). */
function expectSums(ws: Sheet, expected: Record<string, string | Decimal>) {
  for (const [label, value] of Object.entries(expected)) {
    expect(sumColumn(ws, label).toFixed(2), `${ws.name} / ${label} (cells)`).toBe(dec(value).toFixed(2));
    expect(totalOf(ws, label).toFixed(2), `${ws.name} / ${label} (totals row)`).toBe(dec(value).toFixed(2));
  }
}

async function exportAs(email: string, filters: Record<string, unknown> = {}) {
  const user = await sessionUser(t.db, email);
  const f = resolveFilters(filters);
  const buffer = await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(user), f, out));
  return { user, wb: await readWorkbook(buffer), buffer };
}

type Sums = Record<"ht" | "vat" | "ttc" | "ordered_days" | "quantity" | "consumed_days" | "consumed_ht" | "pending_days" | "consumed_ttc", string>;
async function dbSums(where = sql`true`): Promise<Sums> {
  const {
    rows: [o],
  } = await sql<Record<string, string>>`
    -- R13: an issued order counts what it orders, a closed one what it consumed (TTC once per order)
    SELECT sum(x.ht) AS ht, sum(x.ttc - x.ht) AS vat, sum(x.ttc) AS ttc, sum(x.days) AS ordered_days, sum(x.quantity) AS quantity FROM (
      SELECT CASE WHEN po.status = 'closed' THEN c.ht ELSE po.total_ht END AS ht,
        CASE WHEN po.status = 'closed' THEN c.ht + round(c.ht * po.vat_rate, 2) ELSE po.total_ttc END AS ttc,
        CASE WHEN po.status = 'closed' THEN c.days ELSE c.ordered END AS days, c.quantity
      FROM purchase_order po
      CROSS JOIN LATERAL (SELECT sum(ol.consumed_ht) AS ht, sum(ol.consumed_days) AS days, sum(ol.quantity * 20) AS ordered, sum(ol.quantity) AS quantity
        FROM order_line ol WHERE ol.order_id = po.id) c
      WHERE po.status IN ('issued','closed') AND ${where}) x`.execute(t.db);
  const {
    rows: [c],
  } = await sql<Record<string, string>>`
    SELECT coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS consumed_days,
      coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS consumed_ht,
      coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS pending_days
    FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id
    WHERE po.status IN ('issued','closed') AND ${where}`.execute(t.db);
  // consumed TTC: per order, HT + VAT rounded to the cent
  const {
    rows: [ct],
  } = await sql<{ ttc: string }>`
    SELECT coalesce(sum(x.ht + round(x.ht * x.vat_rate, 2)), 0) AS ttc FROM (
      SELECT po.id, po.vat_rate, sum(dl.consumed_amount) AS ht
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id JOIN purchase_order po ON po.id = dl.order_id
      WHERE d.status = 'validated' AND po.status IN ('issued','closed') AND ${where} GROUP BY po.id, po.vat_rate) x`.execute(t.db);
  return { ...o, ...c, consumed_ttc: ct.ttc } as Sums;
}

describe("DINUM consolidated workbook", () => {
  let wb: ExcelJS.Workbook;
  let buffer: Buffer;
  let sums: Sums;
  beforeAll(async () => {
    ({ wb, buffer } = await exportAs(accounts.dinum));
    sums = await dbSums();
  });

  it("has exactly the sheets of domain.md, with frozen headers and filters", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(CONSOLIDATED_SHEETS);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter, ws.name).toBeTruthy();
    }
  });

  it("order lines: every total equals the database to the cent and the half-day", () => {
    const ws = wb.getWorksheet("Lignes de BC")!;
    expectSums(ws, {
      "Montant HT": sums.ht,
      TVA: sums.vat,
      "Montant TTC": sums.ttc,
      "Jours commandés": sums.ordered_days,
      "Quantité (UO)": sums.quantity,
      "Jours consommés": sums.consumed_days,
      "Consommé HT": sums.consumed_ht,
      "Consommé TTC": sums.consumed_ttc,
      "Jours en attente": sums.pending_days,
      "Jours restants": dec(sums.ordered_days).minus(sums.consumed_days),
      "Restant HT": dec(sums.ht).minus(sums.consumed_ht),
      "Restant TTC": dec(sums.ttc).minus(sums.consumed_ttc),
    });
    // half-days stay half-days
    for (const r of dataRows(ws))
      expect(
        dec(r.getCell(col(ws, "Jours consommés")).value as number)
          .times(2)
          .isInteger(),
      ).toBe(true);
    // dates are dates, numbers are numbers
    const first = dataRows(ws)[0];
    expect(first.getCell(col(ws, "Début")).value).toBeInstanceOf(Date);
    expect(first.getCell(col(ws, "Début")).numFmt).toBe("dd/mm/yyyy");
    expect(typeof first.getCell(col(ws, "Montant HT")).value).toBe("number");
  });

  it("summary and UO sheets agree with the database", () => {
    const s = wb.getWorksheet("Synthèse")!;
    expectSums(s, {
      "Commandé HT": sums.ht,
      "Commandé TTC": sums.ttc,
      "Jours commandés": sums.ordered_days,
      "Jours consommés": sums.consumed_days,
      "Consommé HT": sums.consumed_ht,
      "Consommé TTC": sums.consumed_ttc,
      "Restant TTC": dec(sums.ttc).minus(sums.consumed_ttc),
      "Jours en attente de validation": sums.pending_days,
    });
    const u = wb.getWorksheet("UO x bénéficiaire")!;
    expectSums(u, {
      "Commandé HT": sums.ht,
      "Jours consommés": sums.consumed_days,
      "Consommé HT": sums.consumed_ht,
      "Quantité (UO)": sums.quantity,
    });
  });

  it("declaration lines add up to the consumption", () => {
    const ws = wb.getWorksheet("Déclarations")!;
    expectSums(ws, {
      "Jours consommés (variation validée)": sums.consumed_days,
      "Consommé HT": sums.consumed_ht,
      "Jours en attente (variation soumise)": sums.pending_days,
    });
  });

  it("Factures (R15/R16): one row per invoice, amounts, states, due dates and late interest", async () => {
    const ws = wb.getWorksheet("Factures")!;
    const { rows } = await sql<{ n: string; ttc: string }>`SELECT count(*) AS n, coalesce(sum(amount_ttc), 0) AS ttc FROM invoice`.execute(t.db);
    expect(dataRows(ws).length).toBe(Number(rows[0].n));
    expectSums(ws, {
      TTC: rows[0].ttc,
    });
    const late = dataRows(ws).find((r) => r.getCell(col(ws, "N° de facture")).value === "OCT-2025-1003")!;
    expect(late.getCell(col(ws, "État")).value).toBe("Payée");
    expect(late.getCell(col(ws, "Jours de retard")).value).toBe(13);
    expect(late.getCell(col(ws, "Taux des intérêts moratoires")).value).toBe(0.1015);
    const ttc = String(late.getCell(col(ws, "TTC")).value);
    const num = BigInt(dec(ttc).times(100).toFixed(0)) * 1015n * 13n;
    const den = 365n * 10000n;
    const cents = num / den + ((num % den) * 2n >= den ? 1n : 0n);
    expect(dec(late.getCell(col(ws, "Intérêts moratoires")).value as number).toFixed(2)).toBe(dec(cents.toString()).dividedBy(100).toFixed(2));
    expect(late.getCell(col(ws, "Indemnité forfaitaire")).value).toBe(40);
    const suspended = dataRows(ws).find((r) => r.getCell(col(ws, "N° de facture")).value === "OCT-2026-0108")!;
    expect(suspended.getCell(col(ws, "Observation")).value).toBe("Délai suspendu");
    expect(suspended.getCell(col(ws, "Échéance")).value).toBeNull();
  });

  it("AE and CP per year follow R11", async () => {
    const ws = wb.getWorksheet("AE-CP")!;
    // AE over all years: what is still committed = TTC of issued and closed orders (cancelled ones net to zero)
    expectSums(ws, {
      "AE nettes TTC": sums.ttc,
    });
    // the Nata amendment of 2026 shows as an amendment
    const {
      rows: [amend],
    } = await sql<{
      d: string;
    }>`SELECT sum(r1.total_ttc - r0.total_ttc) AS d FROM order_revision r1 JOIN order_revision r0 ON r0.order_id = r1.order_id AND r0.revision_no = r1.revision_no - 1 WHERE r1.revision_no > 0`.execute(
      t.db,
    );
    expectSums(ws, {
      "AE : modificatifs TTC": amend.d,
    });
    // CP (R11/R15): TTC of the invoices paid, in the year of their payment date
    const {
      rows: [cp],
    } = await sql<{ ttc: string }>`SELECT coalesce(sum(amount_ttc), 0) AS ttc FROM invoice WHERE status = 'paid'`.execute(t.db);
    expect(Number(cp.ttc)).toBeGreaterThan(0);
    expectSums(ws, {
      "CP TTC (factures payées)": cp.ttc,
    });
    const paidYears = await sql<{
      y: number;
      ttc: string;
    }>`SELECT extract(year FROM paid_on)::int AS y, sum(amount_ttc) AS ttc FROM invoice WHERE status = 'paid' GROUP BY 1`.execute(t.db);
    for (const { y, ttc } of paidYears.rows) {
      const ofYear = dataRows(ws).filter((r) => r.getCell(1).value === y);
      expect(ofYear.reduce((total, r) => total.plus(String(r.getCell(8).value ?? 0)), dec(0)).toFixed(2), `CP ${y}`).toBe(dec(ttc).toFixed(2));
    }
  });

  it("user text is inert: no formula outside the totals rows, text that starts like one kept literal in a quote-prefixed cell", () => {
    // every cell (millions with PILOTAGE_TEST_SCALE): offenders collected, one assertion
    const quoted = quotePrefixedCells(buffer);
    const offenders: string[] = [];
    for (const ws of wb.worksheets) {
      const last = ws.actualRowCount;
      ws.eachRow((row, r) =>
        row.eachCell((cell) => {
          if (cell.type === 6 /* Formula */ && r !== last) offenders.push(`${ws.name}!${cell.address} : formule hors de la ligne des totaux`);
          // a text starting like a formula is a text cell with Excel's quote prefix, never a bare one
          if (typeof cell.value === "string" && /^[=+\-@\t\r]/.test(cell.value) && !quoted.get(ws.name)?.has(cell.address))
            offenders.push(`${ws.name}!${cell.address} : ${cell.value.slice(0, 40)}`);
          if (typeof cell.value === "string" && cell.value.startsWith("'")) offenders.push(`${ws.name}!${cell.address} : apostrophe visible`);
        }),
      );
    }
    expect(offenders).toEqual([]);
    const lines = wb.getWorksheet("Lignes de BC")!;
    const products = dataRows(lines).map((r) => r.getCell(col(lines, "Produit")).value);
    expect(products).toContain(FORMULA_PRODUCT);
    const productCell = dataRows(lines)
      .map((r) => r.getCell(col(lines, "Produit")))
      .find((c) => c.value === FORMULA_PRODUCT)!;
    expect(quoted.get("Lignes de BC")!.has(productCell.address)).toBe(true);
    const decl = wb.getWorksheet("Déclarations")!;
    const acts = dataRows(decl).map((r) => r.getCell(col(decl, "Activités réalisées")).value);
    for (const a of ACTIVITIES) expect(acts).toContain(a);
    const prod = wb.getWorksheet("Produits")!;
    const risks = dataRows(prod).map((r) => String(r.getCell(col(prod, "Principaux risques (non clos)")).value ?? ""));
    expect(risks).toContain("-1 développeur (critique, ouvert)");
  });

  it("states the filters, the date and who exported", () => {
    const ws = wb.getWorksheet("Paramètres")!;
    const values = Object.fromEntries(dataRows(ws, false).map((r) => [r.getCell(1).value, r.getCell(2).value]));
    expect(values["Accord-cadre"]).toBe("Tous");
    expect(String(values["Exporté par"])).toContain(accounts.dinum);
    expect(String(values["Exporté le"])).toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });
});

describe("CSV of the same tables", () => {
  it("order lines: ; BOM CRLF, totals equal the database, text neutralised", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const bytes = await collect(consolidatedCsv(t.db, exporterOf(dinum), resolveFilters({}), "lignes"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString("utf8"));
    const h = rows[0];
    const sumOf = (label: string) => rows.slice(1).reduce((s, r) => s.plus(dec(r[h.indexOf(label)].replace(",", ".") || "0")), new Decimal(0));
    const sums = await dbSums();
    expect(sumOf("Montant TTC").toFixed(2)).toBe(dec(sums.ttc).toFixed(2));
    expect(sumOf("Consommé HT").toFixed(2)).toBe(dec(sums.consumed_ht).toFixed(2));
    expect(sumOf("Jours consommés").toFixed(1)).toBe(dec(sums.consumed_days).toFixed(1));
    expect(rows.map((r) => r[h.indexOf("Produit")])).toContain(`'${FORMULA_PRODUCT}`);
    for (const r of rows.slice(1))
      for (const [i, cell] of r.entries()) {
        if (/^-?\d/.test(cell) && /^(Jours|Montant|Consommé|Restant|TVA|Quantité|Prix)/.test(h[i])) continue;
        expect(cell, h[i]).not.toMatch(/^[=+\-@\t\r]/);
      }
  });

  it("declarations: activities neutralised, negative corrections stay numbers", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const rows = parseCsv((await collect(consolidatedCsv(t.db, exporterOf(dinum), resolveFilters({}), "declarations"))).toString("utf8"));
    const h = rows[0];
    const acts = rows.map((r) => r[h.indexOf("Activités réalisées")]);
    for (const a of ACTIVITIES) expect(acts).toContain(`'${a}`);
    expect(rows.map((r) => r[h.indexOf("Jours consommés (variation validée)")])).toContain("-2,0");
    const sums = await dbSums();
    const total = rows.slice(1).reduce((s, r) => s.plus(dec(r[h.indexOf("Consommé HT")].replace(",", ".") || "0")), new Decimal(0));
    expect(total.toFixed(2)).toBe(dec(sums.consumed_ht).toFixed(2));
  });
});

describe("scope", () => {
  it("a correspondent's export holds only its beneficiary", async () => {
    const { user, wb } = await exportAs(accounts.correspondentA);
    const benef = await t.db.selectFrom("beneficiary").select("name").where("id", "=", user.beneficiaryId!).executeTakeFirstOrThrow();
    for (const name of ["Synthèse", "Lignes de BC", "Déclarations", "UO x bénéficiaire", "Produits", "AE-CP"]) {
      const ws = wb.getWorksheet(name)!;
      const values = new Set(dataRows(ws).map((r) => r.getCell(col(ws, "Bénéficiaire")).value));
      expect([...values], name).toEqual([benef.name]);
    }
    const sums = await dbSums(sql`po.beneficiary_id = ${user.beneficiaryId}`);
    expectSums(wb.getWorksheet("Lignes de BC")!, { "Montant TTC": sums.ttc, "Consommé HT": sums.consumed_ht });
  });

  it("a filter naming another organisation is pinned back to the user's own", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const b = await sessionUser(t.db, accounts.correspondentB);
    const { wb } = await exportAs(accounts.correspondentA, { beneficiary: b.beneficiaryId });
    const params = Object.fromEntries(dataRows(wb.getWorksheet("Paramètres")!, false).map((r) => [r.getCell(1).value, r.getCell(2).value]));
    const own = await t.db.selectFrom("beneficiary").select("name").where("id", "=", a.beneficiaryId!).executeTakeFirstOrThrow();
    expect(params["Bénéficiaire"]).toBe(own.name);
    expect(dataRows(wb.getWorksheet("Lignes de BC")!).length).toBeGreaterThan(0);
  });

  it("a contractor's export holds only its own issued orders", async () => {
    const { user, wb } = await exportAs(accounts.contractorB);
    const c = await t.db.selectFrom("contractor").select("name").where("id", "=", user.contractorId!).executeTakeFirstOrThrow();
    for (const name of ["Lignes de BC", "Déclarations"]) {
      const ws = wb.getWorksheet(name)!;
      expect(new Set(dataRows(ws).map((r) => r.getCell(col(ws, "Titulaire")).value)), name).toEqual(new Set([c.name]));
    }
    const sums = await dbSums(sql`po.contractor_id = ${user.contractorId}`);
    expectSums(wb.getWorksheet("Lignes de BC")!, { "Montant TTC": sums.ttc });
    expectSums(wb.getWorksheet("Synthèse")!, { "Consommé TTC": sums.consumed_ttc });
    // products: exactly those its issued or closed orders serve (the export pins the contractor filter)
    const prods = dataRows(wb.getWorksheet("Produits")!).map((r) => r.getCell(2).value);
    const own = await t.db
      .selectFrom("product as p")
      .select("p.name")
      .distinct()
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("purchase_order as po")
            .select("po.id")
            .whereRef("po.product_id", "=", "p.id")
            .where("po.contractor_id", "=", user.contractorId!)
            .where("po.status", "in", ["issued", "closed"]),
        ),
      )
      .execute();
    const expected = new Set(own.map((p) => p.name));
    expect({ missing: [...expected].filter((n) => !prods.includes(n)), extra: prods.filter((n) => !expected.has(n as string)) }).toEqual({
      missing: [],
      extra: [],
    });
    expect(prods).not.toContain(`'${FORMULA_PRODUCT}`);
  });
});

describe("filters", () => {
  it("year and contract restrict orders, declaration months and AE/CP years", async () => {
    const { wb } = await exportAs(accounts.dinum, { year: 2026, contract: "21_BAM_048" });
    const lines = wb.getWorksheet("Lignes de BC")!;
    expect(new Set(dataRows(lines).map((r) => r.getCell(1).value))).toEqual(new Set(["21_BAM_048"]));
    for (const r of dataRows(lines)) {
      expect((r.getCell(col(lines, "Fin")).value as Date).getUTCFullYear()).toBeGreaterThanOrEqual(2026);
      expect((r.getCell(col(lines, "Début")).value as Date).getUTCFullYear()).toBeLessThanOrEqual(2026);
    }
    const decl = wb.getWorksheet("Déclarations")!;
    expect(new Set(dataRows(decl).map((r) => r.getCell(col(decl, "Année")).value))).toEqual(new Set([2026]));
    const budget = wb.getWorksheet("AE-CP")!;
    expect(new Set(dataRows(budget).map((r) => r.getCell(1).value))).toEqual(new Set([2026]));
    const params = Object.fromEntries(dataRows(wb.getWorksheet("Paramètres")!, false).map((r) => [r.getCell(1).value, r.getCell(2).value]));
    expect(params["Accord-cadre"]).toBe("21_BAM_048");
    expect(params["Période"]).toBe("du 01/01/2026 au 31/12/2026");
  });
});

describe("npm run export (CLI)", () => {
  it("writes the same workbook to a file, with filters by name, and a CSV table", async () => {
    const { runExport, UsageError } = await import("../../reports/cli/run");
    const os = await import("node:os");
    const fs = await import("node:fs");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-"));
    const out = path.join(dir, "suivi.xlsx");
    await runExport(t.db, ["--out", out, "--contract", "21_BAM_048", "--year", "2026", "--contractor", "Octopus Numérique SAS"]);
    const wb = await readWorkbook(fs.readFileSync(out));
    expect(wb.worksheets.map((w) => w.name)).toContain("Paramètres");
    const lines = wb.getWorksheet("Lignes de BC")!;
    expect(new Set(dataRows(lines).map((r) => r.getCell(col(lines, "Titulaire")).value))).toEqual(new Set(["Octopus Numérique SAS"]));
    const params = Object.fromEntries(dataRows(wb.getWorksheet("Paramètres")!, false).map((r) => [r.getCell(1).value, r.getCell(2).value]));
    expect(params["Titulaire"]).toBe("Octopus Numérique SAS");
    expect(String(params["Exporté par"])).toContain("Export planifié");
    const csv = path.join(dir, "ae.csv");
    await runExport(t.db, ["--out", csv, "--table", "ae-cp", "--as", accounts.correspondentB]);
    expect(parseCsv(fs.readFileSync(csv, "utf8"))[0][0]).toBe("Année");
    // the invoices' CSV, scoped: correspondent B sees only its beneficiary's
    const invoicesCsv = path.join(dir, "factures.csv");
    await runExport(t.db, ["--out", invoicesCsv, "--table", "factures", "--as", accounts.correspondentB]);
    const [head, ...body] = parseCsv(fs.readFileSync(invoicesCsv, "utf8"));
    expect(head.slice(0, 3)).toEqual(["N° de facture", "Bénéficiaire", "Titulaire"]);
    const own = body.filter((r) => r.length === head.length && r[0] !== "Total");
    expect(own.map((r) => r[0])).toContain("LF-2026-004");
    expect(new Set(own.map((r) => r[1]))).toEqual(new Set(["Ministère de l'Économie et des Finances"]));
    await expect(runExport(t.db, ["--out", out, "--year", "abc"])).rejects.toBeInstanceOf(UsageError);
    await expect(runExport(t.db, ["--out", out, "--beneficiary", "Inconnu"])).rejects.toBeInstanceOf(UsageError);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
  });
});

describe("one snapshot per workbook", () => {
  it("an order issued while the workbook is written shows in none of its sheets, and they still agree", async () => {
    const { Writable } = await import("node:stream");
    const user = await sessionUser(t.db, accounts.dinum);
    const beneficiary = await t.db.selectFrom("beneficiary").select("id").where("name", "like", "Ministères sociaux%").executeTakeFirstOrThrow();
    const number = "21_BAM_048-2026-0997";
    // the writer waits for this output: once "Synthèse" (the first sheet) is written, an order is issued
    // and committed on another connection before the workbook goes on to the order lines
    let issuedMidway = false;
    const chunks: Buffer[] = [];
    const output = new Writable({
      highWaterMark: 1,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        if (!issuedMidway && chunk.includes("xl/worksheets/sheet1.xml")) {
          issuedMidway = true;
          addAwkwardOrder(t.db, { number, issuedOn: "2026-06-01", lines: [["PM", "1.5", "1000.00"]], declare: [] }).then(() => done(), done);
        } else done();
      },
    });
    await writeConsolidatedWorkbook(t.db, exporterOf(user), resolveFilters({ beneficiary: beneficiary.id }), output);
    expect(issuedMidway).toBe(true);
    expect(await t.db.selectFrom("purchase_order").select("id").where("number", "=", number).executeTakeFirst()).toBeDefined();
    const wb = await readWorkbook(Buffer.concat(chunks));
    const lines = wb.getWorksheet("Lignes de BC")!;
    const numbers = dataRows(lines).map((r) => r.getCell(col(lines, "N° de bon de commande")).value);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).not.toContain(number);
    const summary = wb.getWorksheet("Synthèse")!;
    expect(sumColumn(lines, "Montant HT").toFixed(2)).toBe(sumColumn(summary, "Commandé HT").toFixed(2));
    expect(sumColumn(lines, "Jours commandés").toFixed(1)).toBe(sumColumn(summary, "Jours commandés").toFixed(1));
  });
});
