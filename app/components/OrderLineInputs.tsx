// What an order line's row shows in the two order forms (a draft's, OrderForm; an amendment's,
// commandes.$id_.modifier): the unit its quantity is typed in, the preview of what that quantity means (and the
// totals of the lines typed), and the buttons that add a line and take one out.
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { daysFromQuantity, formatDayRate, lineAmountHt, orderTotals } from "../domain/orders/amounts";
import { quantityFromInput } from "../domain/orders/schemas";
import { formatDays, formatEuros, formatQuantity } from "../lib/format";
import { SelectField } from "./forms/fields";
import type { useInsertedRow } from "./forms/form";

export interface LinePreviewValue {
  quantity: string | null;
  price: string | null | undefined;
  amount: string | null;
}

/** What a line typed comes to: its quantity in UO (null until it reads; 0 allowed for a line already ordered), its price, its amount HT. */
export function previewLine(amount: string, unit: "uo" | "days", price: string | undefined, existing = false): LinePreviewValue {
  const q = amount.trim() ? quantityFromInput(amount, unit, existing) : null;
  const quantity = q && "quantity" in q ? q.quantity : null;
  return { quantity, price, amount: quantity && price ? lineAmountHt(quantity, price) : null };
}

/** The totals (HT, VAT at `vatRate`, TTC) of the lines that read, quantity and price. */
export function previewTotals(preview: LinePreviewValue[], vatRate: string) {
  return orderTotals(
    preview.filter((p) => p.quantity && p.price).map((p) => ({ quantity: p.quantity!, unitPrice: p.price! })),
    vatRate,
  );
}

/** "Retirer" a line (Conform's list remove, `remove` its button's props), announced; `icon` adds the bin. */
export function RemoveLineButton({
  remove,
  rowsChange,
  removed,
  icon = false,
  children,
}: {
  remove: ButtonHTMLAttributes<HTMLButtonElement>;
  rowsChange: ReturnType<typeof useInsertedRow>;
  /** what is announced once the row is gone */
  removed: string;
  icon?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      {...remove}
      className={`fr-btn fr-btn--tertiary fr-btn--sm${icon ? " fr-icon-delete-line fr-btn--icon-left" : ""}`}
      onClick={() => rowsChange.removed(removed)}
    >
      {children}
    </button>
  );
}

/** "Ajouter une ligne" (Conform's list insert, `insert` its button's props) and the live region that announces the row added. */
export function AddLineButton({
  insert,
  rowsChange,
  added,
}: {
  insert: ButtonHTMLAttributes<HTMLButtonElement>;
  rowsChange: ReturnType<typeof useInsertedRow>;
  /** what is announced once the row is added */
  added: string;
}) {
  return (
    <div className="fr-fieldset__element">
      <button {...insert} className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-add-line fr-btn--icon-left" onClick={() => rowsChange.added(added)}>
        Ajouter une ligne
      </button>
      <p className="fr-sr-only" aria-live="polite" data-testid="lines-announce">
        {rowsChange.announce}
      </p>
    </div>
  );
}

const UNITS = [
  { value: "uo", label: "UO" },
  { value: "days", label: "jours" },
];

/** The quantity's unit: UO (the default) or days. */
export function UnitSelect({ id, name, label }: { id: string; name: string; label: string }) {
  return <SelectField id={id} name={name} label={label} placeholder={null} defaultValue="uo" options={UNITS} />;
}

/** A line's quantity in UO and days, its price per UO (with the day rate, `dayRate`) and its amount HT, as typed. */
export function LinePreview({ preview: p, dayRate = false, testId }: { preview: LinePreviewValue; dayRate?: boolean; testId?: string }) {
  return (
    <p className="fr-text--sm fr-mb-1v" data-testid={testId} aria-live="polite">
      {p.quantity ? (
        <>
          {formatQuantity(p.quantity)} UO = {formatDays(daysFromQuantity(p.quantity))} j
        </>
      ) : (
        "—"
      )}
      {p.price &&
        (dayRate ? (
          <>
            <br />
            {formatEuros(p.price)} HT / UO ({formatDayRate(p.price)} / j)
          </>
        ) : (
          <>
            <br />
            {formatEuros(p.price)} HT / UO
          </>
        ))}
      {p.amount && (
        <>
          <br />
          <strong>{formatEuros(p.amount)} HT</strong>
        </>
      )}
    </p>
  );
}
