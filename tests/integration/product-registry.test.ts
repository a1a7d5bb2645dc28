// Registry import (R19) on a real PostgreSQL: the two reference records and the JSON sample, preview then
// import, re-import without change, a changed record's diff, refusals (nothing written), the mapping table.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import type { SessionUser } from "../../app/auth/user";
import { readRegistryFiles, type RegistryFile } from "../../reports/registry-import/read-files";
import { importRegistry, previewRegistryImport, setRegistryMapping } from "../../app/domain/products/registry.server";
import { createProduct } from "../../app/domain/products/services.server";
import { issueOrder } from "../../app/domain/orders/services.server";
import { orderFormOptions } from "../../app/domain/orders/queries.server";
import { buildDraftOrder, buildIssuedOrder } from "../../seeds/factories";
import { runRegistryImport, RegistryUsageError } from "../../reports/registry-import/cli";
import { deflated, zipOf } from "../helpers/hostile-xlsx";
import { publicStats } from "../../app/domain/stats/stats.server";
import { resolveFilters } from "../../reports/consolidated/filters";
import { exporterOf, writeConsolidatedWorkbook } from "../../reports/consolidated/workbook.server";
import { capture, readWorkbook } from "../../reports/spec/testing";
import { otherDemoAccounts } from "../../seeds/accounts";

