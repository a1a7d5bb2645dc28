import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { alertsPage, type Alert, type AlertKind } from "../domain/alerts/alerts.server";

export const meta: MetaFunction = () => [{ title: "Alertes - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  // only what is shown is built and travels to the page (DINUM has thousands at national scale)
  const { total, byKind } = await alertsPage(getDb(), user, SHOWN);
  return { total, groups: groups.map((g) => ({ ...g, ...byKind[g.kind] })) };
}

const groups: { kind: AlertKind; title: string }[] = [
  { kind: "missing_declaration", title: "Déclarations manquantes (après le 5 du mois suivant)" },
  { kind: "pending_validation", title: "Validations en attente" },
  { kind: "ended_with_remaining", title: "Bons de commande échus avec reste (période terminée, jours non consommés) : à solder" },
  { kind: "consumed_100", title: "Bons de commande consommés à 100 %" },
  { kind: "consumed_80", title: "Bons de commande consommés à plus de 80 %" },
  { kind: "ending_soon", title: "Bons de commande qui se terminent dans les 30 jours avec des jours restants" },
  { kind: "ceiling_100", title: "Montants maximums atteints (période d'exécution en cours)" },
  { kind: "ceiling_80", title: "Montants maximums engagés à plus de 80 % ou atteints avant la fin de la période" },
  { kind: "invoice_late", title: "Factures en retard de paiement (intérêts moratoires dus)" },
  { kind: "invoice_due_soon", title: "Factures à payer dans les 7 jours" },
  { kind: "invoice_suspended", title: "Factures suspendues depuis plus de 15 jours" },
];

/** per group, so that DINUM's page stays readable at national scale */
const SHOWN = 100;

function AlertItem({ a }: { a: Alert }) {
  return (
    <li className="fr-mb-2w" data-testid={`alert-${a.kind}`}>
      <Link to={a.href} className="fr-link">
        {a.title}
      </Link>
      {a.orderNumber && ` · bon de commande ${a.orderNumber} (${a.productName})`}
      <br />
      <span className="fr-text--sm">{a.detail}</span>
    </li>
  );
}

export default function Alerts() {
  const { total, groups: shown } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Alertes</h1>
      <p className="fr-text--lead">{total === 0 ? "Aucune alerte : tout est à jour." : `${total} alerte${total > 1 ? "s" : ""} dans votre périmètre.`}</p>
      {shown.map((g) => {
        const items = g.items;
        if (!items.length) return null;
        return (
          <section key={g.kind} className="fr-mb-4w" aria-labelledby={`alerts-${g.kind}`}>
            <h2 className="fr-h5" id={`alerts-${g.kind}`}>
              {g.title} ({g.total})
            </h2>
            <ul>
              {items.slice(0, SHOWN).map((a, i) => (
                <AlertItem key={`${a.kind}-${a.orderId}-${a.month ?? ""}-${i}`} a={a} />
              ))}
            </ul>
            {g.total > items.length && <p className="fr-text--sm">… et {g.total - items.length} autres (les premières sont affichées ci-dessus).</p>}
          </section>
        );
      })}
    </>
  );
}
