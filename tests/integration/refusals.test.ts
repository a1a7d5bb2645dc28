// Issue 13, "Refusals: one pipeline, never a 500": through the real route actions (lib/form-action.server.ts),
// on a real PostgreSQL. Out-of-range ids are French 4xx (never PostgreSQL's 22003), a new declaration for a
// month already declared keeps what was typed, an amendment cannot go under its floor while a lowering
// correction is pending, and named people add up to their line's days — each answered with the form's
// values, nothing written.
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { makeOrder, line, type TestOrder } from "./declarations-fixtures";
import { routeClient, type Answer } from "../helpers/routes";
import type { SessionUser } from "../../app/auth/user";
import { createCorrection, saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { amendOrder } from "../../app/domain/orders/services.server";
import { previewImport } from "../../app/domain/declarations/import.server";
import { Refusal } from "../../app/lib/refusal";

const t = await useTestDatabase({ routes: true });
let corrA: SessionUser, contractorA: SessionUser, dinum: SessionUser;
let client: Awaited<ReturnType<typeof routeClient>>;

beforeAll(async () => {
  corrA = await sessionUser(t.db, accounts.correspondentA);
  contractorA = await sessionUser(t.db, accounts.contractorA);
  dinum = await sessionUser(t.db, accounts.dinum);
  client = await routeClient(
    t.db,
    [corrA, contractorA, dinum],
    [
      "commandes.nouveau",
      "commandes.$id_.modifier",
      "commandes.$id",
      "declarations.nouvelle",
      "declarations.$id_.modifier",
      "referentiel.beneficiaires.$id",
      "produits.$id",
      "utilisateurs.nouveau",
      "courriels",
    ],
  );
});

/** A Conform form's answer (lib/form-action.server.ts `conformReply`): messages per field name ("" for the form), values as typed. */
function conform(r: Answer) {
  const result = r.data.result as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
  return { formError: result.error[""]?.[0], error: (name: string) => result.error[name]?.[0], values: result.initialValue };
}

/** POSTs a form to a route's action as `user`, the way Remix calls it; a thrown error fails the test (a 500). */
const post: typeof client.post = (...args) => client.post(...args);
const load: typeof client.load = (...args) => client.load(...args);

/** Row versions of the tables a refused action could touch: equal before and after means nothing written. */
async function fingerprint() {
  const r = await sql<{ v: string }>`SELECT concat_ws('|',
    (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM purchase_order), (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM order_line),
    (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM declaration), (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM declaration_line),
    (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM declaration_person), (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM app_user),
    (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM product_risk), (SELECT count(*) FROM audit_event)) AS v`.execute(t.db);
  return r.rows[0].v;
}

const FRENCH = /[àâçéèêîôûù]|\b(le|la|les|des|une?|est|pas|vous|ce|cette)\b/i;

/** A valid new-order form of correspondent A (product, lot and holder of one of its issued orders). */
async function newOrderForm(): Promise<Record<string, string>> {
  const o = await t.db
    .selectFrom("purchase_order")
    .select(["product_id", "lot_id", "contractor_id"])
    .where("beneficiary_id", "=", corrA.beneficiaryId!)
    .where("status", "=", "issued")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return {
    productId: String(o.product_id),
    lotId: String(o.lot_id),
    contractorId: String(o.contractor_id),
    periodStart: "2026-12-01",
    periodEnd: "2026-12-31",
    title: "Essai",
    vatPercent: "20",
    "lines[0].workUnitCode": "DEVOPS_CONFIRME",
    "lines[0].amount": "1",
    "lines[0].unit": "uo",
  };
}

const OUT_OF_RANGE = ["2147483648", "9223372036854775808", "-1", "1e309", "1.5", "99999999999999999999999"];

describe("ids out of range: a French 4xx with the values, never PostgreSQL's 22003", () => {
  it("new order: productId, lotId, contractorId and proposedContractorId of 2³¹ and beyond", async () => {
    const form = await newOrderForm();
    for (const field of ["productId", "lotId", "contractorId", "proposedContractorId"]) {
      for (const bad of OUT_OF_RANGE) {
        const before = await fingerprint();
        const r = await post("commandes.nouveau", "/commandes/nouveau", corrA, { ...form, [field]: bad });
        expect(r.status, `${field}=${bad}`).toBe(400);
        expect(conform(r).error(field), `${field}=${bad}`).toMatch(FRENCH);
        expect(conform(r).values[field]).toBe(bad); // what was typed comes back
        expect(await fingerprint(), `${field}=${bad} wrote something`).toBe(before);
      }
    }
  });

  it("amendment and draft edit: a line id of 2³¹", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const before = await fingerprint();
    const r = await post(
      "commandes.$id_.modifier",
      `/commandes/${o.id}/modifier`,
      corrA,
      {
        reason: "Ajustement des quantités",
        "lines[0].lineId": "2147483648",
        "lines[0].workUnitCode": "DEVOPS_CONFIRME",
        "lines[0].amount": "2",
        "lines[0].unit": "uo",
      },
      { id: String(o.id) },
    );
    expect(r.status).toBe(400);
    expect(conform(r).error("lines[0].lineId")).toMatch(/n'appartient pas/);
    expect(await fingerprint()).toBe(before);
  });

  it("declaration form: an order line id of 2³¹", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const before = await fingerprint();
    const r = await post("declarations.nouvelle", `/declarations/nouvelle?commande=${o.id}&mois=2026-09`, contractorA, {
      intent: "save",
      "line[0].orderLineId": "2147483648",
      "line[0].days": "3",
      "line[0].activities": "Développement",
    });
    expect(r.status).toBe(400);
    expect(conform(r).formError).toMatch(FRENCH);
    expect((conform(r).values.line as { days: string }[])[0].days).toBe("3");
    expect(await fingerprint()).toBe(before);
  });

  it("ids parsed outside a schema: a correspondent and a risk of 2³¹ are not found (404), not a 500", async () => {
    const beneficiary = String(corrA.beneficiaryId);
    for (const bad of OUT_OF_RANGE) {
      const before = await fingerprint();
      const r = await post(
        "referentiel.beneficiaires.$id",
        `/referentiel/beneficiaires/${beneficiary}`,
        dinum,
        { intent: "deactivate", confirmed: "oui", userId: bad },
        { id: beneficiary },
      );
      expect(r.status, `userId=${bad}`).toBe(404);
      expect(r.data.error).toMatch(/n'existe pas/);
      expect(await fingerprint()).toBe(before);
    }
    const product = await t.db.selectFrom("product").select("id").where("beneficiary_id", "=", corrA.beneficiaryId!).orderBy("id").executeTakeFirstOrThrow();
    const r = await post(
      "produits.$id",
      `/produits/${product.id}`,
      corrA,
      { intent: "update-risk", riskId: "2147483648", title: "Risque", level: "moyen", status: "ouvert", identifiedOn: "2026-11-02", description: "" },
      { id: String(product.id) },
    );
    expect(r.status).toBe(404);
    expect(r.data.error).toMatch(/n'existe pas/);
  });

  it("route params and query strings of 2³¹ are a 404", async () => {
    for (const bad of OUT_OF_RANGE) {
      const thrown = await load("commandes.$id", `/commandes/${bad}`, corrA, { id: bad }).then(
        () => null,
        (e) => e,
      );
      expect(thrown, `/commandes/${bad}`).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(404);
      const nouvelle = await load("declarations.nouvelle", `/declarations/nouvelle?commande=${encodeURIComponent(bad)}&mois=2026-10`, contractorA).then(
        () => null,
        (e) => e,
      );
      expect((nouvelle as Response).status, `commande=${bad}`).toBe(404);
    }
  });

  it("a refused form never echoes a password", async () => {
    const r = await post("utilisateurs.nouveau", "/utilisateurs/nouveau", dinum, {
      name: "",
      email: "pas-une-adresse",
      role: "correspondent",
      beneficiaryId: "2147483648",
      password: "mot-de-passe-secret-123",
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.data)).not.toContain("mot-de-passe-secret-123");
    expect(conform(r).values.email).toBe("pas-une-adresse");
  });
});

describe("the outbox's « Envoyer de nouveau » (/courriels, one RefForm per row)", () => {
  it("answers its refusals as its form's result (intent, message, the row's id kept), nothing written", async () => {
    const before = await fingerprint();
    const missing = await post("courriels", "/courriels", dinum, { intent: "resend", id: "2147483647" });
    expect(missing.status).toBe(404);
    expect(missing.data.intent).toBe("resend");
    expect(conform(missing).formError).toBe("Ce courriel n'existe pas.");
    expect(conform(missing).values).toMatchObject({ id: "2147483647" }); // the row whose form shows the refusal
    const bad = await post("courriels", "/courriels", dinum, { intent: "resend", id: "2147483648" });
    expect(bad.status).toBe(400);
    expect(conform(bad).formError).toBe("Choisissez le courriel à envoyer de nouveau.");
    const unknown = await post("courriels", "/courriels", dinum, { intent: "purge" });
    expect(unknown.status).toBe(400);
    expect(conform(unknown).formError).toMatch(FRENCH);
    expect(await fingerprint()).toBe(before);
  });
});

describe("a new declaration for a month already declared", () => {
  it("answers 409 with what was typed and a link to the draft, and leaves the draft as it was", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const draft = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "3")] });
    // the second tab (or the back button) posts the new-declaration form for the same month
    const before = await fingerprint();
    const r = await post("declarations.nouvelle", `/declarations/nouvelle?commande=${o.id}&mois=2026-10`, contractorA, {
      intent: "save",
      "line[0].orderLineId": String(o.lines[0].id),
      "line[0].days": "5",
      "line[0].activities": "Recette",
    });
    expect(r.status).toBe(409);
    expect(conform(r).formError).toMatch(/existe déjà \(en brouillon\).*n'a pas été enregistré/);
    expect(r.data.link).toEqual({ href: `/declarations/${draft.id}/modifier`, label: "Reprendre la déclaration existante" });
    expect((conform(r).values.line as { days: string; activities: string }[])[0]).toMatchObject({ days: "5", activities: "Recette" });
    expect(await fingerprint()).toBe(before);
    // the page is shown again (no redirect that would lose the message), with the existing declaration named
    const page = (await load("declarations.nouvelle", `/declarations/nouvelle?commande=${o.id}&mois=2026-10`, contractorA)) as {
      existing: { id: number; status: string };
    };
    expect(page.existing).toEqual({ id: draft.id, status: "draft" });
  });
});

