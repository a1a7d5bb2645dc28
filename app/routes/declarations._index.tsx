import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { DataTable } from "../components/DataTable";
import { DeclarationStatusBadge } from "../components/DeclarationStatusBadge";
import { listRecentDeclarations, listToDeclare, listToValidate, type DeclarationListItem } from "../domain/declarations/queries.server";
import { formatDateTime, formatDays, formatMonth } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Déclarations mensuelles - Pilotage UO" }];

const TO_DECLARE_SHOWN = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:read");
  const db = getDb();
  const [toDeclare, toValidate, recent] = await Promise.all([
    user.role === "contractor" ? listToDeclare(db, user, { limit: TO_DECLARE_SHOWN }) : Promise.resolve([]),
    listToValidate(db, user),
    listRecentDeclarations(db, user),
  ]);
  return { role: user.role, canWrite: can(user, "declaration:write"), canValidate: can(user, "declaration:validate"), toDeclare, toValidate, recent };
}

function DeclarationsTable({ items, caption, testId, showContractor }: { items: DeclarationListItem[]; caption: string; testId: string; showContractor: boolean }) {
  return (
    <DataTable caption={caption} id={testId}>
      <thead>
        <tr>
          <th scope="col">Mois</th>
          <th scope="col">Bon de commande</th>
          <th scope="col">Produit</th>
          {showContractor && <th scope="col">Titulaire</th>}
          <th scope="col" className="pilotage-num">Jours</th>
          <th scope="col">État</th>
          <th scope="col">Soumise le</th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id} data-testid={`${testId}-row`}>
            <td><Link to={`/declarations/${d.id}`}>{formatMonth(d.month)}{d.kind === "correction" ? " (corrective)" : ""}</Link></td>
            <td>{d.orderNumber}</td>
            <td>{d.productName}</td>
            {showContractor && <td>{d.contractorName}</td>}
            <td className="pilotage-num">{formatDays(d.days)}</td>
            <td><DeclarationStatusBadge status={d.status} small /></td>
            <td>{formatDateTime(d.submittedAt)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export default function Declarations() {
  const { role, canWrite, canValidate, toDeclare, toValidate, recent } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const imported = params.get("import");
  return (
    <>
      <h1>Déclarations mensuelles</h1>
      {imported && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Import enregistré : {imported} déclaration(s) {params.get("soumises") === "1" ? "soumise(s) au correspondant" : "en brouillon, à soumettre"}.</p>
        </div>
      )}
      {canWrite && (
        <>
          <h2 className="fr-h4">À déclarer ({toDeclare.length})</h2>
          <p>
            Chaque mois écoulé ou en cours de vos bons de commande émis qui n'a pas encore de déclaration soumise.{" "}
            <Link to="/declarations/import">Importer un fichier (Excel ou CSV)</Link>
          </p>
          {toDeclare.length >= TO_DECLARE_SHOWN && <p className="fr-text--sm">Les {TO_DECLARE_SHOWN} mois les plus anciens sont affichés ; les suivants apparaîtront une fois ceux-ci déclarés.</p>}
          {toDeclare.length === 0 ? <p>Tout est déclaré.</p> : (
            <DataTable caption="Mois à déclarer, du plus ancien au plus récent" id="to-declare">
              <thead>
                <tr>
                  <th scope="col">Mois</th>
                  <th scope="col">Bon de commande</th>
                  <th scope="col">Produit</th>
                  <th scope="col">Bénéficiaire</th>
                  <th scope="col">État</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {toDeclare.map((t) => (
                  <tr key={`${t.orderId}-${t.month}`} data-testid="to-declare-row">
                    <td>{formatMonth(t.month)}</td>
                    <td>{t.orderNumber}</td>
                    <td>{t.productName}</td>
                    <td>{t.beneficiaryName}</td>
                    <td>{t.declarationStatus ? <DeclarationStatusBadge status={t.declarationStatus} small /> : "Non commencée"}</td>
                    <td>
                      <Link className="fr-link" to={t.declarationId ? `/declarations/${t.declarationId}/modifier` : `/declarations/nouvelle?commande=${t.orderId}&mois=${t.month.slice(0, 7)}`}>
                        {t.declarationId ? "Reprendre" : "Déclarer"}<span className="fr-sr-only"> {formatMonth(t.month)} du bon {t.orderNumber}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
        </>
      )}
      <h2 className="fr-h4">{canValidate ? "À valider" : "En attente de validation"} ({toValidate.length})</h2>
      {toValidate.length === 0 ? <p>Aucune déclaration en attente de validation.</p> : (
        <DeclarationsTable items={toValidate} caption={canValidate ? "Déclarations soumises à valider, les plus anciennes d'abord" : "Déclarations soumises"} testId="to-validate" showContractor={role !== "contractor"} />
      )}
      <h2 className="fr-h4">Dernières déclarations</h2>
      {recent.length === 0 ? <p>Aucune déclaration.</p> : (
        <DeclarationsTable items={recent} caption="Déclarations récentes" testId="recent" showContractor={role !== "contractor"} />
      )}
    </>
  );
}
