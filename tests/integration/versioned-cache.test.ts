// The data version (migration 1000) and the caches built on it: a cached result is served only while no
// write has committed since it was computed, whatever table the write touched.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { useTestDatabase, accounts, sessionUser } from "../helpers/db";
import { dataVersion, versionedCache } from "../../app/lib/versioned-cache.server";
import { homeData } from "../../app/domain/dashboard/dashboard.server";
import { orderListPage, orderPage } from "../../app/domain/orders/queries.server";
import { updateUser } from "../../app/domain/users/services.server";
import { signInWithPassword } from "../../app/auth/sign-in.server";
import { createSession } from "../../app/auth/session.server";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { DEMO_PASSWORD } from "../../seeds/accounts";
import { buildDraftOrder } from "../../seeds/factories";

const t = await useTestDatabase();

describe("data version", () => {
  it("moves at the commit of any write to a table that feeds the figures, and only then", async () => {
    const before = await dataVersion(t.db);
    await t.db.transaction().execute(async (trx) => {
      await trx
        .updateTable("product")
        .set({ name: sql`name` })
        .where("id", "=", sql<number>`(SELECT min(id) FROM product)`)
        .execute();
      // not yet committed: other connections still see the old version
      expect(await dataVersion(t.db)).toBe(before);
    });
    const afterProduct = await dataVersion(t.db);
    expect(afterProduct).toBeGreaterThan(before);
    // a rolled-back write leaves it alone
    await t.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable("beneficiary")
          .set({ name: sql`name` })
          .execute();
        throw new Error("rollback");
      })
      .catch(() => {});
    expect(await dataVersion(t.db)).toBe(afterProduct);
    // a write to sessions (not a figure) does not move it
    await t.db
      .updateTable("user_session")
      .set({ last_seen_at: sql`now()` })
      .execute();
    expect(await dataVersion(t.db)).toBe(afterProduct);
  });
});

