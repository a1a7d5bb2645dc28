// The two import pages' shared parts (declarations, Chorus Pro invoices): the upload form of the preview step (on
// Conform: `importFileSchema`, its error summary), and the refusal of a file (nothing recorded, then every error by
// row and column, as the domain reported them), and the answer to a file sent: its errors, or its preview and the
// form that confirms it (ImportOutcome).
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import type { ImportError } from "../domain/declarations/import-columns";
import { importFileSchema } from "../domain/declarations/schemas";
import { DataTable } from "./DataTable";
import { FormErrorSummary } from "./forms/ErrorSummary";
import { UploadField } from "./forms/fields";
import { ConformForm, useConformForm } from "./forms/form";
import { HeaderCells } from "./HeaderCells";

const errorCount = (n: number) => `${n} erreur${n > 1 ? "s" : ""}`;
const correct = (fileName: string | null) => `Corrigez le fichier${fileName ? ` « ${fileName} »` : ""} puis envoyez-le à nouveau.`;

/** The upload form's answer to a refused file (Conform's result): the summary says how many errors, its link leads to the file field. */
export function fileRefused(errors: ImportError[], fileName: string | null): SubmissionResult<string[]> {
  return { status: "error", initialValue: {}, error: { "": [`${errorCount(errors.length)} : rien n'a été enregistré.`], file: [correct(fileName)] } };
}

export function ImportUploadForm({ label, hint, busy, result }: { label: string; hint: string; busy: boolean; result?: SubmissionResult<string[]> }) {
  const [form] = useConformForm({ id: "import", schema: importFileSchema, lastResult: result });
  return (
    <ConformForm form={form} lastResult={result} encType="multipart/form-data" className="fr-mb-4w">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="preview" />
      <div className="fr-mb-2w">
        <UploadField name="file" label={label} hint={hint} accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />
      </div>
      <button type="submit" className="fr-btn" disabled={busy}>
        Prévisualiser l'import
      </button>
    </ConformForm>
  );
}

/** `summarised`: the upload form's summary already says it (fileRefused): only the table. */
export function ImportErrors({ errors, fileName, summarised }: { errors: ImportError[]; fileName: string | null; summarised?: boolean }) {
  return (
    <>
      {!summarised && (
        <div className="fr-alert fr-alert--error fr-mb-2w" role="alert">
          <h2 className="fr-alert__title" id="import-errors">
            {errorCount(errors.length)} : rien n'a été enregistré
          </h2>
          <p>{correct(fileName)}</p>
        </div>
      )}
      <DataTable caption="Erreurs du fichier, ligne par ligne" id="import-errors-table">
        <thead>
          <tr>
            <HeaderCells headers={["Ligne", "Colonne", "Erreur"]} />
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i} data-testid="import-error">
              <td>{e.row ?? "fichier"}</td>
              <td>{e.column ?? ""}</td>
              {/* a long message wraps instead of running off the table (DSFR cells are nowrap) */}
              <td className="fr-cell--multiline fr-col--md">{e.message}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}

/** What the preview step answers: the file's preview and its rows carried to the confirm form, or its errors. */
export type ImportResult<P> =
  | { step: "preview"; fileName: string; preview: P; rows: string }
  | { step: "error"; fileName: string | null; errors: ImportError[]; preview?: P; rows?: string };

/**
 * The answer to a file sent: its errors with what the valid rows would do (`effects`), or the preview: a summary
 * (`summary`; `nothing` when there is nothing to record: no confirm form then), the effects and the confirm form
 * (the carried rows, the file's name, `confirmFields` and the button).
 */
export function ImportOutcome<P>({
  result,
  effects,
  summary,
  confirmFields,
  busy,
}: {
  result: ImportResult<P> | undefined;
  effects: (preview: P) => ReactNode;
  summary: (fileName: string, preview: P) => { title: ReactNode; text: ReactNode; nothing?: boolean };
  confirmFields?: ReactNode;
  busy: boolean;
}) {
  if (result?.step === "error")
    return (
      <section aria-labelledby="import-errors">
        <ImportErrors errors={result.errors} fileName={result.fileName} />
        {result.preview && effects(result.preview)}
      </section>
    );
  if (result?.step !== "preview") return null;
  const { title, text, nothing } = summary(result.fileName, result.preview);
  return (
    <section aria-labelledby="import-ready">
      <div className={`fr-alert ${nothing ? "fr-alert--info" : "fr-alert--success"} fr-mb-2w`} data-testid="import-summary">
        <h2 className="fr-alert__title" id="import-ready">
          {title}
        </h2>
        <p>{text}</p>
      </div>
      {effects(result.preview)}
      {!nothing && (
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="rows" value={result.rows} />
          <input type="hidden" name="fileName" value={result.fileName} />
          {confirmFields}
          <button type="submit" className="fr-btn" disabled={busy}>
            Confirmer l'import
          </button>
        </Form>
      )}
    </section>
  );
}
