// A lot's round-robin (DINUM), at /referentiel/tourniquet?lot=<id>: whose turn it is, what the turn is computed
// from, the orders given out of turn. Without a lot: the first lot that has several active holders.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requirePermission } from "../auth/guard.server";
import { parseId } from "../lib/ids";
import { getDb } from "../db.server";
import { lotRoundRobin, roundRobinLots } from "../domain/attribution/services.server";
import { AttributionOverridesTable } from "../components/AttributionOverridesTable";
import { DataTable } from "../components/DataTable";
import { todayInParis } from "../lib/dates";
import { de, startsWithVowel } from "../lib/french";
import { formatDate, formatEuros } from "../lib/format";
import { HeaderCells, num } from "../components/HeaderCells";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.lot ? `Tourniquet du lot ${data.lot.number} ${de(data.lot.contractReference)}` : "Tourniquet"} - Pilotage UO` },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "reference:write");
  const today = todayInParis();
  const db = getDb();
  const lots = await roundRobinLots(db, user, today);
  const asked = new URL(request.url).searchParams.get("lot");
  const lotId = asked ? parseId(asked) : (lots[0]?.id ?? null);
  if (asked && lotId == null) throw notFound("Ce lot n'existe pas.");
  const found = lotId == null ? null : await lotRoundRobin(db, user, lotId, today);
  if (lotId != null && !found) throw notFound("Ce lot n'existe pas.");
  return {
    ...found,
    lots: lots.map((l) => ({ id: l.id, label: `${l.contractReference}, lot ${l.number} : ${l.title}` })),
    today,
  };
}

export default function LotRoundRobin() {
  const { lot, holders = [], turn, roundRobin, overrides = [], today, lots } = useLoaderData<typeof loader>();
  if (!lot) {
    return (
      <>
        <h1>Tourniquet</h1>
        <p>Aucun lot n'a aujourd'hui plusieurs titulaires actifs : le tourniquet ne s'applique nulle part.</p>
      </>
    );
  }
  return (
    <>
      <h1>
        Tourniquet du lot {lot.number} {de(lot.contractReference)}
      </h1>
      <p className="fr-text--lead">{lot.title}</p>
      {lots.length > 1 && (
        <nav aria-label="Autres lots au tourniquet" className="fr-mb-3w">
          <p className="fr-mb-1w">Lots au tourniquet :</p>
          <ul>
            {lots.map((l) => (
              <li key={l.id}>
                {l.id === lot.id ? <strong aria-current="page">{l.label}</strong> : <Link to={`/referentiel/tourniquet?lot=${l.id}`}>{l.label}</Link>}
              </li>
            ))}
          </ul>
        </nav>
      )}
      {turn ? (
        <div className="fr-callout" data-testid="turn">
          <p className="fr-callout__text">
            {roundRobin ? (
              <>
                Au {formatDate(today)}, c'est le tour {startsWithVowel(turn.name) ? "d'" : "de "}
                <strong>{turn.name}</strong> : {turn.orders} bon(s) de commande émis ou soldés sur ce lot, {formatEuros(turn.totalHt)} HT.
              </>
            ) : (
              <>
                Un seul titulaire actif au {formatDate(today)} : <strong>{turn.name}</strong> ; le tourniquet ne s'applique pas.
              </>
            )}
          </p>
        </div>
      ) : (
        <p>Aucun titulaire actif sur ce lot au {formatDate(today)}.</p>
      )}
      <p>
        Le tour revient au titulaire actif qui a reçu le moins de bons de commande émis ou soldés sur ce lot (les brouillons ne comptent pas, un bon annulé rend
        le tour), puis, à égalité, au plus petit montant HT cumulé, puis à l'ordre alphabétique.
      </p>
      {holders.length > 0 && (
        <DataTable caption="Titulaires actifs, dans l'ordre du tourniquet" id="holders">
          <thead>
            <tr>
              <HeaderCells headers={["Rang", "Titulaire", num("Bons émis ou soldés"), num("Montant HT cumulé")]} />
            </tr>
          </thead>
          <tbody>
            {holders.map((h, i) => (
              <tr key={h.contractorId} data-testid="holder-row">
                <td>{i + 1}</td>
                <td>
                  {h.name}
                  {turn?.contractorId === h.contractorId && roundRobin ? " (son tour)" : ""}
                </td>
                <td className="pilotage-num">{h.orders}</td>
                <td className="pilotage-num">{formatEuros(h.totalHt)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <h2 className="fr-h4">Bons de commande attribués hors tour ({overrides.length})</h2>
      {overrides.length === 0 ? (
        <p>Aucun : chaque bon de commande de ce lot a suivi le tourniquet.</p>
      ) : (
        <AttributionOverridesTable items={overrides} caption="Attributions hors tour et leur raison, les plus récentes d'abord" />
      )}
      <p>
        <Link to="/referentiel/attributions">Toutes les attributions hors tour</Link>
      </p>
    </>
  );
}
