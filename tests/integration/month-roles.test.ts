// Issue 14, the months of the contractor and of DINUM: what each can now do alone, through the real route
// modules on a real PostgreSQL (withdrawing a submitted declaration, ...).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { routeClient } from "../helpers/routes";
import { makeOrder } from "./declarations-fixtures";
import type { SessionUser } from "../../app/auth/user";
import { buildContract, buildDeclaration, buildIssuedOrder, buildPriceSchedule } from "../../seeds/factories";
import { DINUM_APPROVER } from "../../seeds/accounts";
import { FOUR_EYES_MESSAGE } from "../../app/domain/price-schedules/services.server";
import { WRONG_CURRENT_PASSWORD } from "../../app/auth/schemas";
import { PASSWORD_CHANGE_THROTTLED, SIGN_IN_LIMITS } from "../../app/auth/rate-limit.server";
import { signInWithPassword } from "../../app/auth/sign-in.server";
import { verifyPassword } from "../../app/auth/password.server";
import { DEMO_PASSWORD } from "../../seeds/accounts";
import { CONFIRM_MESSAGE } from "../../app/lib/form-fields";
import { templateRows } from "../../app/domain/declarations/import.server";

const t = await useTestDatabase({ routes: true });
let dinum: SessionUser, approver: SessionUser, corrA: SessionUser, contractorA: SessionUser, contractorB: SessionUser;
let client: Awaited<ReturnType<typeof routeClient>>;

beforeAll(async () => {
  dinum = await sessionUser(t.db, accounts.dinum);
  approver = await sessionUser(t.db, DINUM_APPROVER);
  corrA = await sessionUser(t.db, accounts.correspondentA);
  contractorA = await sessionUser(t.db, accounts.contractorA);
  contractorB = await sessionUser(t.db, accounts.contractorB);
  client = await routeClient(
    t.db,
    [dinum, approver, corrA, contractorA, contractorB],
    ["declarations.$id", "_index", "journal", "referentiel.tourniquet", "referentiel.bordereaux.$id", "referentiel.bordereaux.nouveau", "compte"],
  );
});
const declaration = (id: number) => t.db.selectFrom("declaration").select(["status", "submitted_at"]).where("id", "=", id).executeTakeFirstOrThrow();
const pendingDays = async (orderLineId: number) =>
  (await t.db.selectFrom("order_line").select("pending_days").where("id", "=", orderLineId).executeTakeFirstOrThrow()).pending_days;

