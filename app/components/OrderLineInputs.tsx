// What an order line's row shows in the two order forms (a draft's, OrderForm; an amendment's,
// commandes.$id_.modifier): the unit its quantity is typed in, and the preview of what that quantity means.
import { daysFromQuantity, formatDayRate } from "../domain/orders/amounts";
import { formatDays, formatEuros, formatQuantity } from "../lib/format";
import { SelectField } from "./forms/fields";

const UNITS = [
  { value: "uo", label: "UO" },
  { value: "days", label: "jours" },
];

/** The quantity's unit: UO (the default) or days. */
export function UnitSelect({ id, name, label }: { id: string; name: string; label: string }) {
  return <SelectField id={id} name={name} label={label} placeholder={null} defaultValue="uo" options={UNITS} />;
}

/** A line's quantity in UO and days, its price per UO (with the day rate, `dayRate`) and its amount HT, as typed. */
export function LinePreview({
  preview: p,
  dayRate = false,
  testId,
}: {
  preview: { quantity: string | null; price: string | null | undefined; amount: string | null };
  dayRate?: boolean;
  testId?: string;
}) {
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
