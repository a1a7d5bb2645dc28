// R18: a validated declaration's days and HT per company (lead, co-contractors, subcontractors), as allocation.ts splits them.
import { DataTable } from "./DataTable";
import { formatDays, formatEuros } from "../lib/format";
import type { CompanyShare } from "../domain/companies/allocation";

export function ServiceFaitByCompany({ shares }: { shares: CompanyShare[] }) {
  if (shares.length === 0) return null;
  return (
    <DataTable caption="Service fait par entreprise" id="service-fait-companies">
      <thead>
        <tr>
          <th scope="col">Entreprise</th>
          <th scope="col" className="pilotage-num">
            Jours
          </th>
          <th scope="col" className="pilotage-num">
            Montant HT
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((s) => (
          <tr key={s.companyId}>
            <td>{s.name}</td>
            <td className="pilotage-num">{formatDays(s.days)}</td>
            <td className="pilotage-num">{formatEuros(s.amountHt)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
