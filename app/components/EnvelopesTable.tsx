// R17: beneficiaries' yearly AE envelopes beside the year's AE (R11); an overrun warns, never blocks.
import { ColumnTable } from "./ColumnTable";
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
    <ColumnTable
      caption={caption}
      id="envelopes"
      rows={rows}
      rowKey={(r) => r.beneficiaryId}
      rowTestId={(r) => `envelope-${r.beneficiaryId}`}
      columns={[
        {
          header: "Bénéficiaire",
          cell: (r) => (
            <>
              {r.beneficiary} {r.over && <span className="fr-badge fr-badge--warning fr-badge--sm">Enveloppe dépassée</span>}
            </>
          ),
        },
        { header: "Enveloppe AE TTC", cell: (r) => formatEuros(r.envelopeTtc), right: true },
        { header: "AE de l'année TTC", cell: (r) => formatEuros(r.aeTtc), right: true },
        { header: "Reste TTC", cell: (r) => formatEuros(r.leftTtc), right: true },
      ]}
    />
  );
}
