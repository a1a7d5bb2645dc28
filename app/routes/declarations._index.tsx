import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { ColumnTable } from "../components/ColumnTable";
import { declarationMonthColumn, declarationStatusColumn } from "../components/DeclarationColumns";
import { Pager } from "../components/Pager";
import { declarationsPage, type DeclarationFilters, type DeclarationListItem, type RecentStatus } from "../domain/declarations/queries.server";
import { ToDeclareTable } from "../components/ToDeclareTable";
import { declarationStatusLabels } from "../domain/declarations/labels";
import { parseId } from "../lib/ids";
import { FilterSelect } from "../components/FilterForm";
import { labelChoices, namedChoices } from "../components/FilterSelect";
import { parseImportMonth } from "../domain/declarations/import.server";
import { formatDateTime, formatDays, formatMonth } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Déclarations mensuelles - Pilotage UO" }];

/** Rows per page of "À déclarer" and "À valider" (a national contractor has thousands of months to declare). */
const PAGE_SIZE = 50;
const MONTH_ERROR = "Mois invalide : choisissez un mois dans le calendrier, ou saisissez-le au format AAAA-MM (par exemple 2026-10).";
const RECENT_STATUSES = ["submitted", "validated", "rejected"] as const satisfies readonly RecentStatus[];

const page = z.coerce.number().int().positive().max(100000).optional().catch(undefined);
const filtersSchema = z.object({
  mois: z.string().trim().max(20).optional().catch(undefined),
  q: z.string().trim().max(60).optional().catch(undefined),
  titulaire: z.string().optional().catch(undefined),
  beneficiaire: z.string().optional().catch(undefined),
  etat: z.enum(RECENT_STATUSES).optional().catch(undefined),
  p: page,
  pv: page,
  pr: page,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "declaration:read");
  const f = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const month = f.mois ? parseImportMonth(f.mois) : null;
  const filters: DeclarationFilters = { month, q: f.q || null, contractorId: parseId(f.titulaire), beneficiaryId: parseId(f.beneficiaire) };
  const status = f.etat ?? null;
  const declarePage = f.p ?? 1;
  const validatePage = f.pv ?? 1;
  const recentPage = f.pr ?? 1;
  const { toDeclare, toDeclareTotal, toValidate, toValidateTotal, recent, recentTotal, options } = await declarationsPage(getDb(), user, filters, status, {
    declare: declarePage,
    validate: validatePage,
    recent: recentPage,
    size: PAGE_SIZE,
  });
  return {
    role: user.role,
    canWrite: can(user, "declaration:write"),
    canValidate: can(user, "declaration:validate"),
    toDeclare: { items: toDeclare, total: toDeclareTotal, page: declarePage },
    toValidate: { items: toValidate, total: toValidateTotal, page: validatePage },
    recent: { items: recent, total: recentTotal, page: recentPage },
    options,
    filters: {
      // the month picker's value is YYYY-MM
      mois: month ? month.slice(0, 7) : (f.mois ?? ""),
      q: f.q ?? "",
      titulaire: filters.contractorId,
      beneficiaire: filters.beneficiaryId,
      etat: status,
      monthError: f.mois && !month ? MONTH_ERROR : null,
      active: !!(month || f.q || filters.contractorId || filters.beneficiaryId),
    },
  };
}

function DeclarationsTable({
  items,
  caption,
  testId,
  showContractor,
  selectable = false,
}: {
  items: DeclarationListItem[];
  caption: string;
  testId: string;
  showContractor: boolean;
  /** a checkbox per row (name "ids"): the bulk validation's selection */
  selectable?: boolean;
}) {
  return (
    <ColumnTable
      caption={caption}
      id={testId}
      rows={items}
      rowKey={(d) => d.id}
      rowTestId={`${testId}-row`}
      columns={[
        selectable && {
          header: <span className="fr-sr-only">Sélection</span>,
          cell: (d) => (
            <div className="fr-checkbox-group fr-checkbox-group--sm">
              <input type="checkbox" id={`select-${d.id}`} name="ids" value={d.id} />
              <label className="fr-label" htmlFor={`select-${d.id}`}>
                <span className="fr-sr-only">
                  Sélectionner {formatMonth(d.month)}, {d.orderNumber}
                </span>
              </label>
            </div>
          ),
        },
        declarationMonthColumn,
        { header: "Bon de commande", cell: (d) => d.orderNumber },
        { header: "Produit", cell: (d) => d.productName },
        showContractor && { header: "Titulaire", cell: (d) => d.contractorName },
        { header: "Jours", cell: (d) => formatDays(d.days), num: true },
        declarationStatusColumn,
        { header: "Soumise le", cell: (d) => formatDateTime(d.submittedAt) },
      ]}
    />
  );
}

