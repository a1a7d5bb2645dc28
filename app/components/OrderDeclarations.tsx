// The declarations section of an order page (R8): months to declare (contractor) and declarations by month.
import { Link } from "@remix-run/react";
import type { DeclarationStatus } from "../../db/schema";
import { ColumnTable } from "./ColumnTable";
import { declarationMonthColumn, declarationStatusColumn } from "./DeclarationColumns";
import { DeclarationStatusBadge } from "./DeclarationStatusBadge";
import { formatDateTime, formatDays, formatMonth } from "../lib/format";

interface Item {
  id: number;
  month: string;
  kind: "initial" | "correction";
  status: DeclarationStatus;
  days: string;
  submittedAt: string | Date | null;
  validatedAt: string | Date | null;
}
interface ToDeclare {
  orderId: number;
  month: string;
  declarationId: number | null;
  declarationStatus: DeclarationStatus | null;
}

export function OrderDeclarations({ declarations, toDeclare }: { declarations: Item[]; toDeclare: ToDeclare[] }) {
  return (
    <section className="fr-mt-4w" aria-labelledby="order-declarations">
      <h2 className="fr-h4" id="order-declarations">
        Déclarations mensuelles
      </h2>
      {toDeclare.length > 0 && (
        <div className="fr-callout fr-mb-3w" data-testid="order-to-declare">
          <p className="fr-callout__text">Mois à déclarer :</p>
          <ul>
            {toDeclare.map((t) => (
              <li key={t.month}>
                <Link
                  to={
                    t.declarationId ? `/declarations/${t.declarationId}/modifier` : `/declarations/nouvelle?commande=${t.orderId}&mois=${t.month.slice(0, 7)}`
                  }
                >
                  {t.declarationId ? "Reprendre" : "Déclarer"} {formatMonth(t.month)}
                </Link>
                {t.declarationStatus && (
                  <>
                    {" "}
                    <DeclarationStatusBadge status={t.declarationStatus} small />
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {declarations.length === 0 ? (
        <p>Aucune déclaration sur ce bon de commande.</p>
      ) : (
        <ColumnTable
          caption="Déclarations du bon de commande, les plus récentes d'abord"
          id="order-declarations-table"
          hideCaption
          rows={declarations}
          rowKey={(d) => d.id}
          rowTestId="order-declaration-row"
          columns={[
            declarationMonthColumn,
            { header: "Jours déclarés", cell: (d) => formatDays(d.days), num: true },
            declarationStatusColumn,
            { header: "Soumise le", cell: (d) => formatDateTime(d.submittedAt) },
            { header: "Validée le", cell: (d) => formatDateTime(d.validatedAt) },
          ]}
        />
      )}
    </section>
  );
}
