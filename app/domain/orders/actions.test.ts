import { describe, expect, it } from "vitest";
import type { OrderStatus } from "../../../db/schema";
import { allowedOrderActions, hasActions } from "./actions";

const dinum = { role: "dinum" as const, beneficiaryId: null };
const corrA = { role: "correspondent" as const, beneficiaryId: 1 };
const corrB = { role: "correspondent" as const, beneficiaryId: 2 };
const contractor = { role: "contractor" as const, beneficiaryId: null };
const order = (status: OrderStatus) => ({ status, beneficiary_id: 1 });
/** The actions offered, by name. */
const offered = (user: Parameters<typeof allowedOrderActions>[0], status: OrderStatus) =>
  Object.entries(allowedOrderActions(user, order(status)))
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe("what an order page offers (allowedOrderActions)", () => {
  it("a correspondent of the order's beneficiary edits, issues or deletes its draft (no PDF before issue)", () => {
    expect(offered(corrA, "draft")).toEqual(["buyer", "delete", "edit", "issue"]);
  });
  it("an issued order: amend, close, cancel, commitment, the PDF and a subcontractor's acceptance (R18) for its correspondent", () => {
    expect(offered(corrA, "issued")).toEqual(["acceptSubcontractor", "amend", "buyer", "cancel", "close", "commitment", "invoices", "pdf"]);
  });
  it("a closed order keeps only the commitment, the PDF and its invoices; a cancelled one only the PDF and its invoices", () => {
    expect(offered(corrA, "closed")).toEqual(["buyer", "commitment", "invoices", "pdf"]);
    expect(offered(corrA, "cancelled")).toEqual(["buyer", "invoices", "pdf"]);
    expect(hasActions(allowedOrderActions(corrA, order("cancelled")))).toBe(false);
    expect(hasActions(allowedOrderActions(corrA, order("closed")))).toBe(true);
  });
  it("DINUM, the contractor and another beneficiary's correspondent only read (and download, see the invoices once issued)", () => {
    for (const user of [dinum, contractor, corrB]) {
      expect(offered(user, "draft")).toEqual([]);
      expect(offered(user, "cancelled")).toEqual(["invoices", "pdf"]);
      expect(hasActions(allowedOrderActions(user, order("issued")))).toBe(false);
    }
    for (const status of ["issued", "closed"] as const) {
      expect(offered(dinum, status)).toEqual(["invoices", "pdf"]);
      expect(offered(corrB, status)).toEqual(["invoices", "pdf"]);
    }
  });
  it("R15: the contractor records an invoice on an issued or closed order, nobody on a draft or a cancelled one", () => {
    for (const status of ["issued", "closed"] as const) expect(offered(contractor, status)).toEqual(["invoices", "pdf", "recordInvoice"]);
    for (const status of ["draft", "cancelled"] as const) expect(allowedOrderActions(contractor, order(status)).recordInvoice).toBe(false);
    for (const user of [dinum, corrA, corrB])
      for (const status of ["issued", "closed"] as const) expect(allowedOrderActions(user, order(status)).recordInvoice).toBe(false);
  });
  it("R18: the order's holder approves its subcontractors' invoices once the order is issued; another holder and the buyer's side never", () => {
    const holder = { role: "contractor" as const, beneficiaryId: null, contractorId: 7 };
    const other = { ...holder, contractorId: 8 };
    const mine = (status: OrderStatus) => ({ ...order(status), contractor_id: 7 });
    for (const status of ["issued", "closed", "cancelled"] as const) expect(allowedOrderActions(holder, mine(status)).approveSubcontractorInvoices).toBe(true);
    expect(allowedOrderActions(holder, mine("draft")).approveSubcontractorInvoices).toBe(false);
    for (const user of [other, dinum, corrA, corrB]) expect(allowedOrderActions(user, mine("issued")).approveSubcontractorInvoices).toBe(false);
  });
});
