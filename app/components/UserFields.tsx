import { TextField, SelectField } from "./forms/fields";
import { FieldGrid } from "./forms/FieldGrid";

export const roleOptions = [
  { value: "dinum", label: "DINUM" },
  { value: "correspondent", label: "Correspondant (d'un bénéficiaire)" },
  { value: "contractor", label: "Titulaire (d'une entreprise)" },
];

/** Name, role and organisation: the beneficiary for a correspondent, the company for a contractor. */
export function UserFields({
  beneficiaries,
  contractors,
  initial,
}: {
  beneficiaries: { value: number; label: string }[];
  contractors: { value: number; label: string }[];
  initial?: { name: string; role: string; beneficiary_id: number | null; contractor_id: number | null };
}) {
  return (
    <FieldGrid md={6}>
      <TextField name="name" label="Nom" defaultValue={initial?.name} />
      <SelectField name="role" label="Rôle" options={roleOptions} defaultValue={initial?.role} />
      <SelectField
        name="beneficiaryId"
        label="Bénéficiaire (pour un correspondant)"
        options={beneficiaries}
        defaultValue={initial?.beneficiary_id}
        placeholder="Aucun"
      />
      <SelectField
        name="contractorId"
        label="Entreprise titulaire (pour un titulaire)"
        options={contractors}
        defaultValue={initial?.contractor_id}
        placeholder="Aucune"
      />
    </FieldGrid>
  );
}
