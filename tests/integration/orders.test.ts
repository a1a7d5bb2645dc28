// Purchase orders on a real PostgreSQL: rules R2-R7, the lifecycle, numbering under concurrency, roles.
import { Refusal } from "../../app/lib/refusal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import type { SessionUser } from "../../app/auth/user";
import type { Db } from "../../db/client";
import type { WorkUnitCode } from "../../db/schema";
import { Decimal } from "../../app/lib/decimal";
import { getOrder, listOrders } from "../../app/domain/orders/queries.server";
import {
  amendOrder,
  cancelOrder,
  closeOrder,
  createDraft,
  deleteDraft,
  issueOrder,
  updateCommitment,
  updateDraft,
} from "../../app/domain/orders/services.server";
import { draftSchema, type DraftInput } from "../../app/domain/orders/schemas";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { buildContractor, buildDeclaration, buildPriceSchedule } from "../../seeds/factories";
import { addPartialPriceSchedule } from "./refused-fixtures";
import { addHolder } from "../../app/domain/contracts/services.server";
import { otherDemoAccounts } from "../../seeds/accounts";

const TODAY = "2026-11-23";
let t: TestDatabase;
let A: SessionUser; // correspondent, Ministères sociaux
let B: SessionUser; // correspondent, Économie
let dinum: SessionUser;
let contractorA: SessionUser; // Octopus
let contractorB: SessionUser; // Faiseurs
const ids = { product: {} as Record<string, number>, contractor: {} as Record<string, number>, lot: {} as Record<string, number> };

beforeAll(async () => {
  t = await createTestDatabase();
  [A, B, dinum, contractorA, contractorB] = await Promise.all([
    sessionUser(t.db, accounts.correspondentA),
    sessionUser(t.db, accounts.correspondentB),
    sessionUser(t.db, accounts.dinum),
    sessionUser(t.db, accounts.contractorA),
    sessionUser(t.db, accounts.contractorB),
  ]);
  for (const p of await t.db.selectFrom("product").select(["id", "name"]).execute()) ids.product[p.name] = p.id;
  for (const c of await t.db.selectFrom("contractor").select(["id", "name"]).execute()) ids.contractor[c.name] = c.id;
  for (const l of await t.db.selectFrom("lot as l").innerJoin("contract as k", "k.id", "l.contract_id").select(["l.id", "l.number", "k.reference"]).execute()) {
    ids.lot[`${l.reference}#${l.number}`] = l.id;
  }
});
afterAll(async () => {
  await t?.drop();
});

const OCTO = "Octopus Numérique SAS";
const ATEL = "Atelier Numérique Public";
const FAIS = "Coopérative Les Faiseurs";

function draft(over: Partial<DraftInput> = {}): DraftInput {
  return {
    productId: ids.product["Nata"],
    lotId: ids.lot["25_BAM_112#1"],
    contractorId: ids.contractor[OCTO],
    periodStart: "2026-12-01",
    periodEnd: "2027-05-31",
    title: "",
    vatRate: "0.2000",
    attributionReason: null,
    proposedContractorId: null,
    ejNumber: null,
    budgetProgramme: null,
    budgetCentre: null,
    lines: [
      { workUnitCode: "DEVOPS_CONFIRME", quantity: "2.375" },
      { workUnitCode: "PM", quantity: "0.025" },
    ],
    ...over,
  };
}

async function counts(db: Db = t.db) {
  const r = await sql<{ po: string; ol: string; rev: string; ae: string; cnt: string }>`SELECT
    (SELECT count(*) FROM purchase_order) AS po, (SELECT count(*) FROM order_line) AS ol, (SELECT count(*) FROM order_revision) AS rev,
    (SELECT count(*) FROM audit_event) AS ae, (SELECT coalesce(sum(last_seq), 0) FROM order_number_counter) AS cnt`.execute(db);
  return r.rows[0];
}

/** Expects a refusal with a French message and nothing written. */
async function expectRefused(p: () => Promise<unknown>, status: number, message: RegExp) {
  const before = await counts();
  const error = await p().then(
    () => null,
    (e) => e,
  );
  expect(error, "expected a refusal").toBeInstanceOf(Refusal);
  expect(error.status).toBe(status);
  expect(error.message).toMatch(message);
  expect(await counts()).toEqual(before);
}