describe("versioned cache", () => {
  it("computes once for concurrent readers, serves the value until a write commits, then recomputes", async () => {
    const cache = versionedCache<number>();
    let computations = 0;
    const count = async () => {
      computations++;
      const row = await t.db
        .selectFrom("purchase_order")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const first = await Promise.all(Array.from({ length: 8 }, () => cache.get(t.db, "orders", count)));
    expect(new Set(first).size).toBe(1);
    expect(computations).toBe(1);
    expect(await cache.get(t.db, "orders", count)).toBe(first[0]);
    expect(computations).toBe(1);

    // a new draft order (any write) makes the next read recompute, and see it
    await buildDraftOrder(t.db);
    expect(await cache.get(t.db, "orders", count)).toBe(first[0] + 1);
    expect(computations).toBe(2);
  });

  it("computes a key once at a time: requests after a write during a computation wait for it, then share one fresh computation", async () => {
    const cache = versionedCache<number>();
    let running = 0;
    let most = 0;
    let computations = 0;
    const gates: (() => void)[] = [];
    const slowCount = async (snapshot: Parameters<Parameters<typeof cache.get>[2]>[0]) => {
      computations++;
      most = Math.max(most, ++running);
      const row = await snapshot
        .selectFrom("product")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      return Number(row.n);
    };
    const until = async (f: () => boolean) => {
      for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    const first = cache.get(t.db, "products", slowCount);
    await until(() => gates.length === 1);
    // a write commits while the first computation runs: a new version, read by the next requests
    const product = await t.db.selectFrom("product").selectAll().orderBy("id").limit(1).executeTakeFirstOrThrow();
    const { id: _id, registry_id: _r, ...copy } = product as Record<string, unknown>;
    void _id;
    void _r;
    await t.db
      .insertInto("product")
      .values({ ...(copy as any), name: "Produit ajouté pendant le calcul" })
      .execute();
    const later = Array.from({ length: 6 }, () => cache.get(t.db, "products", slowCount));
    await new Promise((r) => setTimeout(r, 100));
    expect(computations).toBe(1); // the six wait: no second computation beside the first
    gates.shift()!();
    const before = await first;
    await until(() => gates.length === 1);
    gates.shift()!();
    const after = await Promise.all(later);
    expect(new Set(after)).toEqual(new Set([before + 1])); // one computation for the six, and it sees the write
    expect(computations).toBe(2);
    expect(most).toBe(1);
  });

  it("keeps at most its number of keys, dropping the least recently read first", async () => {
    const cache = versionedCache<string>({ maxEntries: 2 });
    const computed: string[] = [];
    const read = (key: string) => cache.get(t.db, key, async () => (computed.push(key), key));
    await read("a");
    await read("b");
    await read("a"); // served from memory, and now the most recent
    await read("c"); // one key too many: b, read least recently, goes
    expect(cache.size).toBe(2);
    await read("a");
    await read("b");
    expect(computed).toEqual(["a", "b", "c", "b"]);
  });

  it("keeps the home page and the order list exact after a declaration is validated", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const home = await homeData(t.db, dinum, 1, "2026-11-23");
    const list = await orderListPage(t.db, dinum, { page: 1 });
    expect(await homeData(t.db, dinum, 1, "2026-11-23")).toBe(home); // the same object: served from memory
    // the correspondent validates a submitted declaration (service fait): consumed days move
    const submitted = await t.db
      .selectFrom("declaration as d")
      .innerJoin("purchase_order as po", "po.id", "d.order_id")
      .select(["d.id", "po.beneficiary_id"])
      .where("d.status", "=", "submitted")
      .limit(1)
      .executeTakeFirstOrThrow();
    const correspondent = await t.db
      .selectFrom("app_user")
      .select("email")
      .where("beneficiary_id", "=", submitted.beneficiary_id)
      .where("role", "=", "correspondent")
      .executeTakeFirstOrThrow();
    await validateDeclaration(t.db, await sessionUser(t.db, correspondent.email), submitted.id);
    const after = await homeData(t.db, dinum, 1, "2026-11-23");
    expect(after).not.toBe(home);
    expect(after.totals.figures.consumedDays).not.toBe(home.totals.figures.consumedDays);
    const listAfter = await orderListPage(t.db, dinum, { page: 1 });
    expect(listAfter.orders.totals.figures.consumedDays).toBe(after.totals.figures.consumedDays);
    expect(listAfter.orders.totals.figures.consumedDays).not.toBe(list.orders.totals.figures.consumedDays);
  });

  it("shows a renamed user on the cached order page at once; signing in moves nothing", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    const order = await t.db
      .selectFrom("purchase_order")
      .select(["id", "created_by"])
      .where("status", "=", "issued")
      .orderBy("id")
      .limit(1)
      .executeTakeFirstOrThrow();
    const creator = await t.db.selectFrom("app_user").selectAll().where("id", "=", order.created_by).executeTakeFirstOrThrow();
    const page = await orderPage(t.db, dinum, order.id, "2026-11-23");
    expect(page?.found.order.createdByName).toBe(creator.name);
    expect(page?.revisions[0].authorName).toBe(creator.name);

    // a sign-in (attempt, password check, session) and a password change alone leave the version alone
    const version = await dataVersion(t.db);
    const signedIn = await signInWithPassword(t.db, { email: accounts.dinum, password: DEMO_PASSWORD, address: "192.0.2.1" });
    expect(signedIn.ok).toBe(true);
    await createSession(t.db, dinum.id);
    await t.db
      .updateTable("app_user")
      .set({ password_hash: sql`password_hash || ''` })
      .where("id", "=", creator.id)
      .execute();
    expect(await dataVersion(t.db)).toBe(version);
    expect(await orderPage(t.db, dinum, order.id, "2026-11-23")).toBe(page);

    await updateUser(t.db, dinum, creator.id, {
      name: "Camille Renommée",
      role: creator.role,
      beneficiaryId: creator.beneficiary_id,
      contractorId: creator.contractor_id,
    });
    const after = await orderPage(t.db, dinum, order.id, "2026-11-23");
    expect(after?.found.order.createdByName).toBe("Camille Renommée");
    expect(after?.revisions[0].authorName).toBe("Camille Renommée");
  });
});

describe("cached values", () => {
  it("are frozen: a caller cannot change what the next request will be served", async () => {
    const cache = versionedCache<{ rows: { n: number }[] }>();
    const value = await cache.get(t.db, "k", async () => ({ rows: [{ n: 1 }] }));
    expect(() => value.rows.push({ n: 2 })).toThrow();
    expect(() => {
      value.rows[0].n = 3;
    }).toThrow();
    expect((await cache.get(t.db, "k", async () => ({ rows: [] }))).rows).toEqual([{ n: 1 }]);
  });
});
