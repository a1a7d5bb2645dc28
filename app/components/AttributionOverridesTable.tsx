// Orders given to another holder than the one whose turn it was, with the reason (DINUM: the attributions
// page, and each lot's round-robin page).
import { Link } from "@remix-run/react";
import { formatDateTime, formatEuros } from "../lib/format";
import { ColumnTable } from "./ColumnTable";

export interface AttributionOverride {
  id: number;
  number: string | null;
  contractReference: string;
  lotNumber: number;
  beneficiaryName: string;
  productName: string;
  proposedName: string;
  chosenName: string;
  attribution_reason: string | null;
  createdByName: string;
  created_at: string | Date;
  total_ht: string;
}

export function AttributionOverridesTable({ items, caption }: { items: AttributionOverride[]; caption: string }) {
  return (
    <ColumnTable
      caption={caption}
      id="overrides"
      rows={items}
      rowKey={(o) => o.id}
      columns={[
        { header: "Bon de commande", cell: (o) => <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link> },
        {
          header: "Accord-cadre / lot",
          cell: (o) => (
            <>
              {o.contractReference} / lot {o.lotNumber}
            </>
          ),
        },
        {
          header: "Bénéficiaire · produit",
          cell: (o) => (
            <>
              {o.beneficiaryName} · {o.productName}
            </>
          ),
        },
        { header: "Titulaire proposé", cell: (o) => o.proposedName },
        { header: "Titulaire choisi", cell: (o) => o.chosenName },
        { header: "Raison", cell: (o) => o.attribution_reason, cellClass: "fr-cell--multiline fr-col--md" },
        {
          header: "Par, le",
          cell: (o) => (
            <>
              {o.createdByName}, {formatDateTime(o.created_at)}
            </>
          ),
        },
        { header: "Montant HT", cell: (o) => formatEuros(o.total_ht), right: true },
      ]}
    />
  );
}
