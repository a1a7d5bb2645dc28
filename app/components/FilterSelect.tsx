// A list filter's select (GET forms of the order list and the reports page): "all" first, then the choices.
// The page keeps its own field wrapper (label, hint, error).
import type { SelectHTMLAttributes } from "react";

export interface FilterChoice {
  value: string | number;
  label: string;
}

export function FilterSelect({
  all = "Tous",
  choices,
  ...select
}: { all?: string; choices: FilterChoice[]; id: string; name: string } & Omit<SelectHTMLAttributes<HTMLSelectElement>, "children">) {
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
