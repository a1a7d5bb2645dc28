// The refusal of an imported file (declarations, Chorus Pro invoices): nothing recorded, then every error by
// row and column, as the domain reported them. Presentational.
import type { ImportError } from "../domain/declarations/import-columns";
import { DataTable } from "./DataTable";

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
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
