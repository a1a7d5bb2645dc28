// A list filter's select: "all" first, then the choices. The bare select (the order list and the reports page keep
// their own field wrapper: label, hint, error) and the choices every filter builds its options from.
import type { SelectHTMLAttributes } from "react";

export interface FilterChoice {
  value: string | number;
  label: string;
}

/** The choices of rows that have an id and a name (contractors, beneficiaries, products, authors…). */
export function namedChoices(rows: readonly { id: string | number; name: string }[]): FilterChoice[] {
  return rows.map((r) => ({ value: r.id, label: r.name }));
}

/** The choices of framework contracts, by their reference. */
export function contractChoices(rows: readonly { id: number; reference: string }[]): FilterChoice[] {
  return rows.map((c) => ({ value: c.id, label: c.reference }));
}

/** The choices of a map of labels (statuses, kinds, roles…), in the order of `keys` (all of them unless told). */
export function labelChoices<K extends string>(labels: Readonly<Record<K, string>>, keys: readonly K[] = Object.keys(labels) as K[]): FilterChoice[] {
  return keys.map((k) => ({ value: k, label: labels[k] }));
}

export function FilterSelect({
  all = "Tous",
  choices,
  ...select
}: { all?: string; choices: readonly FilterChoice[]; id: string; name: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "children">) {
  return (
    <select className="fr-select" {...select}>
      <option value="">{all}</option>
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
