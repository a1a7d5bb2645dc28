// Routes stay thin (README "Architecture"): a route hands getDb() to a domain service or query and never
// builds SQL itself; permissions are read from the grants table, not from role names. Both rules are
// checked on the route files themselves, so a new route that breaks them fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROUTES = path.join(__dirname);
const APP = path.join(__dirname, "..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(tsx?|jsx?)$/.test(e.name) && !/\.(test|spec)\./.test(e.name) ? [full] : [];
  });
}

/** A query being built, or kysely imported. */
const QUERY =
  /\b(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|with(Recursive)?)\s*\(|\bsql\s*(<[^>]*>)?\s*`|\bsql\.(raw|ref|lit|val|id|table|join)\s*\(|from\s+["']kysely["']|require\(\s*["']kysely["']\s*\)|import\(\s*["']kysely["']\s*\)/;

/** A test of the signed-in user's role: `role === "…"`, `role !== "…"`, `switch (user.role)`, `roles.includes(user.role)`. */
const ROLE_TEST = /\brole\s*[!=]==|[!=]==\s*["'](dinum|correspondent|contractor)["']|switch\s*\(\s*[\w.]*\brole\s*\)|\.includes\(\s*[\w.]*\brole\s*\)/;

function offending(files: string[], pattern: RegExp) {
  return files.flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((text, i) => ({ at: `${path.relative(APP, file)}:${i + 1}`, text: text.trim() }))
      .filter((l) => !l.text.startsWith("//") && !l.text.startsWith("*") && pattern.test(l.text))
      .map((l) => `${l.at}  ${l.text.slice(0, 120)}`),
  );
}

describe("route files build no query", () => {
  it("the pattern catches what it is meant to catch", () => {
    for (const line of [
      `const rows = await db.selectFrom("beneficiary").select(["id"]).execute();`,
      `await trx.insertInto("product").values(row)`,
      `db.updateTable("lot")`,
      `db.deleteFrom ("person")`,
      "const q = sql<string>`select 1`;",
      "sql`now()`",
      `import { sql } from "kysely";`,
      `import type { Kysely } from 'kysely';`,
    ])
      expect(QUERY.test(line), line).toBe(true);
    for (const line of [
      `const found = await getOrder(getDb(), user, id);`,
      `import { listProducts } from "../domain/products/services.server";`,
      "`${sqlState}`",
    ]) {
      expect(QUERY.test(line), line).toBe(false);
    }
  });

  it("no file of app/routes imports kysely or builds a query: routes hand getDb() to app/domain", () => {
    const files = sourceFiles(ROUTES);
    expect(files.length).toBeGreaterThan(40);
    expect(offending(files, QUERY)).toEqual([]);
  });
});

// Where a role name may still be tested outside app/auth, and why: a page choosing what to show (a column
// that would repeat the user's own organisation, a sentence about the user's scope), or the role of an
// account being edited (not the signed-in user's).
const ROLE_TESTS_ALLOWED: Record<string, string> = {
  "components/OrdersTable.tsx": "hides the column of the user's own organisation",
  "routes/commandes._index.tsx": "hides the user's own organisation's column and filter, and the draft status a contractor never has",
  "routes/declarations._index.tsx": "hides the contractor column from a contractor",
  "routes/rapports._index.tsx": "explains the scope of the exports and hides filters on the user's own organisation",
  "routes/utilisateurs._index.tsx": "the role filter of the user list, and the organisation of each listed account",
  "domain/users/schemas.ts": "the role of the account being created or edited",
  "domain/users/services.server.ts": "the role of the account being edited",
  "domain/notifications/kinds.ts": 'the table of who is told of what (README "E-mails"): per role, like the grants',
};

describe("permissions come from the grants table", () => {
  it("the pattern catches role tests", () => {
    for (const line of [
      `if (user.role !== "dinum") return;`,
      `const x = role === "contractor";`,
      `switch (user.role) {`,
      `u.kind !== "correspondent"`,
      `(!e.roles || e.roles.includes(user.role))`,
    ]) {
      expect(ROLE_TEST.test(line), line).toBe(true);
    }
    expect(ROLE_TEST.test(`{roleLabels[user.role]}`)).toBe(false);
    expect(ROLE_TEST.test(`can(user, "declaration:see-drafts")`)).toBe(false);
  });

  it("outside app/auth, only pages choosing what to show (and the users' own admin) test a role name", () => {
    const files = sourceFiles(APP).filter((f) => !f.startsWith(path.join(APP, "auth") + path.sep));
    const found = offending(files, ROLE_TEST);
    const unexpected = found.filter((l) => !(l.split(":")[0] in ROLE_TESTS_ALLOWED));
    expect(unexpected).toEqual([]);
    // the allowance is not a blanket: each listed file still has the role test it is listed for
    for (const file of Object.keys(ROLE_TESTS_ALLOWED))
      expect(
        found.some((l) => l.startsWith(`${file}:`)),
        file,
      ).toBe(true);
  });
});
