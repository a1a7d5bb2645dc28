import { Link } from "@remix-run/react";
import type { Role } from "../../db/schema";
import type { OrderListItem } from "../domain/orders/queries.server";
import { formatDate } from "../lib/format";
import { ColumnTable, type Column, type Columns } from "./ColumnTable";
import { OrderStatusBadge } from "./OrderStatusBadge";
import { figureColumns, type FigureKey } from "./FigureCells";

const ORDER_FIGURES = ["orderedDays", "consumedDays", "remainingDays", "remainingHt", "remainingTtc"] as const satisfies readonly FigureKey[];

type OrderIdentity = Pick<OrderListItem, "id" | "number" | "productName" | "beneficiaryName" | "contractorName">;
type Head = Pick<Column<OrderIdentity>, "header" | "th">;

/**
 * The first columns of an order's row: its number (a link to its page), its product, and its beneficiary and
 * contractor but the user's own organisation (a column that would repeat it on every row); `heads`, their header cells.
 */
export function orderIdentityColumns(
  role: Role,
  heads: { number: Head; product: Head; beneficiary: Head; contractor: Head } = {
    number: { header: "Bon de commande" },
    product: { header: "Produit" },
    beneficiary: { header: "Bénéficiaire" },
    contractor: { header: "Titulaire" },
  },
): Columns<OrderIdentity> {
  return [
    { ...heads.number, cell: (o) => <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link> },
    { ...heads.product, cell: (o) => o.productName },
    role !== "correspondent" && { ...heads.beneficiary, cell: (o) => o.beneficiaryName },
    role !== "contractor" && { ...heads.contractor, cell: (o) => o.contractorName },
  ];
}

export function OrdersTable({ items, role, caption }: { items: OrderListItem[]; role: Role; caption: string }) {
  return (
    <ColumnTable
      caption={caption}
      id="orders"
      rows={items}
      rowKey={(o) => o.id}
      rowTestId="order-row"
      columns={[
        ...orderIdentityColumns(role),
        { header: "Statut", cell: (o) => <OrderStatusBadge status={o.status} endedWithRemaining={o.endedWithRemaining} /> },
        {
          header: "Période",
          cell: (o) => (
            <>
              {formatDate(o.periodStart)} – {formatDate(o.periodEnd)}
            </>
          ),
        },
        ...figureColumns(ORDER_FIGURES, (o: OrderListItem) => o.figures),
      ]}
    />
  );
}
