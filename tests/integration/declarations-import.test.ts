import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { useTestDatabase, accounts } from "../helpers/db";
import { makeOrder, type TestOrder } from "./declarations-fixtures";
import { confirmImport, previewImport, templateRows } from "../../app/domain/declarations/import.server";
import { parseImportFile } from "../../reports/declaration-import/parse";
import { templateXlsx } from "../../reports/declaration-import/template";
import type { ImportRow } from "../../reports/declaration-import/columns";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA } = t.actors;

const TODAY = "2026-11-23";

function row(n: number, order: TestOrder, lineNo: number, days: string, extra: ImportRow["cells"] = {}): ImportRow {
  return { row: n, cells: { orderNumber: order.number, month: "2026-10", lineNo: String(lineNo), days, activities: "Développement", ...extra } };
}

async function declarationsOf(orderId: number) {
  return t.db
    .selectFrom("declaration as d")
    .select(["d.id", "d.status", "d.month"])
    .select(sql<string>`(SELECT sum(dl.days) FROM declaration_line dl WHERE dl.declaration_id = d.id)`.as("days"))
    .where("d.order_id", "=", orderId)
    .execute();
}

describe("declaration import", () => {
  it("previews row by row what would be created and every error, and writes nothing", async () => {
    const o1 = await makeOrder(t.db, {
      lines: [
        ["DEVOPS_CONFIRME", "1", "12000.00"],
        ["PM", "0.5", "11000.00"],
      ],
    });
    const o2 = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] }); // 10 days
    const otherContractors = await makeOrder(t.db, { contractor: accounts.contractorB, correspondent: accounts.correspondentA });
    const preview = await previewImport(
      t.db,
      contractorA,
      [
        row(2, o1, 1, "5", { person1: "Ada", person1Days: "5" }),
        row(3, o1, 2, "1,3"),
        row(4, o2, 1, "11"),
        row(5, o2, 7, "1"),
        row(6, otherContractors, 1, "1"),
        { row: 7, cells: { orderNumber: o1.number, month: "2026-13", lineNo: "1", days: "1" } },
      ],
      TODAY,
    );
    expect(preview.month).toBe("2026-10-01");
    expect(preview.errors).toEqual([
      { row: 3, column: "Jours", message: "Jours consommés : les jours se déclarent par demi-journées (0,5)." },
      { row: 4, column: "Jours", message: expect.stringContaining("il reste 10 j à déclarer") },
      { row: 5, column: "N° ligne", message: `Le bon de commande ${o2.number} n'a pas de ligne 7.` },
      { row: 6, column: "N° bon de commande", message: `Bon de commande ${otherContractors.number} inconnu ou qui n'est pas le vôtre.` },
      { row: 7, column: "Mois (AAAA-MM)", message: expect.stringContaining("invalide") },
    ]);
    expect(preview.groups.map((g) => ({ order: g.orderNumber, action: g.action, lines: g.lines.map((l) => [l.row, l.days]) }))).toEqual([
      { order: o1.number, action: "create", lines: [[2, "5.0"]] },
      { order: o2.number, action: "create", lines: [[4, "11.0"]] },
    ]);
    expect(await declarationsOf(o1.id)).toEqual([]);
    expect(await declarationsOf(o2.id)).toEqual([]);
    // confirming a file with errors writes nothing at all, not even the good rows
    const refused = await confirmImport(t.db, contractorA, [row(2, o1, 1, "5"), row(3, o2, 1, "11")], { submit: false }, TODAY);
    expect(refused.ok).toBe(false);
    expect(await declarationsOf(o1.id)).toEqual([]);
  });

  it("confirms all or nothing; importing the same month again replaces the drafts", async () => {
    const o1 = await makeOrder(t.db, {
      lines: [
        ["DEVOPS_CONFIRME", "1", "12000.00"],
        ["PM", "0.5", "11000.00"],
      ],
    });
    const o2 = await makeOrder(t.db);
    const first = await confirmImport(t.db, contractorA, [row(2, o1, 1, "5"), row(3, o1, 2, "2"), row(4, o2, 1, "3")], { submit: false }, TODAY);
    expect(first).toEqual({ ok: true, count: 2, month: "2026-10-01", submitted: false });
    expect(await declarationsOf(o1.id)).toEqual([{ id: expect.any(Number), status: "draft", month: "2026-10-01", days: "7.0" }]);
    const again = await previewImport(t.db, contractorA, [row(2, o1, 1, "6"), row(3, o2, 1, "4")], TODAY);
    expect(again.errors).toEqual([]);
    expect(again.groups.map((g) => g.action)).toEqual(["replace", "replace"]);
    await confirmImport(t.db, contractorA, [row(2, o1, 1, "6"), row(3, o2, 1, "4")], { submit: false }, TODAY);
    expect(await declarationsOf(o1.id)).toEqual([{ id: expect.any(Number), status: "draft", month: "2026-10-01", days: "6.0" }]);
    expect(await declarationsOf(o2.id)).toEqual([{ id: expect.any(Number), status: "draft", month: "2026-10-01", days: "4.0" }]);
    // submitted in the same transaction
    const submitted = await confirmImport(t.db, contractorA, [row(2, o1, 1, "6"), row(3, o2, 1, "4")], { submit: true }, TODAY);
    expect(submitted.ok).toBe(true);
    expect((await declarationsOf(o1.id))[0].status).toBe("submitted");
    // a submitted month is not replaced
    const late = await previewImport(t.db, contractorA, [row(2, o1, 1, "1")], TODAY);
    expect(late.errors[0]).toMatchObject({ row: 2, column: "N° bon de commande", message: expect.stringContaining("déjà soumise") });
  });

  it("obeys the person cap across the orders of the file", async () => {
    const o1 = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const o2 = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const rows = [
      row(2, o1, 1, "12", { person1: "Noé Cumul", person1Days: "12" }),
      row(3, o2, 1, "12", { person1: "Léa Aide", person1Days: "1.5", person2: "Noé Cumul", person2Days: "10.5" }),
    ];
    const preview = await previewImport(t.db, contractorA, rows, TODAY);
    // October 2026: 22 working days
    expect(preview.errors).toEqual([
      { row: 3, column: "Jours intervenant 2", message: expect.stringContaining("Noé Cumul dépasserait les 22 jours ouvrés d'octobre 2026") },
    ]);
    const confirmed = await confirmImport(t.db, contractorA, rows, { submit: false }, TODAY);
    expect(confirmed.ok).toBe(false);
    expect(await declarationsOf(o1.id)).toEqual([]);
  });

  it("builds a template of the contractor's orders only, which parses back", async () => {
    const o = await makeOrder(t.db, {
      lines: [
        ["DEVOPS_CONFIRME", "1", "12000.00"],
        ["PM", "0.5", "11000.00"],
      ],
    });
    const rowsA = await templateRows(t.db, contractorA, "2026-10-01");
    expect(rowsA.filter((r) => r.orderNumber === o.number).map((r) => r.lineNo)).toEqual([1, 2]);
    expect((await templateRows(t.db, contractorB, "2026-10-01")).some((r) => r.orderNumber === o.number)).toBe(false);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await templateXlsx(rowsA)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.eachRow((r, n) => {
      if (n > 1 && r.getCell(1).value === o.number && r.getCell(3).value === "2") r.getCell(5).value = "1,5";
    });
    const parsed = await parseImportFile(Buffer.from(await wb.xlsx.writeBuffer()), "modele.xlsx");
    expect(parsed.rows).toHaveLength(1);
    const preview = await previewImport(t.db, contractorA, parsed.rows, TODAY);
    expect(preview.errors).toEqual([]);
    expect(preview.groups[0].lines[0]).toMatchObject({ lineNo: 2, days: "1.5" });
  });

  it("imports of the same orders in opposite orders, run at once, all go through: no deadlock reaches the contractor", async () => {
    // each file declares one month on o1 then o2, or on o2 then o1: each transaction locks the lines of its
    // first order and then waits for the other's, which the other holds
    const o1 = await makeOrder(t.db, { periodStart: "2026-01-01", periodEnd: "2026-12-31", lines: [["DEVOPS_CONFIRME", "2", "12000.00"]] });
    const o2 = await makeOrder(t.db, { periodStart: "2026-01-01", periodEnd: "2026-12-31", lines: [["DEVOPS_CONFIRME", "2", "12000.00"]] });
    const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
    const pool = t.pool(12);
    const results = await Promise.allSettled(
      months.map((month, i) => {
        const rows = [row(2, o1, 1, "1", { month }), row(3, o2, 1, "1", { month })];
        return confirmImport(pool, contractorA, i % 2 ? rows.reverse() : rows, { submit: true }, TODAY);
      }),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason?.message ?? r.reason));
    expect(failures).toEqual([]);
    for (const r of results)
      expect((r as PromiseFulfilledResult<Awaited<ReturnType<typeof confirmImport>>>).value).toMatchObject({ ok: true, count: 2, submitted: true });
    for (const o of [o1, o2]) {
      const declared = await declarationsOf(o.id);
      expect(declared.map((d) => d.status)).toEqual(months.map(() => "submitted"));
    }
  });

  it("is refused to a correspondent", async () => {
    await expect(previewImport(t.db, corrA, [], TODAY)).rejects.toMatchObject({ status: 403 });
  });
});
