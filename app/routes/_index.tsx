import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { roleLabels } from "../auth/grants";
import { getDb } from "../db.server";
import { listOrders, scopeTotals } from "../domain/orders/queries.server";
import { FigureTiles } from "../components/FigureTiles";
import { OrdersTable } from "../components/OrdersTable";
import { Pager } from "../components/Pager";

export const meta: MetaFunction = () => [{ title: "Tableau de bord - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const page = Number(new URL(request.url).searchParams.get("page")) || 1;
  const db = getDb();
  const [orders, totals] = await Promise.all([listOrders(db, user, { page }), scopeTotals(db, user)]);
  return { user, orders, totals };
}

const scopeText = {
  dinum: "Tous les bons de commande de tous les bénéficiaires.",
  correspondent: "Les bons de commande de votre bénéficiaire.",
  contractor: "Les bons de commande émis à votre entreprise.",
} as const;

export default function Home() {
  const { user, orders, totals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Tableau de bord</h1>
      <p className="fr-text--lead">{user.organisation} · {roleLabels[user.role]}. {scopeText[user.role]}</p>
      <h2 className="fr-h4">Consommation des bons de commande émis et soldés ({totals.orders})</h2>
      <FigureTiles figures={totals.figures} remaining={{ days: totals.openRemainingDays, ht: totals.openRemainingHt, label: "Restant sur les BC en cours" }} />
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
