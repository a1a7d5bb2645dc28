// The months a contractor still has to declare, each with its link (the declarations page and the home page).
import { Link } from "@remix-run/react";
import type { ToDeclareItem } from "../domain/declarations/queries.server";
import { formatMonth } from "../lib/format";
import { ColumnTable } from "./ColumnTable";
import { DeclarationStatusBadge } from "./DeclarationStatusBadge";
import { EndedWithRemainingBadge } from "./OrderStatusBadge";

export function ToDeclareTable({ items, caption, id = "to-declare" }: { items: ToDeclareItem[]; caption: string; id?: string }) {
  return (
    <ColumnTable
      caption={caption}
      id={id}
      rows={items}
      rowKey={(t) => `${t.orderId}-${t.month}`}
      rowTestId="to-declare-row"
      columns={[
        { header: "Mois", cell: (t) => formatMonth(t.month) },
        {
          header: "Bon de commande",
          cell: (t) => (
            <>
              <span data-testid="to-declare-number">{t.orderNumber}</span>
              {t.endedWithRemaining && (
                <>
                  {" "}
                  <EndedWithRemainingBadge />
                </>
              )}
            </>
          ),
        },
        { header: "Produit", cell: (t) => t.productName },
        { header: "Bénéficiaire", cell: (t) => t.beneficiaryName },
        { header: "État", cell: (t) => (t.declarationStatus ? <DeclarationStatusBadge status={t.declarationStatus} small /> : "Non commencée") },
        {
          header: "Action",
          cell: (t) => (
            <Link
              className="fr-link"
              to={t.declarationId ? `/declarations/${t.declarationId}/modifier` : `/declarations/nouvelle?commande=${t.orderId}&mois=${t.month.slice(0, 7)}`}
            >
              {t.declarationId ? "Reprendre" : "Déclarer"}
              <span className="fr-sr-only">
                {" "}
                {formatMonth(t.month)} du bon {t.orderNumber}
              </span>
            </Link>
          ),
        },
      ]}
    />
  );
}
