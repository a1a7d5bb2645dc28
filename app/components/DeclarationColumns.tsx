// The columns every table of declarations shows the same way (the declarations list, an order's declarations,
// the bulk validation): the month, a link to the declaration, and its state.
import { Link } from "@remix-run/react";
import type { DeclarationStatus } from "../../db/schema";
import { formatMonth } from "../lib/format";
import type { Column } from "./ColumnTable";
import { DeclarationStatusBadge } from "./DeclarationStatusBadge";

/** "Mois": the declaration's month, linked to its page, "(corrective)" for a correction. */
export const declarationMonthColumn: Column<{ id: number; month: string; kind: "initial" | "correction" }> = {
  header: "Mois",
  cell: (d) => (
    <Link to={`/declarations/${d.id}`}>
      {formatMonth(d.month)}
      {d.kind === "correction" ? " (corrective)" : ""}
    </Link>
  ),
};

/** "État": the declaration's state badge. */
export const declarationStatusColumn: Column<{ status: DeclarationStatus }> = {
  header: "État",
  cell: (d) => <DeclarationStatusBadge status={d.status} small />,
};
