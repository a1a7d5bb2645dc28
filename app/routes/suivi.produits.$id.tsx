import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { productBurnDown } from "../domain/dashboard/dashboard.server";
import { todayInParis } from "../lib/dates";
import { BurnDown, ForecastFlags } from "../components/BurnDown";
import { ForecastTable } from "../components/DashboardTables";
import { burnDownCharts } from "../components/burn-down-chart.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Suivi de consommation ${data?.product.name ?? ""} - Pilotage UO` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const data = await productBurnDown(getDb(), user, requireId(params.id), todayInParis());
  if (!data) throw notFound("Ce produit n'existe pas ou vous n'y avez pas accès.");
  return { ...data, charts: data.burnDown ? burnDownCharts(data.burnDown.forecast.series) : null };
}

export default function ProductBurnDownPage() {
  const { product, orders, burnDown, charts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Suivi de consommation du produit {product.name}</h1>
      <p className="fr-text--lead">{product.beneficiary}</p>
      {burnDown && charts ? (
        <>
          <ForecastFlags forecast={burnDown.forecast} />
          <BurnDown id="burndown-product" title={`du produit ${product.name}`} forecast={burnDown.forecast} charts={charts} periodEnd={burnDown.periodEnd} />
          <ForecastTable caption="Bons de commande du produit" rows={orders} />
        </>
      ) : (
        <p>Aucun bon de commande émis pour ce produit.</p>
      )}
    </>
  );
}
