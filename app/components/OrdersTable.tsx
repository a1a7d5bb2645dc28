import { Link } from "@remix-run/react";
import type { Role } from "../../db/schema";
import type { OrderListItem } from "../domain/orders/queries.server";
import { formatDate } from "../lib/format";
import { DataTable } from "./DataTable";
import { OrderStatusBadge } from "./OrderStatusBadge";
import { FigureCells } from "./FigureCells";

export function OrdersTable({ items, role, caption }: { items: OrderListItem[]; role: Role; caption: string }) {
  return (
    <DataTable caption={caption} id="orders">
      <thead>
        <tr>
          <th scope="col">Bon de commande</th>
          <th scope="col">Produit</th>
          {role !== "correspondent" && <th scope="col">Bénéficiaire</th>}
          {role !== "contractor" && <th scope="col">Titulaire</th>}
          <th scope="col">Statut</th>
          <th scope="col">Période</th>
          <th scope="col" className="pilotage-num">
            Commandé (j)
          </th>
          <th scope="col" className="pilotage-num">
            Consommé (j)
          </th>
          <th scope="col" className="pilotage-num">
            Restant (j)
          </th>
          <th scope="col" className="pilotage-num">
            Restant HT
          </th>
          <th scope="col" className="pilotage-num">
            Restant TTC
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={o.id} data-testid="order-row">
            <td>
              <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link>
            </td>
            <td>{o.productName}</td>
            {role !== "correspondent" && <td>{o.beneficiaryName}</td>}
            {role !== "contractor" && <td>{o.contractorName}</td>}
            <td>
              <OrderStatusBadge status={o.status} endedWithRemaining={o.endedWithRemaining} />
            </td>
            <td>
              {formatDate(o.periodStart)} – {formatDate(o.periodEnd)}
            </td>
            <FigureCells figures={o.figures} keys={["orderedDays", "consumedDays", "remainingDays", "remainingHt", "remainingTtc"]} />
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
