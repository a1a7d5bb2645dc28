// Reference data administration: contracts and lots, catalogue, beneficiaries and correspondents, users,
// products, the audit log; each role's allowed and refused actions; audit in the same transaction.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, accounts, auditCount as countAudit } from "../helpers/db";
import { authenticate } from "../../app/auth/sign-in.server";
import {
  addHolder,
  addRenewal,
  createContract,
  createContractor,
  createLot,
  endHolding,
  getContract,
  updateContract,
} from "../../app/domain/contracts/services.server";
import { listWorkUnits, updateWorkUnit } from "../../app/domain/work-units/services.server";
import { createBeneficiary, getBeneficiary, THIRD_CORRESPONDENT_MESSAGE } from "../../app/domain/beneficiaries/services.server";
import { createUser, deactivateUser, reactivateUser, updateUser } from "../../app/domain/users/services.server";
import { createUserSchema } from "../../app/domain/users/schemas";
import { addRisk, changePhase, createProduct, getProduct, listProducts, updateProduct, updateRisk } from "../../app/domain/products/services.server";
import { listAuditEvents } from "../../app/domain/audit/queries.server";
import { otherDemoAccounts } from "../../seeds/accounts";

const t = await useTestDatabase();
const { dinum, correspondentA: corrA, correspondentB: corrB, contractorA } = t.actors;

const auditCount = () => countAudit(t.db);

