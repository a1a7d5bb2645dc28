// Hostile registry uploads (R19), read as the server reads them: refused in French, fast, without
// inflating a bomb, without running anything a front matter says, and in a worker bounded in time.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRegistryFiles, MAX_INFLATED_BYTES, type RegistryFile } from "./read-files";
import { readRegistryFilesOffThread } from "../declaration-import/parse-off-thread";
import { deflated, zipOf } from "../../tests/helpers/hostile-xlsx";

const md = (name: string, text: string | Buffer): RegistryFile => ({ name, data: Buffer.isBuffer(text) ? text : Buffer.from(text) });
const record = (yaml: string) => `---\ntitle: X\nincubator: dinum\nphases:\n  - name: construction\n    start: 2024-01-01\n${yaml}---\n`;
const reasons = async (files: RegistryFile[]) => (await readRegistryFiles(files)).refused.map((r) => r.reason);

describe("hostile registry files", () => {
  it("refuses a YAML alias bomb (billion laughs) quickly, without expanding it", async () => {
    let yaml = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
    for (let i = 1; i < 9; i++)
      yaml += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(",")}]\n`;
    const t0 = Date.now();
    const parsed = await readRegistryFiles([md("bombe.md", record(yaml))]);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(parsed.records).toEqual([]);
    expect(parsed.refused).toEqual([{ record: "bombe", field: "fiche", reason: expect.stringMatching(/ancres \(&\) et alias \(\*\) à l'excès/) }]);
  });

  it("refuses a front matter past 16 Ko before parsing it (YAML parsing of 200 Ko of keys takes ~20 s)", async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v\n`).join("");
    const t0 = Date.now();
    expect(await reasons([md("cles.md", record(keys))])).toEqual(["L'en-tête YAML de la fiche dépasse 16 Ko : ce n'est pas une fiche du registre."]);
    // an unclosed one too: nothing beyond the bound is read
    expect(await reasons([md("ouvert.md", `---\ntitle: X\n${"k: v\n".repeat(50_000)}`)])).toEqual([
      "L'en-tête YAML de la fiche dépasse 16 Ko : ce n'est pas une fiche du registre.",
    ]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("runs nothing a front matter says: unknown tags stay text, __proto__ pollutes nothing, merge keys are not expanded", async () => {
    const parsed = await readRegistryFiles([
      md(
        "tags.md",
        `---\ntitle: !!js/function 'function () { process.exit(1) }'\nmission: !!binary aGVsbG8=\n__proto__:\n  polluted: oui\nincubator: dinum\nphases:\n  - name: construction\n    start: 2024-01-01\n---\n`,
      ),
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.refused).toEqual([]);
    expect(parsed.records[0]).toMatchObject({ title: "function () { process.exit(1) }", mission: "" });
    expect(await reasons([md("fusion.md", record("base: &b { t: 1 }\nm:\n  <<: *b\n"))])).toEqual([]);
  });

  it("refuses a record with thousands of phases or sponsors by one reason, not one per item", async () => {
    const phases = "  - {}\n".repeat(2000);
    expect(await reasons([md("phases.md", `---\ntitle: X\nincubator: dinum\nphases:\n${phases}---\n`)])).toEqual([
      "La fiche a 2000 phases (plus de 30) : ce n'est pas une fiche du registre.",
    ]);
    const many = (await readRegistryFiles([md("erreurs.md", `---\ntitle: X\nincubator: dinum\nphases:\n${"  - {}\n".repeat(25)}---\n`)])).refused;
    expect(many).toHaveLength(11);
    expect(many.at(-1)!.reason).toMatch(/^… et \d+ autre\(s\) erreur\(s\) dans cette fiche\.$/);
  });

  it("refuses invalid UTF-8, empty, oversized and unknown files by name, in French", async () => {
    const latin1 = Buffer.concat([Buffer.from(record("")), Buffer.from([0xe9, 0xff, 0xfe])]);
    expect(await reasons([md("latin1.md", latin1), { name: "startups.json", data: Buffer.from([0x5b, 0xc3, 0x28, 0x5d]) }])).toEqual([
      "Ce fichier n'est pas du texte UTF-8 : enregistrez-le à nouveau depuis le registre (encodage UTF-8).",
      "Ce fichier n'est pas du texte UTF-8 : enregistrez-le à nouveau depuis le registre (encodage UTF-8).",
    ]);
    expect(await reasons([md("vide.md", ""), md("gros.md", record("") + "x".repeat(300 * 1024)), md("page.html", "<!DOCTYPE html>")])).toEqual([
      "Ce fichier est vide.",
      "Cette fiche dépasse 256 Ko : ce n'est pas une fiche du registre.",
      "Envoyez des fiches .md, une archive .zip du dossier content/_startups/ ou le fichier startups.json.",
    ]);
    expect(await reasons([md("enorme.md", Buffer.alloc(21 * 1024 * 1024, 0x61))])).toEqual(["L'envoi dépasse 20 Mo : envoyez le registre en plusieurs fois."]);
  });

  it("refuses a zip bomb from its directory, before inflating anything; an entry lying about its size is cut at it", async () => {
    // 2 × 40 Mo of zeros, a few dozen kilobytes compressed
    const zeros = Buffer.alloc(40 * 1024 * 1024);
    const bomb = zipOf([deflated("content/_startups/a.md", zeros), deflated("content/_startups/b.md", zeros)]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const t0 = Date.now();
    expect(await reasons([{ name: "bombe.zip", data: bomb }])).toEqual([
      `Les fiches de cette archive font plus de ${MAX_INFLATED_BYTES / 1024 / 1024} Mo une fois décompressées : ce n'est pas le registre beta.gouv.fr.`,
    ]);
    expect(Date.now() - t0).toBeLessThan(500);
    const lying = zipOf([deflated("content/_startups/x.md", zeros.subarray(0, 5 * 1024 * 1024), { size: 1000 })]);
    expect(await reasons([{ name: "menteur.zip", data: lying }])).toEqual([
      "Cette archive .zip est invalide (une entrée est plus grande que déclaré) : recréez-la depuis le dossier content/_startups/.",
    ]);
    expect(await reasons([{ name: "pas-un-zip.zip", data: Buffer.from("PK pas vraiment") }])).toEqual([
      "Cette archive .zip est illisible ou contient plus de 5000 fichiers : recréez-la depuis le dossier content/_startups/ du registre.",
    ]);
  });

  it("reads a zip of the whole registry's size (1,700 records, more than the 1,000 parts of a workbook)", { timeout: 30_000 }, async () => {
    const text = readFileSync("seeds/registry/devex-beta-gouv.md", "utf8");
    const zip = zipOf(Array.from({ length: 1700 }, (_, i) => deflated(`content/_startups/fiche-${i}.md`, text.replace("title: DevEx", `title: DevEx ${i}`))));
    const parsed = await readRegistryFiles([{ name: "startups.zip", data: zip }]);
    expect(parsed.refused).toEqual([]);
    expect(parsed.records).toHaveLength(1700);
  });
});

describe("registry files read in a worker thread", () => {
  it("gives what readRegistryFiles gives, and refuses a read past its deadline in French", { timeout: 60_000 }, async () => {
    const files = [md("devex-beta-gouv.md", readFileSync("seeds/registry/devex-beta-gouv.md")), md("latin1.md", Buffer.from([0xff, 0xfe]))];
    expect(await readRegistryFilesOffThread(files)).toEqual(await readRegistryFiles(files));
    expect(await readRegistryFilesOffThread(files, { timeoutMs: 1 })).toEqual({
      records: [],
      refused: [
        {
          record: "envoi",
          field: "fichier",
          reason: "L'analyse de ces fichiers dépasse 1 seconde : ce ne sont pas des fiches du registre, ou envoyez-les en plusieurs fois.",
        },
      ],
    });
    // the caller's buffers are whole (copies went to the worker)
    expect(files[0]!.data.length).toBeGreaterThan(0);
  });
});
