// DINUM imports the beta.gouv.fr startups registry (R19): upload .md records, a .zip of content/_startups/
// or startups.json; read the preview; confirm (all or nothing). The sponsor/incubator → beneficiary mapping
// is maintained on the same page. Thin: parsing and use cases live in app/domain/products/registry*.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import type { RegistryFile } from "../../reports/registry-import/read-files";
import { readRegistryFilesOffThread } from "../../reports/declaration-import/parse-off-thread";
import { parseJsonRecords, toRegistryJson } from "../domain/products/registry-parse";
import { importRegistry, previewRegistryImport, registryMappings, setRegistryMapping, type RegistryPreview } from "../domain/products/registry.server";
import { beneficiaryChoices } from "../domain/products/services.server";
import { id, text } from "../lib/form-fields";
import { runForm, runUseCase, ok, unknownAction } from "../lib/reference-action.server";
import { Refusal } from "../lib/refusal";
import { DataTable } from "../components/DataTable";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField, SelectField, UploadField } from "../components/forms/fields";
import { ErrorSummary } from "../components/forms/ErrorSummary";
import { HeaderCells } from "../components/HeaderCells";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Registre beta.gouv.fr - Pilotage UO" }];

const mappingSchema = z.object({
  kind: z.enum(["sponsor", "incubator"], { error: "Choisissez sponsor ou incubateur." }),
  code: text("le sponsor ou l'incubateur (par exemple /organisations/dinum)", 200),
  beneficiaryId: id("le bénéficiaire"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const db = getDb();
  const [mappings, beneficiaries] = await Promise.all([registryMappings(db), beneficiaryChoices(db, user)]);
  return { mappings, beneficiaries: beneficiaries ?? [] };
}

type Answer = FormState & { preview?: RegistryPreview; records?: string; imported?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const db = getDb();
  if (intent === "map") {
    return runForm(form, intent, mappingSchema, async (data) => {
      await setRegistryMapping(db, user, data);
      return ok(intent, `« ${data.code} » relié au bénéficiaire.`);
    });
  }
  if (intent === "preview") {
    return runUseCase(intent, form, async () => {
      const files: RegistryFile[] = [];
      for (const f of form.getAll("files")) if (typeof f !== "string" && f.size > 0) files.push({ name: f.name, data: Buffer.from(await f.arrayBuffer()) });
      if (files.length === 0) throw new Refusal("Choisissez au moins un fichier : des fiches .md, une archive .zip ou startups.json.", { field: "files" });
      // read in a worker thread, bounded in memory and time: a hostile file never holds this process
      const parsed = await readRegistryFilesOffThread(files);
      const preview = await previewRegistryImport(db, user, parsed);
      return Response.json({ intent, preview, records: toRegistryJson(parsed.records) } satisfies Answer);
    });
  }
  if (intent === "confirm") {
    return runUseCase(intent, form, async () => {
      const raw = form.get("records");
      if (typeof raw !== "string" || raw === "") throw new Refusal("Aperçu expiré ou incomplet : envoyez les fichiers à nouveau.");
      const parsed = parseJsonRecords("aperçu", raw); // validated again: the hidden field is the user's input
      const done = await importRegistry(db, user, parsed);
      const message =
        done.created.length + done.changed.length === 0
          ? "Import terminé : aucun changement."
          : `Import terminé : ${done.created.length} produit(s) créé(s), ${done.changed.length} mis à jour, ${done.unchanged.length} inchangé(s).`;
      return Response.json({ intent, ok: message, preview: done, imported: true } satisfies Answer);
    });
  }
  return unknownAction(intent, form);
}

function Preview({ preview, records }: { preview: RegistryPreview; records?: string }) {
  const nothing = preview.created.length + preview.changed.length === 0;
  return (
    <section aria-labelledby="apercu" className="fr-mb-4w" data-testid="registry-preview">
      <h2 id="apercu">Aperçu</h2>
      <p>
        {preview.created.length} nouveau(x) produit(s), {preview.changed.length} modifié(s), {preview.unchanged.length} inchangé(s), {preview.refused.length}{" "}
        fiche(s) refusée(s).
      </p>
      {preview.refused.length > 0 && (
        <DataTable caption="Fiches refusées" id="registry-refused">
          <thead>
            <tr>
              <HeaderCells headers={["Fiche", "Champ", "Raison"]} />
            </tr>
          </thead>
          <tbody>
            {preview.refused.map((r, i) => (
              <tr key={i}>
                <td>{r.record}</td>
                <td>{r.field}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {preview.created.length > 0 && (
        <DataTable caption="Nouveaux produits" id="registry-created">
          <thead>
            <tr>
              <HeaderCells headers={["Fiche", "Produit", "Bénéficiaire", "Phase actuelle"]} />
            </tr>
          </thead>
          <tbody>
            {preview.created.map((c) => (
              <tr key={c.registryId}>
                <td>{c.registryId}</td>
                <td>{c.title}</td>
                <td>{c.beneficiaryName}</td>
                <td>{c.phase}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {preview.changed.length > 0 && (
        <DataTable caption="Produits modifiés" id="registry-changed">
          <thead>
            <tr>
              <HeaderCells headers={["Fiche", "Champ", "Avant", "Après"]} />
            </tr>
          </thead>
          <tbody>
            {preview.changed.flatMap((c) =>
              c.changes.map((f) => (
                <tr key={`${c.registryId}-${f.field}`}>
                  <td>{c.registryId}</td>
                  <td>{f.label}</td>
                  <td>{f.before}</td>
                  <td>{f.after}</td>
                </tr>
              )),
            )}
          </tbody>
        </DataTable>
      )}
      {preview.missing.length > 0 && (
        <p>Produits du registre absents de cet envoi (rien ne leur est fait) : {preview.missing.map((m) => m.registryId).join(", ")}.</p>
      )}
      {preview.unmapped.length > 0 && (
        <p>
          À relier dans la table de correspondance :{" "}
          {preview.unmapped.map((u) => `${u.kind === "sponsor" ? "sponsor" : "incubateur"} « ${u.code} »`).join(", ")}.
        </p>
      )}
      {records !== undefined &&
        preview.refused.length === 0 &&
        (nothing ? (
          <p>Aucun changement à importer.</p>
        ) : (
          <RefForm intent="confirm" state={{}} submit="Confirmer l'import" encType="multipart/form-data">
            <input type="hidden" name="records" value={records} />
          </RefForm>
        ))}
    </section>
  );
}

export default function Registry() {
  const { mappings, beneficiaries } = useLoaderData<typeof loader>();
  const data = useActionData<Answer>();
  return (
    <>
      <h1>Registre beta.gouv.fr</h1>
      <p>
        Les produits viennent du registre des startups de beta.gouv.fr : envoyez des fiches <code>.md</code>, une archive <code>.zip</code> du dossier{" "}
        <code>content/_startups/</code> ou le fichier <code>startups.json</code>. Un aperçu montre ce qui changera ; rien n'est écrit avant votre confirmation,
        et l'import est entier ou n'a pas lieu.
      </p>
      {/* the upload and mapping forms show their own answers (RefForm): here, the import's */}
      {/* a refused confirmation comes back without its preview (nor its form): its summary here */}
      {data?.error && data.intent === "confirm" && <ErrorSummary message={data.error} items={[]} />}
      {data?.ok && data.intent === "confirm" && (
        <div className="fr-alert fr-alert--success fr-mb-2w" role="status">
          <p>{data.ok}</p>
        </div>
      )}
      <RefForm intent="preview" state={stateFor(data, "preview")} submit="Voir l'aperçu" encType="multipart/form-data" className="fr-mb-4w">
        <UploadField
          name="files"
          label="Fiches du registre"
          hint=".md (plusieurs à la fois), .zip ou startups.json"
          multiple
          accept=".md,.zip,.json,text/markdown,application/zip,application/json"
        />
      </RefForm>
      {data?.preview && <Preview preview={data.preview} records={data.imported ? undefined : data.records} />}
      <h2>Correspondance sponsors et incubateurs → bénéficiaires</h2>
      <p>Le bénéficiaire d'une fiche est celui de son premier sponsor ; sans sponsor, celui de son incubateur.</p>
      <DataTable caption={`${mappings.length} correspondance(s)`} id="registry-mappings">
        <thead>
          <tr>
            <HeaderCells headers={["Type", "Code du registre", "Bénéficiaire"]} />
          </tr>
        </thead>
        <tbody>
          {mappings.map((m) => (
            <tr key={`${m.kind}:${m.code}`}>
              <td>{m.kind === "sponsor" ? "Sponsor" : "Incubateur"}</td>
              <td>{m.code}</td>
              <td>{m.beneficiaryName}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <RefForm intent="map" state={stateFor(data, "map")} submit="Relier">
        <SelectField
          name="kind"
          label="Type"
          options={[
            { value: "sponsor", label: "Sponsor" },
            { value: "incubator", label: "Incubateur" },
          ]}
        />
        <TextField name="code" label="Code du registre" hint="par exemple /organisations/dinum, ou dinum pour un incubateur" required />
        <SelectField name="beneficiaryId" label="Bénéficiaire" options={beneficiaries.map((b) => ({ value: b.id, label: b.name }))} />
      </RefForm>
    </>
  );
}
