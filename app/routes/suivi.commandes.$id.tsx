import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { orderBurnDown } from "../domain/dashboard/dashboard.server";
import { todayInParis } from "../lib/dates";
import { BurnDown, ForecastFlags } from "../components/BurnDown";
import { burnDownCharts } from "../components/burn-down-chart.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Suivi de consommation ${data?.number ?? ""} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const data = await orderBurnDown(getDb(), user, requireId(params.id), todayInParis());
  if (!data) throw notFound("Ce bon de commande n'existe pas, n'est pas émis ou vous n'y avez pas accès.");
  return { ...data, id: requireId(params.id), charts: burnDownCharts(data.forecast.series) };
}

export default function OrderBurnDownPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Suivi de consommation du bon de commande {d.number}</h1>
      <p>
        <Link to={`/commandes/${d.id}`}>Voir le bon de commande</Link> · Produit : <Link to={`/suivi/produits/${d.productId}`}>{d.productName}</Link>
      </p>
      <ForecastFlags forecast={d.forecast} />
      <BurnDown id="burndown-order" title={`du bon de commande ${d.number}`} forecast={d.forecast} charts={d.charts} periodEnd={d.periodEnd} />
    </>
  );
}
