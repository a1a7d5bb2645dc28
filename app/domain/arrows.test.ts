// The domain is the inner room: no file under app/domain imports from the routes, the components or the
// reports (they import from it). Two reports modules are still read by the domain and listed here until
// they move in (issue 21); the list can only shrink: an entry that no longer imports reports/ fails too.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const domain = join(root, "app/domain");
const STILL_IMPORTING_REPORTS = ["app/domain/dashboard/dashboard.server.ts", "app/domain/declarations/import.server.ts"];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** The repository-relative targets of a file's relative imports (static, dynamic and re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith(".")).map((s) => relative(root, resolve(join(file, ".."), s)));
}

describe("arrows point inwards", () => {
  const all = files(domain).map((f) => ({ file: relative(root, f), targets: importsOf(f) }));

  it("finds the domain's files", () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it("no domain file imports from app/routes or app/components", () => {
    const wrong = all.flatMap(({ file, targets }) =>
      targets.filter((t) => t.startsWith("app/routes") || t.startsWith("app/components")).map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it("no domain file imports from reports/, but the listed ones (which still do)", () => {
    const importing = all
      .filter(({ targets }) => targets.some((t) => t.startsWith("reports/")))
      .map(({ file }) => file)
      .sort();
    expect(importing).toEqual([...STILL_IMPORTING_REPORTS].sort());
  });
});
