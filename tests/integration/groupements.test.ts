// R18 groupements and subcontractors, on real PostgreSQL through the use cases: companies (SIRET, groupements),
// DC4 acceptances per order (versions, the order's total as the cap, under concurrency), scoped reading.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { Refusal } from "../../app/lib/refusal";
import { parseForm } from "../../app/lib/form-action.server";
import { Migrator } from "kysely/migration";
import { migrations } from "../../db/migrations/index";
import { createTestDatabase, refusal, useTestDatabase } from "../helpers/db";
import {
  buildAmendment,
  buildCoContractor,
  buildCompany,
  buildDeclaration,
  buildContract,
  buildDraftOrder,
  buildIssuedOrder,
  buildSubcontractorAcceptance,
  fictionalSiret,
} from "../../seeds/factories";
import { addCoContractor, createCompany, holderCompanies, listCompanies, removeCoContractor, updateCompany } from "../../app/domain/companies/services.server";
import { companySchema } from "../../app/domain/companies/schemas";
import { createContractor } from "../../app/domain/contracts/services.server";
import { acceptSubcontractor } from "../../app/domain/subcontracting/services.server";
import { orderSubcontracting } from "../../app/domain/subcontracting/queries.server";
import { companyChoices, listPeople, savePerson } from "../../app/domain/people/services.server";
import { declarationByCompany } from "../../app/domain/companies/queries.server";
import { getDeclaration } from "../../app/domain/declarations/queries.server";
import { serviceFaitModel } from "../../reports/service-fait-pdf/model";
import { renderServiceFait } from "../../reports/service-fait-pdf/render";
import { pdftotext, plainSpaces } from "../helpers/pdf";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, correspondentB: corrB, dinum } = t.actors;

const auditOf = async (entityType: string, entityId: string | number) =>
  (
    await sql<{ action: string; before: unknown; after: unknown }>`
      SELECT action, before, after FROM audit_event WHERE entity_type = ${entityType} AND entity_id = ${String(entityId)} ORDER BY id`.execute(t.db)
  ).rows;

let contractId: number | null = null;
/** An issued order of contractor A: 2 UO DEVOPS_CONFIRME at 12 000 € = 24 000 € HT. */
async function order24k() {
  contractId ??= (await buildContract(t.db, { holders: [{ contractor: contractorA.contractorId!, prices: { DEVOPS_CONFIRME: "12000.00" } }] })).id;
  return buildIssuedOrder(t.db, {
    contract: contractId,
    contractor: contractorA.contractorId!,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    lines: [["DEVOPS_CONFIRME", "2"]],
    at: "2026-01-05T09:00:00+01:00",
  });
}

const accept = (orderId: number, siret: string, maxHt: string, extra: Partial<Parameters<typeof acceptSubcontractor>[3]> = {}, as = corrA) =>
  acceptSubcontractor(t.db, as, orderId, { siret, name: "", address: "", maxHt, services: "Design", acceptedOn: "2026-01-10", reason: "", ...extra });

