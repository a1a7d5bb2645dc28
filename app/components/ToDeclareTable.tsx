// The months a contractor still has to declare, each with its link (the declarations page and the home page).
import { Link } from "@remix-run/react";
import type { ToDeclareItem } from "../domain/declarations/queries.server";
import { formatMonth } from "../lib/format";
import { DataTable } from "./DataTable";
import { DeclarationStatusBadge } from "./DeclarationStatusBadge";
import { EndedWithRemainingBadge } from "./OrderStatusBadge";
import { HeaderCells } from "./HeaderCells";

export function ToDeclareTable({ items, caption, id = "to-declare" }: { items: ToDeclareItem[]; caption: string; id?: string }) {
  return (
    <DataTable caption={caption} id={id}>
      <thead>
        <tr>
          <HeaderCells headers={["Mois", "Bon de commande", "Produit", "Bénéficiaire", "État", "Action"]} />
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <tr key={`${t.orderId}-${t.month}`} data-testid="to-declare-row">
            <td>{formatMonth(t.month)}</td>
            <td>
              <span data-testid="to-declare-number">{t.orderNumber}</span>
              {t.endedWithRemaining && (
                <>
                  {" "}
                  <EndedWithRemainingBadge />
                </>
              )}
            </td>
            <td>{t.productName}</td>
            <td>{t.beneficiaryName}</td>
            <td>{t.declarationStatus ? <DeclarationStatusBadge status={t.declarationStatus} small /> : "Non commencée"}</td>
            <td>
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
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
