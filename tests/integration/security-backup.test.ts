// Backups (issue 7): `npm run db:backup` then a wipe then `npm run db:restore` gives back every order,
// declaration (and every other row) identical; a broken backup file changes nothing.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import type { Db } from "../../db/client";

const run = promisify(execFile);
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pilotage-backup-"));
});
afterAll(async () => {
  await t?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const npm = (args: string[]) =>
  run("npm", ["run", "--silent", ...args], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: t.url }, timeout: 120_000 });

async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const out: Record<string, unknown[]> = {};
  for (const { table_name } of tables.rows) {
    // every column as text, rows in a stable order: an exact, type-independent comparison
    const rows = await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(table_name)} t ORDER BY t::text`.execute(db);
    out[table_name] = rows.rows.map((x) => x.r);
  }
  return out;
}

describe("backup and restore", () => {
  it("backs up, wipes, restores, and finds every order and declaration identical", async () => {
    const before = await snapshot(t.db);
    expect(before.purchase_order.length).toBeGreaterThan(10);
    expect(before.declaration.length).toBeGreaterThan(0);
    expect(before.declaration_line.length).toBeGreaterThan(0);
    const file = path.join(dir, "sauvegarde.dump");
    const { stdout } = await npm(["db:backup", "--", "--file", file]);
    expect(stdout).toContain("Sauvegarde écrite");
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // the disaster: everything gone
    await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(t.db);
    const wiped = await sql<{ n: string }>`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(t.db);
    expect(wiped.rows[0].n).toBe("0");

    // without --yes nothing happens
    await expect(npm(["db:restore", "--", file])).rejects.toThrow(/--yes/);
    const { stdout: restored } = await npm(["db:restore", "--", file, "--yes"]);
    expect(restored).toContain("Base restaurée");
    const after = await snapshot(t.db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after.purchase_order).toEqual(before.purchase_order);
    expect(after.order_line).toEqual(before.order_line);
    expect(after.order_revision).toEqual(before.order_revision);
    expect(after.declaration).toEqual(before.declaration);
    expect(after.declaration_line).toEqual(before.declaration_line);
    expect(after).toEqual(before);

    // constraints, triggers and identity sequences came back too
    const maxId = await t.db
      .selectFrom("purchase_order")
      .select((eb) => eb.fn.max("id").as("m"))
      .executeTakeFirstOrThrow();
    const product = await t.db.selectFrom("product").select("beneficiary_id").executeTakeFirstOrThrow();
    const inserted = await t.db
      .insertInto("product")
      .values({ beneficiary_id: product.beneficiary_id, name: "Après restauration", kind: "startup_etat" } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(inserted.id).toBeGreaterThan(0);
    await expect(
      sql`INSERT INTO product (beneficiary_id, name, kind) VALUES (${product.beneficiary_id}, 'Après restauration', 'startup_etat')`.execute(t.db),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(Number(maxId.m)).toBeGreaterThan(0);

    // restoring over a database holding newer data replaces it entirely
    await t.db.deleteFrom("product").where("id", "=", inserted.id).execute();
    await sql`CREATE TABLE apres_sauvegarde (x int)`.execute(t.db);
    await npm(["db:restore", "--", file, "--yes"]);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it("a corrupt backup file is refused and the database is left as it was", async () => {
    const before = await snapshot(t.db);
    const bad = path.join(dir, "corrompue.dump");
    const good = path.join(dir, "bonne.dump");
    await npm(["db:backup", "--", "--file", good]);
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2))); // truncated mid-way
    await expect(npm(["db:restore", "--", bad, "--yes"])).rejects.toThrow(/Restauration impossible/);
    expect(await snapshot(t.db)).toEqual(before);
  });
});