/** A validated month of 10 days on a 20-day line, then a submitted correction lowering it to 4. */
async function orderWithPendingLowering(): Promise<TestOrder> {
  const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
  const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "10")] });
  await submitDeclaration(t.db, contractorA, id);
  await validateDeclaration(t.db, corrA, id);
  const c = await createCorrection(t.db, contractorA, id, "Jours comptés deux fois");
  await saveDraft(t.db, contractorA, { declarationId: c.id, orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "4")] });
  await submitDeclaration(t.db, contractorA, c.id);
  return o;
}

describe("an amendment while a correction that lowers days is pending", () => {
  it("cannot go below the consumed days: the floor is 10 days, not 10 − 6 = 4 (a French 409, not the CHECK's 500)", async () => {
    const o = await orderWithPendingLowering();
    const ol = await t.db.selectFrom("order_line").select(["consumed_days", "pending_days"]).where("id", "=", o.lines[0].id).executeTakeFirstOrThrow();
    expect([ol.consumed_days, ol.pending_days]).toEqual(["10.0", "-6.0"]);
    const before = await fingerprint();
    const r = await post(
      "commandes.$id_.modifier",
      `/commandes/${o.id}/modifier`,
      corrA,
      {
        reason: "Réduction du besoin",
        "lines[0].lineId": String(o.lines[0].id),
        "lines[0].workUnitCode": "DEVOPS_CONFIRME",
        "lines[0].amount": "5",
        "lines[0].unit": "days",
      },
      { id: String(o.id) },
    );
    expect(r.status).toBe(409);
    expect(conform(r).error("lines[0].amount")).toMatch(
      /ne peut pas descendre sous 10 jours : 10 j déjà consommés \(une correction en attente qui réduit des jours ne compte qu'une fois validée\)/,
    );
    expect((conform(r).values.lines as { amount: string }[])[0].amount).toBe("5");
    expect(await fingerprint()).toBe(before);
    // 10 days is allowed (whether the correction is then validated or rejected, the CHECK holds)
    await amendOrder(t.db, corrA, o.id, {
      reason: "Réduction du besoin",
      lines: [{ lineId: o.lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.500" }],
    });
    const refused = await amendOrder(t.db, corrA, o.id, {
      reason: "Encore moins",
      lines: [{ lineId: o.lines[0].id, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.475" }],
    }).then(
      () => null,
      (e) => e,
    );
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).status).toBe(409);
  });
});

describe("people named on a declaration line add up to its days", () => {
  it("a 20-day line whose people add up to 17 days is refused on the people field, in the form, the service and the import", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] });
    const before = await fingerprint();
    const r = await post("declarations.nouvelle", `/declarations/nouvelle?commande=${o.id}&mois=2026-08`, contractorA, {
      intent: "submit",
      "line[0].orderLineId": String(o.lines[0].id),
      "line[0].days": "20",
      "line[0].activities": "Développement",
      "line[0].person[0].name": "Ada Lovelace",
      "line[0].person[0].days": "10",
      "line[0].person[1].name": "Alan Turing",
      "line[0].person[1].days": "7",
    });
    expect(r.status).toBe(400);
    expect(conform(r).error("line[0].people")).toBe(
      "Ligne 1 : les intervenants totalisent 17 j alors que la ligne déclare 20 j ; quand des intervenants sont nommés, leurs jours doivent faire exactement le total de la ligne.",
    );
    expect(await fingerprint()).toBe(before);

    const service = await saveDraft(t.db, contractorA, {
      orderId: o.id,
      month: "2026-08-01",
      lines: [
        line(o.lines[0].id, "20", {
          people: [
            { name: "Ada Lovelace", days: "10.0" },
            { name: "Alan Turing", days: "7.0" },
          ],
        }),
      ],
    }).then(
      () => null,
      (e) => e,
    );
    expect(service).toBeInstanceOf(Refusal);
    expect((service as Refusal).issues[0]).toMatchObject({ field: "people", orderLineId: o.lines[0].id });
    expect((service as Refusal).message).toMatch(/totalisent 17 j alors que la ligne déclare 20 j/);

    const preview = await previewImport(t.db, contractorA, [
      {
        row: 2,
        cells: {
          orderNumber: o.number,
          month: "2026-08",
          lineNo: "1",
          days: "20",
          activities: "Développement",
          person1: "Ada Lovelace",
          person1Days: "10",
          person2: "Alan Turing",
          person2Days: "7",
        },
      },
    ]);
    expect(preview.errors).toEqual([
      { row: 2, column: "Jours intervenant 1", message: expect.stringMatching(/totalisent 17 j alors que la ligne déclare 20 j/) },
    ]);

    // 13 + 7 = 20 is accepted
    const ok = await post("declarations.nouvelle", `/declarations/nouvelle?commande=${o.id}&mois=2026-08`, contractorA, {
      intent: "save",
      "line[0].orderLineId": String(o.lines[0].id),
      "line[0].days": "20",
      "line[0].activities": "Développement",
      "line[0].person[0].name": "Ada Lovelace",
      "line[0].person[0].days": "13",
      "line[0].person[1].name": "Alan Turing",
      "line[0].person[1].days": "7",
    });
    expect(ok.status).toBe(302);
  });
});
