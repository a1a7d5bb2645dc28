// "$id_" keeps this page out of the order page layout (which has no <Outlet />): it renders on its own.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import type { WorkUnitCode } from "../../db/schema";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import type { SessionUser } from "../auth/user";
import { getDb } from "../db.server";
import { OrderForm, type OrderFormValues } from "../components/OrderForm";
import { allowedOrderActions } from "../domain/orders/actions";
import { getOrder, orderFormOptions } from "../domain/orders/queries.server";
import { priceInForce } from "../domain/price-schedules/price-in-force.server";
import { listWorkUnits } from "../domain/work-units/services.server";
import { amendmentSchema, draftFormSchema, formToObject, quantityFromInput } from "../domain/orders/schemas";
import { amendmentFloors, amendOrder, NOT_FOUND_MESSAGE, updateDraft } from "../domain/orders/services.server";
import { orderReply, type OrderActionData } from "../domain/orders/http.server";
import { answerAction, conformReply, listIntentAnswer, parseForm, submittedValue, type ConformAnswer } from "../lib/form-action.server";
import { parseSubmission } from "../lib/conform";
import { daysFromQuantity, lineAmountHt, orderTotals } from "../domain/orders/amounts";
import { dec } from "../lib/decimal";
import { todayInParis } from "../lib/dates";
import { attributionForDraft, proposalsForLots } from "../domain/attribution/services.server";
import { formatDate, formatDays, formatEuros, formatPercent, formatQuantity } from "../lib/format";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.number ? `Modifier le bon de commande ${data.order.number}` : "Modifier le brouillon"} - Pilotage UO` },
];

async function editableOrder(user: SessionUser, id: number) {
  const found = await getOrder(getDb(), user, id);
  const allowed = found && allowedOrderActions(user, found.order);
  if (!found || !allowed?.buyer) throw notFound(NOT_FOUND_MESSAGE);
  if (!allowed.edit && !allowed.amend) {
    throw new Response("Ce bon de commande est soldé ou annulé : il ne peut plus être modifié.", { status: 409, statusText: "Conflit" });
  }
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const { order, lines } = await editableOrder(user, requireId(params.id));
  const db = getDb();
  if (order.status === "draft") {
    const values: OrderFormValues = {
      productId: String(order.product_id),
      lotId: String(order.lot_id),
      contractorId: String(order.contractor_id),
      periodStart: order.period_start,
      periodEnd: order.period_end,
      title: order.title,
      vatPercent: dec(order.vat_rate).times(100).toString().replace(".", ","),
      ejNumber: order.ej_number ?? "",
      budgetProgramme: order.budget_programme ?? "",
      budgetCentre: order.budget_centre ?? "",
      attributionReason: order.attribution_reason ?? "",
      lines: lines.map((l) => ({ workUnitCode: l.workUnitCode, amount: formatQuantity(l.quantity), unit: "uo" as const })),
    };
    const options = await orderFormOptions(db, user, todayInParis());
    // round-robin: the holder whose turn it is on each lot (domain/attribution/round-robin.ts)
    const proposals = await proposalsForLots(
      db,
      options.lots.map((l) => l.id),
      options.date,
    );
    return { mode: "draft" as const, order, values, options, proposals, lines, workUnits: [], newPrices: {}, floors: {} };
  }
  const schedule = await priceInForce(db, order.contractor_id, order.contract_id, order.issued_on ?? todayInParis());
  const workUnits = (await listWorkUnits(db)).map((w) => ({ code: w.code, label: w.label }));
  const floors = Object.fromEntries([...(await amendmentFloors(db, order.id))].map(([lineId, f]) => [lineId, f]));
  return { mode: "amend" as const, order, lines, workUnits, newPrices: schedule?.prices ?? {}, floors, values: undefined, options: undefined };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "order:write");
  const id = requireId(params.id);
  const { order } = await editableOrder(user, id);
  const form = await request.formData();
  if (order.status === "draft") {
    const submission = parseSubmission(form, draftFormSchema);
    // "Ajouter une ligne" / "Retirer" without JavaScript: the form comes back changed, nothing written
    const listed = listIntentAnswer(submission);
    if (listed) return listed;
    return answerAction(conformReply(submission), async () => {
      const data = submittedValue(submission);
      // another holder than the one whose turn it is needs a reason (checked on the server)
      const attribution = await attributionForDraft(getDb(), data, todayInParis());
      await updateDraft(getDb(), user, id, { ...data, attributionReason: attribution.attributionReason ?? data.attributionReason });
      return redirect(`/commandes/${id}?ok=updated`);
    });
  }
  const values = formToObject(form);
  return answerAction(orderReply(values), async () => {
    await amendOrder(getDb(), user, id, parseForm(amendmentSchema, values));
    return redirect(`/commandes/${id}?ok=amended`);
  });
}

interface AmendLine {
  lineId: string;
  workUnitCode: string;
  amount: string;
  unit: "uo" | "days";
}

export default function EditOrder() {
  const data = useLoaderData<typeof loader>();
  const action = useActionData<OrderActionData>();
  if (data.mode === "draft") {
    return (
      <>
        <h1>Modifier le brouillon n° {data.order.id}</h1>
        <p>
          <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/commandes/${data.order.id}`}>
            Retour au brouillon
          </Link>
        </p>
        <OrderForm
          options={data.options}
          values={data.values}
          lastResult={(action as ConformAnswer | undefined)?.result}
          submitLabel="Enregistrer le brouillon"
          proposals={data.proposals}
        />
      </>
    );
  }
  return <Amendment />;
}

