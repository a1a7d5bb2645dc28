import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { publicStats } from "../domain/stats/stats.server";
import { DataTable } from "../components/DataTable";
import { formatDays, formatEuros, formatPercent } from "../lib/format";
import { phaseLabels } from "../../reports/labels";
import { HeaderCells, num } from "../components/HeaderCells";
import { FieldGrid } from "../components/forms/FieldGrid";

export const meta: MetaFunction = () => [{ title: "Statistiques - Pilotage UO" }];

// Public page (beta.gouv standard): aggregates only, no personal data, no sign-in.
export async function loader() {
  return publicStats(getDb());
}

const PHASE_ORDER = ["investigation", "construction", "acceleration", "transfert", "consolidation", "arret"];

export default function Stats() {
  const s = useLoaderData<typeof loader>();
  const phases = [...s.phases].sort((a, b) => PHASE_ORDER.indexOf(a.phase ?? "") - PHASE_ORDER.indexOf(b.phase ?? ""));
  return (
    <>
      <h1>Statistiques d'usage</h1>
      <p className="fr-text--lead">Chiffres agrégés de l'outil, mis à jour en temps réel. Aucune donnée personnelle.</p>
      <ul data-testid="stats-counts">
        <li>{s.contracts} accords-cadres suivis</li>
        <li>{s.beneficiaries} bénéficiaires</li>
        <li>
          {s.products} produits suivis, dont {s.registryProducts} du registre beta.gouv.fr
        </li>
        <li>{s.orders} bons de commande émis (en cours ou soldés ; les bons annulés ne comptent pas)</li>
        <li>{s.validatedDeclarations} déclarations mensuelles validées (service fait)</li>
        {s.ceiling.periods > 0 && (
          <li data-testid="stats-ceiling">
            Montants maximums des périodes d'exécution en cours : {formatEuros(s.ceiling.orderedHt)} HT commandés sur {formatEuros(s.ceiling.maxHt)} HT (
            {formatPercent(s.ceiling.rate, 1)}, {s.ceiling.periods} accord{s.ceiling.periods > 1 ? "s" : ""}-cadre{s.ceiling.periods > 1 ? "s" : ""})
          </li>
        )}
      </ul>
      <DataTable caption="Jours commandés et consommés par année">
        <thead>
          <tr>
            <HeaderCells
              headers={[
                "Année",
                num("Bons de commande émis (en cours ou soldés)"),
                num("Jours commandés"),
                num("Jours consommés (service fait)"),
                num("Déclarations validées"),
              ]}
            />
          </tr>
        </thead>
        <tbody>
          {s.years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th>
              <td className="pilotage-num">{y.orders}</td>
              <td className="pilotage-num">{formatDays(y.orderedDays)}</td>
              <td className="pilotage-num">{formatDays(y.consumedDays)}</td>
              <td className="pilotage-num">{y.declarations}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <FieldGrid md={6}>
        <DataTable caption="Produits par phase">
          <thead>
            <tr>
              <HeaderCells headers={["Phase", num("Produits")]} />
            </tr>
          </thead>
          <tbody>
            {phases.map((p) => (
              <tr key={p.phase ?? "none"}>
                <th scope="row">{p.phase ? phaseLabels[p.phase] : "Non renseignée"}</th>
                <td className="pilotage-num">{p.products}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        <DataTable caption="Jours commandés par type d'unité d'œuvre">
          <thead>
            <tr>
              <HeaderCells headers={["Type d'UO", num("Jours commandés")]} />
            </tr>
          </thead>
          <tbody>
            {s.workUnits.map((w) => (
              <tr key={w.label}>
                <th scope="row">{w.label}</th>
                <td className="pilotage-num">{formatDays(w.days)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </FieldGrid>
    </>
  );
}
