import { describe, expect, it } from "vitest";
import { itMaps } from "../../../tests/helpers/cases";
import { actorLabel, presentAuditEvent, referencedIds, type AuditNames } from "./present";

const names: AuditNames = {
  subjects: { "purchase_order:7": "Bon de commande 25_BAM_112-2026-0014 (Mano)" },
  orders: { 15: "25_BAM_112-2026-0014 (Mano)" },
  products: { 2: "Mano" },
  contractors: { 3: "Octopus Numérique SAS" },
  beneficiaries: {},
  contracts: {},
  users: {},
  lots: {},
  orderLines: { 14: "Ligne 1 (UO Devops-Senior)", 26: "Ligne 1 (UO Devops-Senior)", 27: "Ligne 2 (UO Design-Junior)" },
  workUnits: { BIZDEV: "UO Bizdev", PM: "UO Product-Management", DESIGN_JUNIOR: "UO Design-Junior" },
};
const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("the journal, readable", () => {
  it("an amendment: the order's name, only the lines that changed (before → after) and new lines, amounts in euros", () => {
    const line = (id: number, no: number, code: string, quantity: string, amount: string) => ({
      line_id: id,
      line_no: no,
      quantity,
      amount_ht: amount,
      unit_price: "15944.40",
      work_unit_code: code,
    });
    const shown = presentAuditEvent(
      {
        entity_type: "purchase_order",
        entity_id: "7",
        action: "amend",
        before: {
          lines: [line(14, 1, "DEVOPS_SENIOR", "6.000", "95666.40"), line(15, 2, "DESIGN_JUNIOR", "4.500", "41622.30")],
          revision: 0,
          total_ht: "137288.70",
        },
        after: {
          lines: [
            line(14, 1, "DEVOPS_SENIOR", "7.500", "119583.00"),
            line(15, 2, "DESIGN_JUNIOR", "4.500", "41622.30"),
            line(17, 3, "BIZDEV", "1.25", "13029.50"),
          ],
          revision: 1,
          total_ht: "174234.80",
          reason: "Renfort",
        },
      },
      names,
    );
    expect(shown.subject).toBe("Bon de commande 25_BAM_112-2026-0014 (Mano)");
    expect(shown.action).toBe("Modification (avenant)");
    const lines = shown.changes.find((c) => c.field === "lines")!;
    expect(lines.before).toBeUndefined();
    expect(lines.after).toEqual({
      head: ["Ligne", "Quantité", "Prix unitaire HT", "Montant HT"],
      rows: [
        ["Ligne 1 (UO Devops-Senior)", "6 UO → 7,5 UO", `15${NNBSP}944,40${NBSP}€`, `95${NNBSP}666,40${NBSP}€ → 119${NNBSP}583,00${NBSP}€`],
        ["Ligne 3 (UO Bizdev) (nouvelle)", "1,25 UO", `15${NNBSP}944,40${NBSP}€`, `13${NNBSP}029,50${NBSP}€`],
      ],
    });
    const total = shown.changes.find((c) => c.field === "total_ht")!;
    expect(total).toMatchObject({ label: "Total HT", before: { text: `137${NNBSP}288,70${NBSP}€` }, after: { text: `174${NNBSP}234,80${NBSP}€` } });
  });

  it("only the fields that changed; ids as names; roles in French; a validation's amounts per line", () => {
    const shown = presentAuditEvent(
      {
        entity_type: "purchase_order",
        entity_id: "9",
        action: "update",
        before: { status: "draft", contractor_id: 3, product_id: 2 },
        after: { status: "draft", contractor_id: 3, product_id: 2, note: "x" },
      },
      names,
    );
    expect(shown.subject).toBe("Bon de commande n° 9");
    expect(shown.changes.map((c) => c.field)).toEqual(["note"]);
    const created = presentAuditEvent(
      { entity_type: "user", entity_id: "4", action: "create", before: null, after: { role: "correspondent", contractor_id: 3 } },
      names,
    );
    expect(created.changes.map((c) => c.after)).toEqual([{ text: "Correspondant" }, { text: "Octopus Numérique SAS" }]);
    const validated = presentAuditEvent(
      {
        entity_type: "declaration",
        entity_id: "76",
        action: "validate",
        before: { status: "submitted" },
        after: { status: "validated", consumed_amounts: { 26: "9048.00", 27: "2122.75" } },
      },
      names,
    );
    expect(validated.changes[0]).toMatchObject({ before: { text: "Soumise" }, after: { text: "Validée (service fait)" } });
    expect(validated.changes[1].after).toEqual({
      head: ["Ligne", "Montant HT"],
      rows: [
        ["Ligne 1 (UO Devops-Senior)", `9${NNBSP}048,00${NBSP}€`],
        ["Ligne 2 (UO Design-Junior)", `2${NNBSP}122,75${NBSP}€`],
      ],
    });
  });

  it("a new price schedule version shows its prices as a table; an approval only the prices that changed", () => {
    const approved = presentAuditEvent(
      {
        entity_type: "price_schedule",
        entity_id: "6",
        action: "approve",
        before: { status: "draft", prices: { PM: "12999.99", BIZDEV: "9990.99" } },
        after: { status: "approved", prices: { PM: "13100.00", BIZDEV: "9990.99" } },
      },
      names,
    );
    expect(approved.changes.find((c) => c.field === "prices")!.after).toEqual({
      head: ["Unité d'œuvre", "Prix unitaire HT"],
      rows: [["UO Product-Management", `12${NNBSP}999,99${NBSP}€ → 13${NNBSP}100,00${NBSP}€`]],
    });
  });

  it("collects the ids to name: fields, lines, per-line figures", () => {
    const ids = referencedIds([
      {
        entity_type: "declaration",
        entity_id: "1",
        action: "submit",
        before: null,
        after: { order_id: 15, deltas: { 26: "1" }, lines: [{ order_line_id: 27 }] },
      },
    ]);
    expect([...ids.orders]).toEqual([15]);
    expect([...ids.orderLines].sort()).toEqual([26, 27]);
  });
});

describe("actorLabel", () => {
  itMaps("says who acted in French, whatever the stored role", actorLabel, [
    ["Robin Octopus (contractor)", "Robin Octopus (Titulaire)"],
    ["Sacha Solidaire (correspondent)", "Sacha Solidaire (Correspondant)"],
    ["Camille Centrale (dinum)", "Camille Centrale (DINUM)"],
    ["système", "système"],
  ]);
});