describe("R18 companies and groupements", () => {
  it("every demo contractor is its own lead company (the migration and the seeds keep its name, SIRET, address); Octopus is a groupement", async () => {
    for (const c of [contractorA, contractorB]) {
      const [lead] = await holderCompanies(t.db, c.contractorId!);
      const contractor = await t.db.selectFrom("contractor").select(["name", "siret", "address"]).where("id", "=", c.contractorId!).executeTakeFirstOrThrow();
      expect(lead).toMatchObject({ role: "lead", name: contractor.name, siret: contractor.siret, address: contractor.address });
    }
    expect((await holderCompanies(t.db, contractorA.contractorId!)).map((m) => [m.role, m.name])).toEqual([
      ["lead", "Octopus Numérique SAS"],
      ["co_contractor", "Studio Opale SAS"],
    ]);
  });

  it("the migration makes each existing contractor its own lead company, keeping its name, SIRET and address", async () => {
    const empty = await createTestDatabase({ empty: true });
    try {
      const names = Object.keys(migrations);
      const mine = names.indexOf("2026_12_06_00_companies");
      const before = Object.fromEntries(names.slice(0, mine).map((n) => [n, migrations[n]]));
      await new Migrator({ db: empty.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true }).migrateToLatest();
      await sql`INSERT INTO contractor (name, siret, address) VALUES ('Ancien SAS', '73282932000074', '1 rue Ancienne'), ('Sans SIRET', NULL, '')`.execute(
        empty.db,
      );
      const { error } = await new Migrator({
        db: empty.db,
        provider: { getMigrations: async () => migrations },
        allowUnorderedMigrations: true,
      }).migrateToLatest();
      expect(error).toBeUndefined();
      const rows = await sql<{ contractor: string; name: string; siret: string | null; address: string; role: string }>`
        SELECT c.name AS contractor, co.name, co.siret, co.address, h.role FROM holder_company h
        JOIN contractor c ON c.id = h.contractor_id JOIN company co ON co.id = h.company_id ORDER BY c.name`.execute(empty.db);
      expect(rows.rows).toEqual([
        { contractor: "Ancien SAS", name: "Ancien SAS", siret: "73282932000074", address: "1 rue Ancienne", role: "lead" },
        { contractor: "Sans SIRET", name: "Sans SIRET", siret: null, address: "", role: "lead" },
      ]);
    } finally {
      await empty.drop();
    }
  });

  it("a contractor created on the page gets its lead company too", async () => {
    const id = await createContractor(t.db, dinum, { name: "Groupement Test", siret: "73282932000074", address: "1 place Test", email: "" });
    expect(await holderCompanies(t.db, id)).toEqual([expect.objectContaining({ role: "lead", name: "Groupement Test", siret: "73282932000074" })]);
  });

  it("checks the SIRET's Luhn key in the form, refuses a SIRET taken (409), and audits creation and change", async () => {
    const bad = await refusal(Promise.resolve().then(() => parseForm(companySchema, { name: "X", siret: "91234567800017", address: "Paris" })));
    expect(bad.fieldErrors.siret?.[0]).toContain("SIREN");
    const siret = fictionalSiret(424242);
    const id = await createCompany(
      t.db,
      dinum,
      parseForm(companySchema, { name: "Studio Lumière", siret: siret.replace(/(\d{3})/g, "$1 "), address: "3 rue Claire, Lille" }),
    );
    const again = await refusal(createCompany(t.db, dinum, { name: "Autre", siret, address: "Ailleurs" }));
    expect(again).toMatchObject({ status: 409, message: "Une entreprise a déjà ce SIRET." });
    await updateCompany(t.db, dinum, id, { name: "Studio Lumière SARL", siret, address: "3 rue Claire, 59000 Lille" });
    expect((await auditOf("company", id)).map((e) => e.action)).toEqual(["create", "update"]);
    expect((await listCompanies(t.db, "lumière")).map((c) => c.name)).toEqual(["Studio Lumière SARL"]);
    expect((await refusal(createCompany(t.db, corrA, { name: "Y", siret: fictionalSiret(424243), address: "Z" }))).status).toBe(403);
  });

  it("a groupement: a lead and co-contractors; the lead never leaves; each change audited", async () => {
    const co = await buildCompany(t.db, { name: "Cotraitant Alpha" });
    await buildCoContractor(t.db, contractorB.contractorId!, co.id);
    const members = await holderCompanies(t.db, contractorB.contractorId!);
    expect(members.map((m) => [m.role, m.name])).toEqual([
      ["lead", "Coopérative Les Faiseurs"],
      ["co_contractor", "Cotraitant Alpha"],
    ]);
    const twice = await refusal(addCoContractor(t.db, dinum, { contractorId: contractorB.contractorId!, companyId: co.id }));
    expect(twice.status).toBe(409);
    const lead = members[0];
    const leave = await refusal(removeCoContractor(t.db, dinum, { contractorId: contractorB.contractorId!, companyId: lead.id }));
    expect(leave.message).toContain("le mandataire ne se retire pas");
    await removeCoContractor(t.db, dinum, { contractorId: contractorB.contractorId!, companyId: co.id });
    expect(await holderCompanies(t.db, contractorB.contractorId!)).toHaveLength(1);
    expect((await auditOf("holder_company", `${contractorB.contractorId}:${co.id}`)).map((e) => e.action)).toEqual(["add", "remove"]);
  });
});

