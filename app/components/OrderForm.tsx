// The draft order form (new order and draft edit). Amounts are previewed with the same pure functions as
// the server (domain/orders/amounts.ts); the server recomputes everything and freezes prices at issue.
import { useState, type ReactNode } from "react";
import { Form, useNavigation } from "@remix-run/react";
import type { WorkUnitCode } from "../../db/schema";
import { daysFromQuantity, formatDayRate, lineAmountHt, orderTotals } from "../domain/orders/amounts";
import { quantityFromInput } from "../domain/orders/schemas";
import { dec } from "../lib/decimal";
import { formatDate, formatDays, formatEuros, formatQuantity } from "../lib/format";
import { startsWithVowel } from "../lib/french";

export interface OrderFormOptions {
  products: { id: number; name: string; kind: string; orderable?: boolean }[];
  lots: { id: number; number: number; title: string; contractId: number; reference: string; start_date: string; end_date: string }[];
  holders: { lot_id: number; id: number; name: string }[];
  workUnits: { code: WorkUnitCode; label: string }[];
  prices: Record<string, Partial<Record<WorkUnitCode, string>>>;
  date: string;
}

export interface LineValue {
  workUnitCode: string;
  amount: string;
  unit: "uo" | "days";
}

export interface OrderFormValues {
  productId?: string;
  lotId?: string;
  contractorId?: string;
  periodStart?: string;
  periodEnd?: string;
  title?: string;
  vatPercent?: string;
  ejNumber?: string;
  budgetProgramme?: string;
  budgetCentre?: string;
  attributionReason?: string;
  proposedContractorId?: string;
  lines?: LineValue[];
}

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