describe("a contractor withdraws a submitted declaration", () => {
  it("asks first; confirmed, the declaration is a draft again, its days no longer pending, audited; the correspondent no longer sees it", async () => {
    const order = await makeOrder(t.db);
    const line = order.lines[0].id;
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-03-01", lines: [{ orderLineId: line, days: "3" }] });
    const path = `/declarations/${id}`;
    const params = { id: String(id) };
    expect(await pendingDays(line)).toBe("3.0");
    const page = (await client.load("declarations.$id", path, contractorA, params)) as { actions: { withdraw: boolean } };
    expect(page.actions.withdraw).toBe(true);

    const asked = await client.post("declarations.$id", path, contractorA, { intent: "withdraw" }, params);
    expect(asked.status).toBe(400);
    expect(asked.data).toMatchObject({ intent: "withdraw", error: CONFIRM_MESSAGE });
    expect((await declaration(id)).status).toBe("submitted");

    // another contractor cannot, whatever it posts
    const foreign = await client.post("declarations.$id", path, contractorB, { intent: "withdraw", confirmed: "oui" }, params);
    expect(foreign.status).toBe(404);
    expect((await declaration(id)).status).toBe("submitted");

    const done = await client.post("declarations.$id", path, contractorA, { intent: "withdraw", confirmed: "oui" }, params);
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${path}?retiree=1`);
    expect(await declaration(id)).toEqual({ status: "draft", submitted_at: null });
    expect(await pendingDays(line)).toBe("0.0");
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "actor_user_id", "before", "after"])
      .where("entity_type", "=", "declaration")
      .where("entity_id", "=", String(id))
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "withdraw", actor_user_id: contractorA.id, before: { status: "submitted" }, after: { status: "draft" } });
    // the journal names it and says what happened, in French
    type Journal = { events: { items: { subject: string; action: string; actor_label: string }[] } };
    const journal = (await client.load("journal", `/journal?objet=declaration&identifiant=${id}`, dinum)) as Journal;
    expect(journal.events.items.map((e) => [e.subject, e.action])).toContainEqual([
      `Déclaration de mars 2026, bon de commande ${order.number}`,
      "Retirée par le titulaire",
    ]);
    // a draft is its contractor's alone
    expect((await client.load("declarations.$id", path, corrA, params).catch((e: Response) => e)) instanceof Response).toBe(true);
    // and it can be edited and submitted again
    const again = (await client.load("declarations.$id", path, contractorA, params)) as { actions: { submit: boolean; withdraw: boolean } };
    expect(again.actions).toMatchObject({ submit: true, withdraw: false });
  });

  it("a validated declaration cannot be withdrawn (409, nothing changed)", async () => {
    const order = await makeOrder(t.db);
    const { id } = await buildDeclaration(t.db, order.id, { month: "2026-04-01", lines: [{ orderLineId: order.lines[0].id, days: "2" }], status: "validated" });
    const refused = await client.post("declarations.$id", `/declarations/${id}`, contractorA, { intent: "withdraw", confirmed: "oui" }, { id: String(id) });
    expect(refused.status).toBe(409);
    expect(String(refused.data.error)).toContain("déjà validée");
    expect((await declaration(id)).status).toBe("validated");
    // a correspondent is not the one who withdraws
    const { id: other } = await buildDeclaration(t.db, order.id, { month: "2026-05-01", lines: [{ orderLineId: order.lines[0].id, days: "1" }] });
    const byCorrespondent = await client.post(
      "declarations.$id",
      `/declarations/${other}`,
      corrA,
      { intent: "withdraw", confirmed: "oui" },
      { id: String(other) },
    );
    expect(byCorrespondent.status).toBe(403);
    expect((await declaration(other)).status).toBe("submitted");
  });
});

describe("the contractor's home page", () => {
  it("lists the months to declare, the oldest first, each with its order and month (a correspondent's home has none)", async () => {
    const order = await makeOrder(t.db, { periodStart: "2026-01-01", periodEnd: "2026-12-31" });
    type Home = { toDeclare: { items: { orderId: number; month: string; declarationId: number | null }[]; total: number } | null };
    const home = (await client.load("_index", "/", contractorA)) as Home;
    expect(home.toDeclare!.total).toBeGreaterThanOrEqual(home.toDeclare!.items.length);
    expect(home.toDeclare!.items.length).toBeGreaterThan(0);
    const months = home.toDeclare!.items.map((i) => i.month);
    expect(months).toEqual([...months].sort());
    // declaring the order's January takes it off the list
    const before = home.toDeclare!.total;
    await buildDeclaration(t.db, order.id, { month: "2026-01-01", lines: [{ orderLineId: order.lines[0].id, days: "1" }] });
    const after = (await client.load("_index", "/", contractorA)) as Home;
    expect(after.toDeclare!.total).toBe(before - 1);
    expect(((await client.load("_index", "/", corrA)) as Home).toDeclare).toBeNull();
  });
});

describe("the import template", () => {
  it("gives per line the days left (ordered − validated − submitted) and the month's working days", async () => {
    const order = await makeOrder(t.db, {
      lines: [
        ["DEVOPS_CONFIRME", "1", "12000.00"],
        ["PM", "0.5", "11000.00"],
      ],
    });
    const [a, b] = order.lines.map((l) => l.id);
    await buildDeclaration(t.db, order.id, { month: "2026-02-01", lines: [{ orderLineId: a, days: "3" }], status: "validated" });
    await buildDeclaration(t.db, order.id, {
      month: "2026-03-01",
      lines: [
        { orderLineId: a, days: "1.5" },
        { orderLineId: b, days: "2" },
      ],
    });
    const rows = (await templateRows(t.db, contractorA, "2026-05-01")).filter((r) => r.orderNumber === order.number);
    // 20 − 3 − 1,5 and 10 − 2; May 2026 has 21 weekdays, four of them public holidays (1st, 8th, Ascension the 14th, Whit Monday the 25th)
    expect(rows.map((r) => [r.lineNo, r.daysLeft, r.workingDays])).toEqual([
      [1, "15.5", 17],
      [2, "8.0", 17],
    ]);
  });
});

describe("the round-robin page of a lot (DINUM)", () => {
  it("says whose turn it is, from each holder's orders and amounts, and lists the orders given out of turn with their reasons", async () => {
    const prices = { DEVOPS_CONFIRME: "12000.00" };
    const contract = await buildContract(t.db, {
      holders: [
        { contractor: contractorA.contractorId!, prices },
        { contractor: contractorB.contractorId!, prices },
      ],
    });
    const o = { contract: contract.id, periodStart: "2026-01-01", periodEnd: "2026-12-31", lines: [["DEVOPS_CONFIRME", "1"]] as [["DEVOPS_CONFIRME", string]] };
    // Octopus gets one order in turn, then another out of turn (Les Faiseurs's turn), with its reason
    await buildIssuedOrder(t.db, { ...o, contractor: contractorA.contractorId! });
    await buildIssuedOrder(t.db, {
      ...o,
      contractor: contractorA.contractorId!,
      proposedContractor: contractorB.contractorId!,
      attributionReason: "Continuité de l'équipe déjà en place sur le produit",
    });
    type Page = {
      lot: { id: number };
      turn: { name: string; orders: number } | null;
      holders: { name: string; orders: number; totalHt: string }[];
      overrides: { attribution_reason: string; chosenName: string; proposedName: string }[];
    };
    const page = (await client.load("referentiel.tourniquet", `/referentiel/tourniquet?lot=${contract.lots[1]}`, dinum)) as Page;
    expect(page.turn).toMatchObject({ name: "Coopérative Les Faiseurs", orders: 0 });
    expect(page.holders.map((h) => [h.name, h.orders, h.totalHt])).toEqual([
      ["Coopérative Les Faiseurs", 0, "0"],
      ["Octopus Numérique SAS", 2, "24000.00"],
    ]);
    expect(page.overrides).toEqual([
      expect.objectContaining({
        attribution_reason: "Continuité de l'équipe déjà en place sur le produit",
        chosenName: "Octopus Numérique SAS",
        proposedName: "Coopérative Les Faiseurs",
      }),
    ]);
    await expect(client.load("referentiel.tourniquet", "/referentiel/tourniquet?lot=999999", dinum)).rejects.toHaveProperty("status", 404);
    await expect(client.load("referentiel.tourniquet", "/referentiel/tourniquet", corrA)).rejects.toHaveProperty("status", 403);
  });
});

describe("price schedules: a new version starts from the one in force; four eyes on approval", () => {
  it("prefills the version in force, even from an older version's link; the preparer cannot approve (409, nothing approved), another DINUM user can", async () => {
    const contract = await buildContract(t.db, { holders: [{ contractor: contractorA.contractorId!, since: "2020-01-01", prices: { PM: "10000.00" } }] });
    const v2 = await buildPriceSchedule(t.db, {
      contract: contract.id,
      contractor: contractorA.contractorId!,
      validFrom: "2025-01-01",
      prices: { PM: "10500.00" },
    });
    const oldest = await t.db.selectFrom("price_schedule").select("id").where("contract_id", "=", contract.id).orderBy("version").executeTakeFirstOrThrow();
    expect(oldest.id).not.toBe(v2.id);
    type New = { base: { version: number; prices: Record<string, string>; inForce: boolean } | null };
    const fromOld = (await client.load("referentiel.bordereaux.nouveau", `/referentiel/bordereaux/nouveau?depuis=${oldest.id}`, dinum)) as New;
    expect(fromOld.base).toMatchObject({ version: 2, inForce: true });
    expect(fromOld.base!.prices.PM).toBe("10500.00");
    const fromFilters = (await client.load(
      "referentiel.bordereaux.nouveau",
      `/referentiel/bordereaux/nouveau?accord=${contract.id}&titulaire=${contractorA.contractorId}`,
      dinum,
    )) as New;
    expect(fromFilters.base).toMatchObject({ version: 2, inForce: true });

    // DINUM (Camille) prepares version 3
    const draft = await buildPriceSchedule(t.db, { contract: contract.id, contractor: contractorA.contractorId!, validFrom: "2027-01-01", approve: false });
    const path = `/referentiel/bordereaux/${draft.id}`;
    const params = { id: String(draft.id) };
    const page = (await client.load("referentiel.bordereaux.$id", path, dinum, params)) as { schedule: { preparedById: number }; me: number };
    expect(page.schedule.preparedById).toBe(page.me);
    const refused = await client.post("referentiel.bordereaux.$id", path, dinum, { intent: "approve", confirmed: "oui" }, params);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.data)).toContain(FOUR_EYES_MESSAGE);
    const status = async () => await t.db.selectFrom("price_schedule").select(["status", "approved_by"]).where("id", "=", draft.id).executeTakeFirstOrThrow();
    expect(await status()).toEqual({ status: "draft", approved_by: null });
    const done = await client.post("referentiel.bordereaux.$id", path, approver, { intent: "approve", confirmed: "oui" }, params);
    expect(done.status).toBe(200);
    expect(await status()).toEqual({ status: "approved", approved_by: approver.id });
    // the database refuses it too
    const other = await buildPriceSchedule(t.db, { contract: contract.id, contractor: contractorA.contractorId!, validFrom: "2028-01-01", approve: false });
    await expect(
      t.db.updateTable("price_schedule").set({ status: "approved", approved_by: dinum.id, approved_at: new Date() }).where("id", "=", other.id).execute(),
    ).rejects.toThrow(/price_schedule_four_eyes/);
  });
});

describe("everyone changes their own password", () => {
  it("needs the current password (nothing changed otherwise); done, every other session is closed and this browser gets a new one", async () => {
    const hash = async () =>
      (await t.db.selectFrom("app_user").select("password_hash").where("id", "=", contractorB.id).executeTakeFirstOrThrow()).password_hash;
    const open = async () =>
      Number(
        (
          await t.db
            .selectFrom("user_session")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("user_id", "=", contractorB.id)
            .where("revoked_at", "is", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await hash();
    const wrong = await client.post("compte", "/compte", contractorB, {
      intent: "password",
      current: "mauvais-secret-42",
      password: "un-nouveau-mot-de-passe",
      confirmation: "un-nouveau-mot-de-passe",
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.data)).toContain(WRONG_CURRENT_PASSWORD);
    expect(JSON.stringify(wrong.data)).not.toContain("un-nouveau-mot-de-passe");
    expect(JSON.stringify(wrong.data)).not.toContain("mauvais-secret-42");
    const mismatch = await client.post("compte", "/compte", contractorB, {
      intent: "password",
      current: DEMO_PASSWORD,
      password: "un-nouveau-mot-de-passe",
      confirmation: "autre-chose-encore",
    });
    expect(mismatch.status).toBe(400);
    expect(await hash()).toBe(before);
    expect(await open()).toBeGreaterThan(0);

    const done = await client.post("compte", "/compte", contractorB, {
      intent: "password",
      current: DEMO_PASSWORD,
      password: "un-nouveau-mot-de-passe",
      confirmation: "un-nouveau-mot-de-passe",
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/compte?mot-de-passe=change#mot-de-passe");
    expect(await verifyPassword("un-nouveau-mot-de-passe", await hash())).toBe(true);
    // the sessions open before are revoked (the test client's among them); one new session for this browser
    expect(await open()).toBe(1);
    await expect(client.load("compte", "/compte", contractorB)).rejects.toHaveProperty("status", 302);
  });
});

describe("wrong current passwords on /compte are limited like sign-in attempts", () => {
  it("after 5 wrong ones, even the right one is refused (429, French) and nothing changes; the account's sign-in is not locked", async () => {
    const hash = async () => (await t.db.selectFrom("app_user").select("password_hash").where("id", "=", corrA.id).executeTakeFirstOrThrow()).password_hash;
    const before = await hash();
    const attempt = (current: string) =>
      client.post("compte", "/compte", corrA, { intent: "password", current, password: "encore-un-nouveau-secret", confirmation: "encore-un-nouveau-secret" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      const wrong = await attempt(`mauvais-secret-${i}`);
      expect(wrong.status).toBe(400);
      expect(JSON.stringify(wrong.data)).toContain(WRONG_CURRENT_PASSWORD);
    }
    const blocked = await attempt(DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(JSON.stringify(blocked.data)).toContain(PASSWORD_CHANGE_THROTTLED);
    expect(JSON.stringify(blocked.data)).not.toContain(DEMO_PASSWORD);
    expect(await hash()).toBe(before);
    expect(await verifyPassword(DEMO_PASSWORD, await hash())).toBe(true);
    // the limit is the password change's: the same person still signs in with the right password
    expect(await signInWithPassword(t.db, { email: accounts.correspondentA, password: DEMO_PASSWORD, address: "192.0.2.7" })).toMatchObject({ ok: true });
    // another user's password change is not affected
    const other = await client.post("compte", "/compte", contractorA, {
      intent: "password",
      current: "pas-le-bon-non-plus",
      password: "encore-un-nouveau-secret",
      confirmation: "encore-un-nouveau-secret",
    });
    expect(other.status).toBe(400);
  });
});
