import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
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
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

const statusLabels = { draft: "en brouillon", rejected: "rejetée", submitted: "soumise", validated: "validée" } as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Déclarer ${data ? formatMonth(data.month) : ""} - Pilotage UO` }];

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
  // Not a redirect: after a refused POST (the month declared meanwhile in another tab), Remix runs this
  // loader again in the same request, and a redirect would lose the message and what was typed.
  const existing = (await findInitialDeclaration(db, user, orderId, month)) ?? null;
  const blocked =
    found.order.status !== "issued"
      ? "On ne déclare que sur un bon de commande émis."
      : monthError(month, found.order.period_start, found.order.period_end, todayInParis());
  const people = (await listPeople(db, user)).map((p) => p.full_name);
  return { order: found.order, lines: found.lines, month, blocked, people, existing };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, db, orderId, month } = await target(request);
  return declarationFormAction(db, user, await request.formData(), { orderId, month, ifExists: "refuse" });
}

export default function NewDeclaration() {
  const { order, lines, month, blocked, people, existing } = useLoaderData<typeof loader>();
  const result = useActionData<DeclarationFormResult>();
  const navigation = useNavigation();
  return (
    <>
      <h1>Déclaration {ofMonth(month)}</h1>
      <p className="fr-text--lead">
        Bon de commande <Link to={`/commandes/${order.id}`}>{order.number}</Link> : {order.productName} ({order.beneficiaryName})
      </p>
      {existing && !result ? (
        <div className="fr-alert fr-alert--info" data-testid="already-declared">
          <p>
            La déclaration {ofMonth(month)} de ce bon de commande existe déjà ({statusLabels[existing.status]}).
          </p>
          <p>
            <Link
              className="fr-link"
              to={existing.status === "draft" || existing.status === "rejected" ? `/declarations/${existing.id}/modifier` : `/declarations/${existing.id}`}
            >
              {existing.status === "draft" || existing.status === "rejected" ? "Reprendre la déclaration" : "Voir la déclaration"}
            </Link>
          </p>
        </div>
      ) : blocked ? (
        <div className="fr-alert fr-alert--error" role="alert">
          <p>{blocked}</p>
        </div>
      ) : (
        <DeclarationForm
          orderLines={lines}
          values={emptyFormLines(lines)}
          lastResult={result?.result}
          formLink={result?.link}
          busy={navigation.state === "submitting"}
          people={people}
        />
      )}
    </>
  );
}