describe("R18 subcontractors accepted per order (DC4)", () => {
  it("a groupement and two subcontractors on one order: accepted amounts up to the order's total, never beyond", async () => {
    const co = await buildCompany(t.db, { name: "Cotraitant Beta" });
    await buildCoContractor(t.db, contractorA.contractorId!, co.id);
    const order = await order24k();
    const freelance = fictionalSiret(510001);
    const studio = fictionalSiret(510002);
    await accept(order.id, freelance, "15000", { name: "Camille Martin EI", address: "5 rue du Code, Nantes", services: "Développement front" });
    await accept(order.id, studio, "9000.00", { name: "Studio Design SAS", address: "8 rue des Formes, Rennes" });
    const over = await refusal(accept(order.id, fictionalSiret(510003), "0.01", { name: "Trop", address: "Loin" }));
    expect(over.status).toBe(409);
    expect(over.message).toBe(
      "Le montant accepté (0,01\u00a0€ HT) porterait la sous-traitance à 24\u202f000,01\u00a0€ HT, au-delà du montant total du bon de commande (24\u202f000,00\u00a0€ HT) : il reste 0,00\u00a0€ HT à accepter.",
    );
    // nothing written on the refusal: not even the new company
    expect(await t.db.selectFrom("company").select("id").where("siret", "=", fictionalSiret(510003)).executeTakeFirst()).toBeUndefined();
    const view = await orderSubcontracting(t.db, corrA, order.id);
    expect(view!.current.map((c) => [c.name, c.maxHt, c.version])).toEqual([
      ["Camille Martin EI", "15000.00", 1],
      ["Studio Design SAS", "9000.00", 1],
    ]);
    expect(view).toMatchObject({ acceptedHt: "24000.00", leftHt: "0.00" });
    // a co-contractor of the holder is not a subcontractor
    const member = await refusal(accept(order.id, co.siret, "1"));
    expect(member.message).toContain("est cotraitant du titulaire");
    // the order's amendment cannot go below the accepted amounts
    const lower = await refusal(buildAmendment(t.db, order.id, { reason: "Moins de besoin", lines: [["DEVOPS_CONFIRME", "1.5"]] }));
    expect(lower.message).toContain("serait inférieur aux montants acceptés des sous-traitants (24\u202f000,00\u00a0€ HT)");
  });

  it("amending an acceptance is a new version, with its reason, audited with before and after; the history keeps both", async () => {
    const order = await order24k();
    const siret = fictionalSiret(520001);
    await accept(order.id, siret, "5000", { name: "Indépendant Un", address: "Paris" });
    const noReason = await refusal(accept(order.id, siret, "6000"));
    expect(noReason.fieldErrors.reason).toBeDefined();
    const r = await accept(order.id, siret, "6000", { reason: "Avenant à l'acte spécial", services: "Design et développement" });
    expect(r.version).toBe(2);
    const view = await orderSubcontracting(t.db, corrA, order.id);
    expect(view!.current).toEqual([expect.objectContaining({ maxHt: "6000.00", version: 2, services: "Design et développement" })]);
    expect(view!.history.map((h) => [h.version, h.maxHt, h.reason])).toEqual([
      [2, "6000.00", "Avenant à l'acte spécial"],
      [1, "5000.00", ""],
    ]);
    const events = await auditOf("subcontractor_acceptance", `${order.id}:${r.companyId}`);
    expect(events.map((e) => e.action)).toEqual(["accept", "amend"]);
    expect(events[1]).toMatchObject({
      before: expect.objectContaining({ maxHt: "5000.00" }),
      after: expect.objectContaining({ maxHt: "6000.00", version: 2 }),
    });
    // an amendment counts instead of its previous version, not on top of it
    await accept(order.id, siret, "24000", { reason: "Tout le bon" });
    expect((await orderSubcontracting(t.db, corrA, order.id))!.acceptedHt).toBe("24000.00");
  });

  it("refuses a draft order, a date in the future, a new company without its name, another beneficiary's order and a contractor", async () => {
    const draft = await buildDraftOrder(t.db, { contractor: contractorA.contractorId! });
    expect((await refusal(accept(draft.id, fictionalSiret(530001), "10", { name: "N", address: "A" }))).message).toContain("bon de commande émis");
    const order = await order24k();
    expect(
      (await refusal(accept(order.id, fictionalSiret(530002), "10", { name: "N", address: "A", acceptedOn: "2999-01-01" }))).fieldErrors.acceptedOn,
    ).toBeDefined();
    expect((await refusal(accept(order.id, fictionalSiret(530003), "10"))).fieldErrors.name).toBeDefined();
    const other = await refusal(accept(order.id, fictionalSiret(530004), "10", { name: "N", address: "A", services: "S" }, corrB));
    expect(other.status).toBe(404);
    const contractor = await refusal(accept(order.id, fictionalSiret(530005), "10", { name: "N", address: "A", services: "S" }, contractorA));
    expect(contractor.status).toBe(403);
    expect(await t.db.selectFrom("subcontractor_acceptance").select("id").where("order_id", "in", [draft.id, order.id]).execute()).toEqual([]);
  });

  it("20 concurrent acceptances of 5 000 € HT on a 24 000 € order: exactly 4 accepted, the sum never beyond", async () => {
    const order = await order24k();
    const pool = t.pool(20);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        acceptSubcontractor(pool, corrA, order.id, {
          siret: fictionalSiret(540000 + i),
          name: `Indépendant ${i}`,
          address: "Paris",
          maxHt: "5000.00",
          services: "Développement",
          acceptedOn: "2026-01-10",
          reason: "",
        }),
      ),
    );
    const refused = results.filter((r) => r.status === "rejected" && r.reason instanceof Refusal && r.reason.message.includes("au-delà du montant total"));
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(4);
    expect(refused.length).toBe(16);
    const total = await sql<{ ht: string }>`SELECT sum(max_ht) AS ht FROM subcontractor_acceptance WHERE order_id = ${order.id}`.execute(t.db);
    expect(total.rows[0].ht).toBe("20000.00");
  });

  it("is shown to the order's readers only: never to another holder", async () => {
    const order = await order24k();
    await buildSubcontractorAcceptance(t.db, order.id, {
      siret: fictionalSiret(550001),
      name: "Confidentiel SAS",
      address: "Paris",
      maxHt: "100",
      at: "2026-01-12T10:00:00+01:00",
    });
    expect((await orderSubcontracting(t.db, contractorA, order.id))!.current.map((c) => c.name)).toEqual(["Confidentiel SAS"]);
    expect((await orderSubcontracting(t.db, dinum, order.id))!.current).toHaveLength(1);
    expect(await orderSubcontracting(t.db, contractorB, order.id)).toBeNull();
    expect(await orderSubcontracting(t.db, corrB, order.id)).toBeNull();
  });
});

