import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { OrderForm, toFormValues } from "../components/OrderForm";
import { orderFormOptions } from "../domain/orders/queries.server";
import { draftSchema, formToObject } from "../domain/orders/schemas";
import { createDraft } from "../domain/orders/services.server";
import { orderReply, type OrderActionData } from "../domain/orders/http.server";
import { answerAction, parseForm } from "../lib/form-action.server";
import { todayInParis } from "../lib/dates";
import { attributionForDraft, proposalsForLots } from "../domain/attribution/services.server";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Nouveau bon de commande - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const options = await orderFormOptions(getDb(), user, todayInParis());
  const productId = new URL(request.url).searchParams.get("produit") ?? undefined;
  // round-robin: the holder whose turn it is on each lot (domain/attribution/round-robin.ts)
  const proposals = await proposalsForLots(
    getDb(),
    options.lots.map((l) => l.id),
    options.date,
  );
  return { options, productId, proposals };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const values = formToObject(await request.formData());
  return answerAction(orderReply(values), async () => {
    const data = parseForm(draftSchema, values);
    // the proposal is recomputed here, whatever the form sent; another holder needs a reason
    const attribution = await attributionForDraft(getDb(), data, todayInParis());
    const { id } = await createDraft(getDb(), user, { ...data, ...attribution });
    return redirect(`/commandes/${id}`);
  });
}

export default function NewOrder() {
  const { options, productId, proposals } = useLoaderData<typeof loader>();
  const data = useActionData<OrderActionData>();
  const values = toFormValues(data?.values) ?? (productId ? { productId } : undefined);
  return (
    <>
      <h1>Nouveau bon de commande</h1>
      <p className="fr-text--lead">Le brouillon reste modifiable et invisible du titulaire jusqu'à son émission.</p>
      {options.products.length === 0 ? (
        <p>Votre bénéficiaire n'a encore aucun produit : créez d'abord le produit pour lequel commander.</p>
      ) : (
        <OrderForm options={options} values={values} errors={data?.errors} submitLabel="Enregistrer le brouillon" proposals={proposals} />
      )}
    </>
  );
}
