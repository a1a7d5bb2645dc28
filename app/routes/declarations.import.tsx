import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { answerAction } from "../lib/form-action.server";
import { DataTable } from "../components/DataTable";
import { fileRefused, ImportErrors, ImportUploadForm } from "../components/ImportFile";
import { CheckboxField } from "../components/forms/fields";
import { ConformForm, useConformForm } from "../components/forms/form";
import { parseSubmission } from "../lib/conform";
import { importFileSchema } from "../domain/declarations/schemas";
import { confirmImport, previewImport, type ImportPreview } from "../domain/declarations/import.server";
import { addMonths, firstOfMonth, todayInParis } from "../lib/dates";
import { formatDays, formatMonth } from "../lib/format";
import { parseImportFileOffThread } from "../../reports/declaration-import/parse-off-thread";
import type { ImportError, ImportRow } from "../domain/declarations/import-columns";
import { HeaderCells } from "../components/HeaderCells";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Importer des déclarations - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "declaration:write");
  const current = firstOfMonth(todayInParis());
  const months = Array.from({ length: 12 }, (_, i) => addMonths(current, -i));
  return { months, defaultMonth: addMonths(current, -1) };
}

type Result =
  | { step: "preview"; fileName: string; preview: ImportPreview; rows: string }
  | { step: "error"; fileName: string | null; errors: ImportError[]; preview?: ImportPreview; rows?: string; result: SubmissionResult<string[]> };

/** A refused file or confirmation: the errors by row and column, and the upload form's summary that counts them. */
const refused = (fileName: string | null, errors: ImportError[], more: { preview?: ImportPreview; rows?: string } = {}) =>
  Response.json({ step: "error", fileName, errors, ...more, result: fileRefused(errors, fileName) } satisfies Result, { status: 400 });

const rowsSchema = z.array(z.object({ row: z.number().int().positive(), cells: z.record(z.string(), z.string().max(5000)) })).max(2000);

export async function action(args: ActionFunctionArgs) {
  // the one action pipeline: a refusal the steps below do not answer themselves (a database refusal, an
  // import that still loses a deadlock after its retries) is a French 4xx in the page's own shape
  return answerAction(
    (r) => {
      const errors = [{ row: null, column: null, message: r.message }];
      return { step: "error", fileName: null, errors, result: fileRefused(errors, null) } satisfies Result;
    },
    () => importAction(args),
  );
}

async function importAction({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "declaration:write");
  const form = await request.formData();
  const db = getDb();
  if (form.get("intent") === "confirm") {
    let rows: ImportRow[];
    try {
      rows = rowsSchema.parse(JSON.parse(String(form.get("rows") ?? ""))) as ImportRow[];
    } catch {
      return refused(null, [{ row: null, column: null, message: "Import expiré ou incomplet : envoyez le fichier à nouveau." }]);
    }
    const submit = form.get("submit") === "on";
    const done = await confirmImport(db, user, rows, { submit });
    if (!done.ok) return refused(String(form.get("fileName") ?? ""), done.preview.errors, { preview: done.preview });
    return redirect(`/declarations?import=${done.count}&mois=${done.month.slice(0, 7)}&soumises=${done.submitted ? 1 : 0}`);
  }
  const submission = parseSubmission(form, importFileSchema);
  // no file: the upload form's own message, on its field
  if (submission.status !== "success")
    return Response.json({ step: "error", fileName: null, errors: [], result: submission.reply() } satisfies Result, { status: 400 });
  const { file } = submission.value;
  // read in a worker thread: a large or hostile file never holds this process (parse-off-thread.ts)
  const parsed = await parseImportFileOffThread(Buffer.from(await file.arrayBuffer()), file.name);
  if (parsed.errors.length) return refused(file.name, parsed.errors);
  const preview = await previewImport(db, user, parsed.rows);
  const rows = JSON.stringify(parsed.rows);
  if (preview.errors.length) return refused(file.name, preview.errors, { preview, rows });
  return { step: "preview", fileName: file.name, preview, rows } satisfies Result;
}

function Groups({ preview }: { preview: ImportPreview }) {
  if (!preview.groups.length) return null;
  return (
    <DataTable caption={`Ce que l'import ${preview.month ? `de ${formatMonth(preview.month)} ` : ""}écrirait`} id="import-preview">
      <thead>
        <tr>
          <HeaderCells headers={["Bon de commande", "Produit", "Effet", "Lignes (ligne du fichier : jours)"]} />
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

/** The confirmation of a valid preview: the rows read (hidden, checked again by the action), submitted or left as drafts. */
function ConfirmImport({ rows, fileName, busy }: { rows: string; fileName: string; busy: boolean }) {
  const [form] = useConformForm({ id: "import-confirm" });
  return (
    <ConformForm form={form} encType="multipart/form-data">
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="rows" value={rows} />
      <input type="hidden" name="fileName" value={fileName} />
      <div className="fr-mb-2w">
        <CheckboxField name="submit" id="import-submit" label="Soumettre directement ces déclarations au correspondant (sinon elles restent en brouillon)" />
      </div>
      <button type="submit" className="fr-btn" disabled={busy}>
        Confirmer l'import
      </button>
    </ConformForm>
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
        result={result?.step === "error" ? result.result : undefined}
      />

      {result?.step === "error" && result.errors.length > 0 && (
        <section aria-label="Erreurs du fichier">
          <ImportErrors errors={result.errors} fileName={result.fileName} summarised />
          {result.preview && <Groups preview={result.preview} />}
        </section>
      )}

      {result?.step === "preview" && (
        <section aria-labelledby="import-ready">
          <div className="fr-alert fr-alert--success fr-mb-2w">
            <h2 className="fr-alert__title" id="import-ready">
              Fichier « {result.fileName} » valide : {result.preview.groups.length} déclaration{result.preview.groups.length > 1 ? "s" : ""}{" "}
              {result.preview.month ? `de ${formatMonth(result.preview.month)}` : ""}
            </h2>
            <p>Rien n'est encore enregistré. Vérifiez puis confirmez : tout sera enregistré, ou rien.</p>
          </div>
          <Groups preview={result.preview} />
          <ConfirmImport rows={result.rows} fileName={result.fileName} busy={busy} />
        </section>
      )}
    </>
  );
}
