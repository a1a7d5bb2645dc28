// The order page's "Sous-traitance" section (R18): how many subcontractors are accepted, for how much, and the link to them.
import { Link } from "@remix-run/react";
import { formatEuros } from "../lib/format";

export function OrderSubcontracting({ orderId, summary, canAccept }: { orderId: number; summary: { count: number; acceptedHt: string }; canAccept: boolean }) {
  if (summary.count === 0 && !canAccept) return null;
  return (
    <section className="fr-mt-4w" aria-labelledby="subcontracting-title">
      <h2 id="subcontracting-title">Sous-traitance</h2>
      <p>
        {summary.count === 0
          ? "Aucun sous-traitant accepté sur ce bon de commande."
          : `${summary.count} sous-traitant(s) accepté(s) (DC4) pour ${formatEuros(summary.acceptedHt)} HT au plus.`}{" "}
        <Link to={`/commandes/${orderId}/sous-traitance`}>{canAccept ? "Voir ou accepter un sous-traitant" : "Voir les sous-traitants"}</Link>
      </p>
    </section>
  );
}
