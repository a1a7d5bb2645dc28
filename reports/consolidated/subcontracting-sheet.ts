// R18: the "Sous-traitance" sheet of the consolidated workbook (and its CSV, `--table sous-traitance`): per order of the
// selection and subcontractor accepted on it (its current DC4 version), the accepted maximum, its service fait (the one
// allocation, app/domain/companies/allocation.ts), what it invoiced (not rejected), what was paid, and what is left of
// its accepted amount (HT). The figures are the order page's "Par entreprise" table (invoicingCompanies), scoped like
// every sheet (selectedOrders): a holder never sees another holder's subcontractors.
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { selectedOrders } from "../../app/domain/orders/selection.server";
import { invoicingCompanies } from "../../app/domain/invoices/by-company.server";
import { defineTable } from "../spec/columns";
import { sharedColumns } from "../spec/shared-columns";
import type { ResolvedFilters } from "./filters";

export interface SubcontractingRow {
  beneficiary: string;
  contractor: string;
  orderNumber: string;
  subcontractor: string;
  siret: string;
  acceptedHt: string;
  serviceFaitHt: string;
  invoicedHt: string;
  paidHt: string;
  leftHt: string;
}

export const subcontractingTable = defineTable<SubcontractingRow>({
  id: "sous-traitance",
  sheet: "Sous-traitance",
  totalsLabel: "Total",
  columns: [
    ...sharedColumns(["beneficiary", 32], ["contractor", 28], ["orderNumber", 22]),
    { key: "subcontractor", label: "Sous-traitant", format: "text", width: 30 },
    { key: "siret", label: "SIRET", format: "text", width: 16 },
    { key: "acceptedHt", label: "Montant accepté HT (DC4)", format: "euros", width: 16, total: true },
    { key: "serviceFaitHt", label: "Service fait validé HT", format: "euros", width: 16, total: true },
    { key: "invoicedHt", label: "Facturé HT", format: "euros", width: 16, total: true },
    { key: "paidHt", label: "Payé HT", format: "euros", width: 16, total: true },
    { key: "leftHt", label: "Reste sur le montant accepté HT", format: "euros", width: 16, total: true },
  ],
});

export async function* subcontractingRows(db: Executor, user: SessionUser, f: ResolvedFilters): AsyncIterable<SubcontractingRow> {
  const orders = await selectedOrders(db, user, f, { period: false })
    .innerJoin("beneficiary as b", "b.id", "po.beneficiary_id")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .where((eb) => eb.exists(eb.selectFrom("subcontractor_acceptance as sa").select("sa.id").whereRef("sa.order_id", "=", "po.id")))
    .select(["po.id", "po.number", "b.name as beneficiary", "c.name as contractor"])
    .orderBy("b.name")
    .orderBy("po.number")
    .orderBy("po.id")
    .execute();
  for (const o of orders) {
    for (const c of await invoicingCompanies(db, o.id)) {
      if (c.kind !== "subcontractor") continue;
      yield {
        beneficiary: o.beneficiary,
        contractor: o.contractor,
        orderNumber: o.number ?? "",
        subcontractor: c.name,
        siret: c.siret ?? "",
        acceptedHt: c.acceptedHt!,
        serviceFaitHt: c.serviceFaitHt,
        invoicedHt: c.invoicedHt,
        paidHt: c.paidHt,
        leftHt: c.acceptedLeftHt!,
      };
    }
  }
}
