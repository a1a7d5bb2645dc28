// "$id_" keeps this page out of the order page layout (which has no <Outlet />): it renders on its own.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { WorkUnitCode } from "../../db/schema";
import { notFound, requireId, requirePermission } from "../auth/guard.server";
import type { SessionUser } from "../auth/user";
import { getDb } from "../db.server";
import { OrderForm, type OrderFormValues } from "../components/OrderForm";
import { allowedOrderActions } from "../domain/orders/actions";
import { getOrder, orderFormOptions } from "../domain/orders/queries.server";
import { priceInForce } from "../domain/price-schedules/price-in-force.server";
import { listWorkUnits } from "../domain/work-units/services.server";
import { amendmentSchema, draftSchema } from "../domain/orders/schemas";
import { amendmentFloors, amendOrder, NOT_FOUND_MESSAGE, updateDraft } from "../domain/orders/services.server";
import { answerAction, conformReply, listIntentAnswer, submittedValue, type ConformAnswer } from "../lib/form-action.server";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { Fieldset } from "../components/forms/Fieldset";
import { FieldError, SelectField, TextAreaField, TextField } from "../components/forms/fields";
import { ConformForm, useConformForm, useInsertedRow } from "../components/forms/form";
import { AddLineButton, LinePreview, previewLine, previewTotals, RemoveLineButton, UnitSelect } from "../components/OrderLineInputs";
import { parseSubmission } from "../lib/conform";
import { daysFromQuantity } from "../domain/orders/amounts";
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
    const submission = parseSubmission(form, draftSchema);
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
  const submission = parseSubmission(form, amendmentSchema);
  const listed = listIntentAnswer(submission);
  if (listed) return listed;
  return answerAction(conformReply(submission), async () => {
    await amendOrder(getDb(), user, id, submittedValue(submission));
    return redirect(`/commandes/${id}?ok=amended`);
  });
}

type AmendLine = {
  lineId: string;
  workUnitCode: string;
  amount: string;
  unit: "uo" | "days";
};
type AmendValues = { reason: string; lines: AmendLine[] };

/** The ids the amendment keeps: a line's fields are `amend-<i>-code|amount|unit`. */
function amendFieldId(name: string): string {
  const m = /^lines\[(\d+)\]\.(workUnitCode|amount|unit|lineId)$/.exec(name);
  if (m) return `amend-${m[1]}-${m[2] === "workUnitCode" || m[2] === "lineId" ? "code" : m[2]}`;
  return name === "lines" ? "amend-lines" : name;
}

const NEW_AMEND_LINE: AmendLine = { lineId: "", workUnitCode: "", amount: "", unit: "uo" };

export default function EditOrder() {
  const data = useLoaderData<typeof loader>();
  const action = useActionData<ConformAnswer>();
  if (data.mode === "draft") {
    return (
      <>
        <h1>Modifier le brouillon n° {data.order.id}</h1>
        <p>
          <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to={`/commandes/${data.order.id}`}>
            Retour au brouillon
          </Link>
        </p>
        <OrderForm options={data.options} values={data.values} lastResult={action?.result} submitLabel="Enregistrer le brouillon" proposals={data.proposals} />
      </>
    );
  }
  return <Amendment />;
}

