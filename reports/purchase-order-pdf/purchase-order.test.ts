import { describe, expect, it } from "vitest";
import { Decimal } from "../../app/lib/decimal";
import { orderTotals } from "../../app/domain/orders/amounts";
import { purchaseOrderModel, type PurchaseOrderDocumentInput } from "./model";
import { renderPurchaseOrder } from "./render";
import { pdftotext, toUnicodeMaps } from "../../tests/helpers/pdf";
import { demoAccounts } from "../../seeds/accounts";

const lines = [
  { line_no: 1, work_unit_code: "DEVOPS_CONFIRME" as const, quantity: "2.375", unit_price: "12345.67", amount_ht: "29320.97" },
  { line_no: 2, work_unit_code: "DESIGN_JUNIOR" as const, quantity: "0.025", unit_price: "9249.40", amount_ht: "231.24" },
  { line_no: 3, work_unit_code: "PM" as const, quantity: "12.5", unit_price: "13733.33", amount_ht: "171666.63" },
];
const totals = orderTotals(
  lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price })),
  "0.2000",
);

const input: PurchaseOrderDocumentInput = {
  order: {
    id: 7,
    number: "25_BAM_112-2026-0042",
    status: "issued",
    title: "Équipe produit 2027",
    periodStart: "2026-12-01",
    periodEnd: "2027-05-31",
    vatRate: "0.2000",
    ejNumber: "1300999001",
    budgetProgramme: "0124",
    budgetCentre: null,
    issuedOn: "2026-11-23",
    issuerName: "Sacha Solidaire",
    issuerEmail: demoAccounts.correspondentA,
    currentRevision: 0,
    closedReason: null,
    cancelReason: null,
  },
  contract: {
    reference: "25_BAM_112",
    title: "Services publics numériques",
    buyer: "DINUM",
    notifiedOn: "2026-01-15",
    lotNumber: 1,
    lotTitle: "Équipes produit",
  },
  beneficiary: { name: "Ministères sociaux – Fabrique numérique", acronym: "MAS" },
  product: { name: "Nata" },
  contractor: { name: "Octopus Numérique SAS", siret: "91234567800017", address: "12 rue des Pixels, 75011 Paris", email: "contact@octopus-numerique.example" },
  revision: {
    revisionNo: 0,
    reason: "Émission",
    effectiveOn: "2026-11-23",
    createdAt: "2026-11-23T10:00:00Z",
    authorName: "Sacha Solidaire",
    totalHt: totals.totalHt,
    totalVat: totals.totalVat,
    totalTtc: totals.totalTtc,
    lines,
  },
  workUnitLabels: { DEVOPS_CONFIRME: "UO Devops-Confirmé", DESIGN_JUNIOR: "UO Design-Junior", PM: "UO Product-Management" },
};

describe("purchase order PDF", () => {
  it("the model shows every R7 item in French format, amounts agreeing with an independent Decimal computation", () => {
    const ht = lines.reduce((s, l) => s.plus(new Decimal(l.quantity).times(l.unit_price).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), new Decimal(0));
    const vat = ht.times("0.2").toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect([totals.totalHt, totals.totalVat, totals.totalTtc]).toEqual([ht.toFixed(2), vat.toFixed(2), ht.plus(vat).toFixed(2)]);
    const m = purchaseOrderModel(input, new Date("2026-11-23T10:00:00Z"));
    expect(m.rows[0]).toEqual(["1", "UO Devops-Confirmé", "2,375", "47,5", "12\u202f345,67\u00a0€", "617,2835\u00a0€", "29\u202f320,97\u00a0€"]);
    expect(m.rows[1]).toEqual(["2", "UO Design-Junior", "0,025", "0,5", "9\u202f249,40\u00a0€", "462,4700\u00a0€", "231,24\u00a0€"]);
    expect(m.totals).toEqual([
      ["Total HT", "201\u202f218,84\u00a0€"],
      ["TVA (20,0\u00a0%)", "40\u202f243,77\u00a0€"],
      ["Total TTC", "241\u202f462,61\u00a0€"],
    ]);
    expect(m.commitment).toEqual([
      ["Engagement juridique (EJ)", "1300999001"],
      ["Programme", "0124"],
      ["Centre financier", "à compléter"],
    ]);
    expect(m.fileName).toBe("bon-de-commande-25_BAM_112-2026-0042.pdf");
    expect(m.notice).toBeNull();
    // revision 0 amends nothing
    expect(m.amendment).toBeNull();
    expect(purchaseOrderModel({ ...input, order: { ...input.order, status: "cancelled", cancelReason: "Doublon" } }).notice).toBe(
      "Bon de commande ANNULÉ : Doublon",
    );
  });

  // pdfkit embeds Marianne on the first render: seconds on a loaded machine
  it("renders Marianne text whose thousands separator is copied as U+202F", { timeout: 30_000 }, async () => {
    const pdf = await renderPurchaseOrder(purchaseOrderModel(input));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/Marianne/);
    // the thin no-break space is drawn with another glyph of Marianne but copied as U+202F
    expect(toUnicodeMaps(pdf).some((c) => /<202f>/i.test(c))).toBe(true);
    const text = pdftotext(pdf); // which writes U+202F and U+00A0 as plain spaces
    expect(text).toContain("Bon de commande n° 25_BAM_112-2026-0042");
    expect(text).toContain("241 462,61 €");
    expect(text).toContain("29 320,97 €");
    expect(text).toContain("1300999001");
    expect(text).toContain("Octopus Numérique SAS");
    expect(text).toContain("SIRET : 91234567800017");
    expect(text).toContain("Lot 1 : Équipes produit");
    expect(text).toContain("du 01/12/2026 au 31/05/2027");
    expect(text).toContain("Pour le titulaire (bon pour accord)");
    expect(text).not.toContain("\ufffd");
  });
});
