// The amendment's bon de commande and the service fait certificate, as their routes send them and a reader
// copies them (pdftotext), on orders amended and declared through the use cases; their figures against the
// order's and the declaration's pages (the routes' loaders).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { pdftotext, plainSpaces } from "../helpers/pdf";
import { createSession } from "../../app/auth/session.server";
import type { SessionUser } from "../../app/auth/user";
import { amendOrder } from "../../app/domain/orders/services.server";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { buildContract, buildDeclaration, buildIssuedOrder, type OrderOptions } from "../../seeds/factories";
import { formatDays, formatEuros } from "../../app/lib/format";

type Args = { request: Request; params: Record<string, string>; context: object };
type Loader = (args: Args) => Promise<unknown>;

const t = await useTestDatabase({ routes: true });
let corrA: SessionUser, contractorA: SessionUser;
let contractId: number;
const cookies = new Map<number, string>();
const routes: Record<string, Loader> = {};

beforeAll(async () => {
  corrA = await sessionUser(t.db, accounts.correspondentA);
  contractorA = await sessionUser(t.db, accounts.contractorA);
  for (const u of [corrA, contractorA]) cookies.set(u.id, (await createSession(t.db, u.id)).split(";")[0]);
  routes.orderPdf = (await import("../../app/routes/commandes.$id.pdf")).loader as Loader;
  routes.serviceFaitPdf = (await import("../../app/routes/declarations.$id_.service-fait[.]pdf")).loader as Loader;
  routes.order = (await import("../../app/routes/commandes.$id")).loader as Loader;
  routes.declaration = (await import("../../app/routes/declarations.$id")).loader as Loader;
  // prices chosen so that every amount rounds (R5: to the cent, half up)
  contractId = (
    await buildContract(t.db, {
      holders: [
        {
          contractor: contractorA.contractorId!,
          prices: { DEVOPS_CONFIRME: "12345.67", PM: "13733.33", DESIGN_JUNIOR: "9249.40", DEVOPS_SENIOR: "15000.00" },
        },
      ],
    })
  ).id;
});
async function load(route: string, user: SessionUser, url: string, params: Record<string, string>): Promise<unknown> {
  return routes[route]({ request: new Request(`http://localhost${url}`, { headers: { Cookie: cookies.get(user.id)! } }), params, context: {} });
}

/** What a reader copies from the PDF the route sends, columns kept on their lines, French spaces as plain spaces. */
async function pdfText(route: string, user: SessionUser, url: string, id: number): Promise<string> {
  const response = (await load(route, user, url, { id: String(id) })) as Response;
  expect(response.status, url).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  const buf = Buffer.from(await response.arrayBuffer());
  return plainSpaces(pdftotext(buf, { layout: true }));
}