describe("contracts, lots and holders", () => {
  it("DINUM sets up a new contract with a renewal, lots and holders, each change audited", async () => {
    const contractId = await createContract(t.db, dinum, {
      reference: "27_BAM_001",
      title: "Accord-cadre de test",
      buyer: "DINUM",
      notifiedOn: null,
      startDate: "2027-01-01",
      endDate: "2027-12-31",
    });
    await addRenewal(t.db, dinum, contractId, { startDate: "2028-01-01", endDate: "2028-12-31", decidedOn: "2027-11-15" });
    const lotId = await createLot(t.db, dinum, contractId, { number: 1, title: "Lot unique" });
    const newcomer = await createContractor(t.db, dinum, { name: "Nouvelle Coopérative", siret: "12345678900011", address: "", email: "" });
    await addHolder(t.db, dinum, lotId, { contractorId: newcomer, since: "2027-01-01", until: null });
    await endHolding(t.db, dinum, lotId, newcomer, "2027-06-30");
    const c = await getContract(t.db, contractId);
    expect(c?.contract.end_date).toBe("2028-12-31");
    expect(c?.renewals.map((r) => r.renewal_no)).toEqual([1]);
    expect(c?.lots[0].holders).toEqual([expect.objectContaining({ contractor_id: newcomer, since: "2027-01-01", until: "2027-06-30" })]);
    const events = await t.db
      .selectFrom("audit_event")
      .select(["entity_type", "action"])
      .where("actor_user_id", "=", dinum.id)
      .where("entity_type", "in", ["contract", "lot", "lot_holder", "contractor"])
      .orderBy("id")
      .execute();
    expect(events.map((e) => `${e.entity_type}:${e.action}`)).toEqual([
      "contract:create",
      "contract:renew",
      "lot:create",
      "contractor:create",
      "lot_holder:create",
      "lot_holder:end",
    ]);
  });

  it("a duplicate reference is refused in French and leaves no audit event", async () => {
    const n = await auditCount();
    await expect(
      createContract(t.db, dinum, { reference: "21_BAM_048", title: "x", buyer: "DINUM", notifiedOn: null, startDate: "2027-01-01", endDate: "2027-12-31" }),
    ).rejects.toThrow("Un accord-cadre porte déjà cette référence.");
    const id = (await t.db.selectFrom("contract").select("id").where("reference", "=", "27_BAM_001").executeTakeFirstOrThrow()).id;
    await expect(
      updateContract(t.db, dinum, id, {
        reference: "25_BAM_112",
        title: "x",
        buyer: "DINUM",
        notifiedOn: null,
        startDate: "2027-01-01",
        endDate: "2027-12-31",
      }),
    ).rejects.toThrow("Un accord-cadre porte déjà cette référence.");
    expect(await auditCount()).toBe(n);
  });

  it("ending a contract never touches its orders", async () => {
    const old = await t.db.selectFrom("contract").selectAll().where("reference", "=", "21_BAM_048").executeTakeFirstOrThrow();
    const ordersBefore = await t.db.selectFrom("purchase_order").select(["id", "status", "total_ht"]).where("contract_id", "=", old.id).orderBy("id").execute();
    await updateContract(t.db, dinum, old.id, {
      reference: old.reference,
      title: old.title,
      buyer: old.buyer,
      notifiedOn: old.notified_on,
      startDate: old.start_date,
      endDate: "2025-12-31",
    });
    expect(await t.db.selectFrom("purchase_order").select(["id", "status", "total_ht"]).where("contract_id", "=", old.id).orderBy("id").execute()).toEqual(
      ordersBefore,
    );
  });

  it("correspondents and contractors cannot change contracts", async () => {
    for (const u of [corrA, contractorA]) {
      await expect(
        createContract(t.db, u, { reference: "X", title: "x", buyer: "DINUM", notifiedOn: null, startDate: "2027-01-01", endDate: "2027-12-31" }),
      ).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("work-unit catalogue", () => {
  it("labels are editable, codes are fixed", async () => {
    await updateWorkUnit(t.db, dinum, "PM", { label: "UO Product-Management (confirmé)", description: "Plus de 3 ans." });
    expect((await listWorkUnits(t.db)).find((w) => w.code === "PM")?.label).toBe("UO Product-Management (confirmé)");
    await expect(updateWorkUnit(t.db, dinum, "NOPE", { label: "x", description: "" })).rejects.toThrow("Cette unité d'œuvre n'existe pas.");
    await expect(
      t.db
        .insertInto("work_unit_type")
        .values({ code: "NOPE" as never, label: "x", sort_order: 99 })
        .execute(),
    ).rejects.toThrow(/check/i);
    await expect(updateWorkUnit(t.db, corrA, "PM", { label: "x", description: "" })).rejects.toMatchObject({ status: 403 });
  });
});

describe("beneficiaries and correspondents", () => {
  it("a beneficiary gets at most two active correspondents; the third is refused with a clear message and no trace", async () => {
    const b = await createBeneficiary(t.db, dinum, { name: "Ministère des Tests", acronym: "MT" });
    const mk = (n: number) =>
      createUserSchema.parse({ name: `Corr ${n}`, email: `corr${n}@tests.gouv.fr`, role: "correspondent", beneficiaryId: String(b), contractorId: "" });
    const first = await createUser(t.db, dinum, mk(1));
    await createUser(t.db, dinum, mk(2));
    const n = await auditCount();
    await expect(createUser(t.db, dinum, mk(3))).rejects.toThrow(THIRD_CORRESPONDENT_MESSAGE);
    expect(await auditCount()).toBe(n);
    expect(await t.db.selectFrom("app_user").select("id").where("email", "=", "corr3@tests.gouv.fr").executeTakeFirst()).toBeUndefined();
    // moving an existing correspondent there is refused too
    const other = await t.db.selectFrom("app_user").select("id").where("email", "=", otherDemoAccounts.correspondentCulture).executeTakeFirstOrThrow();
    await expect(updateUser(t.db, dinum, other.id, { name: "Maé Patrimoine", role: "correspondent", beneficiaryId: b, contractorId: null })).rejects.toThrow(
      THIRD_CORRESPONDENT_MESSAGE,
    );
    // after a deactivation there is room again, and reactivating the old one is refused
    await deactivateUser(t.db, dinum, first);
    await createUser(t.db, dinum, mk(3));
    await expect(reactivateUser(t.db, dinum, first)).rejects.toThrow(THIRD_CORRESPONDENT_MESSAGE);
    expect((await getBeneficiary(t.db, b))?.correspondents.filter((c) => c.active)).toHaveLength(2);
  });
});

describe("users", () => {
  it("a deactivated user cannot sign in, its sessions are revoked, and it is never deleted", async () => {
    const id = await createUser(
      t.db,
      dinum,
      createUserSchema.parse({
        name: "Titulaire Temporaire",
        email: "temp@octopus.example",
        role: "contractor",
        contractorId: String(contractorA.contractorId),
        password: "un-mot-de-passe-long",
      }),
    );
    expect(await authenticate(t.db, "temp@octopus.example", "un-mot-de-passe-long")).toBe(id);
    await t.db
      .insertInto("user_session")
      .values({ id: "s-temp", user_id: id, expires_at: new Date(Date.now() + 3600_000) })
      .execute();
    await deactivateUser(t.db, dinum, id);
    expect(await authenticate(t.db, "temp@octopus.example", "un-mot-de-passe-long")).toBeNull();
    const s = await t.db.selectFrom("user_session").select("revoked_at").where("id", "=", "s-temp").executeTakeFirstOrThrow();
    expect(s.revoked_at).not.toBeNull();
    const u = await t.db.selectFrom("app_user").select(["active", "deactivated_at"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(u.active).toBe(false);
    expect(u.deactivated_at).not.toBeNull();
    await expect(deactivateUser(t.db, dinum, dinum.id)).rejects.toThrow(/propre compte/);
  });

  it("changing role and organisation revokes sessions; the role requires its organisation", async () => {
    const id = await createUser(t.db, dinum, createUserSchema.parse({ name: "Polyvalent", email: "poly@tests.gouv.fr", role: "dinum" }));
    await t.db
      .insertInto("user_session")
      .values({ id: "s-poly", user_id: id, expires_at: new Date(Date.now() + 3600_000) })
      .execute();
    await updateUser(t.db, dinum, id, { name: "Polyvalent", role: "contractor", beneficiaryId: null, contractorId: contractorA.contractorId });
    expect((await t.db.selectFrom("user_session").select("revoked_at").where("id", "=", "s-poly").executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
    const parsed = createUserSchema.safeParse({ name: "X", email: "x@tests.gouv.fr", role: "correspondent", beneficiaryId: "" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe("Choisissez le bénéficiaire du correspondant.");
    const ev = await t.db
      .selectFrom("audit_event")
      .select(["before", "after"])
      .where("entity_type", "=", "user")
      .where("entity_id", "=", String(id))
      .where("action", "=", "update")
      .executeTakeFirstOrThrow();
    expect(ev.before).toMatchObject({ role: "dinum" });
    expect(ev.after).toMatchObject({ role: "contractor", contractor_id: contractorA.contractorId });
  });

  it("a duplicate email is refused in French", async () => {
    await expect(createUser(t.db, dinum, createUserSchema.parse({ name: "Double", email: accounts.correspondentA, role: "dinum" }))).rejects.toThrow(
      /existe déjà/,
    );
  });

  it("only DINUM administers users", async () => {
    for (const u of [corrA, contractorA]) {
      await expect(createUser(t.db, u, createUserSchema.parse({ name: "X", email: "y@tests.gouv.fr", role: "dinum" }))).rejects.toMatchObject({ status: 403 });
      await expect(deactivateUser(t.db, u, corrB.id)).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("products", () => {
  it("a correspondent manages its own beneficiary's products only", async () => {
    // the form's beneficiary is ignored: the product goes to the correspondent's beneficiary
    const id = await createProduct(
      t.db,
      corrA,
      { beneficiaryId: corrB.beneficiaryId!, name: "Nouveau service", kind: "startup_etat", description: "", statsUrl: "https://nouveau.example/stats" },
      { phase: "investigation", startedOn: "2026-10-01", decision: "Comité d'investissement du 01/10/2026" },
    );
    const p = await getProduct(t.db, corrA, id);
    expect(p?.beneficiary_id).toBe(corrA.beneficiaryId);
    expect(p?.phase).toBe("investigation");
    expect(await getProduct(t.db, corrB, id)).toBeNull();
    await expect(
      updateProduct(t.db, corrB, id, { beneficiaryId: corrB.beneficiaryId!, name: "Volé", kind: "startup_etat", description: "", statsUrl: null }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      createProduct(t.db, contractorA, { beneficiaryId: corrA.beneficiaryId!, name: "X", kind: "startup_etat", description: "", statsUrl: null }),
    ).rejects.toMatchObject({ status: 403 });
    const list = await listProducts(t.db, corrA);
    expect(list.every((x) => x.beneficiary_id === corrA.beneficiaryId)).toBe(true);
    expect(list.some((x) => x.id === id)).toBe(true);
  });

  it("a phase change keeps a dated history with its decision; risks are added and updated, all audited", async () => {
    const id = (await t.db.selectFrom("product").select("id").where("name", "=", "Nouveau service").executeTakeFirstOrThrow()).id;
    await changePhase(t.db, corrA, id, { phase: "construction", startedOn: "2027-01-15", decision: "Comité d'investissement du 15/01/2027" });
    const riskId = await addRisk(t.db, corrA, id, { title: "Recrutement", level: "eleve", status: "ouvert", identifiedOn: "2027-01-20", description: "" });
    await updateRisk(t.db, corrA, id, riskId, {
      title: "Recrutement",
      level: "moyen",
      status: "maitrise",
      identifiedOn: "2027-01-20",
      description: "Équipe complète.",
    });
    const p = await getProduct(t.db, dinum, id);
    expect(p?.phases.map((x) => [x.phase, x.started_on, x.decision])).toEqual([
      ["construction", "2027-01-15", "Comité d'investissement du 15/01/2027"],
      ["investigation", "2026-10-01", "Comité d'investissement du 01/10/2026"],
    ]);
    expect(p?.risks[0]).toMatchObject({ level: "moyen", status: "maitrise" });
    const events = await listAuditEvents(t.db, corrA, { entityType: "product", entityId: String(id) });
    expect(events.items.map((e) => e.action).sort()).toEqual(["change_phase", "change_phase", "create"]);
    const phaseEvent = events.items.find((e) => e.action === "change_phase" && (e.before as any)?.phase === "investigation");
    expect(phaseEvent?.after).toMatchObject({ phase: "construction", started_on: "2027-01-15" });
  });

  it("R3: only DINUM has DINUM products", async () => {
    await expect(
      createProduct(t.db, dinum, { beneficiaryId: corrA.beneficiaryId!, name: "Produit maison", kind: "dinum_product", description: "", statsUrl: null }),
    ).rejects.toThrow(/Seule la DINUM/);
  });
});

describe("audit log", () => {
  it("is filtered by entity, user and date, and scoped", async () => {
    const all = await listAuditEvents(t.db, dinum, { userId: dinum.id });
    expect(all.total).toBeGreaterThan(5);
    expect(all.items.every((e) => e.actor_user_id === dinum.id)).toBe(true);
    const contracts = await listAuditEvents(t.db, dinum, { entityType: "contract" });
    expect(contracts.items.every((e) => e.entity_type === "contract")).toBe(true);
    const today = (await sql<{ d: string }>`SELECT (now() AT TIME ZONE 'Europe/Paris')::date::text AS d`.execute(t.db)).rows[0].d;
    const todays = await listAuditEvents(t.db, dinum, { from: today, to: today, userId: dinum.id });
    const todaysInSql = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_event
      WHERE actor_user_id = ${dinum.id} AND (occurred_at AT TIME ZONE 'Europe/Paris')::date = ${today}::date`.execute(t.db);
    expect(todays.total).toBe(Number(todaysInSql.rows[0].n));
    expect(todays.total).toBeGreaterThan(5);
    // the seeds' price schedules were approved by DINUM years ago (seeds/factories.ts): not today's
    expect(todays.total).toBeLessThan(all.total);
    expect((await listAuditEvents(t.db, dinum, { to: "2020-01-01", userId: dinum.id })).total).toBe(0);
    // a correspondent sees its beneficiary's events only, never the contracts'
    const mine = await listAuditEvents(t.db, corrB, {});
    const rows = await t.db
      .selectFrom("audit_event")
      .select("beneficiary_id")
      .where("id", "in", mine.items.map((e) => e.id).concat(["0"]))
      .execute();
    expect(rows.every((r) => r.beneficiary_id === corrB.beneficiaryId)).toBe(true);
    expect((await listAuditEvents(t.db, corrB, { entityType: "contract" })).total).toBe(0);
    const theirs = await listAuditEvents(t.db, contractorA, {});
    const crow = await t.db
      .selectFrom("audit_event")
      .select("contractor_id")
      .where("id", "in", theirs.items.map((e) => e.id).concat(["0"]))
      .execute();
    expect(crow.every((r) => r.contractor_id === contractorA.contractorId)).toBe(true);
  });
});
