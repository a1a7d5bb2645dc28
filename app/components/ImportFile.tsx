// The two import pages' shared parts (declarations, Chorus Pro invoices): the upload form of the preview step,
// the refusal of a file (nothing recorded, then every error by row and column, as the domain reported them),
// and the answer to a file sent: its errors, or its preview and the form that confirms it.
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import type { ImportError } from "../domain/declarations/import-columns";
import { DataTable } from "./DataTable";

export function ImportUploadForm({ label, hint, busy }: { label: string; hint: string; busy: boolean }) {
  return (
    <Form method="post" encType="multipart/form-data" className="fr-mb-4w">
      <input type="hidden" name="intent" value="preview" />
      <div className="fr-upload-group fr-mb-2w">
        <label className="fr-label" htmlFor="import-file">
          {label}
          <span className="fr-hint-text">{hint}</span>
        </label>
        <input
          className="fr-upload"
          type="file"
          id="import-file"
          name="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
      </div>
      <button type="submit" className="fr-btn" disabled={busy}>
        Prévisualiser l'import
      </button>
    </Form>
  );
}

export function ImportErrors({ errors, fileName }: { errors: ImportError[]; fileName: string | null }) {
  return (
    <>
      <div className="fr-alert fr-alert--error fr-mb-2w" role="alert">
        <h2 className="fr-alert__title" id="import-errors">
          {errors.length} erreur{errors.length > 1 ? "s" : ""} : rien n'a été enregistré
        </h2>
        <p>Corrigez le fichier{fileName ? ` « ${fileName} »` : ""} puis envoyez-le à nouveau.</p>
      </div>
      <DataTable caption="Erreurs du fichier, ligne par ligne" id="import-errors-table">
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Colonne</th>
            <th scope="col">Erreur</th>
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
