import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { publicStats } from "../domain/stats/stats.server";
import { ColumnTable } from "../components/ColumnTable";
import { formatDays, formatEuros, formatPercent } from "../lib/format";
import { phaseLabels } from "../../reports/labels";
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
      <ColumnTable
        caption="Jours commandés et consommés par année"
        rows={s.years}
        rowKey={(y) => y.year}
        columns={[
          { header: "Année", cell: (y) => y.year, rowHeader: true },
          { header: "Bons de commande émis (en cours ou soldés)", cell: (y) => y.orders, num: true },
          { header: "Jours commandés", cell: (y) => formatDays(y.orderedDays), num: true },
          { header: "Jours consommés (service fait)", cell: (y) => formatDays(y.consumedDays), num: true },
          { header: "Déclarations validées", cell: (y) => y.declarations, num: true },
        ]}
      />
      <FieldGrid md={6}>
        <ColumnTable
          caption="Produits par phase"
          rows={phases}
          rowKey={(p) => p.phase ?? "none"}
          columns={[
            { header: "Phase", cell: (p) => (p.phase ? phaseLabels[p.phase] : "Non renseignée"), rowHeader: true },
            { header: "Produits", cell: (p) => p.products, num: true },
          ]}
        />
        <ColumnTable
          caption="Jours commandés par type d'unité d'œuvre"
          rows={s.workUnits}
          rowKey={(w) => w.label}
          columns={[
            { header: "Type d'UO", cell: (w) => w.label, rowHeader: true },
            { header: "Jours commandés", cell: (w) => formatDays(w.days), num: true },
          ]}
        />
      </FieldGrid>
    </>
  );
}
