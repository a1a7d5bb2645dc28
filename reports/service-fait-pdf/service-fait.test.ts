import { describe, expect, it } from "vitest";
import { serviceFaitModel, type ServiceFaitInput } from "./model";
import { renderServiceFait } from "./render";
import { pdftotext, toUnicodeMaps } from "../../tests/helpers/pdf";

const input: ServiceFaitInput = {
  declaration: {
    id: 42,
    month: "2026-05-01",
    kind: "initial",
    status: "validated",
    correction_reason: null,
    corrects_id: null,
    orderNumber: "25_BAM_112-2026-0007",
    ejNumber: "1300480412",
    productName: "Nata",
    beneficiaryName: "Ministères sociaux",
    contractorName: "Octopus Numérique SAS",
    contractReference: "25_BAM_112",
    vatRate: "0.2000",
    validated_at: "2026-06-08T13:00:00Z",
    validatedByName: "Sacha Solidaire",
    submitted_at: "2026-06-03T07:00:00Z",
    submittedByName: "Dominique Octo",
  },
  lines: [
    {
      orderLineId: 501,
      lineNo: 1,
      workUnitLabel: "UO Devops-Senior",
      unitPrice: "14250.00",
      days: "12.5",
      deltaDays: "12.5",
      consumedAmount: "8906.25",
      activities: "Architecture ; audit",
    },
    {
      orderLineId: 502,
      lineNo: 2,
      workUnitLabel: "UO Product-Management",
      unitPrice: "11800.00",
      days: "4",
      deltaDays: "4.0",
      consumedAmount: "2360.00",
      activities: "",
    },
  ],
};

describe("service fait certificate", () => {
  it("states the order, EJ, product, beneficiary, contractor, month, lines and who validated, in French formats", () => {
    const m = serviceFaitModel(input);
    expect(m.title).toBe("Attestation de service fait – mai 2026");
    expect(Object.fromEntries(m.facts)).toMatchObject({
      "Bon de commande": "25_BAM_112-2026-0007",
      "Engagement juridique (EJ)": "1300480412",
      Produit: "Nata",
      Bénéficiaire: "Ministères sociaux",
      Titulaire: "Octopus Numérique SAS",
      Mois: "mai 2026",
    });
    expect(m.facts.find(([k]) => k === "Service fait validé")![1]).toMatch(/^le 08\/06\/2026 15:00 par Sacha Solidaire$/);
    expect(m.rows[0]).toEqual([
      "1",
      "UO Devops-Senior",
      "14\u202f250,00\u00a0€",
      "12,5",
      "8\u202f906,25\u00a0€",
      "1\u202f781,25\u00a0€",
      "10\u202f687,50\u00a0€",
    ]);
    expect(m.totals).toEqual(["Total", "", "", "16,5", "11\u202f266,25\u00a0€", "2\u202f253,25\u00a0€", "13\u202f519,50\u00a0€"]);
    expect(m.amounts).toEqual([
      ["Total HT", "11\u202f266,25\u00a0€"],
      ["TVA (20,0\u00a0%)", "2\u202f253,25\u00a0€"],
      ["Total TTC", "13\u202f519,50\u00a0€"],
    ]);
    expect(m.fileName).toBe("service-fait-25_BAM_112-2026-0007-2026-05.pdf");
    expect(() => serviceFaitModel({ ...input, declaration: { ...input.declaration, status: "submitted" } })).toThrow();
  });

  it("VAT is on the declaration's total at the order's rate, each line's share allocated so that the lines add up to it (the last absorbs the cent)", () => {
    const m = serviceFaitModel({
      ...input,
      declaration: { ...input.declaration, vatRate: "0.2000" },
      lines: input.lines.map((l) => ({ ...l, consumedAmount: "10.03" })),
    });
    // 10,03 × 20 % = 2,006 → 2,01 per line, but 20,06 × 20 % = 4,012 → 4,01 on the total: the last line gets 2,00
    expect(m.rows.map((r) => r.slice(4))).toEqual([
      ["10,03\u00a0€", "2,01\u00a0€", "12,04\u00a0€"],
      ["10,03\u00a0€", "2,00\u00a0€", "12,03\u00a0€"],
    ]);
    expect(m.amounts.map(([, v]) => v)).toEqual(["20,06\u00a0€", "4,01\u00a0€", "24,07\u00a0€"]);
    expect(m.attestation).toContain("pour 16,5 jour(s) et 20,06\u00a0€ HT, soit 24,07\u00a0€ TTC.");
  });

  it("states each line's ordered, consumed to date and remaining days and HT after the declaration", () => {
    const progress = [
      { orderLineId: 501, orderedQuantity: "2.000", orderedHt: "28500.00", consumedDays: "20.5", consumedHt: "14606.25" },
      { orderLineId: 502, orderedQuantity: "0.200", orderedHt: "2360.00", consumedDays: "4.0", consumedHt: "2360.00" },
    ];
    const m = serviceFaitModel({ ...input, progress });
    expect(m.progress).toEqual([
      ["1", "UO Devops-Senior", "40", "20,5", "14\u202f606,25\u00a0€", "19,5", "13\u202f893,75\u00a0€"],
      ["2", "UO Product-Management", "4", "4", "2\u202f360,00\u00a0€", "0", "0,00\u00a0€"],
    ]);
    expect(serviceFaitModel(input).progress).toEqual([]);
  });

  it("elides before a vowel: the services d'octobre, the correspondent d'Économie", () => {
    const m = serviceFaitModel({ ...input, declaration: { ...input.declaration, month: "2026-10-01", beneficiaryName: "Économie et Finances" } });
    expect(m.attestation).toContain("Sacha Solidaire, correspondant d'Économie et Finances, atteste que les prestations d'octobre 2026 décrites");
    expect(serviceFaitModel(input).attestation).toContain("correspondant de Ministères sociaux, atteste que les prestations de mai 2026");
  });

  // pdfkit embeds Marianne on the first render: seconds on a loaded machine
  it("renders a PDF in Marianne whose text maps U+202F back to itself", { timeout: 30_000 }, async () => {
    const pdf = await renderServiceFait(serviceFaitModel(input));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.toString("latin1")).toMatch(/Marianne/);
    const cmaps = toUnicodeMaps(pdf);
    expect(cmaps.length).toBeGreaterThan(0);
    expect(cmaps.some((c) => /<202f>/i.test(c))).toBe(true);
    // always read back (pdftotext is required: a missing tool fails here, it does not skip)
    const text = pdftotext(pdf);
    expect(text).toContain("Attestation de service fait");
    expect(text).toContain("1300480412");
    expect(text).toContain("Sacha Solidaire");
    expect(text).toContain("11 266,25 €");
  });
});
