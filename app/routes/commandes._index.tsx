import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guard.server";
import { can } from "../auth/grants";
import { getDb } from "../db.server";
import { orderListPage, ORDER_SORTS, type OrderListItem, type OrderSort } from "../domain/orders/queries.server";
import { orderStatusLabels } from "../domain/orders/labels";
import { ENDED_WITH_REMAINING_STATUS_LABEL } from "../domain/orders/ending";
import { ColumnTable } from "../components/ColumnTable";
import { OrderStatusBadge } from "../components/OrderStatusBadge";
import { Pager } from "../components/Pager";
import { isIsoDate, todayInParis } from "../lib/dates";
import { formatDate, formatDays, formatEuros } from "../lib/format";
import { figureColumn, figureColumns } from "../components/FigureCells";
import { orderIdentityColumns } from "../components/OrdersTable";
import { FilterSelect, labelChoices, namedChoices } from "../components/FilterSelect";
import { DATE_HINT } from "../components/forms/fields";

export const meta: MetaFunction = () => [{ title: "Bons de commande - Pilotage UO" }];

const ENDED_FILTER = "echu";
const optionalId = z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number().int().positive().max(2147483647).optional()).catch(undefined);
const optionalDate = z
  .string()
  .optional()
  .transform((v) => (v && isIsoDate(v) ? v : undefined))
  .catch(undefined);
