import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { consolidatedFiltersSchema, filtersQuery } from "../../reports/consolidated/filters";
import { exportOptions } from "../../reports/consolidated/options.server";
import { consolidatedTables } from "../../reports/consolidated/tables";
import { DownloadLink } from "../components/DownloadLink";
import { FilterSelect, namedChoices } from "../components/FilterSelect";
import { DATE_HINT } from "../components/forms/fields";

export const meta: MetaFunction = () => [{ title: "Rapports et exports - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "report:export");
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(["contract", "year", "beneficiary", "contractor", "from", "to"].map((k) => [k, params.get(k) ?? ""]));
  const parsed = consolidatedFiltersSchema.safeParse(values);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? "form")] ??= i.message;
  const options = await exportOptions(getDb(), user);
  return {
    role: user.role,
    values,
    errors,
    query: parsed.success ? filtersQuery(parsed.data) : null,
    options,
    tables: consolidatedTables.map((t) => ({ id: t.id, sheet: t.sheet })),
  };
}

function Field({ id, label, error, children, hint }: { id: string; label: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className={`fr-select-group fr-input-group${error ? " fr-input-group--error" : ""} fr-col-12 fr-col-md-4`}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      {children}
      {error && (
        <p className="fr-error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export default function Reports() {
  const { role, values, errors, query, options, tables } = useLoaderData<typeof loader>();
  const err = (k: string) => (errors[k] ? { "aria-describedby": `f-${k}-error`, "aria-invalid": true } : {});
  const followUpQuery = query ?? "";
  return (
    <>
      <h1>Rapports et exports</h1>
      <p className="fr-text--lead">
        {role === "dinum" && "Le classeur consolidé de tous les bons de commande, pour le reporting budgétaire."}
        {role === "correspondent" && "Les exports portent uniquement sur les bons de commande de votre bénéficiaire."}
        {role === "contractor" && "Les exports portent uniquement sur les bons de commande émis à votre entreprise."}
      </p>
      <Form method="get" className="fr-mb-4w" aria-labelledby="filters-title" id="report-filters">
        <h2 className="fr-h4" id="filters-title">
          Filtres
        </h2>
        <div className="fr-grid-row fr-grid-row--gutters">
          <Field id="f-contract" label="Accord-cadre" error={errors.contract}>
            <FilterSelect
              id="f-contract"
              name="contract"
              defaultValue={values.contract}
              {...err("contract")}
              choices={options.contracts.map((c) => ({ value: c.reference, label: c.reference }))}
            />
          </Field>
          <Field id="f-year" label="Année" error={errors.year} hint="Période du 1er janvier au 31 décembre">
            <FilterSelect
              id="f-year"
              name="year"
              all="Toutes"
              defaultValue={values.year}
              {...err("year")}
              choices={options.years.map((y) => ({ value: y, label: String(y) }))}
            />
          </Field>
          {role !== "correspondent" && (
            <Field id="f-beneficiary" label="Bénéficiaire" error={errors.beneficiary}>
              <FilterSelect
                id="f-beneficiary"
                name="beneficiary"
                defaultValue={values.beneficiary}
                {...err("beneficiary")}
                choices={namedChoices(options.beneficiaries)}
              />
            </Field>
          )}
          {role !== "contractor" && (
            <Field id="f-contractor" label="Titulaire" error={errors.contractor}>
              <FilterSelect
                id="f-contractor"
                name="contractor"
                defaultValue={values.contractor}
                {...err("contractor")}
                choices={namedChoices(options.contractors)}
              />
            </Field>
          )}
          <Field id="f-from" label="Début de période" error={errors.from} hint={`${DATE_HINT} ; remplace l'année`}>
            <input className="fr-input" type="date" id="f-from" name="from" defaultValue={values.from} {...err("from")} />
          </Field>
          <Field id="f-to" label="Fin de période" error={errors.to} hint={DATE_HINT}>
            <input className="fr-input" type="date" id="f-to" name="to" defaultValue={values.to} {...err("to")} />
          </Field>
        </div>
        <button type="submit" className="fr-btn fr-mt-2w">
          Appliquer les filtres
        </button>
      </Form>

      {query === null ? (
        <div className="fr-alert fr-alert--error fr-alert--sm" role="alert">
          <p>Corrigez les filtres pour obtenir les fichiers.</p>
        </div>
      ) : (
        <>
          <h2 className="fr-h4">Classeur consolidé</h2>
          <p>
            Synthèse par bénéficiaire, lignes de bons de commande, déclarations par mois, UO par bénéficiaire, produits (phase, mesure d'impact, risques), AE et
            CP par année, et les paramètres de l'export.
          </p>
          <ul className="pilotage-downloads">
            <li>
              <DownloadLink filtersForm="report-filters" href={`/rapports/consolide.xlsx${query}`} format="XLSX" testId="download-consolidated">
                Télécharger le classeur consolidé
              </DownloadLink>
            </li>
          </ul>
          <h3 className="fr-h6">Les mêmes tableaux en CSV</h3>
          <p className="fr-text--sm">Séparateur point-virgule, UTF-8 avec BOM, virgule décimale.</p>
          <ul className="pilotage-downloads">
            {tables.map((t) => (
              <li key={t.id}>
                <DownloadLink
                  filtersForm="report-filters"
                  href={`/rapports/consolide.csv${query ? `${query}&` : "?"}table=${t.id}`}
                  format="CSV"
                  testId={`download-csv-${t.id}`}
                >
                  {t.sheet}
                </DownloadLink>
              </li>
            ))}
          </ul>
          <h2 className="fr-h4 fr-mt-4w">Suivi par bénéficiaire</h2>
          <p>Par produit et par bon de commande : fait et reste à faire, en jours et en activités.</p>
          <ul className="pilotage-downloads">
            <li>
              <DownloadLink filtersForm="report-filters" href={`/rapports/suivi.xlsx${followUpQuery}`} format="XLSX" testId="download-followup-xlsx">
                Suivi par bénéficiaire (Excel)
              </DownloadLink>
            </li>
            <li>
              <DownloadLink filtersForm="report-filters" href={`/rapports/suivi.pdf${followUpQuery}`} format="PDF" testId="download-followup-pdf">
                Suivi par bénéficiaire (PDF)
              </DownloadLink>
            </li>
            {role === "dinum" && !values.beneficiary && (
              <li className="fr-text--sm">
                Sans bénéficiaire choisi, le PDF couvre tous les bénéficiaires et peut être long : filtrez sur un bénéficiaire pour un document à lui
                transmettre.
              </li>
            )}
          </ul>
        </>
      )}
    </>
  );
}
