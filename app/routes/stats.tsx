import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { publicStats } from "../domain/stats/stats.server";
import { DataTable } from "../components/DataTable";
import { formatDays } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Statistiques - Pilotage UO" }];

// Public page (beta.gouv standard): aggregates only, no personal data, no sign-in.
export async function loader() {
  return publicStats(getDb());
}

export default function Stats() {
  const s = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Statistiques d'usage</h1>
      <p className="fr-text--lead">Chiffres agrégés de l'outil, mis à jour en temps réel. Aucune donnée personnelle.</p>
      <ul>
        <li>{s.contracts} accords-cadres suivis</li>
        <li>{s.beneficiaries} bénéficiaires</li>
        <li>{s.orders} bons de commande émis</li>
      </ul>
      <DataTable caption="Jours commandés et consommés par année">
        <thead>
          <tr><th scope="col">Année</th><th scope="col" className="pilotage-num">Bons de commande émis</th><th scope="col" className="pilotage-num">Jours commandés</th><th scope="col" className="pilotage-num">Jours consommés (service fait)</th></tr>
        </thead>
        <tbody>
          {s.years.map((y) => (
            <tr key={y.year}><td>{y.year}</td><td className="pilotage-num">{y.orders}</td><td className="pilotage-num">{formatDays(y.orderedDays)}</td><td className="pilotage-num">{formatDays(y.consumedDays)}</td></tr>
          ))}
        </tbody>
      </DataTable>
    </>
  );
}
