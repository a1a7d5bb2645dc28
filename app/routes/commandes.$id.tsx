import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { getOrder } from "../domain/orders/queries.server";
import { orderDeclarationsSection } from "../domain/declarations/queries.server";
import { OrderDeclarations } from "../components/OrderDeclarations";
import { dayRate, daysFromQuantity } from "../domain/orders/amounts";
import { addFigures, ZERO_FIGURES } from "../domain/consumption/figures";
import { DataTable } from "../components/DataTable";
import { FigureTiles } from "../components/FigureTiles";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { formatDate, formatDays, formatEuros, formatPercent, formatQuantity } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ?? "Bon de commande"} - Pilotage UO` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const found = await getOrder(getDb(), user, requireId(params.id));
  if (!found) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
  return { ...found, declarations: await orderDeclarationsSection(getDb(), user, found.order.id) };
}

export default function OrderPage() {
  const { order, lines } = useLoaderData<typeof loader>();
  const { declarations } = useLoaderData<typeof loader>();
  const totals = lines.reduce((acc, l) => addFigures(acc, l.figures), ZERO_FIGURES);
  return (
    <>
      <h1>{order.number ? `Bon de commande ${order.number}` : `Brouillon de bon de commande n° ${order.id}`}</h1>
      <OrderStatusBadge status={order.status} />
      <dl className="fr-mt-2w">
        <dt className="fr-text--bold">Produit</dt><dd>{order.productName} ({order.beneficiaryName})</dd>
        <dt className="fr-text--bold">Titulaire</dt><dd>{order.contractorName}</dd>
        <dt className="fr-text--bold">Accord-cadre</dt><dd>{order.contractReference}, lot {order.lotNumber} ({order.lotTitle})</dd>
        <dt className="fr-text--bold">Période d'exécution</dt><dd>du {formatDate(order.period_start)} au {formatDate(order.period_end)}</dd>
        <dt className="fr-text--bold">Engagement juridique</dt><dd>{order.ej_number ?? "non renseigné"}</dd>
      </dl>
      <h2 className="fr-h4 fr-mt-4w">Consommation</h2>
      <FigureTiles figures={totals} />
      <DataTable caption="Lignes du bon de commande">
        <thead>
          <tr>
            <th scope="col">UO</th>
            <th scope="col" className="pilotage-num">Quantité (UO)</th>
            <th scope="col" className="pilotage-num">Jours</th>
            <th scope="col" className="pilotage-num">Prix unitaire HT</th>
            <th scope="col" className="pilotage-num">Prix de journée HT</th>
            <th scope="col" className="pilotage-num">Montant HT</th>
            <th scope="col" className="pilotage-num">Consommé (j)</th>
            <th scope="col" className="pilotage-num">En attente (j)</th>
            <th scope="col" className="pilotage-num">Restant (j)</th>
            <th scope="col" className="pilotage-num">Restant HT</th>
            <th scope="col" className="pilotage-num">Taux</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.id} data-testid="order-line">
              <td>{l.workUnitLabel}</td>
              <td className="pilotage-num">{formatQuantity(l.quantity)}</td>
              <td className="pilotage-num">{formatDays(daysFromQuantity(l.quantity))}</td>
              <td className="pilotage-num">{formatEuros(l.unitPrice)}</td>
              <td className="pilotage-num">{formatEuros(dayRate(l.unitPrice))}</td>
              <td className="pilotage-num">{formatEuros(l.figures.orderedHt)}</td>
              <td className="pilotage-num">{formatDays(l.figures.consumedDays)}</td>
              <td className="pilotage-num">{formatDays(l.figures.pendingDays)}</td>
              <td className="pilotage-num">{formatDays(l.figures.remainingDays)}</td>
              <td className="pilotage-num">{formatEuros(l.figures.remainingHt)}</td>
              <td className="pilotage-num">{formatPercent(l.figures.consumptionRate)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>Total HT</th>
            <td className="pilotage-num" data-testid="total-ht">{formatEuros(order.total_ht)}</td>
            <td colSpan={5}></td>
          </tr>
          <tr>
            <th scope="row" colSpan={5}>TVA ({formatPercent(order.vat_rate, 1)})</th>
            <td className="pilotage-num">{formatEuros(order.total_vat)}</td>
            <td colSpan={5}></td>
          </tr>
          <tr>
            <th scope="row" colSpan={5}>Total TTC</th>
            <td className="pilotage-num" data-testid="total-ttc">{formatEuros(order.total_ttc)}</td>
            <td colSpan={5}></td>
          </tr>
        </tfoot>
      </DataTable>
      <OrderDeclarations declarations={declarations.declarations} toDeclare={declarations.toDeclare} />
    </>
  );
}