/** Action values (raw form object) → form values. */
export function toFormValues(raw: Record<string, unknown> | undefined): OrderFormValues | undefined {
  if (!raw) return undefined;
  const lines = Array.isArray(raw.lines) ? (raw.lines as Record<string, unknown>[]) : [];
  return {
    productId: str(raw.productId),
    lotId: str(raw.lotId),
    contractorId: str(raw.contractorId),
    periodStart: str(raw.periodStart),
    periodEnd: str(raw.periodEnd),
    title: str(raw.title),
    vatPercent: str(raw.vatPercent),
    ejNumber: str(raw.ejNumber),
    budgetProgramme: str(raw.budgetProgramme),
    budgetCentre: str(raw.budgetCentre),
    attributionReason: str(raw.attributionReason),
    proposedContractorId: str(raw.proposedContractorId),
    lines: lines.map((l) => ({ workUnitCode: str(l.workUnitCode), amount: str(l.amount), unit: l.unit === "days" ? "days" : "uo" })),
  };
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className={`fr-input-group${error ? " fr-input-group--error" : ""}`}>
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

function SelectField({
  id,
  name,
  label,
  hint,
  error,
  value,
  onChange,
  children,
  required,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
  required?: boolean;
}) {
  return (
    <div className={`fr-select-group${error ? " fr-select-group--error" : ""}`}>
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint && <span className="fr-hint-text">{hint}</span>}
      </label>
      <select
        className={`fr-select${error ? " fr-select--error" : ""}`}
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {children}
      </select>
      {error && (
        <p className="fr-error-text" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function OrderForm({
  options,
  values,
  errors,
  submitLabel,
  proposals,
}: {
  options: OrderFormOptions;
  values?: OrderFormValues;
  errors?: Record<string, string>;
  submitLabel: string;
  /** per lot id, the holder whose turn it is (round-robin attribution, domain/attribution) */
  proposals?: Record<string, { contractorId: number; contractorName: string; roundRobin: boolean }>;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const e = errors ?? {};
  const [productId, setProductId] = useState(values?.productId ?? (options.products.length === 1 ? String(options.products[0].id) : ""));
  const [lotId, setLotId] = useState(values?.lotId ?? "");
  const holders = options.holders.filter((h) => String(h.lot_id) === lotId);
  const [contractorId, setContractorId] = useState(values?.contractorId ?? "");
  const proposal = proposals?.[lotId]?.roundRobin ? proposals[lotId] : null;
  const overridden = !!proposal && contractorId !== "" && contractorId !== String(proposal.contractorId);
  const [vatPercent, setVatPercent] = useState(values?.vatPercent || "20");
  const [lines, setLines] = useState<LineValue[]>(values?.lines?.length ? values.lines : [{ workUnitCode: "", amount: "", unit: "uo" }]);
  const lot = options.lots.find((l) => String(l.id) === lotId);
  const prices = lot && contractorId ? (options.prices[`${lot.contractId}:${contractorId}`] ?? {}) : {};

  const update = (i: number, patch: Partial<LineValue>) => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const preview = lines.map((l) => {
    const q = (l.amount ?? "").trim() ? quantityFromInput(l.amount, l.unit) : null;
    const price = l.workUnitCode ? prices[l.workUnitCode as WorkUnitCode] : undefined;
    const quantity = q && "quantity" in q ? q.quantity : null;
    return { quantity, price, amount: quantity && price ? lineAmountHt(quantity, price) : null };
  });
  const vatRate = /^\d{1,2}([.,]\d{1,2})?$/.test(vatPercent.trim()) ? dec(vatPercent.trim().replace(",", ".")).dividedBy(100).toFixed(4) : "0.2000";
  const complete = preview.filter((p) => p.quantity && p.price) as { quantity: string; price: string }[];
  const totals = orderTotals(
    complete.map((p) => ({ quantity: p.quantity, unitPrice: p.price })),
    vatRate,
  );

  return (
    <Form method="post" noValidate>
      {e._form && (
        <div className="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <h2 className="fr-alert__title">Le bon de commande n'a pas été enregistré</h2>
          <p data-testid="form-error">{e._form}</p>
        </div>
      )}
      <fieldset className="fr-fieldset" aria-labelledby="what-legend">
        <legend className="fr-fieldset__legend" id="what-legend">
          Produit, accord-cadre et titulaire
        </legend>
        <div className="fr-fieldset__element">
          <SelectField id="productId" name="productId" label="Produit" error={e.productId} value={productId} onChange={setProductId} required>
            <option value="">Choisir un produit</option>
            {/* R19: a product out of the orderable phases is offered only to the draft that already has it */}
            {options.products
              .filter((p) => p.orderable !== false || String(p.id) === productId)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.kind === "dinum_product" ? " (produit DINUM)" : ""}
                </option>
              ))}
          </SelectField>
        </div>
        <div className="fr-fieldset__element">
          <SelectField
            id="lotId"
            name="lotId"
            label="Accord-cadre et lot"
            error={e.lotId}
            value={lotId}
            onChange={(v) => {
              setLotId(v);
              setContractorId(proposals?.[v] ? String(proposals[v].contractorId) : "");
            }}
            required
          >
            <option value="">Choisir un accord-cadre et un lot</option>
            {options.lots.map((l) => (
              <option key={l.id} value={l.id}>
                {l.reference} – lot {l.number} : {l.title} (jusqu'au {formatDate(l.end_date)})
              </option>
            ))}
          </SelectField>
        </div>
        <div className="fr-fieldset__element">
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-6">
              <SelectField
                id="contractorId"
                name="contractorId"
                label="Titulaire"
                hint="Un titulaire du lot choisi"
                error={e.contractorId}
                value={contractorId}
                onChange={setContractorId}
                required
              >
                <option value="">Choisir un titulaire du lot</option>
                {lot
                  ? holders.map((h) => (
                      <option key={h.id} value={h.id}>
                        {h.name}
                      </option>
                    ))
                  : options.lots.map((l) => (
                      // before a lot is chosen (or without JavaScript): every holder, grouped by lot; the server checks the pair
                      <optgroup key={l.id} label={`${l.reference} – lot ${l.number}`}>
                        {options.holders
                          .filter((h) => h.lot_id === l.id)
                          .map((h) => (
                            <option key={`${l.id}-${h.id}`} value={h.id}>
                              {h.name}
                            </option>
                          ))}
                      </optgroup>
                    ))}
              </SelectField>
            </div>
            <div className="fr-col-12 fr-col-md-6" data-testid="attribution-proposal">
              {proposal && (
                <div className="fr-callout fr-p-2w fr-mb-0">
                  <p className="fr-callout__text fr-text--md">
                    Tourniquet : c'est le tour {startsWithVowel(proposal.contractorName) ? "d'" : "de "}
                    <strong>{proposal.contractorName}</strong> sur ce lot.
                  </p>
                  <input type="hidden" name="proposedContractorId" value={proposal.contractorId} />
                </div>
              )}
              {overridden && (
                <Field
                  id="attributionReason"
                  label="Raison du choix d'un autre titulaire"
                  hint="Obligatoire : visible par la DINUM"
                  error={e.attributionReason}
                >
                  <textarea
                    className="fr-input"
                    id="attributionReason"
                    name="attributionReason"
                    rows={2}
                    defaultValue={values?.attributionReason ?? ""}
                    required
                    aria-describedby={e.attributionReason ? "attributionReason-error" : undefined}
                  />
                </Field>
              )}
            </div>
          </div>
        </div>
      </fieldset>

      <fieldset className="fr-fieldset" aria-labelledby="period-legend">
        <legend className="fr-fieldset__legend" id="period-legend">
          Période d'exécution
          {lot && (
            <span className="fr-hint-text">
              Comprise dans l'accord-cadre {lot.reference} : du {formatDate(lot.start_date)} au {formatDate(lot.end_date)}
            </span>
          )}
        </legend>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Field id="periodStart" label="Début" error={e.periodStart}>
            <input
              className="fr-input"
              type="date"
              id="periodStart"
              name="periodStart"
              defaultValue={values?.periodStart ?? ""}
              required
              aria-describedby={e.periodStart ? "periodStart-error" : undefined}
            />
          </Field>
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Field id="periodEnd" label="Fin" error={e.periodEnd}>
            <input
              className="fr-input"
              type="date"
              id="periodEnd"
              name="periodEnd"
              defaultValue={values?.periodEnd ?? ""}
              required
              aria-describedby={e.periodEnd ? "periodEnd-error" : undefined}
            />
          </Field>
        </div>
      </fieldset>

      <fieldset className="fr-fieldset" aria-labelledby="lines-legend">
        <legend className="fr-fieldset__legend" id="lines-legend">
          Lignes du bon de commande
          <span className="fr-hint-text">
            1 UO = 20 jours. Saisissez la quantité en UO (par exemple 2,375) ou en jours (par demi-journées, par exemple 47,5). Prix du bordereau approuvé en
            vigueur le {formatDate(options.date)} ; ils sont figés à l'émission.
          </span>
        </legend>
        {e.lines && (
          <p className="fr-error-text fr-fieldset__element" id="lines-error">
            {e.lines}
          </p>
        )}
        {lines.map((l, i) => {
          const p = preview[i];
          const amountError = e[`lines.${i}.amount`];
          const codeError = e[`lines.${i}.workUnitCode`];
          return (
            <div key={i} className="fr-fieldset__element pilotage-order-line" data-testid="order-form-line">
              <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                <div className="fr-col-12 fr-col-md-4">
                  <SelectField
                    id={`line-${i}-code`}
                    name={`lines.${i}.workUnitCode`}
                    label={`Ligne ${i + 1} : type d'UO`}
                    error={codeError}
                    value={l.workUnitCode}
                    onChange={(v) => update(i, { workUnitCode: v })}
                  >
                    <option value="">Choisir une UO</option>
                    {options.workUnits.map((w) => (
                      <option key={w.code} value={w.code}>
                        {w.label}
                      </option>
                    ))}
                  </SelectField>
                </div>
                <div className="fr-col-6 fr-col-md-2">
                  <Field id={`line-${i}-amount`} label={`Ligne ${i + 1} : quantité`} error={amountError}>
                    <input
                      className="fr-input"
                      id={`line-${i}-amount`}
                      name={`lines.${i}.amount`}
                      inputMode="decimal"
                      value={l.amount}
                      onChange={(ev) => update(i, { amount: ev.target.value })}
                      aria-describedby={amountError ? `line-${i}-amount-error` : undefined}
                    />
                  </Field>
                </div>
                <div className="fr-col-6 fr-col-md-2">
                  <SelectField
                    id={`line-${i}-unit`}
                    name={`lines.${i}.unit`}
                    label={`Ligne ${i + 1} : unité`}
                    value={l.unit}
                    onChange={(v) => update(i, { unit: v === "days" ? "days" : "uo" })}
                  >
                    <option value="uo">UO</option>
                    <option value="days">jours</option>
                  </SelectField>
                </div>
                <div className="fr-col-12 fr-col-md-3">
                  <p className="fr-text--sm fr-mb-1v" data-testid="line-preview" aria-live="polite">
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
                        {formatEuros(p.price)} HT / UO ({formatDayRate(p.price)} / j)
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
                  {lines.length > 1 && (
                    <button
                      type="button"
                      className="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
                      onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}
                    >
                      Retirer<span className="fr-sr-only"> la ligne {i + 1}</span>
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
            onClick={() => setLines((ls) => [...ls, { workUnitCode: "", amount: "", unit: "uo" }])}
          >
            Ajouter une ligne
          </button>
        </div>
        <div className="fr-fieldset__element">
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-md-3">
              <Field id="vatPercent" label="Taux de TVA (%)" error={e.vatPercent}>
                <input
                  className="fr-input"
                  id="vatPercent"
                  name="vatPercent"
                  inputMode="decimal"
                  value={vatPercent}
                  onChange={(ev) => setVatPercent(ev.target.value)}
                />
              </Field>
            </div>
            <div className="fr-col-12 fr-col-md-9">
              <p className="fr-mb-0" data-testid="form-totals" aria-live="polite">
                Total HT : <strong>{formatEuros(totals.totalHt)}</strong> · TVA : {formatEuros(totals.totalVat)} · Total TTC :{" "}
                <strong>{formatEuros(totals.totalTtc)}</strong>
              </p>
            </div>
          </div>
        </div>
      </fieldset>

      <fieldset className="fr-fieldset" aria-labelledby="more-legend">
        <legend className="fr-fieldset__legend" id="more-legend">
          Objet et engagement (facultatif)<span className="fr-hint-text">L'EJ et l'imputation peuvent être complétés plus tard.</span>
        </legend>
        <div className="fr-fieldset__element">
          <Field id="title" label="Objet" error={e.title}>
            <input className="fr-input" id="title" name="title" defaultValue={values?.title ?? ""} maxLength={200} />
          </Field>
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Field id="ejNumber" label="Numéro d'engagement juridique (EJ)" error={e.ejNumber}>
            <input className="fr-input" id="ejNumber" name="ejNumber" defaultValue={values?.ejNumber ?? ""} maxLength={30} />
          </Field>
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Field id="budgetProgramme" label="Programme" error={e.budgetProgramme}>
            <input className="fr-input" id="budgetProgramme" name="budgetProgramme" defaultValue={values?.budgetProgramme ?? ""} maxLength={60} />
          </Field>
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <Field id="budgetCentre" label="Centre financier" error={e.budgetCentre}>
            <input className="fr-input" id="budgetCentre" name="budgetCentre" defaultValue={values?.budgetCentre ?? ""} maxLength={60} />
          </Field>
        </div>
      </fieldset>
      <div className="fr-btns-group fr-btns-group--inline-md">
        <button className="fr-btn" type="submit" disabled={busy}>
          {busy ? "Enregistrement…" : submitLabel}
        </button>
      </div>
    </Form>
  );
}