function Amendment() {
  const { order, lines, workUnits, newPrices, floors } = useLoaderData<typeof loader>();
  const action = useActionData<OrderActionData>();
  const navigation = useNavigation();
  const e = action?.errors ?? {};
  const submitted = Array.isArray(action?.values?.lines)
    ? (action!.values!.lines as Partial<Record<keyof AmendLine, unknown>>[]).map((l): AmendLine => ({
        lineId: typeof l.lineId === "string" ? l.lineId : "",
        workUnitCode: typeof l.workUnitCode === "string" ? l.workUnitCode : "",
        amount: typeof l.amount === "string" ? l.amount : "",
        unit: l.unit === "days" ? "days" : "uo",
      }))
    : null;
  const [rows, setRows] = useState<AmendLine[]>(
    submitted ??
      lines.map((l) => ({
        lineId: String(l.id),
        workUnitCode: l.workUnitCode,
        amount: formatQuantity(l.quantity),
        unit: "uo" as const,
      })),
  );
  const update = (i: number, patch: Partial<AmendLine>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const priceOf = (r: AmendLine) =>
    r.lineId ? lines.find((l) => String(l.id) === r.lineId)?.unitPrice : (newPrices as Partial<Record<WorkUnitCode, string>>)[r.workUnitCode as WorkUnitCode];
  const preview = rows.map((r) => {
    const q = (r.amount ?? "").trim() ? quantityFromInput(r.amount, r.unit, !!r.lineId) : null;
    const quantity = q && "quantity" in q ? q.quantity : null;
    const price = priceOf(r);
    return { quantity, price, amount: quantity && price ? lineAmountHt(quantity, price) : null };
  });
  const totals = orderTotals(
    preview.filter((p) => p.quantity && p.price).map((p) => ({ quantity: p.quantity!, unitPrice: p.price! })),
    order.vat_rate,
  );
  return (
    <>
      <h1>Modifier le bon de commande {order.number}</h1>
      <p>
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/commandes/${order.id}`}>
          Retour au bon de commande
        </Link>
      </p>
      <p>
        La modification crée la révision {order.current_revision + 1}. Vous pouvez ajouter des lignes ou changer des quantités, jamais sous ce qui est déjà
        consommé ou en attente de validation. Les nouvelles lignes prennent les prix figés à l'émission ({order.issued_on ? formatDate(order.issued_on) : ""}).
      </p>
      <Form method="post" noValidate>
        {e._form && (
          <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <h2 className="fr-alert__title">La modification n'a pas été enregistrée</h2>
            <p data-testid="form-error">{e._form}</p>
          </div>
        )}
        <fieldset className="fr-fieldset" aria-labelledby="amend-lines-legend">
          <legend className="fr-fieldset__legend" id="amend-lines-legend">
            Lignes<span className="fr-hint-text">Quantité en UO (1 UO = 20 jours) ou en jours, par demi-journées.</span>
          </legend>
          {e.lines && <p className="fr-error-text fr-fieldset__element">{e.lines}</p>}
          {rows.map((r, i) => {
            const existing = r.lineId ? lines.find((l) => String(l.id) === r.lineId) : undefined;
            const floor = existing
              ? ((floors as Record<string, { floor: string; consumed: string; pending: string }>)[existing.id] ?? { floor: "0", consumed: "0", pending: "0" })
              : null;
            const p = preview[i];
            const amountError = e[`lines.${i}.amount`];
            const codeError = e[`lines.${i}.workUnitCode`];
            return (
              <div key={i} className="fr-fieldset__element" data-testid="amend-line">
                {r.lineId && <input type="hidden" name={`lines.${i}.lineId`} value={r.lineId} />}
                <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                  <div className="fr-col-12 fr-col-md-4">
                    {existing ? (
                      <>
                        <input type="hidden" name={`lines.${i}.workUnitCode`} value={r.workUnitCode} />
                        <p className="fr-mb-1v">
                          <strong>
                            Ligne {existing.lineNo} : {existing.workUnitLabel}
                          </strong>
                          <br />
                          <span className="fr-text--sm">
                            Commandé {formatQuantity(existing.quantity)} UO ({formatDays(daysFromQuantity(existing.quantity))} j) · minimum{" "}
                            {formatDays(floor?.floor)} j (consommé {formatDays(floor?.consumed)} j, en attente {formatDays(floor?.pending)} j)
                          </span>
                        </p>
                      </>
                    ) : (
                      <div className={`fr-select-group${codeError ? " fr-select-group--error" : ""}`}>
                        <label className="fr-label" htmlFor={`amend-${i}-code`}>
                          Nouvelle ligne : type d'UO
                        </label>
                        <select
                          className="fr-select"
                          id={`amend-${i}-code`}
                          name={`lines.${i}.workUnitCode`}
                          value={r.workUnitCode}
                          onChange={(ev) => update(i, { workUnitCode: ev.target.value })}
                          aria-describedby={codeError ? `amend-${i}-code-error` : undefined}
                        >
                          <option value="">Choisir une UO</option>
                          {workUnits.map((w) => (
                            <option key={w.code} value={w.code}>
                              {w.label}
                            </option>
                          ))}
                        </select>
                        {codeError && (
                          <p className="fr-error-text" id={`amend-${i}-code-error`}>
                            {codeError}
                          </p>
                        )}
                      </div>
                    )}
                  </div>
                  <div className="fr-col-6 fr-col-md-2">
                    <div className={`fr-input-group${amountError ? " fr-input-group--error" : ""}`}>
                      <label className="fr-label" htmlFor={`amend-${i}-amount`}>
                        {existing ? `Ligne ${existing.lineNo} : nouvelle quantité` : "Quantité"}
                      </label>
                      <input
                        className="fr-input"
                        id={`amend-${i}-amount`}
                        name={`lines.${i}.amount`}
                        inputMode="decimal"
                        value={r.amount}
                        onChange={(ev) => update(i, { amount: ev.target.value })}
                        aria-describedby={amountError ? `amend-${i}-amount-error` : undefined}
                      />
                      {amountError && (
                        <p className="fr-error-text" id={`amend-${i}-amount-error`}>
                          {amountError}
                        </p>
                      )}
                    </div>
                  </div>
                  <div className="fr-col-6 fr-col-md-2 fr-select-group">
                    <label className="fr-label" htmlFor={`amend-${i}-unit`}>
                      Unité
                    </label>
                    <select
                      className="fr-select"
                      id={`amend-${i}-unit`}
                      name={`lines.${i}.unit`}
                      value={r.unit}
                      onChange={(ev) => update(i, { unit: ev.target.value === "days" ? "days" : "uo" })}
                    >
                      <option value="uo">UO</option>
                      <option value="days">jours</option>
                    </select>
                  </div>
                  <div className="fr-col-12 fr-col-md-3">
                    <p className="fr-text--sm fr-mb-1v" aria-live="polite">
                      {p.quantity ? (
                        <>
                          {formatQuantity(p.quantity)} UO = {formatDays(daysFromQuantity(p.quantity))} j
                        </>
                      ) : (
                        "—"
                      )}
                      {p.price && (
                        <>
                          <br />
                          {formatEuros(p.price)} HT / UO
                        </>
                      )}
                      {p.amount && (
                        <>
                          <br />
                          <strong>{formatEuros(p.amount)} HT</strong>
                        </>
                      )}
                    </p>
                  </div>
                  <div className="fr-col-12 fr-col-md-1">
                    {!existing && (
                      <button type="button" className="fr-btn fr-btn--tertiary fr-btn--sm" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>
                        Retirer<span className="fr-sr-only"> la nouvelle ligne</span>
                      </button>
                    )}
                  </div>
                </div>
              </div>
            );
          })}
          <div className="fr-fieldset__element">
            <button
              type="button"
              className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-add-line fr-btn--icon-left"
              onClick={() => setRows((rs) => [...rs, { lineId: "", workUnitCode: "", amount: "", unit: "uo" }])}
            >
              Ajouter une ligne
            </button>
          </div>
          <p className="fr-fieldset__element" data-testid="form-totals" aria-live="polite">
            Nouveau total HT : <strong>{formatEuros(totals.totalHt)}</strong> · TVA ({formatPercent(order.vat_rate)}) : {formatEuros(totals.totalVat)} · Total
            TTC : <strong>{formatEuros(totals.totalTtc)}</strong> (actuellement {formatEuros(order.total_ttc)})
          </p>
        </fieldset>
        <div className={`fr-input-group${e.reason ? " fr-input-group--error" : ""}`}>
          <label className="fr-label" htmlFor="reason">
            Motif de la modification (obligatoire)
          </label>
          <textarea
            className="fr-input"
            id="reason"
            name="reason"
            rows={3}
            defaultValue={String(action?.values?.reason ?? "")}
            aria-describedby={e.reason ? "reason-error" : undefined}
          />
          {e.reason && (
            <p className="fr-error-text" id="reason-error">
              {e.reason}
            </p>
          )}
        </div>
        <button className="fr-btn" type="submit" disabled={navigation.state === "submitting"}>
          Enregistrer la modification
        </button>
      </Form>
    </>
  );
}
