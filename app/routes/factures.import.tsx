import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { answerAction } from "../lib/form-action.server";
import { carriedRows, EXPIRED_IMPORT, importFailure, sentFile } from "../lib/import-steps.server";
import { DataTable } from "../components/DataTable";
import { ImportOutcome, ImportUploadForm, type ImportResult } from "../components/ImportFile";
import { InvoiceStatusBadge } from "../components/Invoices";
import { confirmInvoiceImport, previewInvoiceImport, type InvoiceImportPreview } from "../domain/invoices/import.server";
import { chorusColumns, chorusStates, type ChorusRow } from "../domain/invoices/import-columns";
import { invoiceStatusLabels } from "../domain/invoices/states";
import { formatEuros } from "../lib/format";
import { parseChorusFileOffThread } from "../../reports/declaration-import/parse-off-thread";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Importer les factures de Chorus Pro - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "invoice:import");
  return null;
}

type Result = ImportResult<InvoiceImportPreview>;

export async function action(args: ActionFunctionArgs) {
  return answerAction(
    (r) => importFailure(r.message),
    () => importAction(args),
  );
}

async function importAction({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "invoice:import");
  const form = await request.formData();
  const db = getDb();
  if (form.get("intent") === "confirm") {
    const rows = carriedRows<ChorusRow>(form);
    if (!rows) return Response.json(importFailure(EXPIRED_IMPORT), { status: 400 });
    const fileName = String(form.get("fileName") ?? "").slice(0, 200);
    const done = await confirmInvoiceImport(db, user, rows, fileName);
    if (!done.ok) return Response.json({ step: "error", fileName, errors: done.preview.errors, preview: done.preview } satisfies Result, { status: 400 });
    return redirect(`/factures?import=${done.created}-${done.moved}-${done.unchanged}`);
  }
  const file = sentFile(form);
  if (!file) return Response.json(importFailure("Choisissez l'export Chorus Pro, un fichier .csv ou .xlsx."), { status: 400 });
  // read in a worker thread, as the declaration import (parse-off-thread.ts)
  const parsed = await parseChorusFileOffThread(Buffer.from(await file.arrayBuffer()), file.name);
  if (parsed.errors.length) return Response.json({ step: "error", fileName: file.name, errors: parsed.errors } satisfies Result, { status: 400 });
  const preview = await previewInvoiceImport(db, user, parsed.rows);
  if (preview.errors.length) return Response.json({ step: "error", fileName: file.name, errors: preview.errors, preview } satisfies Result, { status: 400 });
  return { step: "preview", fileName: file.name, preview, rows: JSON.stringify(parsed.rows) } satisfies Result;
}

function Effects({ preview }: { preview: InvoiceImportPreview }) {
  if (!preview.effects.length) return null;
  return (
    <DataTable caption="Ce que l'import ferait, facture par facture" id="import-preview">
      <thead>
        <tr>
          <th scope="col">Ligne</th>
          <th scope="col">Facture</th>
          <th scope="col">Bon de commande</th>
          <th scope="col">Titulaire</th>
          <th scope="col" className="pilotage-num">
            TTC
          </th>
          <th scope="col">Effet</th>
        </tr>
      </thead>
      <tbody>
        {preview.effects.map((e) => (
          <tr key={e.row} data-testid="import-effect">
            <td>{e.row}</td>
            <td>{e.number}</td>
            <td>{e.orderNumber}</td>
            <td>{e.contractorName}</td>
            <td className="pilotage-num">{formatEuros(e.amountTtc)}</td>
            <td>
              {e.action === "create" ? (
                <>
                  Nouvelle facture, <InvoiceStatusBadge status={e.to} small />
                </>
              ) : e.action === "move" ? (
                <>
                  {invoiceStatusLabels[e.from!]} → <InvoiceStatusBadge status={e.to} small />
                </>
              ) : (
                "Aucun changement"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export default function ImportInvoices() {
  const result = useActionData<Result>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Importer les factures de Chorus Pro</h1>
      <p className="fr-text--lead">
        Mettez à jour les factures des bons de commande de votre périmètre à partir de la liste des factures reçues exportée de Chorus Pro.
      </p>
      <p>
        <Link to="/factures">Retour aux factures</Link>
      </p>
      <details className="fr-mb-3w">
        <summary>Colonnes et statuts acceptés</summary>
        <p className="fr-mt-1w">
          Colonnes (dans n'importe quel ordre) :{" "}
          {chorusColumns.map((c, i) => (
            <span key={c.key}>
              {i ? ", " : ""}« {c.label} »{c.required ? "" : " (facultative)"}
            </span>
          ))}
          . Chaque facture est rattachée au bon de commande par son numéro et son EJ ; une facture déjà enregistrée ne change que de statut.
        </p>
        <ul>
          {chorusStates.map((s) => (
            <li key={s.status}>
              {invoiceStatusLabels[s.status]} : {s.labels.map((l) => `« ${l} »`).join(", ")}
            </li>
          ))}
        </ul>
      </details>

      <ImportUploadForm
        label="Export Chorus Pro (factures reçues)"
        hint="Formats acceptés : .csv (séparateur point-virgule ou virgule, UTF-8) ou .xlsx. Montants à la française (1 234,56). Taille maximale : 5 Mo."
        busy={busy}
      />

      <ImportOutcome
        result={result}
        busy={busy}
        effects={(preview) => <Effects preview={preview} />}
        summary={(fileName, preview) => {
          const nothing = !preview.created && !preview.moved;
          return {
            nothing,
            title: nothing
              ? "Aucun changement"
              : `Fichier « ${fileName} » valide : ${preview.created} nouvelle(s) facture(s), ${preview.moved} changement(s) de statut`,
            text: nothing
              ? `Les ${preview.unchanged} facture(s) du fichier sont déjà à jour : il n'y a rien à enregistrer.`
              : `${preview.unchanged} facture(s) déjà à jour. Rien n'est encore enregistré : vérifiez puis confirmez, tout sera enregistré ou rien.`,
          };
        }}
      />
    </>
  );
}