function Amendment() {
  const { order, lines, workUnits, newPrices, floors } = useLoaderData<typeof loader>();
  const action = useActionData<ConformAnswer>();
  const navigation = useNavigation();
  const [form, fields] = useConformForm<AmendValues>({
    id: "amend",
    schema: amendmentSchema,
    lastResult: action?.result,
    lists: { lines: {} },
    defaultValue: {
      reason: "",
      lines: lines.map((l) => ({ lineId: String(l.id), workUnitCode: l.workUnitCode, amount: formatQuantity(l.quantity), unit: "uo" as const })),
    },
  });
  const typed = (v: unknown) => (typeof v === "string" ? v : "");
  const rows = fields.lines.getFieldList().map((f) => {
    const l = f.getFieldset();
    return {
      field: f,
      l,
      lineId: typed(l.lineId.value),
      workUnitCode: typed(l.workUnitCode.value),
      amount: typed(l.amount.value),
      unit: l.unit.value === "days" ? "days" : "uo",
    } as const;
  });
  const priceOf = (r: { lineId: string; workUnitCode: string }) =>
    r.lineId ? lines.find((l) => String(l.id) === r.lineId)?.unitPrice : (newPrices as Partial<Record<WorkUnitCode, string>>)[r.workUnitCode as WorkUnitCode];
  const preview = rows.map((r) => previewLine(r.amount, r.unit, priceOf(r), !!r.lineId));
  const totals = previewTotals(preview, order.vat_rate);
  // "Ajouter une ligne" (Conform's insert): the new row is announced and its type of UO focused
  const rowsChange = useInsertedRow(rows.length, (n) => amendFieldId(`lines[${n - 1}].workUnitCode`));
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
      <ConformForm form={form} lastResult={action?.result}>
        {/* Enter in a field saves (the form's first submit button), never "Retirer" or "Ajouter une ligne" */}
        <button type="submit" className="fr-sr-only" tabIndex={-1} aria-hidden="true">
          Enregistrer la modification
        </button>
        <FormErrorSummary form={form} idOf={amendFieldId} />
        <Fieldset id="amend-lines" legend="Lignes" hint="Quantité en UO (1 UO = 20 jours) ou en jours, par demi-journées.">
          <div className="fr-fieldset__element">
            <FieldError id="amend-lines" message={fields.lines.errors?.[0]} />
          </div>
          {rows.map((r, i) => {
            const existing = r.lineId ? lines.find((l) => String(l.id) === r.lineId) : undefined;
            const floor = existing
              ? ((floors as Record<string, { floor: string; consumed: string; pending: string }>)[existing.id] ?? { floor: "0", consumed: "0", pending: "0" })
              : null;
            const p = preview[i];
            return (
              <div key={r.field.key} className="fr-fieldset__element" data-testid="amend-line">
                {r.lineId && <input type="hidden" name={r.l.lineId.name} value={r.lineId} />}
                <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                  <div className="fr-col-12 fr-col-md-4">
                    {existing ? (
                      <>
                        <input type="hidden" name={r.l.workUnitCode.name} value={r.workUnitCode} />
                        <p className="fr-mb-1v" id={amendFieldId(r.l.workUnitCode.name)}>
                          <strong>
                            Ligne {existing.lineNo} : {existing.workUnitLabel}
                          </strong>
                          <br />
                          <span className="fr-text--sm">
                            Commandé {formatQuantity(existing.quantity)} UO ({formatDays(daysFromQuantity(existing.quantity))} j) · minimum{" "}
                            {formatDays(floor?.floor)} j (consommé {formatDays(floor?.consumed)} j, en attente {formatDays(floor?.pending)} j)
                          </span>
                        </p>
                        <FieldError id={`${amendFieldId(r.l.lineId.name)}-error`} message={r.l.lineId.errors?.[0] ?? r.l.workUnitCode.errors?.[0]} />
                      </>
                    ) : (
                      <SelectField
                        id={amendFieldId(r.l.workUnitCode.name)}
                        name={r.l.workUnitCode.name}
                        label="Nouvelle ligne : type d'UO"
                        placeholder="Choisir une UO"
                        options={workUnits.map((w) => ({ value: w.code, label: w.label }))}
                      />
                    )}
                  </div>
                  <div className="fr-col-6 fr-col-md-2">
                    <TextField
                      id={amendFieldId(r.l.amount.name)}
                      name={r.l.amount.name}
                      label={existing ? `Ligne ${existing.lineNo} : nouvelle quantité` : "Quantité"}
                      inputMode="decimal"
                    />
                  </div>
                  <div className="fr-col-6 fr-col-md-2">
                    <UnitSelect id={amendFieldId(r.l.unit.name)} name={r.l.unit.name} label="Unité" />
                  </div>
                  <div className="fr-col-12 fr-col-md-3">
                    <LinePreview preview={p} />
                  </div>
                  <div className="fr-col-12 fr-col-md-1">
                    {!existing && (
                      <RemoveLineButton
                        remove={form.remove.getButtonProps({ name: fields.lines.name, index: i })}
                        rowsChange={rowsChange}
                        removed="Nouvelle ligne retirée."
                      >
                        Retirer<span className="fr-sr-only"> la nouvelle ligne</span>
                      </RemoveLineButton>
                    )}
                  </div>
                </div>
              </div>
            );
          })}
          <AddLineButton
            insert={form.insert.getButtonProps({ name: fields.lines.name, defaultValue: NEW_AMEND_LINE })}
            rowsChange={rowsChange}
            added="Nouvelle ligne ajoutée : choisissez son type d'UO."
          />
          <p className="fr-fieldset__element" data-testid="form-totals" aria-live="polite">
            Nouveau total HT : <strong>{formatEuros(totals.totalHt)}</strong> · TVA ({formatPercent(order.vat_rate)}) : {formatEuros(totals.totalVat)} · Total
            TTC : <strong>{formatEuros(totals.totalTtc)}</strong> (actuellement {formatEuros(order.total_ttc)})
          </p>
        </Fieldset>
        <TextAreaField id="reason" name="reason" label="Motif de la modification (obligatoire)" />
        <button className="fr-btn fr-mt-3w" type="submit" disabled={navigation.state === "submitting"}>
          Enregistrer la modification
        </button>
      </ConformForm>
    </>
  );
}
