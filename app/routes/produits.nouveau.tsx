import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { can } from "../auth/grants";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { beneficiaryChoices, createProduct } from "../domain/products/services.server";
import { phaseSchema, productPhases, productSchema } from "../domain/products/schemas";
import { runForm } from "../lib/reference-action.server";
import { ProductFields } from "../components/ProductFields";
import { RefForm, stateFor, type FormState } from "../components/ReferenceForm";
import { TextField, SelectField, DateField } from "../components/forms/fields";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouveau produit - Pilotage UO" }];

// one form, flat fields: the product's, then its current phase
const newProductSchema = productSchema.extend(phaseSchema.shape).transform(({ phase, startedOn, decision, ...product }) => ({
  product,
  phase: { phase, startedOn, decision },
}));

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "product:write");
  const beneficiaries = await beneficiaryChoices(getDb(), user);
  return { beneficiaries: beneficiaries?.map((b) => ({ value: b.id, label: b.name })) ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "product:write");
  return runForm(
    await request.formData(),
    "create",
    newProductSchema,
    async (data) => {
      const id = await createProduct(getDb(), user, data.product, data.phase);
      return redirect(`/produits/${id}`);
    },
    // a correspondent creates for its own beneficiary, whatever the form sent
    (raw) => ({ ...raw, beneficiaryId: can(user, "product:any-beneficiary") ? raw.beneficiaryId : String(user.beneficiaryId ?? "") }),
  );
}

export default function NewProduct() {
  const { beneficiaries } = useLoaderData<typeof loader>();
  const state = stateFor(useActionData<FormState>(), "create");
  return (
    <>
      <h1>Nouveau produit</h1>
      <RefForm intent="create" state={state} submit="Créer le produit">
        <ProductFields beneficiaries={beneficiaries} />
        <fieldset className="fr-fieldset fr-mt-2w" aria-labelledby="phase-legend">
          <legend className="fr-fieldset__legend" id="phase-legend">
            Phase actuelle
          </legend>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
            <SelectField
              name="phase"
              label="Phase"
              options={Object.entries(productPhases).map(([value, label]) => ({ value, label }))}
              defaultValue="investigation"
              placeholder={null}
            />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
            <DateField name="startedOn" label="Depuis le" />
          </div>
          <div className="fr-fieldset__element fr-col-12 fr-col-md-4">
            <TextField name="decision" label="Décision" hint="Par exemple : comité d'investissement du 15/09/2026" />
          </div>
        </fieldset>
      </RefForm>
      <p className="fr-mt-2w">
        <Link to="/produits">Retour aux produits</Link>
      </p>
    </>
  );
}
