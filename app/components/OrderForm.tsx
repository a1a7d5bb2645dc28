// The draft order form (new order and draft edit). Amounts are previewed with the same pure functions as
// the server (domain/orders/amounts.ts); the server recomputes everything and freezes prices at issue.
import { useState } from "react";
import { useNavigation } from "@remix-run/react";
import type { WorkUnitCode } from "../../db/schema";
import { draftSchema } from "../domain/orders/schemas";
import { FormErrorSummary } from "./forms/ErrorSummary";
import { DATE_HINT, DateField, SelectField, TextAreaField, TextField } from "./forms/fields";
import { ConformForm, useConformForm, useInsertedRow, type FormResult } from "./forms/form";
import { AddLineButton, LinePreview, previewLine, previewTotals, RemoveLineButton, UnitSelect } from "./OrderLineInputs";
import { dec } from "../lib/decimal";
import { formatDate, formatEuros } from "../lib/format";
import { startsWithVowel } from "../lib/french";
import { FieldGrid } from "./forms/FieldGrid";
import { Fieldset } from "./forms/Fieldset";

export interface OrderFormOptions {
  products: { id: number; name: string; kind: string; orderable?: boolean }[];
  lots: { id: number; number: number; title: string; contractId: number; reference: string; start_date: string; end_date: string }[];
  holders: { lot_id: number; id: number; name: string }[];
  workUnits: { code: WorkUnitCode; label: string }[];
  prices: Record<string, Partial<Record<WorkUnitCode, string>>>;
  date: string;
}

export type LineValue = {
  workUnitCode: string;
  amount: string;
  unit: "uo" | "days";
};

export type OrderFormValues = {
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
};

/** The ids the order form keeps (e2e tests and the summary's links use them): a line's fields are `line-<i>-code|amount|unit`. */
export function orderFieldId(name: string): string {
  const m = /^lines\[(\d+)\]\.(workUnitCode|amount|unit)$/.exec(name);
  if (m) return `line-${m[1]}-${m[2] === "workUnitCode" ? "code" : m[2]}`;
  return name === "lines" ? "line-0-code" : name;
}

/** A new line as "Ajouter une ligne" inserts it (Conform's list insert, with or without JavaScript). */
const NEW_LINE: LineValue = { workUnitCode: "", amount: "", unit: "uo" };

