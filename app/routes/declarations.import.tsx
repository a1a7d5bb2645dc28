import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { answerAction } from "../lib/form-action.server";
import { carriedRows, EXPIRED_IMPORT, importFailure, sentFile } from "../lib/import-steps.server";
import { DataTable } from "../components/DataTable";
import { ImportOutcome, ImportUploadForm, type ImportResult } from "../components/ImportFile";
import { confirmImport, previewImport, type ImportPreview } from "../domain/declarations/import.server";
import { addMonths, firstOfMonth, todayInParis } from "../lib/dates";
import { formatDays, formatMonth } from "../lib/format";
import { parseImportFileOffThread } from "../../reports/declaration-import/parse-off-thread";
import type { ImportRow } from "../domain/declarations/import-columns";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Importer des déclarations - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "declaration:write");
  const current = firstOfMonth(todayInParis());
  const months = Array.from({ length: 12 }, (_, i) => addMonths(current, -i));
  return { months, defaultMonth: addMonths(current, -1) };
}

type Result = ImportResult<ImportPreview>;

export async function action(args: ActionFunctionArgs) {
  // the one action pipeline: a refusal the steps below do not answer themselves (a database refusal, an
  // import that still loses a deadlock after its retries) is a French 4xx in the page's own shape
  return answerAction(
    (r) => importFailure(r.message) satisfies Result,
    () => importAction(args),
  );
}

async function importAction({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "declaration:write");
  const form = await request.formData();
  const db = getDb();
  if (form.get("intent") === "confirm") {
    const rows = carriedRows<ImportRow>(form);
    if (!rows) return Response.json(importFailure(EXPIRED_IMPORT) satisfies Result, { status: 400 });
    const submit = form.get("submit") === "on";
    const done = await confirmImport(db, user, rows, { submit });
    if (!done.ok) {
      return Response.json(
        { step: "error", fileName: String(form.get("fileName") ?? ""), errors: done.preview.errors, preview: done.preview } satisfies Result,
        { status: 400 },
      );
    }
    return redirect(`/declarations?import=${done.count}&mois=${done.month.slice(0, 7)}&soumises=${done.submitted ? 1 : 0}`);
  }
  const file = sentFile(form);
  if (!file) return Response.json(importFailure("Choisissez un fichier .xlsx ou .csv.") satisfies Result, { status: 400 });
  // read in a worker thread: a large or hostile file never holds this process (parse-off-thread.ts)
  const parsed = await parseImportFileOffThread(Buffer.from(await file.arrayBuffer()), file.name);
  if (parsed.errors.length) return Response.json({ step: "error", fileName: file.name, errors: parsed.errors } satisfies Result, { status: 400 });
  const preview = await previewImport(db, user, parsed.rows);
  const rows = JSON.stringify(parsed.rows);
  if (preview.errors.length)
    return Response.json({ step: "error", fileName: file.name, errors: preview.errors, preview, rows } satisfies Result, { status: 400 });
  return { step: "preview", fileName: file.name, preview, rows } satisfies Result;
}

function Groups({ preview }: { preview: ImportPreview }) {
  if (!preview.groups.length) return null;
  return (
    <DataTable caption={`Ce que l'import ${preview.month ? `de ${formatMonth(preview.month)} ` : ""}écrirait`} id="import-preview">
      <thead>
        <tr>
          <th scope="col">Bon de commande</th>
          <th scope="col">Produit</th>
          <th scope="col">Effet</th>
          <th scope="col">Lignes (ligne du fichier : jours)</th>
        </tr>
      </thead>
      <tbody>
        {preview.groups.map((g) => (
          <tr key={g.orderId} data-testid="import-group">
            <td>{g.orderNumber}</td>
            <td>{g.productName}</td>
            <td>{g.action === "create" ? "Création" : "Remplace le brouillon existant"}</td>
            <td className="fr-cell--multiline fr-col--md">
              {g.lines.map((l) => `ligne ${l.lineNo} (fichier l. ${l.row}) : ${formatDays(l.days)} j`).join(" ; ")}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export default function ImportDeclarations() {
  const { months, defaultMonth } = useLoaderData<typeof loader>();
  const result = useActionData<Result>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>Importer des déclarations</h1>
      <p className="fr-text--lead">Déclarez un mois pour plusieurs bons de commande à partir d'un fichier Excel (.xlsx) ou CSV.</p>
      <p>
        <Link to="/declarations">Retour aux déclarations</Link>
      </p>

      <h2 className="fr-h5">1. Télécharger le modèle</h2>
      <Form method="get" action="/declarations/modele" reloadDocument className="fr-mb-4w">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-4">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="template-month">
                Mois à déclarer
              </label>
              <select className="fr-select" id="template-month" name="mois" defaultValue={defaultMonth.slice(0, 7)}>
                {months.map((m) => (
                  <option key={m} value={m.slice(0, 7)}>
                    {formatMonth(m)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-8">
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" name="format" value="xlsx" className="fr-btn fr-btn--secondary">
                  Modèle Excel (.xlsx)
                </button>
              </li>
              <li>
                <button type="submit" name="format" value="csv" className="fr-btn fr-btn--tertiary">
                  Modèle CSV
                </button>
              </li>
            </ul>
          </div>
        </div>
        <p className="fr-hint-text">
          Le modèle liste les lignes de vos bons de commande émis pour ce mois : remplissez les jours (par demi-journées), les activités et, si vous le
          souhaitez, les intervenants.
        </p>
      </Form>

      <h2 className="fr-h5">2. Envoyer le fichier rempli</h2>
      <ImportUploadForm
        label="Fichier de déclarations"
        hint="Formats acceptés : .xlsx, .csv (séparateur point-virgule ou virgule). Un seul mois par fichier. Taille maximale : 5 Mo."
        busy={busy}
      />

      <ImportOutcome
        result={result}
        busy={busy}
        effects={(preview) => <Groups preview={preview} />}
        summary={(fileName, preview) => ({
          title: (
            <>
              Fichier « {fileName} » valide : {preview.groups.length} déclaration{preview.groups.length > 1 ? "s" : ""}{" "}
              {preview.month ? `de ${formatMonth(preview.month)}` : ""}
            </>
          ),
          text: "Rien n'est encore enregistré. Vérifiez puis confirmez : tout sera enregistré, ou rien.",
        })}
        confirmFields={
          <div className="fr-checkbox-group fr-mb-2w">
            <input type="checkbox" id="import-submit" name="submit" />
            <label className="fr-label" htmlFor="import-submit">
              Soumettre directement ces déclarations au correspondant (sinon elles restent en brouillon)
            </label>
          </div>
        }
      />
    </>
  );
}