function independentTotals(lines: { quantity: string; unit_price: string }[], vat: string) {
  const ht = lines.reduce((s, l) => s.plus(new Decimal(l.quantity).times(l.unit_price).toDecimalPlaces(2, Decimal.ROUND_HALF_UP)), new Decimal(0));
  const v = ht.times(vat).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  return { ht: ht.toFixed(2), vat: v.toFixed(2), ttc: ht.plus(v).toFixed(2) };
}

async function counter(contractRef: string, year: number) {
  const r = await t.db
    .selectFrom("order_number_counter as c")
    .innerJoin("contract as k", "k.id", "c.contract_id")
    .select("c.last_seq")
    .where("k.reference", "=", contractRef)
    .where("c.year", "=", year)
    .executeTakeFirst();
  return r?.last_seq ?? 0;
}

describe("the lifecycle of an order", () => {
  it("draft → edit → issue → amend → close, with exact amounts, revisions and audit events", async () => {
    const { id } = await createDraft(t.db, A, draft(), TODAY);
    let o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(o.status).toBe("draft");
    expect(o.number).toBeNull();
    // the contractor never sees a draft
    expect(await getOrder(t.db, contractorA, id)).toBeNull();
    expect((await listOrders(t.db, contractorA)).items.some((i) => i.id === id)).toBe(false);

    await updateDraft(
      t.db,
      A,
      id,
      draft({
        lines: [
          { workUnitCode: "DEVOPS_CONFIRME", quantity: "2.375" },
          { workUnitCode: "PM", quantity: "1.5" },
          { workUnitCode: "DESIGN_JUNIOR", quantity: "0.025" },
        ],
      }),
      TODAY,
    );
    const seqBefore = await counter("25_BAM_112", 2026);
    const { number } = await issueOrder(t.db, A, id, { ejNumber: "1300999001", budgetProgramme: null, budgetCentre: null }, TODAY);
    expect(number).toBe(`25_BAM_112-2026-${String(seqBefore + 1).padStart(4, "0")}`);
    o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(o.status).toBe("issued");
    expect(o.issued_on).toBe(TODAY);
    expect(o.ej_number).toBe("1300999001");
    const lines = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    // Octopus's prices in force on 25_BAM_112 (v1 = octopusV2 of the seeds)
    expect(lines.map((l) => [l.work_unit_code, l.quantity, l.unit_price, l.amount_ht])).toEqual([
      ["DEVOPS_CONFIRME", "2.375", "12716.04", "30200.60"], // 2.375 × 12 716,04 = 30 200,595 → 30 200,60
      ["PM", "1.500", "13733.33", "20600.00"], // 20 599,995 → 20 600,00
      ["DESIGN_JUNIOR", "0.025", "9249.40", "231.24"], // 231,235 → 231,24
    ]);
    const expected = independentTotals(lines, o.vat_rate);
    expect([o.total_ht, o.total_vat, o.total_ttc]).toEqual([expected.ht, expected.vat, expected.ttc]);
    const rev0 = await t.db.selectFrom("order_revision").selectAll().where("order_id", "=", id).execute();
    expect(rev0).toHaveLength(1);
    expect(rev0[0].revision_no).toBe(0);
    expect(rev0[0].total_ttc).toBe(o.total_ttc);
    expect((rev0[0].lines as unknown[]).length).toBe(3);
    // the contractor sees it now, another contractor does not
    expect(await getOrder(t.db, contractorA, id)).not.toBeNull();
    expect(await getOrder(t.db, contractorB, id)).toBeNull();

    // EJ completed later: audited
    await updateCommitment(t.db, A, id, { ejNumber: "1300999001", budgetProgramme: "0124", budgetCentre: "0124-CDBF-DNUM" });

    // a declaration is validated on the first line, another is pending on the second (declared once their month is over)
    await buildDeclaration(t.db, id, {
      month: "2026-12-01",
      lines: [{ orderLineId: lines[0].id, days: "10.0" }],
      status: "validated",
      at: "2027-01-04T09:00:00Z",
    });
    const pending = await buildDeclaration(t.db, id, { month: "2027-01-01", lines: [{ orderLineId: lines[1].id, days: "4.5" }], at: "2027-02-01T09:00:00Z" });
    await expectRefused(
      () =>
        amendOrder(
          t.db,
          A,
          id,
          { reason: "Réduction du périmètre", lines: [{ lineId: lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.475" }] },
          TODAY,
        ),
      409,
      /ne peut pas descendre sous 10 jours/,
    );
    await expectRefused(
      () => amendOrder(t.db, A, id, { reason: "Réduction du périmètre", lines: [{ lineId: lines[1].id, workUnitCode: "PM", quantity: "0.2" }] }, TODAY),
      409,
      /4,5 jours/,
    );
    await expectRefused(() => cancelOrder(t.db, A, id, { reason: "Erreur de saisie" }), 409, /Annulation impossible/);
    await expectRefused(
      () => amendOrder(t.db, A, id, { reason: "", lines: [{ lineId: lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "3" }] }, TODAY),
      400,
      /motif/,
    );

    // down to exactly consumed (10 days = 0.5 UO), up on another line, plus a new line
    const { revision } = await amendOrder(
      t.db,
      A,
      id,
      {
        reason: "Renfort design, réduction du développement",
        lines: [
          { lineId: lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.5" },
          { lineId: lines[2].id, workUnitCode: "DESIGN_JUNIOR", quantity: "1.025" },
          { lineId: null, workUnitCode: "BIZDEV", quantity: "0.75" },
        ],
      },
      TODAY,
    );
    expect(revision).toBe(1);
    const after = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    expect(after.map((l) => [l.id, l.quantity])).toEqual([
      [lines[0].id, "0.500"],
      [lines[1].id, "1.500"],
      [lines[2].id, "1.025"],
      [after[3].id, "0.750"],
    ]);
    expect(after[3].unit_price).toBe("10423.60");
    o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const e2 = independentTotals(after, o.vat_rate);
    expect([o.total_ht, o.total_vat, o.total_ttc, o.current_revision]).toEqual([e2.ht, e2.vat, e2.ttc, 1]);
    const revs = await t.db.selectFrom("order_revision").selectAll().where("order_id", "=", id).orderBy("revision_no").execute();
    expect(revs.map((r) => [r.revision_no, r.reason, r.total_ttc])).toEqual([
      [0, "Émission", rev0[0].total_ttc],
      [1, "Renfort design, réduction du développement", o.total_ttc],
    ]);

    // close refused while a declaration is pending, allowed once it is validated
    await expectRefused(() => closeOrder(t.db, A, id, { reason: "Fin anticipée" }), 409, /en attente de validation/);
    await validateDeclaration(t.db, A, pending.id);
    expect(
      (await t.db.selectFrom("declaration_line").select("consumed_amount").where("declaration_id", "=", pending.id).executeTakeFirstOrThrow()).consumed_amount,
    ).toBe("3090.00"); // 4.5 days × 13 733,33 / 20 = 3 089,999… → 3 090,00
    const { released } = await closeOrder(t.db, A, id, { reason: "Fin anticipée du projet" });
    expect(released.days).toBe(new Decimal("3.775").times(20).minus("14.5").toFixed(1)); // 0.5+1.5+1.025+0.75 = 3.775 UO = 75.5 days − 14.5
    await expectRefused(
      () => amendOrder(t.db, A, id, { reason: "Trop tard", lines: [{ lineId: null, workUnitCode: "PM_JUNIOR", quantity: "1" }] }, TODAY),
      409,
      /émis/,
    );
    await expectRefused(() => cancelOrder(t.db, A, id, { reason: "Trop tard" }), 409, /soldé ou annulé/);

    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "contractor_id", "actor_user_id"])
      .where("entity_type", "=", "purchase_order")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "update", "issue", "commitment", "amend", "close"]);
    expect(audit.map((a) => a.contractor_id)).toEqual([null, null, ids.contractor[OCTO], ids.contractor[OCTO], ids.contractor[OCTO], ids.contractor[OCTO]]);
    expect(new Set(audit.map((a) => a.actor_user_id))).toEqual(new Set([A.id]));
  });

  it("an amendment that would leave 0.25 days not refused: quantities still in half-days; unchanged amendments refused", async () => {
    const { id } = await createDraft(t.db, A, draft({ productId: ids.product["Mano"] }), TODAY);
    await issueOrder(t.db, A, id, {}, TODAY);
    const lines = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    await expectRefused(
      () =>
        amendOrder(t.db, A, id, { reason: "Aucune modification", lines: [{ lineId: lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "2.375" }] }, TODAY),
      400,
      /ne change aucune quantité/,
    );
    await expectRefused(
      () => amendOrder(t.db, A, id, { reason: "Doublon de ligne", lines: [{ lineId: null, workUnitCode: "PM", quantity: "1" }] }, TODAY),
      400,
      /figure déjà/,
    );
    // cancellable: nothing consumed or pending
    await cancelOrder(t.db, A, id, { reason: "Commande passée par erreur" });
    const o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([o.status, o.cancel_reason]).toEqual(["cancelled", "Commande passée par erreur"]);
    expect(
      (
        await t.db
          .selectFrom("audit_event")
          .select("action")
          .where("entity_id", "=", String(id))
          .where("entity_type", "=", "purchase_order")
          .orderBy("id")
          .execute()
      ).map((a) => a.action),
    ).toEqual(["create", "issue", "cancel"]);
  });

  it("a draft is deleted freely, an issued order never", async () => {
    const { id } = await createDraft(t.db, A, draft(), TODAY);
    await deleteDraft(t.db, A, id);
    expect(await t.db.selectFrom("purchase_order").select("id").where("id", "=", id).executeTakeFirst()).toBeUndefined();
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "contractor_id"])
      .where("entity_id", "=", String(id))
      .where("entity_type", "=", "purchase_order")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.contractor_id])).toEqual([
      ["create", null],
      ["delete", null],
    ]);
    const issued = await t.db
      .selectFrom("purchase_order")
      .select("id")
      .where("beneficiary_id", "=", A.beneficiaryId!)
      .where("status", "=", "issued")
      .executeTakeFirstOrThrow();
    await expectRefused(() => deleteDraft(t.db, A, issued.id), 409, /Seul un brouillon/);
    await expectRefused(() => updateDraft(t.db, A, issued.id, draft(), TODAY), 409, /avenant/);
    await expectRefused(() => issueOrder(t.db, A, issued.id, {}, TODAY), 409, /déjà émis/);
  });

  it("stores a proposed contractor and attribution reason when given", async () => {
    const { id } = await createDraft(
      t.db,
      A,
      { ...draft({ attributionReason: "Tourniquet : tour d'Octopus" }), proposedContractorId: ids.contractor[ATEL] },
      TODAY,
    );
    const o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect([o.proposed_contractor_id, o.attribution_reason]).toEqual([ids.contractor[ATEL], "Tourniquet : tour d'Octopus"]);
    const plain = await createDraft(t.db, A, draft(), TODAY);
    const p = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", plain.id).executeTakeFirstOrThrow();
    expect([p.proposed_contractor_id, p.attribution_reason]).toEqual([null, null]);
  });
});

