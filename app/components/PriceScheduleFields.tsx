// The price fields of a price schedule version: one unit price HT per UO type.
import { TextField } from "./forms/fields";
import { Fieldset } from "./forms/Fieldset";

/** The price fields keep their ids (`price-PM`…): the error summary of their form links there. */
export const priceFieldId = (name: string) => (name.startsWith("prices.") ? `price-${name.slice("prices.".length)}` : undefined);

export function PriceScheduleFields({ units, prices }: { units: { code: string; label: string }[]; prices: Record<string, string> }) {
  return (
    <Fieldset id="prices" legend="Prix unitaires HT par unité d'œuvre (1 UO = 20 jours)">
      {units.map((u) => (
        <div className="fr-fieldset__element fr-col-12 fr-col-md-6" key={u.code}>
          <TextField
            name={`prices.${u.code}`}
            id={priceFieldId(`prices.${u.code}`)}
            label={`${u.label} (€ HT)`}
            hint="Par exemple 12345,67"
            inputMode="decimal"
            defaultValue={prices[u.code] ? prices[u.code].replace(".", ",") : ""}
          />
        </div>
      ))}
    </Fieldset>
  );
}
