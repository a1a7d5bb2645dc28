// R18: a validated declaration's days and HT per company (lead, co-contractors, subcontractors), as allocation.ts splits them.
import { ColumnTable } from "./ColumnTable";
import { formatDays, formatEuros } from "../lib/format";
import type { CompanyShare } from "../domain/companies/allocation";

export function ServiceFaitByCompany({ shares }: { shares: CompanyShare[] }) {
  if (shares.length === 0) return null;
  return (
    <ColumnTable
      caption="Service fait par entreprise"
      id="service-fait-companies"
      rows={shares}
      rowKey={(s) => s.companyId}
      columns={[
        { header: "Entreprise", cell: (s) => s.name },
        { header: "Jours", cell: (s) => formatDays(s.days), num: true },
        { header: "Montant HT", cell: (s) => formatEuros(s.amountHt), num: true },
      ]}
    />
  );
}