describe("rules refused with a French message and nothing written", () => {
  it("R3: a product that is not a Startup d'État, ordered by another beneficiary than DINUM", async () => {
    const p = await t.db
      .insertInto("product")
      .values({ beneficiary_id: A.beneficiaryId!, name: "Produit interne", kind: "dinum_product" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await expectRefused(() => createDraft(t.db, A, draft({ productId: p.id }), TODAY), 400, /Startup d'État/);
    // DINUM orders its own products
    const dinumCorrespondent = await sessionUser(t.db, otherDemoAccounts.correspondentDinum);
    const { id } = await createDraft(t.db, dinumCorrespondent, draft({ productId: ids.product["FranceConnect"], contractorId: ids.contractor[ATEL] }), TODAY);
    expect(id).toBeGreaterThan(0);
  });

  it("only the beneficiary's own products", async () => {
    await expectRefused(() => createDraft(t.db, A, draft({ productId: ids.product["SignalConso"] }), TODAY), 400, /votre bénéficiaire/);
  });

  it("the contractor must hold the contract's lot", async () => {
    // a contractor of its own (the scale data make other contractors hold the demo contracts' lots)
    const { id } = await buildContractor(t.db, { name: "Titulaire sans lot (test)" });
    await expectRefused(() => createDraft(t.db, A, draft({ contractorId: id }), TODAY), 400, /ne détient pas le lot 1 de l'accord-cadre 25_BAM_112/);
    // holding lot 1 does not make it a holder of lot 2
    await addHolder(t.db, dinum, ids.lot["25_BAM_112#1"], { contractorId: id, since: "2026-02-01", until: null });
    await expectRefused(() => createDraft(t.db, A, draft({ contractorId: id, lotId: ids.lot["25_BAM_112#2"] }), TODAY), 400, /ne détient pas le lot 2/);
  });

  it("the period lies within the contract's", async () => {
    await expectRefused(
      () => createDraft(t.db, A, draft({ periodEnd: "2030-02-28" }), TODAY),
      400,
      /comprise dans celle de l'accord-cadre 25_BAM_112 \(du 01\/02\/2026 au 31\/01\/2030\)/,
    );
    await expectRefused(() => createDraft(t.db, A, draft({ periodStart: "2026-01-15" }), TODAY), 400, /comprise/);
    // the old contract ended on 31/01/2026 (renewals included)
    await expectRefused(() => createDraft(t.db, A, draft({ lotId: ids.lot["21_BAM_048#1"] }), TODAY), 400, /21_BAM_048 a pris fin le 31\/01\/2026/);
    await expectRefused(
      () => createDraft(t.db, A, draft({ lotId: ids.lot["21_BAM_048#1"], periodStart: "2025-12-01", periodEnd: "2026-03-31" }), "2025-11-20"),
      400,
      /21_BAM_048 \(du 01\/02\/2022 au 31\/01\/2026\)/,
    );
  });

  it("R2 réversibilité: one UO per product, one month at most", async () => {
    const rev = (q: string): { workUnitCode: WorkUnitCode; quantity: string }[] => [{ workUnitCode: "REVERSIBILITE", quantity: q }];
    const lot2 = { lotId: ids.lot["25_BAM_112#2"], contractorId: ids.contractor[FAIS] };
    // TuMePlay already had its réversibilité (closed order)
    await expectRefused(
      () =>
        createDraft(
          t.db,
          A,
          draft({ ...lot2, productId: ids.product["TuMePlay"], periodStart: "2026-12-01", periodEnd: "2026-12-31", lines: rev("0.5") }),
          TODAY,
        ),
      400,
      /une seule UO par produit/,
    );
    await expectRefused(
      () => createDraft(t.db, A, draft({ ...lot2, periodStart: "2026-12-01", periodEnd: "2027-01-01", lines: rev("1") }), TODAY),
      400,
      /un mois au plus.*31\/12\/2026/,
    );
    await expectRefused(
      () => createDraft(t.db, A, draft({ ...lot2, periodStart: "2026-12-15", periodEnd: "2026-12-31", lines: rev("1.5") }), TODAY),
      400,
      /une seule UO/,
    );
    const { id } = await createDraft(t.db, A, draft({ ...lot2, periodStart: "2026-12-15", periodEnd: "2027-01-14", lines: rev("0.5") }), TODAY);
    await issueOrder(t.db, A, id, {}, TODAY);
    await expectRefused(
      () => createDraft(t.db, A, draft({ ...lot2, periodStart: "2027-01-01", periodEnd: "2027-01-31", lines: rev("0.75") }), TODAY),
      400,
      /0,5 UO est déjà commandée.*il reste 0,5 UO/,
    );
    const lines = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).execute();
    await expectRefused(
      () => amendOrder(t.db, A, id, { reason: "Plus de transfert", lines: [{ lineId: lines[0].id, workUnitCode: "REVERSIBILITE", quantity: "1.25" }] }, TODAY),
      400,
      /une seule UO/,
    );
  });

  it("an approved price for every line's UO type", async () => {
    const c = await buildContractor(t.db, { name: "Sans Bordereau SARL", holds: [{ contract: "25_BAM_112", lot: 1, since: "2026-02-01" }] });
    await expectRefused(() => createDraft(t.db, A, draft({ contractorId: c.id }), TODAY), 400, /Aucun bordereau de prix approuvé de Sans Bordereau SARL/);
    const contractId = (await t.db.selectFrom("lot").select("contract_id").where("id", "=", ids.lot["25_BAM_112#1"]).executeTakeFirstOrThrow()).contract_id;
    await addPartialPriceSchedule(t.db, {
      contractorId: c.id,
      contractId,
      validFrom: "2026-02-01",
      prices: { DEVOPS_CONFIRME: "12000.00" },
      approvedBy: dinum.id,
    });
    await expectRefused(() => createDraft(t.db, A, draft({ contractorId: c.id }), TODAY), 400, /Ligne 2 : aucun prix approuvé pour l'UO Product-Management/);
  });

  it("quantities in half-days, positive; a line at least; dates in order (form schema)", () => {
    const base = { productId: "1", lotId: "1", contractorId: "1", periodStart: "2026-12-01", periodEnd: "2027-01-31" };
    const errors = (lines: unknown[], over: object = {}) => {
      const r = draftSchema.safeParse({ ...base, ...over, lines });
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(errors([{ workUnitCode: "PM", amount: "0,01", unit: "uo" }])[0]).toMatch(/multiple de 0,025 UO/);
    expect(errors([{ workUnitCode: "PM", amount: "-1", unit: "uo" }])[0]).toMatch(/quantité en UO/);
    expect(errors([{ workUnitCode: "PM", amount: "0", unit: "uo" }])[0]).toMatch(/strictement positive/);
    expect(errors([{ workUnitCode: "PM", amount: "2,3", unit: "days" }])[0]).toMatch(/demi-journées/);
    expect(errors([])[0]).toMatch(/au moins une ligne/);
    expect(errors([{ workUnitCode: "PM", amount: "1", unit: "uo" }], { periodEnd: "2026-11-01" })[0]).toMatch(/doit suivre/);
    const ok = draftSchema.parse({
      ...base,
      vatPercent: "5,5",
      lines: [
        { workUnitCode: "PM", amount: "47,5", unit: "days" },
        { workUnitCode: "BIZDEV", amount: "2,375", unit: "uo" },
      ],
    });
    expect(ok.lines).toEqual([
      { workUnitCode: "PM", quantity: "2.375" },
      { workUnitCode: "BIZDEV", quantity: "2.375" },
    ]);
    expect(ok.vatRate).toBe("0.0550");
  });
});

describe("numbering (R6)", () => {
  it("20 orders issued at the same moment get 20 distinct consecutive numbers", async () => {
    const drafts: number[] = [];
    for (let i = 0; i < 20; i++) drafts.push((await createDraft(t.db, A, draft({ productId: ids.product["Enfants du spectacle"] }), TODAY)).id);
    const start = await counter("25_BAM_112", 2026);
    const pool = t.pool(20);
    const results = await Promise.all(drafts.map((id) => issueOrder(pool, A, id, {}, TODAY)));
    const seqs = results.map((r) => Number(r.number.split("-").pop())).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    expect(new Set(results.map((r) => r.number)).size).toBe(20);
    expect(await counter("25_BAM_112", 2026)).toBe(start + 20);
    // every number of the year, from 1, without a gap
    const all = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("contract as k", "k.id", "po.contract_id")
      .select("po.number_seq")
      .where("k.reference", "=", "25_BAM_112")
      .where("po.number_year", "=", 2026)
      .orderBy("po.number_seq")
      .execute();
    expect(all.map((r) => r.number_seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  });

  it("a refused issue gives its number back", async () => {
    const { id } = await createDraft(t.db, A, draft(), TODAY);
    const start = await counter("25_BAM_112", 2026);
    // the holder lost the lot meanwhile: the issue is refused and consumes no number
    await t.db
      .updateTable("lot_holder")
      .set({ until: "2026-11-30" })
      .where("lot_id", "=", ids.lot["25_BAM_112#1"])
      .where("contractor_id", "=", ids.contractor[OCTO])
      .execute();
    await expectRefused(() => issueOrder(t.db, A, id, {}, "2026-12-01"), 400, /ne détient pas/);
    expect(await counter("25_BAM_112", 2026)).toBe(start);
    await t.db
      .updateTable("lot_holder")
      .set({ until: null })
      .where("lot_id", "=", ids.lot["25_BAM_112#1"])
      .where("contractor_id", "=", ids.contractor[OCTO])
      .execute();
    const next = await issueOrder(t.db, A, id, {}, TODAY);
    expect(next.number).toBe(`25_BAM_112-2026-${String(start + 1).padStart(4, "0")}`);
    // a new year starts again at 1
    const { id: id2 } = await createDraft(t.db, A, draft(), TODAY);
    expect((await issueOrder(t.db, A, id2, {}, "2027-01-04")).number).toBe("25_BAM_112-2027-0001");
  });
});

describe("roles", () => {
  it("only the beneficiary's correspondents write; DINUM and contractors read", async () => {
    await expectRefused(() => createDraft(t.db, dinum, draft(), TODAY), 403, /correspondants/);
    await expectRefused(() => createDraft(t.db, contractorA, draft(), TODAY), 403, /correspondants/);
    const { id } = await createDraft(t.db, A, draft(), TODAY);
    for (const other of [B]) {
      await expectRefused(() => issueOrder(t.db, other, id, {}, TODAY), 404, /n'existe pas/);
      await expectRefused(() => updateDraft(t.db, other, id, draft(), TODAY), 404, /n'existe pas/);
      await expectRefused(() => deleteDraft(t.db, other, id), 404, /n'existe pas/);
    }
    await expectRefused(() => issueOrder(t.db, dinum, id, {}, TODAY), 403, /correspondants/);
    await issueOrder(t.db, A, id, {}, TODAY);
    for (const u of [dinum, contractorA]) {
      await expectRefused(() => cancelOrder(t.db, u, id, { reason: "Pas le droit" }), 403, /correspondants/);
      await expectRefused(() => closeOrder(t.db, u, id, { reason: "Pas le droit" }), 403, /correspondants/);
      await expectRefused(
        () => amendOrder(t.db, u, id, { reason: "Pas le droit", lines: [{ lineId: null, workUnitCode: "BIZDEV", quantity: "1" }] }, TODAY),
        403,
        /correspondants/,
      );
      await expectRefused(() => updateCommitment(t.db, u, id, { ejNumber: "1", budgetProgramme: null, budgetCentre: null }), 403, /correspondants/);
    }
    await expectRefused(() => cancelOrder(t.db, B, id, { reason: "Pas le mien" }), 404, /n'existe pas/);
    await expectRefused(() => updateCommitment(t.db, B, id, { ejNumber: "1", budgetProgramme: null, budgetCentre: null }), 404, /n'existe pas/);
    // reading: DINUM and the contractor see the issued order, the other contractor and correspondent do not
    expect(await getOrder(t.db, dinum, id)).not.toBeNull();
    expect(await getOrder(t.db, contractorA, id)).not.toBeNull();
    expect(await getOrder(t.db, contractorB, id)).toBeNull();
    expect(await getOrder(t.db, B, id)).toBeNull();
  });
});

describe("prices (R4)", () => {
  it("an issued order keeps its prices after a new schedule version; a draft takes the prices of its issue date", async () => {
    const atelier = ids.contractor[ATEL];
    const contractId = (await t.db.selectFrom("contract").select("id").where("reference", "=", "25_BAM_112").executeTakeFirstOrThrow()).id;
    const issuedBefore = await createDraft(t.db, A, draft({ productId: ids.product["Mano"], contractorId: atelier }), TODAY);
    await issueOrder(t.db, A, issuedBefore.id, {}, TODAY);
    const draftBefore = await createDraft(t.db, A, draft({ productId: ids.product["Mano"], contractorId: atelier }), TODAY);
    const linesBefore = await t.db
      .selectFrom("order_line")
      .select(["work_unit_code", "unit_price", "amount_ht"])
      .where("order_id", "=", issuedBefore.id)
      .orderBy("line_no")
      .execute();
    expect(linesBefore.map((l) => l.unit_price)).toEqual(["12480.00", "13570.00"]);

    // DINUM approves a new version from 01/12/2026
    // (its approval closes version 1 the day before)
    await buildPriceSchedule(t.db, {
      contract: contractId,
      contractor: atelier,
      validFrom: "2026-12-01",
      prices: { DEVOPS_CONFIRME: "13000.01", PM: "14000.00", BIZDEV: "11000.00" },
    });

    // the issued order is unchanged, and an amendment adds a line at the price frozen at issue
    const linesAfter = await t.db
      .selectFrom("order_line")
      .select(["work_unit_code", "unit_price", "amount_ht"])
      .where("order_id", "=", issuedBefore.id)
      .orderBy("line_no")
      .execute();
    expect(linesAfter).toEqual(linesBefore);
    await amendOrder(
      t.db,
      A,
      issuedBefore.id,
      { reason: "Ajout d'accompagnement", lines: [{ lineId: null, workUnitCode: "BIZDEV", quantity: "1" }] },
      "2026-12-02",
    );
    const added = await t.db
      .selectFrom("order_line")
      .select("unit_price")
      .where("order_id", "=", issuedBefore.id)
      .where("work_unit_code", "=", "BIZDEV")
      .executeTakeFirstOrThrow();
    expect(added.unit_price).toBe("10240.00");

    // the draft issued after the new version takes the new prices
    await issueOrder(t.db, A, draftBefore.id, {}, "2026-12-02");
    const issuedLater = await t.db
      .selectFrom("order_line")
      .select(["unit_price", "amount_ht", "quantity"])
      .where("order_id", "=", draftBefore.id)
      .orderBy("line_no")
      .execute();
    expect(issuedLater.map((l) => l.unit_price)).toEqual(["13000.01", "14000.00"]);
    const o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", draftBefore.id).executeTakeFirstOrThrow();
    const e = independentTotals(issuedLater, o.vat_rate);
    expect([o.total_ht, o.total_vat, o.total_ttc]).toEqual([e.ht, e.vat, e.ttc]);
    const rev = await t.db.selectFrom("order_revision").select(["lines", "total_ttc"]).where("order_id", "=", draftBefore.id).executeTakeFirstOrThrow();
    expect((rev.lines as { unit_price: string }[]).map((l) => l.unit_price)).toEqual(["13000.01", "14000.00"]);
  });
});

describe("the PDF bon de commande", () => {
  it("is readable by the issuing beneficiary, the contractor and DINUM, never for a draft; its text shows the number and French totals", async () => {
    const { loadPurchaseOrderDocument } = await import("../../reports/purchase-order-pdf/query.server");
    const { purchaseOrderModel } = await import("../../reports/purchase-order-pdf/model");
    const { renderPurchaseOrder } = await import("../../reports/purchase-order-pdf/render");
    const { pdftotext, plainSpaces } = await import("../helpers/pdf");
    const { formatEuros } = await import("../../app/lib/format");
    const { id } = await createDraft(t.db, A, draft({ productId: ids.product["Cause médicale de décès"] }), TODAY);
    for (const u of [A, dinum, contractorA]) expect(await loadPurchaseOrderDocument(t.db, u, id)).toBeNull();
    const { number } = await issueOrder(t.db, A, id, { ejNumber: "1300777001", budgetProgramme: "0124", budgetCentre: null }, TODAY);
    for (const u of [B, contractorB]) expect(await loadPurchaseOrderDocument(t.db, u, id)).toBeNull();
    for (const u of [A, dinum, contractorA]) expect(await loadPurchaseOrderDocument(t.db, u, id)).not.toBeNull();
    const lines = await t.db.selectFrom("order_line").selectAll().where("order_id", "=", id).orderBy("line_no").execute();
    await amendOrder(t.db, A, id, { reason: "Renfort", lines: [{ lineId: lines[1].id, workUnitCode: "PM", quantity: "3.5" }] }, TODAY);
    const current = (await loadPurchaseOrderDocument(t.db, contractorA, id))!;
    expect(current.revision.revisionNo).toBe(1);
    const first = (await loadPurchaseOrderDocument(t.db, contractorA, id, 0))!;
    expect(first.revision.revisionNo).toBe(0);
    expect(await loadPurchaseOrderDocument(t.db, contractorA, id, 5)).toBeNull();

    const o = await t.db.selectFrom("purchase_order").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const text = pdftotext(await renderPurchaseOrder(purchaseOrderModel(current)));
    expect(text).toContain(`Bon de commande n° ${number}`);
    expect(text).toContain(plainSpaces(formatEuros(o.total_ttc)));
    expect(formatEuros(o.total_ttc)).toMatch(/\u202f/);
    expect(text).toContain("1300777001");
    expect(text).toContain("Révision 1 du 23/11/2026 (bon de commande modificatif) : Renfort");
    const old = pdftotext(await renderPurchaseOrder(purchaseOrderModel(first)));
    expect(old).toContain("Cette révision a été remplacée");
  });
});
