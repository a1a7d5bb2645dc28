import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { DeclarationForm } from "../components/DeclarationForm";
import { declarationFormAction, type DeclarationFormResult } from "../domain/declarations/form-action.server";
import type { FormLine } from "../domain/declarations/form";
import { getDeclaration, getOrderForDeclaring, listPeople } from "../domain/declarations/queries.server";
import { formatDays, formatMonth } from "../lib/format";
import { ofMonth } from "../domain/declarations/caps";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Modifier la déclaration ${data ? formatMonth(data.declaration.month) : ""} - Pilotage UO` },
];

async function load(request: Request, idParam: string | undefined) {
  const user = await requirePermission(request, "declaration:write");
  const db = getDb();
  const found = await getDeclaration(db, user, requireId(idParam));
  if (!found || found.declaration.contractorId !== user.contractorId) throw notFound(NOT_FOUND);
  if (found.declaration.status !== "draft" && found.declaration.status !== "rejected") throw redirect(`/declarations/${found.declaration.id}`);
  return { user, db, found };
}
const NOT_FOUND = "Cette déclaration n'existe pas ou vous n'y avez pas accès.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, db, found } = await load(request, params.id);
  const order = await getOrderForDeclaring(db, user, found.declaration.order_id);
  if (!order) throw notFound(NOT_FOUND);
  const values: FormLine[] = found.lines.map((l) => ({
    orderLineId: String(l.orderLineId),
    days: formatDays(l.days),
    activities: l.activities,
    remainingEstimateDays: l.remainingEstimateDays == null ? "" : formatDays(l.remainingEstimateDays),
    remainingComment: l.remainingComment,
    people: l.people.map((p) => ({ name: p.name, days: formatDays(p.days) })),
  }));
  const people = (await listPeople(db, user)).map((p) => p.full_name);
  return { declaration: found.declaration, order: order.order, lines: order.lines, values, people };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, db, found } = await load(request, params.id);
  const d = found.declaration;
  return declarationFormAction(db, user, await request.formData(), { orderId: d.order_id, month: d.month, declarationId: d.id });
}

export default function EditDeclaration() {
  const { declaration, order, lines, values, people } = useLoaderData<typeof loader>();
  const result = useActionData<DeclarationFormResult>();
  const navigation = useNavigation();
  return (
    <>
      <h1>
        {declaration.kind === "correction" ? "Déclaration corrective" : "Déclaration"} {ofMonth(declaration.month)}
      </h1>
      <p className="fr-text--lead">
        Bon de commande <Link to={`/commandes/${order.id}`}>{order.number}</Link> : {order.productName} ({order.beneficiaryName})
      </p>
      {declaration.kind === "correction" && <p>Motif de la correction : {declaration.correction_reason}</p>}
      {declaration.status === "rejected" && (
        <div className="fr-alert fr-alert--warning fr-mb-3w">
          <h2 className="fr-alert__title">Déclaration rejetée par {declaration.rejectedByName}</h2>
          <p>Motif : {declaration.rejection_reason}</p>
          <p>Corrigez-la puis soumettez-la à nouveau.</p>
        </div>
      )}
      <DeclarationForm
        orderLines={lines}
        values={values}
        lastResult={result?.result}
        formLink={result?.link}
        busy={navigation.state === "submitting"}
        people={people}
      />
    </>
  );
}
