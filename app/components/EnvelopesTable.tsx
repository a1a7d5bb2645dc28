// R17: beneficiaries' yearly AE envelopes beside the year's AE (R11); an overrun warns, never blocks.
import { DataTable } from "./DataTable";
import { formatEuros } from "../lib/format";

export interface EnvelopeRowView {
  beneficiaryId: number;
  beneficiary: string;
  envelopeTtc: string;
  aeTtc: string;
  leftTtc: string;
  over: boolean;
}

export function EnvelopesTable({ rows, caption }: { rows: EnvelopeRowView[]; caption: string }) {
  return (
    <DataTable caption={caption} id="envelopes">
      <thead>
        <tr>
          <th scope="col">Bénéficiaire</th>
          <th scope="col" className="fr-cell--right">
            Enveloppe AE TTC
          </th>
          <th scope="col" className="fr-cell--right">
            AE de l'année TTC
          </th>
          <th scope="col" className="fr-cell--right">
            Reste TTC
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.beneficiaryId} data-testid={`envelope-${r.beneficiaryId}`}>
            <td>
              {r.beneficiary} {r.over && <span className="fr-badge fr-badge--warning fr-badge--sm">Enveloppe dépassée</span>}
            </td>
            <td className="fr-cell--right">{formatEuros(r.envelopeTtc)}</td>
            <td className="fr-cell--right">{formatEuros(r.aeTtc)}</td>
            <td className="fr-cell--right">{formatEuros(r.leftTtc)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
