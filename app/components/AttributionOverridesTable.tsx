// Orders given to another holder than the one whose turn it was, with the reason (DINUM: the attributions
// page, and each lot's round-robin page).
import { Link } from "@remix-run/react";
import { formatDateTime, formatEuros } from "../lib/format";
import { DataTable } from "./DataTable";
import { HeaderCells } from "./HeaderCells";

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
    <DataTable caption={caption} id="overrides">
      <thead>
        <tr>
          <HeaderCells
            headers={["Bon de commande", "Accord-cadre / lot", "Bénéficiaire · produit", "Titulaire proposé", "Titulaire choisi", "Raison", "Par, le"]}
          />
          <th scope="col" className="fr-cell--right">
            Montant HT
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={o.id}>
            <td>
              <Link to={`/commandes/${o.id}`}>{o.number ?? `Brouillon n° ${o.id}`}</Link>
            </td>
            <td>
              {o.contractReference} / lot {o.lotNumber}
            </td>
            <td>
              {o.beneficiaryName} · {o.productName}
            </td>
            <td>{o.proposedName}</td>
            <td>{o.chosenName}</td>
            <td className="fr-cell--multiline fr-col--md">{o.attribution_reason}</td>
            <td>
              {o.createdByName}, {formatDateTime(o.created_at)}
            </td>
            <td className="fr-cell--right">{formatEuros(o.total_ht)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
