// The price fields of a price schedule version: one unit price HT per UO type.
import { TextField, type FormState } from "./ReferenceForm";

export function PriceScheduleFields({ state, units, prices }: { state: FormState; units: { code: string; label: string }[]; prices: Record<string, string> }) {
  return (
    <fieldset className="fr-fieldset" aria-labelledby="prices-legend">
      <legend className="fr-fieldset__legend" id="prices-legend">
        Prix unitaires HT par unité d'œuvre (1 UO = 20 jours)
      </legend>
      {units.map((u) => (
        <div className="fr-fieldset__element fr-col-12 fr-col-md-6" key={u.code}>
          <TextField
            state={{ ...state, fieldErrors: { [`price_${u.code}`]: state.fieldErrors?.[`prices.${u.code}`] }, values: state.values }}
            name={`price_${u.code}`}
            label={`${u.label} (€ HT)`}
            hint="Par exemple 12345,67"
            inputMode="decimal"
            defaultValue={prices[u.code] ? prices[u.code].replace(".", ",") : ""}
            id={`price-${u.code}`}
          />
        </div>
      ))}
    </fieldset>
  );
}