export default function Declarations() {
  const { role, canWrite, canValidate, toDeclare, toValidate, recent, filters, options } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const imported = params.get("import");
  const narrowed = filters.active ? " pour ces filtres" : "";
  return (
    <>
      <h1>Déclarations mensuelles</h1>
      {imported && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>
            Import enregistré : {imported} déclaration(s) {params.get("soumises") === "1" ? "soumise(s) au correspondant" : "en brouillon, à soumettre"}.
          </p>
        </div>
      )}
      <Form method="get" className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w" aria-label="Filtrer les déclarations">
        <div className="fr-col-12 fr-col-md-4">
          <div className={`fr-input-group${filters.monthError ? " fr-input-group--error" : ""}`}>
            <label className="fr-label" htmlFor="filtre-mois">
              Mois<span className="fr-hint-text">Choisissez un mois, par exemple octobre 2026</span>
            </label>
            <input
              className={`fr-input${filters.monthError ? " fr-input--error" : ""}`}
              id="filtre-mois"
              name="mois"
              type="month"
              defaultValue={filters.mois}
              aria-invalid={filters.monthError ? true : undefined}
              aria-describedby={filters.monthError ? "filtre-mois-erreur" : undefined}
            />
            {filters.monthError && (
              <p className="fr-error-text" id="filtre-mois-erreur" data-testid="month-error">
                {filters.monthError}
              </p>
            )}
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="filtre-q">
              N° de bon de commande<span className="fr-hint-text">Tout ou partie, par exemple 2026-0012</span>
            </label>
            <input className="fr-input" id="filtre-q" name="q" defaultValue={filters.q} />
          </div>
        </div>
        {role !== "contractor" && options.contractors.length > 1 && (
          <FilterSelect col="fr-col-12 fr-col-md-4" name="titulaire" label="Titulaire" value={filters.titulaire} choices={namedChoices(options.contractors)} />
        )}
        {options.beneficiaries.length > 1 && (
          <FilterSelect
            col="fr-col-12 fr-col-md-4"
            name="beneficiaire"
            label="Bénéficiaire"
            value={filters.beneficiaire}
            choices={namedChoices(options.beneficiaries)}
          />
        )}
        <FilterSelect
          col="fr-col-12 fr-col-md-4"
          name="etat"
          label="État (dernières déclarations)"
          value={filters.etat}
          choices={labelChoices(declarationStatusLabels, RECENT_STATUSES)}
        />
        <div className="fr-col-12 fr-col-md-4">
          <ul className="fr-btns-group fr-btns-group--inline fr-mb-1w">
            <li>
              <button className="fr-btn" type="submit">
                Filtrer
              </button>
            </li>
            {filters.active || filters.mois || filters.q || filters.etat ? (
              <li>
                <Link className="fr-btn fr-btn--secondary" to="/declarations">
                  Réinitialiser
                </Link>
              </li>
            ) : null}
          </ul>
        </div>
      </Form>
      {canWrite && (
        <>
          <h2 className="fr-h4">
            À déclarer ({toDeclare.total}
            {narrowed})
          </h2>
          <p>
            Chaque mois écoulé ou en cours de vos bons de commande émis qui n'a pas encore de déclaration soumise, du plus ancien au plus récent.{" "}
            <Link to="/declarations/import">Importer un fichier (Excel ou CSV)</Link>
          </p>
          {toDeclare.total === 0 ? (
            <p>{filters.active ? "Aucun mois à déclarer pour ces filtres." : "Tout est déclaré."}</p>
          ) : (
            <>
              <ToDeclareTable items={toDeclare.items} caption={`Mois à déclarer, du plus ancien au plus récent${pageLabel(toDeclare.page, toDeclare.total)}`} />
              <Pager page={toDeclare.page} pageSize={PAGE_SIZE} total={toDeclare.total} param="p" label="Pages des mois à déclarer" />
            </>
          )}
        </>
      )}
      <h2 className="fr-h4">
        {canValidate ? "À valider" : "En attente de validation"} ({toValidate.total}
        {narrowed})
      </h2>
      {toValidate.total === 0 ? (
        <p>{filters.active ? "Aucune déclaration en attente de validation pour ces filtres." : "Aucune déclaration en attente de validation."}</p>
      ) : (
        <>
          {canValidate ? (
            <Form method="get" action="/declarations/validation" aria-label="Valider plusieurs déclarations">
              <p className="fr-text--sm">Cochez les déclarations à valider ensemble : la page suivante montre leur total avant de confirmer.</p>
              <DeclarationsTable
                items={toValidate.items}
                caption={`Déclarations soumises à valider, les plus anciennes d'abord${pageLabel(toValidate.page, toValidate.total)}`}
                testId="to-validate"
                showContractor={role !== "contractor"}
                selectable
              />
              <button type="submit" className="fr-btn fr-btn--secondary fr-icon-check-line fr-btn--icon-left fr-mb-2w">
                Vérifier et valider la sélection
              </button>
            </Form>
          ) : (
            <DeclarationsTable
              items={toValidate.items}
              caption={`Déclarations soumises${pageLabel(toValidate.page, toValidate.total)}`}
              testId="to-validate"
              showContractor={role !== "contractor"}
            />
          )}
          <Pager
            page={toValidate.page}
            pageSize={PAGE_SIZE}
            total={toValidate.total}
            param="pv"
            label={canValidate ? "Pages des déclarations à valider" : "Pages des déclarations en attente"}
          />
        </>
      )}
      <h2 className="fr-h4">
        Dernières déclarations ({recent.total}
        {filters.active || filters.etat ? " pour ces filtres" : ""})
      </h2>
      {recent.total === 0 ? (
        <p>{filters.active || filters.etat ? "Aucune déclaration pour ces filtres." : "Aucune déclaration."}</p>
      ) : (
        <>
          <DeclarationsTable
            items={recent.items}
            caption={`Déclarations récentes, les plus récentes d'abord${pageLabel(recent.page, recent.total)}`}
            testId="recent"
            showContractor={role !== "contractor"}
          />
          <Pager page={recent.page} pageSize={PAGE_SIZE} total={recent.total} param="pr" label="Pages des dernières déclarations" />
        </>
      )}
    </>
  );
}

function pageLabel(page: number, total: number) {
  const pages = Math.ceil(total / PAGE_SIZE);
  return pages > 1 ? ` (page ${page} sur ${pages})` : "";
}