let t: TestDatabase;
let dinum: SessionUser;
let A: SessionUser;
const file = (name: string): RegistryFile => ({ name, data: readFileSync(`seeds/registry/${name}`) });
const md = (name: string, text: string): RegistryFile => ({ name, data: Buffer.from(text) });
const benef = async (name: string) => (await t.db.selectFrom("beneficiary").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
const written = async () =>
  (
    await sql<{ n: string }>`SELECT (SELECT count(*) FROM product) + (SELECT count(*) FROM product_phase) + (SELECT count(*) FROM audit_event) AS n`.execute(
      t.db,
    )
  ).rows[0]!.n;

beforeAll(async () => {
  t = await createTestDatabase();
  [dinum, A] = await Promise.all([sessionUser(t.db, accounts.dinum), sessionUser(t.db, accounts.correspondentA)]);
});
afterAll(async () => {
  await t?.drop();
});

describe("registry import", () => {
  it("refuses records whose incubator or sponsor no beneficiary maps to, lists them, and writes nothing", async () => {
    const parsed = await readRegistryFiles([file("produits-beta-gouv.md"), file("devex-beta-gouv.md"), file("startups.json")]);
    const preview = await previewRegistryImport(t.db, dinum, parsed);
    expect(preview.unmapped).toEqual(
      expect.arrayContaining([
        { kind: "incubator", code: "dinum" },
        { kind: "sponsor", code: "/organisations/dgccrf" },
      ]),
    );
    expect(preview.refused.map((r) => `${r.record} ${r.field}`)).toEqual(expect.arrayContaining(["produits-beta-gouv incubator", "signalconso sponsors"]));
    // devex-beta-gouv is in both the .md and the JSON: refused as a duplicate of the upload
    expect(preview.refused).toContainEqual(expect.objectContaining({ record: "devex-beta-gouv", reason: "Cette fiche figure deux fois dans l'envoi." }));
    const before = await written();
    await expect(importRegistry(t.db, dinum, parsed)).rejects.toThrow(/rien n'a été importé/);
    expect(await written()).toBe(before);
  });

  it("only DINUM imports and maps", async () => {
    const parsed = await readRegistryFiles([file("devex-beta-gouv.md")]);
    await expect(importRegistry(t.db, A, parsed)).rejects.toMatchObject({ status: 403 });
    await expect(setRegistryMapping(t.db, A, { kind: "incubator", code: "dinum", beneficiaryId: A.beneficiaryId! })).rejects.toMatchObject({ status: 403 });
  });

  it("previews, imports the reference files and the JSON sample, then re-imports without any change", async () => {
    await setRegistryMapping(t.db, dinum, { kind: "incubator", code: "dinum", beneficiaryId: await benef("DINUM") });
    await setRegistryMapping(t.db, dinum, {
      kind: "sponsor",
      code: "/organisations/dgccrf",
      beneficiaryId: await benef("Ministère de l'Économie et des Finances"),
    });
    const json = JSON.parse(readFileSync("seeds/registry/startups.json", "utf8")).filter((r: { id: string }) => r.id !== "devex-beta-gouv");
    const files = [file("produits-beta-gouv.md"), file("devex-beta-gouv.md"), { name: "startups.json", data: Buffer.from(JSON.stringify(json)) }];
    const before = await written();
    const preview = await previewRegistryImport(t.db, dinum, await readRegistryFiles(files));
    expect(await written()).toBe(before); // the preview writes nothing
    expect(preview.refused).toEqual([]);
    // the seeds' manual "Produits @ beta.gouv.fr" of DINUM is adopted (no duplicate); DevEx is new
    expect(preview.created.map((c) => c.registryId)).toEqual(["devex-beta-gouv"]);
    const adopted = preview.changed.find((c) => c.registryId === "produits-beta-gouv")!;
    expect(adopted.changes).toContainEqual({ field: "source", label: "Origine", before: "saisie manuelle", after: "registre" });
    expect(adopted.changes).toContainEqual(expect.objectContaining({ field: "phases", after: "Investigation du 01/01/2022" }));
    // SignalConso of the seeds (Économie, manual) is adopted too, with its registry fields
    expect(preview.changed.find((c) => c.registryId === "signalconso")?.changes).toContainEqual({
      field: "repository",
      label: "Dépôt de code",
      before: "—",
      after: "https://github.com/betagouv/signalconso",
    });

    const done = await importRegistry(t.db, dinum, await readRegistryFiles(files));
    expect(done.created.length + done.changed.length).toBe(3);
    const devex = await t.db.selectFrom("product").selectAll().where("registry_id", "=", "devex-beta-gouv").executeTakeFirstOrThrow();
    expect(devex).toMatchObject({
      name: "DevEx",
      source: "registry",
      incubator: "dinum",
      kind: "startup_etat",
      contact: "transverse@beta.gouv.fr",
      beneficiary_id: await benef("DINUM"),
    });
    const phases = await t.db
      .selectFrom("product_phase")
      .select(["phase", "started_on", "ended_on"])
      .where("product_id", "=", devex.id)
      .orderBy("started_on")
      .execute();
    expect(phases).toEqual([
      { phase: "investigation", started_on: "2021-09-01", ended_on: "2022-01-13" },
      { phase: "construction", started_on: "2022-01-13", ended_on: null },
    ]);
    expect(await t.db.selectFrom("product").select("id").where("name", "=", "Produits @ beta.gouv.fr").execute()).toHaveLength(1);
    expect(
      await t.db
        .selectFrom("audit_event")
        .select("id")
        .where("entity_type", "=", "product")
        .where("action", "in", ["registry_create", "registry_update"])
        .execute(),
    ).toHaveLength(3);

    const after = await written();
    const again = await importRegistry(t.db, dinum, await readRegistryFiles(files));
    expect(again.created).toEqual([]);
    expect(again.changed).toEqual([]);
    expect(again.unchanged.sort()).toEqual(["devex-beta-gouv", "produits-beta-gouv", "signalconso"]);
    // only the import's own audit event: no product nor phase touched
    expect(Number(await written())).toBe(Number(after) + 1);
  });

  it("shows a new phase as a change old → new, and lists our registry products the upload lacks", async () => {
    const text = readFileSync("seeds/registry/devex-beta-gouv.md", "utf8").replace(
      "  - name: construction\n    start: 2022-01-13\n",
      "  - name: construction\n    start: 2022-01-13\n    end: 2024-06-01\n  - name: acceleration\n    start: 2024-06-01\n",
    );
    const preview = await previewRegistryImport(t.db, dinum, await readRegistryFiles([md("devex-beta-gouv.md", text)]));
    expect(preview.changed).toEqual([
      {
        registryId: "devex-beta-gouv",
        productId: expect.any(Number),
        title: "DevEx",
        changes: [
          {
            field: "phases",
            label: "Phases",
            before: "Investigation du 01/09/2021 au 13/01/2022 ; Construction du 13/01/2022",
            after: "Investigation du 01/09/2021 au 13/01/2022 ; Construction du 13/01/2022 au 01/06/2024 ; Accélération du 01/06/2024",
          },
        ],
      },
    ]);
    const missing = preview.missing.map((m) => m.registryId);
    expect(missing).toEqual(expect.arrayContaining(["produits-beta-gouv", "signalconso", "mon-entreprise"]));
    expect(missing).not.toContain("devex-beta-gouv");
    await importRegistry(t.db, dinum, await readRegistryFiles([md("devex-beta-gouv.md", text)]));
    const last = await t.db
      .selectFrom("product_phase as pp")
      .innerJoin("product as p", "p.id", "pp.product_id")
      .select(["pp.phase", "pp.started_on"])
      .where("p.registry_id", "=", "devex-beta-gouv")
      .orderBy("pp.started_on", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ phase: "acceleration", started_on: "2024-06-01" });
  });

  it("the workbook's products sheet gives registry id, incubator, current phase and its start, /stats link; /stats counts products by current phase", async () => {
    const phaseCount = async (phase: string) => (await publicStats(t.db)).phases.find((p) => p.phase === phase)?.products ?? 0;
    const [construction, acceleration] = [await phaseCount("construction"), await phaseCount("acceleration")];
    const registryBefore = (await publicStats(t.db)).registryProducts;
    // a record whose next phase is planned in the future: its current phase is still construction
    const planned = md(
      "planifiee.md",
      "---\ntitle: Planifiée\nincubator: dinum\nlink: https://planifiee.beta.gouv.fr\nstats: true\nphases:\n  - name: construction\n    start: 2025-01-01\n  - name: acceleration\n    start: 2099-01-01\n---\n",
    );
    await importRegistry(t.db, dinum, await readRegistryFiles([planned]));
    const stats = await publicStats(t.db);
    expect([await phaseCount("construction"), await phaseCount("acceleration")]).toEqual([construction + 1, acceleration]);
    expect(stats.registryProducts).toBe(registryBefore + 1);

    const buffer = await capture((out) => writeConsolidatedWorkbook(t.db, exporterOf(dinum), resolveFilters({}), out));
    const ws = (await readWorkbook(buffer)).getWorksheet("Produits")!;
    const head = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    for (let r = 2; r <= ws.actualRowCount; r++) rows.push(Object.fromEntries(head.map((h, i) => [h, ws.getRow(r).getCell(i + 1).value])));
    const row = (name: string) => rows.find((r) => r["Produit"] === name)!;
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
    const p = row("Planifiée");
    expect([p["Fiche du registre beta.gouv.fr"], p["Incubateur"], p["Phase actuelle"], day(p["Phase actuelle depuis le"])]).toEqual([
      "planifiee",
      "dinum",
      "Construction",
      "2025-01-01",
    ]);
    expect(JSON.stringify(p["Mesure d'impact (page /stats)"])).toContain("https://planifiee.beta.gouv.fr/stats");
    const devex = row("DevEx");
    expect([devex["Fiche du registre beta.gouv.fr"], devex["Incubateur"], devex["Phase actuelle"], day(devex["Phase actuelle depuis le"])]).toEqual([
      "devex-beta-gouv",
      "dinum",
      "Accélération",
      "2024-06-01",
    ]);
    expect(row("FranceConnect")["Fiche du registre beta.gouv.fr"]).toBe("saisi à la main");
  });

  it("refuses a malformed record with its reason, and nothing of the upload is written", async () => {
    const bad = md("cassee.md", "---\ntitle: Cassée\nincubator: dinum\nphases:\n  - name: construction\n    start: 2024-03-01\n    end: 2024-01-01\n---\n");
    const ok = md("nouvelle.md", "---\ntitle: Nouvelle\nincubator: dinum\nphases:\n  - name: investigation\n    start: 2026-01-01\n---\n");
    const before = await written();
    const parsed = await readRegistryFiles([bad, ok]);
    expect(parsed.refused).toEqual([
      { record: "cassee", field: "phases[1].end", reason: "La phase n° 1 (construction) finit le 2024-01-01, avant son début le 2024-03-01." },
    ]);
    await expect(importRegistry(t.db, dinum, parsed)).rejects.toThrow(/1 fiche\(s\) refusée\(s\)/);
    expect(await written()).toBe(before);
    expect(await t.db.selectFrom("product").select("id").where("registry_id", "=", "nouvelle").executeTakeFirst()).toBeUndefined();
    // two records of one upload with the same name for the same beneficiary: refused, not a database error
    const twin = md("jumelle.md", "---\ntitle: Nouvelle\nincubator: dinum\nphases:\n  - name: investigation\n    start: 2026-01-01\n---\n");
    const both = await readRegistryFiles([ok, twin]);
    await expect(importRegistry(t.db, dinum, both)).rejects.toThrow(/1 fiche\(s\) refusée\(s\)/);
    expect((await previewRegistryImport(t.db, dinum, both)).refused).toEqual([
      { record: "jumelle", field: "title", reason: "La fiche nouvelle de cet envoi porte déjà le nom « Nouvelle » pour le bénéficiaire DINUM." },
    ]);
    expect(await written()).toBe(before);
  });
});

describe("R19: who may order for which product", () => {
  const ISSUE_DAY = "2026-11-23";
  const status = async (id: number) => await t.db.selectFrom("purchase_order").select(["status", "number"]).where("id", "=", id).executeTakeFirstOrThrow();
  const nata = (phases: string) => md("nata.md", `---\ntitle: Nata\nsponsors:\n  - /organisations/ministeres-sociaux\nphases:\n${phases}---\n`);

  it("refuses at issue, inside its transaction, an order for a registry product that left the orderable phases; nothing is written", async () => {
    await setRegistryMapping(t.db, dinum, { kind: "sponsor", code: "/organisations/ministeres-sociaux", beneficiaryId: A.beneficiaryId! });
    const draft = await buildDraftOrder(t.db, { as: accounts.correspondentA, product: "Nata", proposedContractor: null, at: "2026-11-02T09:00:00Z" });
    // the registry says Nata became alumni on 2026-11-10, after the draft was saved
    await importRegistry(
      t.db,
      dinum,
      await readRegistryFiles([nata("  - name: construction\n    start: 2026-03-01\n    end: 2026-11-10\n  - name: alumni\n    start: 2026-11-10\n")]),
    );
    const before = await written();
    await expect(issueOrder(t.db, A, draft.id, {}, ISSUE_DAY)).rejects.toThrow(
      "« Nata » est en phase Arrêt depuis le 10/11/2026 : un bon de commande n'est possible qu'en investigation, construction, accélération ou transfert.",
    );
    expect(await status(draft.id)).toEqual({ status: "draft", number: null });
    expect(await written()).toBe(before);
    // the order form no longer offers it
    const options = await orderFormOptions(t.db, A, ISSUE_DAY);
    expect(options.products.find((p) => p.name === "Nata")).toMatchObject({ orderable: false });
    expect(options.products.find((p) => p.name === "Enfants du spectacle")).toMatchObject({ orderable: true });
  });

  it("refuses a phase that has ended without a successor, and accepts it again once the registry gives a new phase", async () => {
    await importRegistry(t.db, dinum, await readRegistryFiles([nata("  - name: construction\n    start: 2026-03-01\n    end: 2026-11-20\n")]));
    const draft = await buildDraftOrder(t.db, {
      as: accounts.correspondentA,
      product: "Enfants du spectacle",
      proposedContractor: null,
      at: "2026-11-02T09:00:00Z",
    });
    const nataId = (await t.db.selectFrom("product").select("id").where("registry_id", "=", "nata").executeTakeFirstOrThrow()).id;
    await t.db.updateTable("purchase_order").set({ product_id: nataId }).where("id", "=", draft.id).execute();
    await expect(issueOrder(t.db, A, draft.id, {}, ISSUE_DAY)).rejects.toThrow(
      "« Nata » est en phase Construction depuis le 01/03/2026, terminée le 20/11/2026",
    );
    await importRegistry(
      t.db,
      dinum,
      await readRegistryFiles([nata("  - name: construction\n    start: 2026-03-01\n    end: 2026-11-20\n  - name: acceleration\n    start: 2026-11-20\n")]),
    );
    await issueOrder(t.db, A, draft.id, {}, ISSUE_DAY);
    expect((await status(draft.id)).status).toBe("issued");
  });

  it("refuses a manual product of another beneficiary than DINUM, and lets DINUM order for its own manual products", async () => {
    const manual = await createProduct(t.db, A, {
      beneficiaryId: A.beneficiaryId!,
      name: "Saisi à la main",
      kind: "startup_etat",
      description: "",
      statsUrl: null,
    });
    const draft = await buildDraftOrder(t.db, {
      as: accounts.correspondentA,
      product: "Enfants du spectacle",
      proposedContractor: null,
      at: "2026-11-02T09:00:00Z",
    });
    await t.db.updateTable("purchase_order").set({ product_id: manual }).where("id", "=", draft.id).execute();
    await expect(issueOrder(t.db, A, draft.id, {}, ISSUE_DAY)).rejects.toThrow("« Saisi à la main » n'est pas une fiche du registre beta.gouv.fr");
    expect((await status(draft.id)).status).toBe("draft");
    const dinumOrder = await buildIssuedOrder(t.db, {
      as: otherDemoAccounts.correspondentDinum,
      product: "FranceConnect",
      proposedContractor: null,
      at: "2026-11-20T09:00:00Z",
    });
    expect(dinumOrder.number).toMatch(/\d/);
  });
});

describe("a .zip of content/_startups/ and the CLI", () => {
  it("reads the records of a zip (folders and non-.md entries skipped) and refuses one that lies about its size", async () => {
    const zip = zipOf([
      deflated("content/_startups/", ""),
      deflated("content/_startups/devex-beta-gouv.md", readFileSync("seeds/registry/devex-beta-gouv.md")),
      deflated("content/_startups/produits-beta-gouv.md", readFileSync("seeds/registry/produits-beta-gouv.md")),
      deflated("content/README.txt", "hors fiches"),
    ]);
    const parsed = await readRegistryFiles([{ name: "startups.zip", data: zip }]);
    expect(parsed.refused).toEqual([]);
    expect(parsed.records.map((r) => r.registryId).sort()).toEqual(["devex-beta-gouv", "produits-beta-gouv"]);
    const lying = zipOf([deflated("content/_startups/x.md", "---\ntitle: X\n---\n".repeat(50), { size: 10 })]);
    expect((await readRegistryFiles([{ name: "x.zip", data: lying }])).refused[0]?.reason).toMatch(/plus grande que déclaré/);
  });

  it("previews without writing (--apercu), imports a folder, and says so when nothing changes", async () => {
    await expect(runRegistryImport(t.db, [])).rejects.toBeInstanceOf(RegistryUsageError);
    const before = await written();
    const preview = await runRegistryImport(t.db, ["--apercu", "seeds/registry/devex-beta-gouv.md"]);
    expect(preview.written).toBe(false);
    expect(preview.text).toContain("~ devex-beta-gouv : Phases : ");
    expect(await written()).toBe(before);
    const done = await runRegistryImport(t.db, ["seeds/registry/devex-beta-gouv.md"]);
    expect(done.written).toBe(true);
    expect((await runRegistryImport(t.db, ["seeds/registry/devex-beta-gouv.md"])).text).toBe("Aucun changement.");
  });
});
