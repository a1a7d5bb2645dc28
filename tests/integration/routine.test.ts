// Issue 14, "The monthly routine of each role": irreversible actions run only once confirmed (nothing written
// before), a submitted declaration shows what validating it will count, through the real route modules on a
// real PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { routeClient } from "../helpers/routes";
import { makeOrder } from "./declarations-fixtures";
import type { SessionUser } from "../../app/auth/user";
import { buildDeclaration } from "../../seeds/factories";
import { CONFIRM_MESSAGE } from "../../app/lib/form-fields";

const t = await useTestDatabase({ routes: true });
let corrA: SessionUser, corrB: SessionUser, contractorA: SessionUser;
let client: Awaited<ReturnType<typeof routeClient>>;

beforeAll(async () => {
  corrA = await sessionUser(t.db, accounts.correspondentA);
  corrB = await sessionUser(t.db, accounts.correspondentB);
  contractorA = await sessionUser(t.db, accounts.contractorA);
  client = await routeClient(t.db, [corrA, corrB, contractorA], ["commandes.$id", "declarations.$id", "declarations._index", "declarations.validation"]);
});
const orderStatus = async (id: number) => (await t.db.selectFrom("purchase_order").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const declarationStatus = async (id: number) => (await t.db.selectFrom("declaration").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;

describe("irreversible actions ask first", () => {
  it("issuing without the confirmation answers the question, keeps what was typed and issues nothing; confirmed, it issues", async () => {
    const draft = await makeOrder(t.db, { status: "draft" });
    const path = `/commandes/${draft.id}`;
    const params = { id: String(draft.id) };
    const asked = await client.post("commandes.$id", path, corrA, { intent: "issue", ejNumber: "1300777001" }, params);
    expect(asked.status).toBe(400);
    expect(asked.data).toMatchObject({ intent: "issue", error: CONFIRM_MESSAGE, result: { initialValue: { ejNumber: "1300777001" } } });
    expect(await orderStatus(draft.id)).toBe("draft");
    const done = await client.post("commandes.$id", path, corrA, { intent: "issue", ejNumber: "1300777001", confirmed: "oui" }, params);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${path}?ok=issued`);
    expect(await orderStatus(draft.id)).toBe("issued");
  });

  it("a bad field is reported before the question is asked", async () => {
    const order = await makeOrder(t.db);
    const asked = await client.post("commandes.$id", `/commandes/${order.id}`, corrA, { intent: "cancel", reason: "x" }, { id: String(order.id) });
    expect(asked.status).toBe(400);
    expect((asked.data as { result: { error: Record<string, string[]> } }).result.error.reason[0]).toContain("5 caractères");
    const unconfirmed = await client.post(
      "commandes.$id",
      `/commandes/${order.id}`,
      corrA,
      { intent: "cancel", reason: "Erreur de saisie" },
      { id: String(order.id) },
    );
    expect(unconfirmed.data).toMatchObject({ error: CONFIRM_MESSAGE, result: { initialValue: { reason: "Erreur de saisie" } } });
    expect(await orderStatus(order.id)).toBe("issued");
    const done = await client.post(
      "commandes.$id",
      `/commandes/${order.id}`,
      corrA,
      { intent: "cancel", reason: "Erreur de saisie", confirmed: "oui" },
      { id: String(order.id) },
    );
    expect(done.status).toBe(302);
    expect(await orderStatus(order.id)).toBe("cancelled");
  });

  it("validating without the confirmation validates nothing", async () => {
    const order = await makeOrder(t.db);
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-03-01", lines: [{ orderLineId: order.lines[0].id, days: "2" }] });
    const params = { id: String(id) };
    const asked = await client.post("declarations.$id", `/declarations/${id}`, corrA, { intent: "validate" }, params);
    expect(asked.status).toBe(400);
    expect(asked.data).toMatchObject({ intent: "validate", error: CONFIRM_MESSAGE });
    expect(await declarationStatus(id)).toBe("submitted");
    expect((await client.post("declarations.$id", `/declarations/${id}`, corrA, { intent: "validate", confirmed: "oui" }, params)).status).toBe(302);
    expect(await declarationStatus(id)).toBe("validated");
  });
});

describe("a submitted declaration shows what validating it will count", () => {
  it("per line and in total, the amounts validation then writes (the line's last days take what is left of its amount)", async () => {
    // 1 UO at 1 000,01 € = 20 days at 50,0005 €: 1 day counts 50,00 €, the last 19 days the 950,01 € left
    const order = await makeOrder(t.db, {
      lines: [
        ["DEVOPS_CONFIRME", "1", "1000.01"],
        ["PM", "1", "11111.11"],
      ],
    });
    const [a, b] = order.lines.map((l) => l.id);
    await buildDeclaration(t.db, order.id, { month: "2026-01-01", lines: [{ orderLineId: a, days: "1" }], status: "validated" });
    const { id } = await buildDeclaration(t.db, order.id, {
      month: "2026-02-01",
      lines: [
        { orderLineId: a, days: "19" },
        { orderLineId: b, days: "3" },
      ],
    });
    const page = (await client.load("declarations.$id", `/declarations/${id}`, corrA, { id: String(id) })) as {
      preview: { byOrderLine: Record<number, string>; totalHt: string };
    };
    expect(page.preview.byOrderLine).toEqual({ [a]: "950.01", [b]: "1666.67" });
    expect(page.preview.totalHt).toBe("2616.68");
    // the contractor sees the same figure
    const seen = (await client.load("declarations.$id", `/declarations/${id}`, contractorA, { id: String(id) })) as { preview: { totalHt: string } };
    expect(seen.preview.totalHt).toBe("2616.68");
    await client.post("declarations.$id", `/declarations/${id}`, corrA, { intent: "validate", confirmed: "oui" }, { id: String(id) });
    const written = await t.db.selectFrom("declaration_line").select(["order_line_id", "consumed_amount"]).where("declaration_id", "=", id).execute();
    expect(Object.fromEntries(written.map((w) => [w.order_line_id, w.consumed_amount]))).toEqual(page.preview.byOrderLine);
    const after = (await client.load("declarations.$id", `/declarations/${id}`, corrA, { id: String(id) })) as { preview: unknown };
    expect(after.preview).toBeNull();
  });
});

describe("bulk validation", () => {
  it("reviews the selection with its total, then validates each in its own transaction; a refusal does not stop the others", async () => {
    const order = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "2", "12000.00"]] });
    const line = order.lines[0].id;
    const ids: number[] = [];
    for (const month of ["2026-04-01", "2026-05-01", "2026-06-01"]) {
      ids.push((await buildDeclaration(t.db, order.id, { month, lines: [{ orderLineId: line, days: "2" }] })).id);
    }
    // another beneficiary's declaration slipped into the selection
    const other = await makeOrder(t.db, { contractor: accounts.contractorB, correspondent: accounts.correspondentB });
    const foreign = (await buildDeclaration(t.db, other.id, { month: "2026-04-01", lines: [{ orderLineId: other.lines[0].id, days: "1" }] })).id;

    const query = [...ids, foreign].map((id) => `ids=${id}`).join("&");
    const review = (await client.load("declarations.validation", `/declarations/validation?${query}`, corrA)) as {
      rows: { id: number; amountHt: string }[];
      totalHt: string;
    };
    // 2 days at 600 € (12 000 € ÷ 20) each; the foreign one is not shown
    expect(review.rows.map((r) => r.id)).toEqual(ids);
    expect(review.rows.map((r) => r.amountHt)).toEqual(["1200.00", "1200.00", "1200.00"]);
    expect(review.totalHt).toBe("3600.00");

    // one of them is validated meanwhile, on its own page
    await client.post("declarations.$id", `/declarations/${ids[1]}`, corrA, { intent: "validate", confirmed: "oui" }, { id: String(ids[1]) });
    const body = new URLSearchParams([...ids, foreign].map((id) => ["ids", String(id)]));
    const done = await client.post("declarations.validation", "/declarations/validation", corrA, body);
    expect(done.status).toBe(200);
    const results = done.data.results as { id: number; validated: boolean; message?: string }[];
    expect(results.map((r) => [r.id, r.validated])).toEqual([
      [ids[0], true],
      [ids[1], false],
      [ids[2], true],
      [foreign, false],
    ]);
    expect(results[1].message).toMatch(/validée/);
    expect(results[3].message).toMatch(/n'existe pas|accès/);
    // each result is named by its month, order and contractor (once validated, the review's rows no longer list them);
    // the one the correspondent may not see is not named
    const labels = done.data.labels as Record<string, string>;
    for (const id of ids) expect(labels[id]).toMatch(/^[a-zéû]+ \d{4}, [A-Z0-9_]+-\d{4}-\d{4}, Octopus/);
    expect(labels[foreign]).toBeUndefined();
    for (const id of ids) expect(await declarationStatus(id)).toBe("validated");
    expect(await declarationStatus(foreign)).toBe("submitted");
    const empty = await client.post("declarations.validation", "/declarations/validation", corrA, {});
    expect(empty.status).toBe(400);
  });
});

describe("the latest declarations are paged and filtered", () => {
  it("by state, contractor and month, with their count", async () => {
    type Page = { recent: { items: { id: number; status: string; contractorName: string; month: string }[]; total: number } };
    const all = (await client.load("declarations._index", "/declarations", corrA)) as Page;
    expect(all.recent.total).toBeGreaterThan(0);
    const validated = (await client.load("declarations._index", "/declarations?etat=validated", corrA)) as Page;
    expect(validated.recent.items.length).toBeGreaterThan(0);
    expect(new Set(validated.recent.items.map((d) => d.status))).toEqual(new Set(["validated"]));
    expect(validated.recent.total).toBeLessThan(all.recent.total);
    const april = (await client.load("declarations._index", "/declarations?mois=2026-04", corrA)) as Page;
    expect(new Set(april.recent.items.map((d) => d.month))).toEqual(new Set(["2026-04-01"]));
    const octopus = await t.db.selectFrom("contractor").select("id").where("id", "=", contractorA.contractorId!).executeTakeFirstOrThrow();
    const byContractor = (await client.load("declarations._index", `/declarations?titulaire=${octopus.id}`, corrA)) as Page;
    expect(byContractor.recent.total).toBeGreaterThan(0);
    expect(new Set(byContractor.recent.items.map((d) => d.contractorName)).size).toBe(1);
  });
});
