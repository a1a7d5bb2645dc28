import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { requirePermission } from "../auth/guard.server";
import { DataTable } from "../components/DataTable";
import { FilterSelect, labelChoices } from "../components/FilterSelect";
import { isKind, KINDS } from "../domain/notifications/kinds";
import { STATUS_LABELS, type ShownStatus } from "../domain/notifications/labels";
import { listNotifications, resendNotification } from "../domain/notifications/queries.server";
import { postedIntent, ok, runUseCase, unknownAction } from "../lib/reference-action.server";
import { FormMessage, RefForm, stateFor, typedValue, type FormState } from "../components/ReferenceForm";
import { formatDateTime } from "../lib/format";
import { parseId } from "../lib/ids";
import { Refusal } from "../lib/refusal";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Courriels - Pilotage UO" }];

const isStatus = (v: string | null): v is ShownStatus => v !== null && Object.hasOwn(STATUS_LABELS, v);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "mail:admin");
  const raw = new URL(request.url).searchParams.get("etat");
  const status = isStatus(raw) ? raw : null;
  const rows = await listNotifications(getDb(), user, { status, limit: 200 });
  return {
    status,
    rows: rows.map((r) => ({
      id: r.id,
      kind: isKind(r.kind) ? KINDS[r.kind].label : r.kind,
      email: r.email,
      subject: r.subject,
      text: r.body_text,
      delivery: r.delivery,
      statusLabel: r.statusLabel,
      shownStatus: r.shownStatus,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: formatDateTime(r.created_at),
      sentAt: r.sent_at ? formatDateTime(r.sent_at) : "",
      resendable: r.resendable,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "mail:admin");
  const { form, intent } = await postedIntent(request);
  if (intent !== "resend") return unknownAction(intent, form);
  return runUseCase(intent, form, async () => {
    const id = parseId(String(form.get("id") ?? ""));
    if (id === null) throw new Refusal("Choisissez le courriel à envoyer de nouveau.");
    await resendNotification(getDb(), user, String(id));
    return ok(intent, `Le courriel n° ${id} est de nouveau en attente d'envoi.`);
  });
}

const BADGE: Record<ShownStatus, string> = {
  queued: "fr-badge--info",
  sending: "fr-badge--info",
  interrupted: "fr-badge--warning",
  sent: "fr-badge--success",
  failed: "fr-badge--error",
  skipped: "",
  digested: "fr-badge--success",
};

export default function Mails() {
  const { rows, status } = useLoaderData<typeof loader>();
  const resend = stateFor(useActionData<FormState>(), "resend");
  return (
    <>
      <h1>Courriels</h1>
      <p>
        Les courriels envoyés ou à envoyer, du plus récent au plus ancien (200 au plus). Un courriel en échec après ses derniers essais, ou dont l'envoi a été
        interrompu, peut être envoyé de nouveau.
      </p>
      {/* the message sent again leaves the list of those to resend: the page says it, the row's form only its refusal */}
      <FormMessage state={resend} />
      <Form method="get" className="fr-mb-3w">
        <div className="fr-select-group">
          <label className="fr-label" htmlFor="etat">
            État
          </label>
          <FilterSelect id="etat" name="etat" defaultValue={status ?? ""} choices={labelChoices(STATUS_LABELS)} />
        </div>
        <button className="fr-btn fr-btn--secondary" type="submit">
          Filtrer
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>Aucun courriel.</p>
      ) : (
        <DataTable caption={`${rows.length} courriel${rows.length > 1 ? "s" : ""}`}>
          <thead>
            <tr>
              <th scope="col">N°</th>
              <th scope="col">Créé le</th>
              <th scope="col">Destinataire</th>
              <th scope="col">État</th>
              <th scope="col">Action</th>
              <th scope="col">Objet</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`courriel-${r.id}`}>
                <td>{r.id}</td>
                <td>{r.createdAt}</td>
                <td>{r.email}</td>
                <td>
                  <p className={`fr-badge fr-badge--sm ${BADGE[r.shownStatus]}`}>{r.statusLabel}</p>
                  {r.sentAt && <p className="fr-text--xs fr-mb-0">le {r.sentAt}</p>}
                  {r.attempts > 0 && <p className="fr-text--xs fr-mb-0">{r.attempts} essai(s)</p>}
                  {r.lastError && <p className="fr-text--xs fr-mb-0 fr-error-text">{r.lastError}</p>}
                </td>
                <td>
                  {r.resendable && (
                    <RefForm
                      intent="resend"
                      id={`resend-${r.id}`}
                      state={typedValue(resend, "id") === String(r.id) ? { ...resend, ok: undefined } : {}}
                      submit="Envoyer de nouveau"
                      hidden={{ id: r.id }}
                      secondary
                    />
                  )}
                </td>
                <td>
                  <details>
                    <summary>{r.subject}</summary>
                    <p className="fr-text--xs fr-mb-1w">{r.kind}</p>
                    <pre className="fr-text--xs pilotage-mail-body">{r.text}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </>
  );
}
