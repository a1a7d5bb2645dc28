import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { FilterForm, FilterInput, FilterSelect } from "../components/FilterForm";
import { labelChoices } from "../components/FilterSelect";
import { InvoicesTable } from "../components/Invoices";
import { Pager } from "../components/Pager";
import { INVOICES_PER_PAGE, listInvoices } from "../domain/invoices/queries.server";
import { invoiceStatusLabels } from "../domain/invoices/states";
import { parseId } from "../lib/ids";

export const meta: MetaFunction = () => [{ title: "Factures - Pilotage UO" }];

const statuses = Object.keys(invoiceStatusLabels) as (keyof typeof invoiceStatusLabels)[];
const DUE_CHOICES = [
  { value: "retard", label: "En retard" },
  { value: "7j", label: "Échéance sous 7 jours" },
];
const HOLDER_CHOICES = [{ value: "attente", label: "En attente d'acceptation du titulaire" }];
const filtersSchema = z.object({
  etat: z
    .enum(statuses as [string, ...string[]])
    .optional()
    .catch(undefined),
  q: z.string().trim().max(60).optional().catch(undefined),
  commande: z.string().optional().catch(undefined),
  echeance: z.enum(["retard", "7j"]).optional().catch(undefined),
  titulaire: z.enum(["attente"]).optional().catch(undefined),
  import: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}-\d{1,5}$/)
    .optional()
    .catch(undefined),
  page: z.coerce.number().int().positive().max(100000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "invoice:read");
  const f = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const orderId = f.commande ? parseId(f.commande) : null;
  const list = await listInvoices(getDb(), user, {
    status: (f.etat as keyof typeof invoiceStatusLabels) ?? null,
    q: f.q || null,
    orderId,
    due: f.echeance === "retard" ? "late" : f.echeance === "7j" ? "soon" : null,
    awaitingHolder: f.titulaire === "attente",
    page: f.page ?? 1,
  });
  const imported = f.import ? f.import.split("-").map(Number) : null;
  return {
    ...list,
    pageSize: INVOICES_PER_PAGE,
    canImport: can(user, "invoice:import"),
    // a holder's list is all its own: no "Titulaire" column
    showContractor: user.contractorId == null,
    imported: imported ? { created: imported[0], moved: imported[1], unchanged: imported[2] } : null,
    filters: { etat: f.etat ?? "", q: f.q ?? "", commande: orderId, echeance: f.echeance ?? "", titulaire: f.titulaire ?? "" },
  };
}

export default function Invoices() {
  const { rows, total, page, pageSize, filters, canImport, imported, showContractor } = useLoaderData<typeof loader>();
  const filtered = !!(filters.etat || filters.q || filters.commande || filters.echeance || filters.titulaire);
  return (
    <>
      <h1>Factures</h1>
      <p>
        Les demandes de paiement déposées dans Chorus Pro sur les bons de commande. L'État paie dans les 30 jours de la réception de la facture, ou du service
        fait s'il est postérieur ; passé ce délai, il doit des intérêts moratoires et une indemnité forfaitaire de 40 €.
      </p>
      {imported && (
        <div className="fr-alert fr-alert--success fr-mb-3w" data-testid="import-done">
          <p>
            Import Chorus Pro enregistré : {imported.created} nouvelle(s) facture(s), {imported.moved} changement(s) de statut, {imported.unchanged} facture(s)
            déjà à jour.
          </p>
        </div>
      )}
      {canImport && (
        <p>
          <Link className="fr-link fr-icon-upload-line fr-link--icon-left" to="/factures/import">
            Importer l'export de Chorus Pro
          </Link>
        </p>
      )}
      <FilterForm>
        <FilterSelect col="fr-col-12 fr-col-md-3" name="etat" label="État" value={filters.etat} choices={labelChoices(invoiceStatusLabels, statuses)} />
        <FilterSelect col="fr-col-12 fr-col-md-3" name="echeance" label="Échéance" value={filters.echeance} all="Toutes" choices={DUE_CHOICES} />
        <FilterSelect
          col="fr-col-12 fr-col-md-3"
          name="titulaire"
          label="Sous-traitants"
          value={filters.titulaire}
          all="Toutes les factures"
          choices={HOLDER_CHOICES}
        />
        <FilterInput col="fr-col-12 fr-col-md-3" name="q" label="Numéro de facture ou de bon de commande" value={filters.q} />
        {filters.commande && <input type="hidden" name="commande" value={filters.commande} />}
      </FilterForm>
      {rows.length ? (
        <InvoicesTable rows={rows} showContractor={showContractor} caption={`${total} facture(s)${filtered ? " (filtrées)" : ""}`} />
      ) : (
        <p data-testid="no-invoices">Aucune facture{filtered ? " ne correspond à ces filtres" : ""}.</p>
      )}
      <Pager page={page} pageSize={pageSize} total={total} />
    </>
  );
}