describe("R18 people belong to a company", () => {
  const personOf = (name: string) =>
    t.db
      .selectFrom("person as p")
      .innerJoin("company as co", "co.id", "p.company_id")
      .select(["p.id", "co.name as company", "p.email"])
      .where("p.contractor_id", "=", contractorA.contractorId!)
      .where("p.full_name", "=", name)
      .executeTakeFirstOrThrow();

  it("a new name typed on a declaration joins the list in the lead company; the contractor moves it to its subcontractor", async () => {
    const order = await order24k();
    const sub = await buildSubcontractorAcceptance(t.db, order.id, { siret: fictionalSiret(560001), name: "Freelance Zoé EI", address: "Lyon", maxHt: "9000" });
    await buildDeclaration(t.db, order.id, {
      month: "2026-02-01",
      lines: [{ orderLineId: order.lines[0].id, days: "5", people: [{ name: "Zoé Nouvelle", days: "5" }] }],
      status: "draft",
      at: "2026-02-20T10:00:00+01:00",
    });
    const typed = await personOf("Zoé Nouvelle");
    expect(typed.company).toBe("Octopus Numérique SAS");
    expect((await companyChoices(t.db, contractorA.contractorId!)).map((c) => [c.name, c.kind])).toEqual(
      expect.arrayContaining([
        ["Octopus Numérique SAS", "lead"],
        ["Studio Opale SAS", "co_contractor"],
        ["Freelance Zoé EI", "subcontractor"],
      ]),
    );
    await savePerson(t.db, contractorA, { personId: typed.id, fullName: "Zoé Nouvelle", companyId: sub.companyId, email: "zoe@freelance.example" });
    expect(await personOf("Zoé Nouvelle")).toMatchObject({ company: "Freelance Zoé EI", email: "zoe@freelance.example" });
    expect((await auditOf("person", typed.id)).map((e) => e.action)).toEqual(["update"]);
    expect((await listPeople(t.db, contractorA)).find((p) => p.full_name === "Zoé Nouvelle")).toMatchObject({ company: "Freelance Zoé EI" });
    expect(await listPeople(t.db, contractorB)).not.toContainEqual(expect.objectContaining({ full_name: "Zoé Nouvelle" }));
  });

  it("refuses another holder's company, a name already listed, and a user who is not the contractor", async () => {
    const bCompany = (await holderCompanies(t.db, contractorB.contractorId!))[0];
    const other = await refusal(savePerson(t.db, contractorA, { personId: null, fullName: "Intrus", companyId: bCompany.id, email: null }));
    expect(other.fieldErrors.companyId?.[0]).toContain("Choisissez une entreprise du titulaire");
    const lead = (await holderCompanies(t.db, contractorA.contractorId!))[0];
    await savePerson(t.db, contractorA, { personId: null, fullName: "Léa Doublon", companyId: lead.id, email: null });
    expect((await refusal(savePerson(t.db, contractorA, { personId: null, fullName: "Léa Doublon", companyId: lead.id, email: null }))).status).toBe(409);
    expect((await refusal(savePerson(t.db, corrA, { personId: null, fullName: "X", companyId: lead.id, email: null }))).status).toBe(403);
    expect(await t.db.selectFrom("person").select("id").where("full_name", "=", "Intrus").executeTakeFirst()).toBeUndefined();
  });

  it("R9's person cap holds per person whatever its company: a subcontractor's freelancer on two orders in one month", async () => {
    const [o1, o2] = [await order24k(), await order24k()];
    const sub = await buildSubcontractorAcceptance(t.db, o1.id, { siret: fictionalSiret(570001), name: "Freelance Max EI", address: "Lille", maxHt: "9000" });
    const id = await savePerson(t.db, contractorA, { personId: null, fullName: "Max Capé", companyId: sub.companyId, email: null });
    await buildDeclaration(t.db, o1.id, {
      month: "2026-03-01",
      lines: [{ orderLineId: o1.lines[0].id, days: "15", people: [{ name: "Max Capé", days: "15" }] }],
      at: "2026-03-31T10:00:00+02:00",
    });
    const over = await refusal(
      buildDeclaration(t.db, o2.id, {
        month: "2026-03-01",
        lines: [{ orderLineId: o2.lines[0].id, days: "10", people: [{ name: "Max Capé", days: "10" }] }],
        at: "2026-03-31T11:00:00+02:00",
      }),
    );
    expect(over.issues.some((i) => i.personName === "Max Capé")).toBe(true);
    expect((await personOf("Max Capé")).id).toBe(id);
  });
});