/** A table row of the text: its cells in order, separated by the layout's spaces. */
const row = (...cells: string[]) => new RegExp(cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s{2,}"));

function issue(lines: OrderOptions["lines"]) {
  return buildIssuedOrder(t.db, {
    contract: contractId,
    contractor: contractorA.contractorId!,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    lines,
    ejNumber: "1300555001",
    at: "2026-01-05T09:00:00+01:00",
  });
}

describe("the bon de commande of an amendment", () => {
  it("shows each line's previous and new quantity and its change in HT, an unchanged line as such, and the totals before and after", async () => {
    const o = await issue([
      ["DEVOPS_CONFIRME", "2.375"],
      ["PM", "0.5"],
      ["DESIGN_JUNIOR", "1"],
    ]);
    const [devops, pm] = o.lines;
    await amendOrder(t.db, corrA, o.id, {
      reason: "Renfort de l'équipe",
      lines: [
        { lineId: devops.id, workUnitCode: "DEVOPS_CONFIRME", quantity: "3" },
        { lineId: pm.id, workUnitCode: "PM", quantity: "0.25" },
        { lineId: null, workUnitCode: "DEVOPS_SENIOR", quantity: "0.5" },
      ],
    });
    const text = await pdfText("orderPdf", contractorA, `/commandes/${o.id}/pdf`, o.id);
    expect(text).toContain("Modifications apportées par la révision 1 à la révision 0 du 05/01/2026");
    // 2,375 × 12 345,67 = 29 320,96625 → 29 320,97 ; 3 × 12 345,67 = 37 037,01
    expect(text).toMatch(row("1", "UO Devops-Confirmé", "2,375", "3", "29 320,97 €", "37 037,01 €", "+7 716,04 €"));
    // 0,5 × 13 733,33 = 6 866,665 → 6 866,67 ; 0,25 × 13 733,33 = 3 433,3325 → 3 433,33
    expect(text).toMatch(row("2", "UO Product-Management", "0,5", "0,25", "6 866,67 €", "3 433,33 €", "-3 433,34 €"));
    expect(text).toMatch(row("3", "UO Design-Junior", "1", "1", "9 249,40 €", "9 249,40 €", "ligne inchangée"));
    expect(text).toMatch(row("4", "UO Devops-Senior", "–", "0,5", "–", "7 500,00 €", "+7 500,00 €"));
    expect(text).toMatch(/\+7 500,00 €\n\s+ligne ajoutée\n/);
    // before: 45 437,04 HT, 9 087,41 VAT (9 087,408), 54 524,45 TTC; after: 57 219,74, 11 443,95 (11 443,948), 68 663,69
    expect(text).toMatch(row("Avant (révision 0)", "Après (révision 1)", "Variation"));
    expect(text).toMatch(row("Total HT", "45 437,04 €", "57 219,74 €", "+11 782,70 €"));
    expect(text).toMatch(row("TVA (20,0 %)", "9 087,41 €", "11 443,95 €", "+2 356,54 €"));
    expect(text).toMatch(row("Total TTC", "54 524,45 €", "68 663,69 €", "+14 139,24 €"));
    // the amended order itself, as R7 wants it: every line with its days and amount, and the new totals
    expect(text).toMatch(row("1", "UO Devops-Confirmé", "3", "60", "12 345,67 €", "617,2835 €", "37 037,01 €"));
    expect(text).toMatch(/Total TTC\s+68 663,69 €/);

    // the issue's own PDF (revision 0) shows no change; the revision asked for is what is compared
    const first = await pdfText("orderPdf", contractorA, `/commandes/${o.id}/pdf?revision=0`, o.id);
    expect(first).not.toContain("Modifications apportées");
    expect(first).toMatch(row("1", "UO Devops-Confirmé", "2,375", "47,5", "12 345,67 €", "617,2835 €", "29 320,97 €"));
  });
});

type DeclarationPage = {
  lines: { lineNo: number; workUnitLabel: string; unitPrice: string; days: string; consumedAmount: string | null }[];
  amounts: { ht: string; vat: string; ttc: string } | null;
};

/** The certificate's totals are the declaration page's HT, VAT and TTC. */
function expectAmountsOf(text: string, page: DeclarationPage) {
  const [ht, vat, ttc] = [page.amounts!.ht, page.amounts!.vat, page.amounts!.ttc].map((a) => plainSpaces(formatEuros(a)));
  expect(text).toMatch(new RegExp(`Total HT\\s+${ht}`));
  expect(text).toMatch(new RegExp(`TVA \\(20,0 %\\)\\s+${vat}`));
  expect(text).toMatch(new RegExp(`Total TTC\\s+${ttc}`));
}

describe("the service fait certificate", () => {
  it("shows VAT and TTC, and each line's consumed to date and remaining, equal to the declaration's and the order's pages; a later amendment or month leaves it as certified", async () => {
    const o = await issue([
      ["DEVOPS_CONFIRME", "1"],
      ["PM", "0.5"],
    ]);
    const [devops, pm] = o.lines;
    // each month validated early the next month
    const validated = (month: string, devopsDays: string, pmDays: string, at: string) =>
      buildDeclaration(t.db, o.id, {
        month,
        lines: [
          { orderLineId: devops.id, days: devopsDays },
          { orderLineId: pm.id, days: pmDays },
        ],
        status: "validated",
        at,
      });
    const jan = await validated("2026-01-01", "7.5", "2", "2026-02-03T10:00:00+01:00");
    const feb = await validated("2026-02-01", "6", "3.5", "2026-03-04T10:00:00+01:00");
    // submitted, not validated: pending, not consumed
    const mar = await buildDeclaration(t.db, o.id, { month: "2026-03-01", lines: [{ orderLineId: devops.id, days: "2" }], at: "2026-04-02T10:00:00+01:00" });

    const febText = await pdfText("serviceFaitPdf", corrA, `/declarations/${feb.id}/service-fait.pdf`, feb.id);
    // 6 j × 617,2835 = 3 703,70 ; 3,5 j × 686,6665 = 2 403,33275 → 2 403,33; VAT on the total 6 107,03 × 20 % = 1 221,406 → 1 221,41,
    // allocated 740,74 and 480,666 → 480,67
    expect(febText).toMatch(row("1", "UO Devops-Confirmé", "12 345,67 €", "6", "3 703,70 €", "740,74 €", "4 444,44 €"));
    expect(febText).toMatch(row("2", "UO Product-Management", "13 733,33 €", "3,5", "2 403,33 €", "480,67 €", "2 884,00 €"));
    expect(febText).toMatch(row("Total", "9,5", "6 107,03 €", "1 221,41 €", "7 328,44 €"));
    expect(febText).toMatch(/TVA \(20,0 %\)\s+1 221,41 €/);
    expect(febText).toMatch(/Total TTC\s+7 328,44 €/);
    // consumed to date = January + February: 13,5 j and 4 629,63 + 3 703,70; 5,5 j and 1 373,33 + 2 403,33
    expect(febText).toContain("Consommation des lignes après cette déclaration");
    expect(febText).toMatch(row("1", "UO Devops-Confirmé", "20", "13,5", "8 333,33 €", "6,5", "4 012,34 €"));
    expect(febText).toMatch(row("2", "UO Product-Management", "10", "5,5", "3 776,66 €", "4,5", "3 090,01 €"));

    // the same figures as the order's page (the latest validated month: its consumed and remaining are the line's)
    type OrderPage = { lines: { workUnitLabel: string; orderedDays: string; figures: Record<string, string> }[] };
    const page = (await load("order", corrA, `/commandes/${o.id}`, { id: String(o.id) })) as OrderPage;
    expect(page.lines).toHaveLength(2);
    for (const [i, l] of page.lines.entries()) {
      const f = l.figures;
      const cells = [formatDays(l.orderedDays), formatDays(f.consumedDays), formatEuros(f.consumedHt), formatDays(f.remainingDays), formatEuros(f.remainingHt)];
      expect(febText, `ligne ${i + 1}`).toMatch(row(String(i + 1), l.workUnitLabel, ...cells.map(plainSpaces)));
    }
    // and as the declaration's page: each line's consumed HT
    const declPage = (await load("declaration", corrA, `/declarations/${feb.id}`, { id: String(feb.id) })) as DeclarationPage;
    expect(declPage.lines).toHaveLength(2);
    for (const l of declPage.lines) {
      const cells = [formatEuros(l.unitPrice), formatDays(l.days), formatEuros(l.consumedAmount)];
      expect(febText, `ligne ${l.lineNo}`).toMatch(row(String(l.lineNo), l.workUnitLabel, ...cells.map(plainSpaces)));
    }
    // and its HT, VAT and TTC, those of the certificate (VAT on the total, allocateVat)
    expect(declPage.amounts).toEqual({ ht: "6107.03", vat: "1221.41", ttc: "7328.44" });
    expectAmountsOf(febText, declPage);

    // January's certificate counts January only
    const janText = await pdfText("serviceFaitPdf", corrA, `/declarations/${jan.id}/service-fait.pdf`, jan.id);
    expect(janText).toMatch(row("1", "UO Devops-Confirmé", "20", "7,5", "4 629,63 €", "12,5", "7 716,04 €"));

    // the order amended (line 1 to 2 UO) and March validated afterwards: February stays as certified, March counts the new order
    await amendOrder(t.db, corrA, o.id, { reason: "Prolongation", lines: [{ lineId: devops.id, workUnitCode: "DEVOPS_CONFIRME", quantity: "2" }] });
    // submitted, its page says what validating will cost, HT, VAT and TTC: what the certificate then states
    const marPage = (await load("declaration", corrA, `/declarations/${mar.id}`, { id: String(mar.id) })) as DeclarationPage;
    expect(marPage.amounts).toEqual({ ht: "1234.57", vat: "246.91", ttc: "1481.48" });
    await validateDeclaration(t.db, corrA, mar.id);
    expect(await pdfText("serviceFaitPdf", corrA, `/declarations/${feb.id}/service-fait.pdf`, feb.id)).toBe(febText);
    const marText = await pdfText("serviceFaitPdf", corrA, `/declarations/${mar.id}/service-fait.pdf`, mar.id);
    expectAmountsOf(marText, marPage);
    // 13,5 + 2 = 15,5 j of 40; 8 333,33 + 1 234,57 (2 × 617,2835 = 1 234,567) = 9 567,90 of 24 691,34
    expect(marText).toMatch(row("1", "UO Devops-Confirmé", "40", "15,5", "9 567,90 €", "24,5", "15 123,44 €"));
    const after = (await load("order", corrA, `/commandes/${o.id}`, { id: String(o.id) })) as OrderPage;
    expect(after.lines[0].figures).toMatchObject({ consumedDays: "15.5", consumedHt: "9567.90", remainingDays: "24.5", remainingHt: "15123.44" });
  });
});