const filtersSchema = z.object({
  // "echu": R14's issued orders past their end with days left
  statut: z.enum(["draft", "issued", "closed", "cancelled", ENDED_FILTER]).optional().catch(undefined),
  produit: optionalId,
  titulaire: optionalId,
  accord: optionalId,
  du: optionalDate,
  au: optionalDate,
  q: z.string().trim().max(60).optional().catch(undefined),
  tri: z
    .enum(Object.keys(ORDER_SORTS) as [OrderSort, ...OrderSort[]])
    .optional()
    .catch(undefined),
  ordre: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().positive().max(100000).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:read");
  const f = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { orders, options } = await orderListPage(
    getDb(),
    user,
    {
      page: f.page,
      status: f.statut === ENDED_FILTER ? null : f.statut,
      endedWithRemaining: f.statut === ENDED_FILTER,
      productId: f.produit,
      contractorId: f.titulaire,
      contractId: f.accord,
      from: f.du,
      to: f.au,
      q: f.q || null,
      sort: f.tri,
      dir: f.ordre,
    },
    todayInParis(),
  );
  return { orders, options, filters: f, role: user.role, canWrite: can(user, "order:write"), seeDrafts: can(user, "order:see-drafts") };
}

function SortHeader({
  label,
  sort,
  current,
  dir,
  className,
}: {
  label: string;
  sort: OrderSort;
  current?: OrderSort;
  dir?: "asc" | "desc";
  className?: string;
}) {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const active = (current ?? "created") === sort;
  const nextDir = active && (dir ?? "desc") === "asc" ? "desc" : "asc";
  params.set("tri", sort);
  params.set("ordre", nextDir);
  params.delete("page");
  return (
    <th scope="col" className={className} aria-sort={active ? ((dir ?? "desc") === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={`${location.pathname}?${params}`}>
        {label}
        <span className="fr-sr-only">, trier par ordre {nextDir === "asc" ? "croissant" : "décroissant"}</span>
        {active && <span aria-hidden="true">{(dir ?? "desc") === "asc" ? " ▲" : " ▼"}</span>}
      </Link>
    </th>
  );
}

const figures = (o: OrderListItem) => o.figures;

export default function OrdersList() {
  const { orders, options, filters, role, canWrite, seeDrafts } = useLoaderData<typeof loader>();
  const sortProps = { current: filters.tri, dir: filters.ordre };
  const t = orders.totals;
  const location = useLocation();
  const deleted = new URLSearchParams(location.search).get("ok") === "deleted";
  return (
    <>
      <h1>Bons de commande</h1>
      {deleted && (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p data-testid="success">Le brouillon est supprimé.</p>
        </div>
      )}
      {canWrite && (
        <p>
          <Link className="fr-btn fr-icon-add-line fr-btn--icon-left" to="/commandes/nouveau">
            Nouveau bon de commande
          </Link>
        </p>
      )}
      <Form method="get" className="fr-mb-3w" aria-labelledby="filters-title">
        <h2 className="fr-h6" id="filters-title">
          Filtrer
        </h2>
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-3 fr-select-group">
            <label className="fr-label" htmlFor="f-statut">
              Statut
            </label>
            <FilterSelect
              id="f-statut"
              name="statut"
              defaultValue={filters.statut ?? ""}
              choices={[
                ...labelChoices(orderStatusLabels).filter((c) => seeDrafts || c.value !== "draft"),
                { value: ENDED_FILTER, label: ENDED_WITH_REMAINING_STATUS_LABEL },
              ]}
            />
          </div>
          <div className="fr-col-12 fr-col-md-3 fr-select-group">
            <label className="fr-label" htmlFor="f-produit">
              Produit
            </label>
            <FilterSelect id="f-produit" name="produit" defaultValue={filters.produit ?? ""} choices={namedChoices(options.products)} />
          </div>
          {role !== "contractor" && (
            <div className="fr-col-12 fr-col-md-3 fr-select-group">
              <label className="fr-label" htmlFor="f-titulaire">
                Titulaire
              </label>
              <FilterSelect id="f-titulaire" name="titulaire" defaultValue={filters.titulaire ?? ""} choices={namedChoices(options.contractors)} />
            </div>
          )}
          <div className="fr-col-12 fr-col-md-3 fr-select-group">
            <label className="fr-label" htmlFor="f-accord">
              Accord-cadre
            </label>
            <FilterSelect id="f-accord" name="accord" defaultValue={filters.accord ?? ""} choices={namedChoices(options.contracts)} />
          </div>
          <div className="fr-col-12 fr-col-md-3 fr-input-group">
            <label className="fr-label" htmlFor="f-du">
              Période : à partir du<span className="fr-hint-text">{DATE_HINT}</span>
            </label>
            <input className="fr-input" type="date" id="f-du" name="du" defaultValue={filters.du ?? ""} />
          </div>
          <div className="fr-col-12 fr-col-md-3 fr-input-group">
            <label className="fr-label" htmlFor="f-au">
              jusqu'au<span className="fr-hint-text">{DATE_HINT}</span>
            </label>
            <input className="fr-input" type="date" id="f-au" name="au" defaultValue={filters.au ?? ""} />
          </div>
          <div className="fr-col-12 fr-col-md-3 fr-input-group">
            <label className="fr-label" htmlFor="f-q">
              Numéro<span className="fr-hint-text">Tout ou partie, par exemple 2026-0012</span>
            </label>
            <input className="fr-input" type="search" id="f-q" name="q" defaultValue={filters.q ?? ""} />
          </div>
          <div className="fr-col-12 fr-col-md-3">
            {filters.tri && <input type="hidden" name="tri" value={filters.tri} />}
            {filters.ordre && <input type="hidden" name="ordre" value={filters.ordre} />}
            <div className="fr-btns-group fr-btns-group--inline">
              <button className="fr-btn" type="submit">
                Filtrer
              </button>
              <Link className="fr-btn fr-btn--tertiary" to="/commandes">
                Réinitialiser
              </Link>
            </div>
          </div>
        </div>
      </Form>

      <p data-testid="list-totals" className="fr-mb-2w">
        <strong>{orders.total}</strong> bon(s) de commande · Commandé : {formatDays(t.figures.orderedDays)} j, {formatEuros(t.figures.orderedHt)} HT,{" "}
        {formatEuros(t.figures.orderedTtc)} TTC · Consommé : {formatDays(t.figures.consumedDays)} j, {formatEuros(t.figures.consumedHt)} HT,{" "}
        {formatEuros(t.figures.consumedTtc)} TTC · En attente : {formatDays(t.figures.pendingDays)} j · Restant : {formatDays(t.figures.remainingDays)} j,{" "}
        {formatEuros(t.figures.remainingHt)} HT, {formatEuros(t.figures.remainingTtc)} TTC
        {(t.figures.releasedDays !== "0.0" || t.figures.releasedHt !== "0.00") && (
          <>
            {" "}
            · Libéré (soldes et annulations) : {formatDays(t.figures.releasedDays)} j, {formatEuros(t.figures.releasedHt)} HT,{" "}
            {formatEuros(t.figures.releasedTtc)} TTC
          </>
        )}
      </p>
      {orders.items.length === 0 ? (
        <p>Aucun bon de commande ne correspond à ces critères.</p>
      ) : (
        <ColumnTable
          caption={`Bons de commande, page ${orders.page}`}
          id="orders"
          rows={orders.items}
          rowKey={(o) => o.id}
          rowTestId="order-row"
          columns={[
            ...orderIdentityColumns(role, {
              number: { th: <SortHeader label="Numéro" sort="number" {...sortProps} /> },
              product: { th: <SortHeader label="Produit" sort="product" {...sortProps} /> },
              beneficiary: { th: <SortHeader label="Bénéficiaire" sort="beneficiary" {...sortProps} /> },
              contractor: { th: <SortHeader label="Titulaire" sort="contractor" {...sortProps} /> },
            }),
            { header: "Accord-cadre", cell: (o) => o.contractReference },
            {
              th: <SortHeader label="Statut" sort="status" {...sortProps} />,
              cell: (o) => <OrderStatusBadge status={o.status} endedWithRemaining={o.endedWithRemaining} />,
            },
            { th: <SortHeader label="Début" sort="start" {...sortProps} />, cell: (o) => formatDate(o.periodStart) },
            { th: <SortHeader label="Fin" sort="end" {...sortProps} />, cell: (o) => formatDate(o.periodEnd) },
            { ...figureColumn("orderedTtc", figures), th: <SortHeader label="Commandé TTC" sort="ttc" className="pilotage-num" {...sortProps} /> },
            ...figureColumns(["orderedDays", "consumedDays", "pendingDays", "remainingDays", "remainingTtc"], figures),
          ]}
        />
      )}
      <Pager page={orders.page} pageSize={orders.pageSize} total={orders.total} />
    </>
  );
}