describe("R18 service fait by company", () => {
  it("a validated declaration split between the lead, a co-contractor and a subcontractor adds up to its consumed HT, and keeps its split when a person moves", async () => {
    const order = await order24k(); // 600 € a day
    const sub = await buildSubcontractorAcceptance(t.db, order.id, {
      siret: fictionalSiret(580001),
      name: "Freelance Ana EI",
      address: "Nantes",
      maxHt: "9000",
    });
    const opale = (await holderCompanies(t.db, contractorA.contractorId!)).find((c) => c.name === "Studio Opale SAS")!;
    await savePerson(t.db, contractorA, { personId: null, fullName: "Ana Sub", companyId: sub.companyId, email: null });
    const opalePerson = await savePerson(t.db, contractorA, { personId: null, fullName: "Olivier Opale", companyId: opale.id, email: null });
    const decl = await buildDeclaration(t.db, order.id, {
      month: "2026-02-01",
      lines: [
        {
          orderLineId: order.lines[0].id,
          days: "7.5",
          people: [
            { name: "Ana Sub", days: "2.5" },
            { name: "Olivier Opale", days: "3" },
            { name: "Paul Mandataire", days: "2" },
          ],
        },
      ],
      status: "validated",
      at: "2026-02-27T10:00:00+01:00",
    });
    const expected = [
      { name: "Octopus Numérique SAS", days: "2", amountHt: "1200.00" },
      { name: "Freelance Ana EI", days: "2.5", amountHt: "1500.00" },
      { name: "Studio Opale SAS", days: "3", amountHt: "1800.00" },
    ];
    expect(await declarationByCompany(t.db, decl.id)).toEqual(expected.map((e) => expect.objectContaining(e)));
    const consumed = await sql<{ ht: string }>`SELECT sum(consumed_amount) AS ht FROM declaration_line WHERE declaration_id = ${decl.id}`.execute(t.db);
    expect(consumed.rows[0].ht).toBe("4500.00");
    // the certificate lists them
    const found = await getDeclaration(t.db, corrA, decl.id);
    const text = plainSpaces(pdftotext(await renderServiceFait(serviceFaitModel({ ...found!, byCompany: await declarationByCompany(t.db, decl.id) }))));
    expect(text).toContain("Service fait par entreprise");
    expect(text).toMatch(/Freelance Ana EI\s+2,5\s+1 500,00 €/);
    // moving Olivier to the lead later leaves February's service fait as it was certified
    const lead = (await holderCompanies(t.db, contractorA.contractorId!))[0];
    await savePerson(t.db, contractorA, { personId: opalePerson, fullName: "Olivier Opale", companyId: lead.id, email: null });
    expect(await declarationByCompany(t.db, decl.id)).toEqual(expected.map((e) => expect.objectContaining(e)));
  });
});
