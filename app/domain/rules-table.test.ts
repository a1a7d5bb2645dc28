// The README's table "Where each rule lives" is what a newcomer follows to find a rule (issue 21): every file
// it names must exist, and every function it names must be exported by one of the files of its row. A rename
// or a move that forgets the table fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "..", "..");

function tableRows(readme: string): { rule: string; files: string[]; names: string[] }[] {
  const start = readme.indexOf("### Where each rule lives");
  const section = readme.slice(start, readme.indexOf("\n## ", start));
  return section
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| rule "))
    .map((l) => {
      const [rule, files, functions] = l.slice(1).split(" | ");
      const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return { rule: rule.trim(), files: ticked(files), names: ticked(functions).filter((t) => /^[A-Za-z_]\w*$/.test(t)) };
    });
}

const exportsName = (source: string, name: string) =>
  new RegExp(`export\\s+(async\\s+)?(function\\*?|const|let|class|type|interface)\\s+${name}\\b`).test(source);

describe("README: where each rule lives", () => {
  const rows = tableRows(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));

  it("has a row for each rule of domain.md that has landed (R1 to R17, R19)", () => {
    const rules = rows.map((r) => r.rule.split(" ")[0]);
    for (let n = 1; n <= 19; n++) if (n !== 18) expect(rules, `R${n}`).toContain(`R${n}`);
  });

  it("names files that exist, from the repository's root", () => {
    const missing = rows.flatMap((r) =>
      r.files.filter((f) => !fs.existsSync(path.join(ROOT, f)) || !fs.statSync(path.join(ROOT, f)).isFile()).map((f) => `${r.rule}: ${f}`),
    );
    expect(missing).toEqual([]);
  });

  it("names functions each exported by a file of its row", () => {
    const wrong = rows.flatMap((r) => {
      const sources = r.files.filter((f) => fs.existsSync(path.join(ROOT, f))).map((f) => fs.readFileSync(path.join(ROOT, f), "utf8"));
      return r.names.filter((n) => !sources.some((s) => exportsName(s, n))).map((n) => `${r.rule}: ${n}`);
    });
    expect(rows.reduce((n, r) => n + r.names.length, 0)).toBeGreaterThan(80);
    expect(wrong).toEqual([]);
  });

  it("the check catches a function that is not exported", () => {
    expect(exportsName("export async function issueOrder(db) {}", "issueOrder")).toBe(true);
    expect(exportsName("async function checkSomething(db) {}", "checkSomething")).toBe(false);
    expect(exportsName("export function issueOrderLater() {}", "issueOrder")).toBe(false);
  });
});