export function OrderForm({
  options,
  values,
  lastResult,
  submitLabel,
  proposals,
}: {
  options: OrderFormOptions;
  /** the draft's values (or the product asked in the URL) */
  values?: OrderFormValues;
  /** the action's answer: its refusal, the values typed */
  lastResult?: FormResult;
  submitLabel: string;
  /** per lot id, the holder whose turn it is (round-robin attribution, domain/attribution) */
  proposals?: Record<string, { contractorId: number; contractorName: string; roundRobin: boolean }>;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useConformForm<OrderFormValues>({
    id: "order",
    schema: draftSchema,
    lists: { lines: {} },
    lastResult,
    defaultValue: { vatPercent: "20", ...values, lines: values?.lines?.length ? values.lines : [NEW_LINE] },
  });
  const typed = (v: unknown) => (typeof v === "string" ? v : "");
  // product, lot and holder are controlled: the holders follow the lot, the proposal sets the holder
  const [productId, setProductId] = useState(typed(fields.productId.initialValue) || (options.products.length === 1 ? String(options.products[0].id) : ""));
  const [lotId, setLotId] = useState(typed(fields.lotId.initialValue));
  const [contractorId, setContractorId] = useState(typed(fields.contractorId.initialValue));
  const holders = options.holders.filter((h) => String(h.lot_id) === lotId);
  const proposal = proposals?.[lotId]?.roundRobin ? proposals[lotId] : null;
  const overridden = !!proposal && contractorId !== "" && contractorId !== String(proposal.contractorId);
  const lot = options.lots.find((l) => String(l.id) === lotId);
  const prices = lot && contractorId ? (options.prices[`${lot.contractId}:${contractorId}`] ?? {}) : {};

  const lineFields = fields.lines.getFieldList();
  const preview = lineFields.map((lf) => {
    const l = lf.getFieldset();
    const code = typed(l.workUnitCode.value);
    return previewLine(typed(l.amount.value), l.unit.value === "days" ? "days" : "uo", code ? prices[code as WorkUnitCode] : undefined);
  });
  const vatPercent = typed(fields.vatPercent.value) || "20";
  const vatRate = /^\d{1,2}([.,]\d{1,2})?$/.test(vatPercent.trim()) ? dec(vatPercent.trim().replace(",", ".")).dividedBy(100).toFixed(4) : "0.2000";
  const totals = previewTotals(preview, vatRate);

  // "Ajouter une ligne" (Conform's insert): the new row is announced and its first field focused
  const rowsChange = useInsertedRow(lineFields.length, (n) => orderFieldId(`lines[${n - 1}].workUnitCode`));

  return (
    <ConformForm form={form} lastResult={lastResult}>
      {/* Enter in a field saves (the form's first submit button), never "Retirer" or "Ajouter une ligne" */}
      <button type="submit" className="fr-sr-only" tabIndex={-1} aria-hidden="true">
        {submitLabel}
      </button>
      <FormErrorSummary form={form} idOf={orderFieldId} />
      <Fieldset id="what" legend="Produit, accord-cadre et titulaire">
        <div className="fr-fieldset__element">
          <SelectField id="productId" name="productId" label="Produit" value={productId} onChange={setProductId} required placeholder="Choisir un produit">
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
            value={lotId}
            onChange={(v) => {
              setLotId(v);
              setContractorId(proposals?.[v] ? String(proposals[v].contractorId) : "");
            }}
            required
            placeholder="Choisir un accord-cadre et un lot"
          >
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
                value={contractorId}
                onChange={setContractorId}
                required
                placeholder="Choisir un titulaire du lot"
              >
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
              {(overridden || fields.attributionReason.errors) && (
                <TextAreaField
                  id="attributionReason"
                  name="attributionReason"
                  label="Raison du choix d'un autre titulaire"
                  hint="Obligatoire : visible par la DINUM"
                  rows={2}
                  required
                />
              )}
            </div>
          </div>
        </div>
      </Fieldset>

      <Fieldset
        id="period"
        legend="Période d'exécution"
        hint={
          <>
            {DATE_HINT}.{lot && ` Comprise dans l'accord-cadre ${lot.reference} : du ${formatDate(lot.start_date)} au ${formatDate(lot.end_date)}`}
          </>
        }
      >
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <DateField id="periodStart" name="periodStart" label="Début" hint={null} required />
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <DateField id="periodEnd" name="periodEnd" label="Fin" hint={null} required />
        </div>
      </Fieldset>

      <Fieldset
        id="lines"
        legend="Lignes du bon de commande"
        hint={
          <>
            1 UO = 20 jours. Saisissez la quantité en UO (par exemple 2,375) ou en jours (par demi-journées, par exemple 47,5). Prix du bordereau approuvé en
            vigueur le {formatDate(options.date)} ; ils sont figés à l'émission.
          </>
        }
      >
        {fields.lines.errors && (
          <p className="fr-error-text fr-fieldset__element" id="lines-error">
            {fields.lines.errors[0]}
          </p>
        )}
        {lineFields.map((lf, i) => {
          const l = lf.getFieldset();
          const p = preview[i];
          return (
            <div key={lf.key} className="fr-fieldset__element pilotage-order-line" data-testid="order-form-line">
              <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                <div className="fr-col-12 fr-col-md-4">
                  <SelectField
                    id={orderFieldId(l.workUnitCode.name)}
                    name={l.workUnitCode.name}
                    label={`Ligne ${i + 1} : type d'UO`}
                    placeholder="Choisir une UO"
                    options={options.workUnits.map((w) => ({ value: w.code, label: w.label }))}
                  />
                </div>
                <div className="fr-col-6 fr-col-md-2">
                  <TextField id={orderFieldId(l.amount.name)} name={l.amount.name} label={`Ligne ${i + 1} : quantité`} inputMode="decimal" />
                </div>
                <div className="fr-col-6 fr-col-md-2">
                  <UnitSelect id={orderFieldId(l.unit.name)} name={l.unit.name} label={`Ligne ${i + 1} : unité`} />
                </div>
                <div className="fr-col-12 fr-col-md-3">
                  <LinePreview preview={p} dayRate testId="line-preview" />
                </div>
                <div className="fr-col-12 fr-col-md-1">
                  {lineFields.length > 1 && (
                    <RemoveLineButton
                      remove={form.remove.getButtonProps({ name: fields.lines.name, index: i })}
                      rowsChange={rowsChange}
                      removed={`Ligne ${i + 1} retirée.`}
                      icon
                    >
                      Retirer<span className="fr-sr-only"> la ligne {i + 1}</span>
                    </RemoveLineButton>
                  )}
                </div>
              </div>
            </div>
          );
        })}
        <AddLineButton
          insert={form.insert.getButtonProps({ name: fields.lines.name, defaultValue: NEW_LINE })}
          rowsChange={rowsChange}
          added={`Ligne ${lineFields.length + 1} ajoutée : choisissez son type d'UO.`}
        />
        <div className="fr-fieldset__element">
          <FieldGrid md={[3, 9]}>
            <TextField id="vatPercent" name="vatPercent" label="Taux de TVA (%)" inputMode="decimal" />
            <p className="fr-mb-0" data-testid="form-totals" aria-live="polite">
              Total HT : <strong>{formatEuros(totals.totalHt)}</strong> · TVA : {formatEuros(totals.totalVat)} · Total TTC :{" "}
              <strong>{formatEuros(totals.totalTtc)}</strong>
            </p>
          </FieldGrid>
        </div>
      </Fieldset>

      <Fieldset id="more" legend="Objet et engagement (facultatif)" hint="L'EJ et l'imputation peuvent être complétés plus tard.">
        <div className="fr-fieldset__element">
          <TextField id="title" name="title" label="Objet" maxLength={200} />
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <TextField id="ejNumber" name="ejNumber" label="Numéro d'engagement juridique (EJ)" maxLength={30} />
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <TextField id="budgetProgramme" name="budgetProgramme" label="Programme" maxLength={60} />
        </div>
        <div className="fr-fieldset__element fr-fieldset__element--inline">
          <TextField id="budgetCentre" name="budgetCentre" label="Centre financier" maxLength={60} />
        </div>
      </Fieldset>
      <div className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
        <button className="fr-btn" type="submit" disabled={busy}>
          {busy ? "Enregistrement…" : submitLabel}
        </button>
      </div>
    </ConformForm>
  );
}
