import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import { getDb } from "../db.server";
import { DeclarationForm, emptyFormLines } from "../components/DeclarationForm";
import { monthError, ofMonth } from "../domain/declarations/caps";
import { declarationFormAction, type DeclarationFormResult } from "../domain/declarations/form-action.server";
import { findInitialDeclaration, getOrderForDeclaring, listPeople } from "../domain/declarations/queries.server";
import { parseMonth } from "../domain/declarations/schemas";
import { todayInParis } from "../lib/dates";
import { formatMonth } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Déclarer ${data ? formatMonth(data.month) : ""} - Pilotage UO` },
];

async function target(request: Request) {
  const user = await requirePermission(request, "declaration:write");
  const url = new URL(request.url);
  const orderId = requireId(url.searchParams.get("commande") ?? undefined);
  const month = parseMonth(url.searchParams.get("mois"));
  if (!month) throw notFound("Mois invalide : utilisez le format AAAA-MM.");
  const db = getDb();
  const found = await getOrderForDeclaring(db, user, orderId);
  if (!found || found.order.contractor_id !== user.contractorId) throw notFound("Ce bon de commande n'existe pas ou vous n'y avez pas accès.");
  return { user, db, orderId, month, found };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, db, orderId, month, found } = await target(request);
  const existing = await findInitialDeclaration(db, user, orderId, month);
  if (existing) throw redirect(existing.status === "draft" || existing.status === "rejected" ? `/declarations/${existing.id}/modifier` : `/declarations/${existing.id}`);
  const blocked = found.order.status !== "issued"
    ? "On ne déclare que sur un bon de commande émis."
    : monthError(month, found.order.period_start, found.order.period_end, todayInParis());
  const people = (await listPeople(db, user)).map((p) => p.full_name);
  return { order: found.order, lines: found.lines, month, blocked, people };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, db, orderId, month } = await target(request);
  return declarationFormAction(db, user, await request.formData(), { orderId, month });
}

export default function NewDeclaration() {
  const { order, lines, month, blocked, people } = useLoaderData<typeof loader>();
  const result = useActionData<DeclarationFormResult>();
  const navigation = useNavigation();
  return (
    <>
      <h1>Déclaration {ofMonth(month)}</h1>
      <p className="fr-text--lead">
        Bon de commande <Link to={`/commandes/${order.id}`}>{order.number}</Link> : {order.productName} ({order.beneficiaryName})
      </p>
      {blocked ? (
        <div className="fr-alert fr-alert--error" role="alert"><p>{blocked}</p></div>
      ) : (
        <DeclarationForm orderLines={lines} values={result?.values ?? emptyFormLines(lines)} errors={result?.errors ?? {}} formError={result?.formError}
          busy={navigation.state === "submitting"} people={people} />
      )}
    </>
  );
}
