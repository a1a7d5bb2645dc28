import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { can, roleLabels } from "../auth/grants";
import { getDb } from "../db.server";
import { homeData } from "../domain/dashboard/dashboard.server";
import { countToDeclare, listToDeclare } from "../domain/declarations/queries.server";
import { ToDeclareTable } from "../components/ToDeclareTable";
import { todayInParis } from "../lib/dates";
import { FigureTiles } from "../components/FigureTiles";
import { OrdersTable } from "../components/OrdersTable";
import { Pager } from "../components/Pager";
import { CeilingsTable } from "../components/CeilingsTable";
import { InvoiceHome } from "../components/InvoiceHome";
import { EnvelopesTable } from "../components/EnvelopesTable";
import { BudgetTable, ForecastTable, GroupFiguresTable, SharesTable } from "../components/DashboardTables";
import { dataScope } from "../auth/scope.server";
import { versionedRead } from "../lib/versioned-cache.server";

export const meta: MetaFunction = () => [{ title: "Tableau de bord - Pilotage UO" }];

/** Months to declare listed on the home page; the rest are on the declarations page. */
const HOME_MONTHS = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const page = Number(new URL(request.url).searchParams.get("page")) || 1;
  const db = getDb();
  const today = todayInParis();
  // the contractor's month starts here: the months still to declare, the oldest first, each with its link
  const declares = can(user, "declaration:write");
  const [home, toDeclare, toDeclareTotal] = await Promise.all([
    homeData(db, user, page, today),
    // kept by the data version of the user's scope, like the home (the months to declare move with its orders)
    declares
      ? versionedRead(db, dataScope(user), `toDeclare|${user.id}|${today}`, (s) => listToDeclare(s, user, { today, limit: HOME_MONTHS }))
      : Promise.resolve(null),
    declares ? versionedRead(db, dataScope(user), `toDeclareCount|${user.id}|${today}`, (s) => countToDeclare(s, user, { today })) : Promise.resolve(0),
  ]);
  return { user, ...home, toDeclare: toDeclare && { items: toDeclare, total: toDeclareTotal } };
}

const scopeText = {
  dinum: "Tous les bons de commande de tous les bénéficiaires.",
  correspondent: "Les bons de commande de votre bénéficiaire.",
  contractor: "Les bons de commande émis à votre entreprise.",
} as const;

export default function Home() {
  const { user, orders, totals, dashboard: d, invoices, toDeclare } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Tableau de bord</h1>
      <p className="fr-text--lead">
        {user.organisation} · {roleLabels[user.role]}. {scopeText[user.role]}
      </p>
      {toDeclare && (
        <section className="fr-mb-4w" aria-labelledby="home-to-declare-title" data-testid="home-to-declare">
          <h2 className="fr-h4" id="home-to-declare-title">
            Mois à déclarer ({toDeclare.total})
          </h2>
          {toDeclare.total === 0 ? (
            <p>Tout est déclaré : aucun mois de vos bons de commande émis n'attend de déclaration.</p>
          ) : (
            <>
              <ToDeclareTable
                items={toDeclare.items}
                id="home-to-declare-table"
                caption={
                  toDeclare.total > toDeclare.items.length
                    ? `Les ${toDeclare.items.length} mois les plus anciens sur ${toDeclare.total}`
                    : "Mois écoulés ou en cours sans déclaration soumise, du plus ancien au plus récent"
                }
              />
              <p>
                <Link to="/declarations">Toutes les déclarations</Link> · <Link to="/declarations/import">Importer un fichier (Excel ou CSV)</Link>
              </p>
            </>
          )}
        </section>
      )}
      <h2 className="fr-h4">Consommation des bons de commande émis et soldés ({totals.orders})</h2>
      <FigureTiles figures={totals.figures} releasedLabel="Libéré par les soldes" />
      <InvoiceHome data={invoices} />

      {d.contracts && (
        <GroupFiguresTable caption="Par accord-cadre : commandé, consommé et restant" head="Accord-cadre" rows={d.contracts} testId="by-contract" />
      )}
      {d.ceilings && d.ceilings.length > 0 && (
        <section className="fr-mb-4w" aria-labelledby="ceilings-title" data-testid="ceiling-warnings">
          <h2 className="fr-h4" id="ceilings-title">
            Montants maximums à surveiller ({d.ceilings.length})
          </h2>
          <CeilingsTable
            rows={d.ceilings}
            caption="Périodes en cours engagées à 80 % ou plus, ou dont le maximum serait atteint avant la fin"
            id="home-ceilings"
          />
        </section>
      )}
      {d.envelopes.length > 0 && (
        <EnvelopesTable
          rows={d.envelopes}
          caption={
            d.flaggedOnly ? "Bénéficiaires au-delà de leur enveloppe AE de l'année" : "Enveloppe AE de l'année (dépassée : un avertissement, pas un blocage)"
          }
        />
      )}
      {d.budget && d.budget.length > 0 && <BudgetTable rows={d.budget} />}
      {d.beneficiaries && <GroupFiguresTable caption="Par bénéficiaire" head="Bénéficiaire" rows={d.beneficiaries} testId="by-beneficiary" />}
      {d.shares && (
        <SharesTable
          caption="Par titulaire : part des bons de commande et des montants"
          head="Titulaire"
          rows={d.shares}
          countLabel="Part des BC"
          testId="by-contractor"
        />
      )}
      {d.mix && (
        <SharesTable
          caption="Répartition par type d'UO (jours et montants commandés)"
          head="Type d'UO"
          rows={d.mix}
          countLabel="Part des jours"
          testId="uo-mix"
        />
      )}
      {d.products && (
        <GroupFiguresTable
          caption="Par produit (graphique de consommation sur la page du produit)"
          head="Produit"
          rows={d.products}
          link={(r) => `/suivi/produits/${r.id}`}
          testId="by-product"
        />
      )}

      {d.flaggedOnly
        ? d.forecasts.length > 0 && (
            <ForecastTable
              caption={`Bons de commande en cours avec une alerte de prévision ou échus avec reste (${d.flaggedCount}${d.flaggedCount > d.forecasts.length ? `, les ${d.forecasts.length} plus urgents` : ""})`}
              rows={d.forecasts}
              showBeneficiary
            />
          )
        : d.forecasts.length > 0 && (
            <ForecastTable
              caption={`Par bon de commande en cours : consommation et prévision${d.openCount > d.forecasts.length ? ` (${d.openCount} en cours, les ${d.forecasts.length} premiers : alertes de prévision d'abord, puis par date de fin ; tous dans la liste des bons de commande)` : ""}`}
              rows={d.forecasts}
            />
          )}

      <h2 className="fr-h4">Bons de commande</h2>
      {orders.items.length === 0 ? (
        <p>Aucun bon de commande pour l'instant.</p>
      ) : (
        <>
          <OrdersTable items={orders.items} role={user.role} caption={`${orders.total} bon(s) de commande`} />
          <Pager page={orders.page} pageSize={orders.pageSize} total={orders.total} />
        </>
      )}
    </>
  );
}
