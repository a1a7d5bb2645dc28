// The R18 tests' order: contractor A (Octopus, a groupement with Studio Opale), a subcontractor accepted on it, and a
// validated February whose service fait splits between the three companies (invoices-by-company, reports-subcontracting).
import type { Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { holderCompanies } from "../../app/domain/companies/services.server";
import { buildContract, buildDeclaration, buildIssuedOrder, buildPerson, buildSubcontractorAcceptance, fictionalSiret } from "../../seeds/factories";

const contracts = new WeakMap<Db, number>();
let seq = 0;
/**
 * An issued order of contractor A (Octopus, a groupement with Studio Opale): 1 UO DEVOPS_CONFIRME at 12 000 € (600 €
 * a day), a subcontractor accepted for `acceptedHt`, and a validated February of 10 days: 5 by the subcontractor's
 * freelancer (3 000 €), 3 by Opale (1 800 €), 2 by the lead's own people (1 200 €).
 */
export async function groupementOrder(db: Db, contractorA: SessionUser, acceptedHt = "2000.00") {
  const n = ++seq;
  const ej = `EJ-SUB-${process.pid}-${n}`;
  if (!contracts.has(db))
    contracts.set(db, (await buildContract(db, { holders: [{ contractor: contractorA.contractorId!, prices: { DEVOPS_CONFIRME: "12000.00" } }] })).id);
  const contractId = contracts.get(db)!;
  const order = await buildIssuedOrder(db, {
    contract: contractId,
    contractor: contractorA.contractorId!,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    lines: [["DEVOPS_CONFIRME", "1"]],
    ejNumber: ej,
    at: "2026-01-05T09:00:00+01:00",
  });
  const siret = fictionalSiret(Number(`6${process.pid % 1000}${String(n).padStart(3, "0")}`));
  const sub = await buildSubcontractorAcceptance(db, order.id, {
    siret,
    name: `Freelance ${n} EI`,
    address: "Lyon",
    maxHt: acceptedHt,
    acceptedOn: "2026-01-10",
    at: "2026-01-10T09:00:00+01:00",
  });
  const opale = (await holderCompanies(db, contractorA.contractorId!)).find((c) => c.name === "Studio Opale SAS")!;
  const lead = (await holderCompanies(db, contractorA.contractorId!)).find((c) => c.role === "lead")!;
  await buildPerson(db, { as: contractorA.email, fullName: `Sam Sous-traitant ${n}`, companyId: sub.companyId });
  await buildPerson(db, { as: contractorA.email, fullName: `Olga Opale ${n}`, companyId: opale.id });
  await buildDeclaration(db, order.id, {
    month: "2026-02-01",
    lines: [
      {
        orderLineId: order.lines[0].id,
        days: "10",
        people: [
          { name: `Sam Sous-traitant ${n}`, days: "5" },
          { name: `Olga Opale ${n}`, days: "3" },
          { name: `Léa Mandataire ${n}`, days: "2" },
        ],
      },
    ],
    status: "validated",
    at: "2026-02-27T10:00:00+01:00",
  });
  return { order, ej, subId: sub.companyId, subSiret: siret, opaleId: opale.id, leadId: lead.id };
}
