import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { currentRegistryPhase, parseJsonRecords, parseMarkdownRecord, validateRecord } from "./registry-parse";

const ref = (f: string) => readFileSync(`seeds/registry/${f}`, "utf8");

describe("registry records (R19)", () => {
  it("reads the two real records: id from the file name, phases mapped and sorted", () => {
    const p = parseMarkdownRecord("content/_startups/produits-beta-gouv.md", ref("produits-beta-gouv.md"));
    expect(p.refused).toEqual([]);
    expect(p.record).toMatchObject({
      registryId: "produits-beta-gouv",
      title: "Produits @ beta.gouv.fr",
      incubator: "dinum",
      sponsors: [],
      link: null,
      statsUrl: null,
      contact: "transverse@beta.gouv.fr",
      phases: [{ phase: "investigation", start: "2022-01-01", end: null }],
    });
    const d = parseMarkdownRecord("devex-beta-gouv.md", ref("devex-beta-gouv.md"));
    expect(d.record?.phases).toEqual([
      { phase: "investigation", start: "2021-09-01", end: "2022-01-13" },
      { phase: "construction", start: "2022-01-13", end: null },
    ]);
    expect(currentRegistryPhase(d.record!.phases, "2026-12-01")?.phase).toBe("construction");
  });

  it("reads the JSON sample with the same fields, and maps transfer, success and alumni", () => {
    const j = parseJsonRecords("startups.json", ref("startups.json"));
    expect(j.refused).toEqual([]);
    expect(j.records.map((r) => r.registryId)).toEqual(["devex-beta-gouv", "signalconso"]);
    expect(j.records[1]).toMatchObject({
      sponsors: ["/organisations/dgccrf"],
      statsUrl: "https://signal.conso.gouv.fr/stats",
      repository: "https://github.com/betagouv/signalconso",
    });
    const r = validateRecord("x", {
      title: "X",
      phases: [
        { name: "transfer", start: "2020-01-01" },
        { name: "success", start: "2021-01-01" },
        { name: "alumni", start: "2022-01-01" },
      ],
    });
    expect(r.record?.phases.map((p) => p.phase)).toEqual(["transfert", "consolidation", "arret"]);
  });

  it("refuses each malformed record with its field and a French reason", () => {
    const reasons = (data: unknown) => validateRecord("fiche-test", data).refused.map((r) => `${r.field}: ${r.reason}`);
    expect(reasons({ title: "X", phases: [{ name: "construction" }] })).toEqual(["phases[1].start: La phase n° 1 (construction) n'a pas de date de début."]);
    expect(reasons({ title: "X", phases: [{ name: "exploration", start: "2020-01-01" }] })[0]).toMatch(
      /^phases\[1\]\.name: La phase « exploration » est inconnue/,
    );
    expect(reasons({ title: "X", phases: [{ name: "construction", start: "2022-03-01", end: "2022-01-01" }] })).toEqual([
      "phases[1].end: La phase n° 1 (construction) finit le 2022-01-01, avant son début le 2022-03-01.",
    ]);
    expect(reasons({ title: "X", phases: [{ name: "construction", start: "2022-02-30" }] })[0]).toMatch(/n'est pas une date/);
    expect(reasons({ phases: [{ name: "construction", start: "2022-01-01" }] })).toEqual(["title: Le nom du produit (title) manque."]);
    expect(reasons({ title: "X" })[0]).toMatch(/^phases: La fiche n'a aucune phase/);
    expect(reasons({ title: "X", sponsors: "dinum", phases: [{ name: "construction", start: "2022-01-01" }] })[0]).toMatch(/^sponsors:/);
  });

  it("refuses a file without front matter or with broken YAML, and unreadable JSON", () => {
    expect(parseMarkdownRecord("a.md", "# Pas d'en-tête").refused[0]?.field).toBe("fiche");
    expect(parseMarkdownRecord("a.md", "---\ntitle: [oops\n---\n").refused[0]?.reason).toMatch(/mal formé/);
    expect(parseJsonRecords("s.json", "{not json").refused[0]?.reason).toMatch(/JSON lisible/);
  });
});

describe("the preview's hand-over to its confirmation", () => {
  it("gives back the same records once validated again", async () => {
    const { toRegistryJson } = await import("./registry-parse");
    const j = parseJsonRecords("startups.json", ref("startups.json"));
    expect(parseJsonRecords("confirmation", toRegistryJson(j.records))).toEqual(j);
  });
});
