import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { listAlerts, type Alert, type AlertKind } from "../domain/alerts/alerts.server";

export const meta: MetaFunction = () => [{ title: "Alertes - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  return { alerts: await listAlerts(getDb(), user), role: user.role };
}

const groups: { kind: AlertKind; title: string }[] = [
  { kind: "missing_declaration", title: "Déclarations manquantes (après le 5 du mois suivant)" },
  { kind: "pending_validation", title: "Validations en attente" },
  { kind: "consumed_100", title: "Bons de commande consommés à 100 %" },
  { kind: "consumed_80", title: "Bons de commande consommés à plus de 80 %" },
  { kind: "ending_soon", title: "Bons de commande qui se terminent dans les 30 jours avec des jours restants" },
];

function AlertItem({ a }: { a: Alert }) {
  return (
    <li className="fr-mb-2w" data-testid={`alert-${a.kind}`}>
      <Link to={a.href} className="fr-link">{a.title}</Link> · bon de commande {a.orderNumber} ({a.productName})
      <br />
      <span className="fr-text--sm">{a.detail}</span>
    </li>
  );
}

export default function Alerts() {
  const { alerts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Alertes</h1>
      <p className="fr-text--lead">{alerts.length === 0 ? "Aucune alerte : tout est à jour." : `${alerts.length} alerte${alerts.length > 1 ? "s" : ""} dans votre périmètre.`}</p>
      {groups.map((g) => {
        const items = alerts.filter((a) => a.kind === g.kind);
        if (!items.length) return null;
        return (
          <section key={g.kind} className="fr-mb-4w" aria-labelledby={`alerts-${g.kind}`}>
            <h2 className="fr-h5" id={`alerts-${g.kind}`}>{g.title} ({items.length})</h2>
            <ul>{items.map((a, i) => <AlertItem key={`${a.kind}-${a.orderId}-${a.month ?? ""}-${i}`} a={a} />)}</ul>
          </section>
        );
      })}
    </>
  );
}
