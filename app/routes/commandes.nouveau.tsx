import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { OrderForm } from "../components/OrderForm";
import { orderFormOptions } from "../domain/orders/queries.server";
import { draftSchema } from "../domain/orders/schemas";
import { createDraft } from "../domain/orders/services.server";
import { answerAction, conformReply, listIntentAnswer, submittedValue, type ConformAnswer } from "../lib/form-action.server";
import { parseSubmission } from "../lib/conform";
import { todayInParis } from "../lib/dates";
import { attributionForDraft, proposalsForLots } from "../domain/attribution/services.server";
import { issueWarnings } from "../domain/budget-years/warnings.server";
import { Warnings } from "../components/Warnings";
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
  // R17: past the budget year's last day for orders, the form warns (it does not block)
  const warnings = await issueWarnings(getDb(), user, todayInParis(), null);
  return { options, productId, proposals, warnings };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const submission = parseSubmission(await request.formData(), draftSchema);
  // "Ajouter une ligne" / "Retirer" without JavaScript: the form comes back changed, nothing written
  const listed = listIntentAnswer(submission);
  if (listed) return listed;
  return answerAction(conformReply(submission), async () => {
    const data = submittedValue(submission);
    // the proposal is recomputed here, whatever the form sent; another holder needs a reason
    const attribution = await attributionForDraft(getDb(), data, todayInParis());
    const { id } = await createDraft(getDb(), user, { ...data, ...attribution });
    return redirect(`/commandes/${id}`);
  });
}

export default function NewOrder() {
  const { options, productId, proposals, warnings } = useLoaderData<typeof loader>();
  const data = useActionData<ConformAnswer>();
  return (
    <>
      <h1>Nouveau bon de commande</h1>
      <p className="fr-text--lead">Le brouillon reste modifiable et invisible du titulaire jusqu'à son émission.</p>
      <Warnings items={warnings} />
      {options.products.length === 0 ? (
        <p>Votre bénéficiaire n'a encore aucun produit : créez d'abord le produit pour lequel commander.</p>
      ) : (
        <OrderForm
          options={options}
          values={productId ? { productId } : undefined}
          lastResult={data?.result}
          submitLabel="Enregistrer le brouillon"
          proposals={proposals}
        />
      )}
    </>
  );
}
