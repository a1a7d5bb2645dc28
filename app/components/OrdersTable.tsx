import { Link } from "@remix-run/react";
import type { Role } from "../../db/schema";
import type { OrderListItem } from "../domain/orders/queries.server";
import { formatDate } from "../lib/format";
import { DataTable } from "./DataTable";
import { OrderStatusBadge } from "./OrderStatusBadge";
import { FigureCells, FigureHeaders, type FigureKey } from "./FigureCells";
import { HeaderCells } from "./HeaderCells";

const ORDER_FIGURES = ["orderedDays", "consumedDays", "remainingDays", "remainingHt", "remainingTtc"] as const satisfies readonly FigureKey[];

/**
 * The first cells of an order's row: its number (a link to its page), its product, and its beneficiary and
 * contractor but the user's own organisation (a column that would repeat it on every row).
 */
export function OrderIdentityCells({
  order: o,
  role,
}: {
  order: Pick<OrderListItem, "id" | "number" | "productName" | "beneficiaryName" | "contractorName">;
  role: Role;
}) {
  return (
    <>
      <td>
        <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link>
      </td>
      <td>{o.productName}</td>
      {role !== "correspondent" && <td>{o.beneficiaryName}</td>}
      {role !== "contractor" && <td>{o.contractorName}</td>}
    </>
  );
}

export function OrdersTable({ items, role, caption }: { items: OrderListItem[]; role: Role; caption: string }) {
  return (
    <DataTable caption={caption} id="orders">
      <thead>
        <tr>
          <HeaderCells headers={["Bon de commande", "Produit"]} />
          {role !== "correspondent" && <th scope="col">Bénéficiaire</th>}
          {role !== "contractor" && <th scope="col">Titulaire</th>}
          <HeaderCells headers={["Statut", "Période"]} />
          <FigureHeaders keys={ORDER_FIGURES} />
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={o.id} data-testid="order-row">
            <OrderIdentityCells order={o} role={role} />
            <td>
              <OrderStatusBadge status={o.status} endedWithRemaining={o.endedWithRemaining} />
            </td>
            <td>
              {formatDate(o.periodStart)} – {formatDate(o.periodEnd)}
            </td>
            <FigureCells figures={o.figures} keys={ORDER_FIGURES} />
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
