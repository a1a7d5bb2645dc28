// Issue 14, "The monthly routine of each role": irreversible actions run only once confirmed (nothing written
// before), a submitted declaration shows what validating it will count, through the real route modules on a
// real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { routeClient } from "../helpers/routes";
import { makeOrder } from "./declarations-fixtures";
import type { SessionUser } from "../../app/auth/user";
import { buildDeclaration } from "../../seeds/factories";
import { CONFIRM_MESSAGE } from "../../app/lib/form-fields";

let t: TestDatabase;
let corrA: SessionUser, contractorA: SessionUser;
let client: Awaited<ReturnType<typeof routeClient>>;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the route modules' getDb() uses this test database
  corrA = await sessionUser(t.db, accounts.correspondentA);
  contractorA = await sessionUser(t.db, accounts.contractorA);
  client = await routeClient(t.db, [corrA, contractorA], ["commandes.$id", "declarations.$id", "declarations._index"]);
});
afterAll(async () => {
  const holder = globalThis as unknown as { __pilotageDb?: { destroy(): Promise<void> } };
  await holder.__pilotageDb?.destroy();
  await t?.drop();
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
    expect(asked.data).toMatchObject({ intent: "issue", errors: { _form: CONFIRM_MESSAGE }, values: { ejNumber: "1300777001" } });
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
    expect((asked.data.errors as Record<string, string>).reason).toContain("5 caractères");
    const unconfirmed = await client.post(
      "commandes.$id",
      `/commandes/${order.id}`,
      corrA,
      { intent: "cancel", reason: "Erreur de saisie" },
      { id: String(order.id) },
    );
    expect(unconfirmed.data).toMatchObject({ errors: { _form: CONFIRM_MESSAGE }, values: { reason: "Erreur de saisie" } });
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
