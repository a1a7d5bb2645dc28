import { TextField, SelectField, TextAreaField } from "./forms/fields";
import { productKinds } from "../domain/products/schemas";

export function ProductFields({
  beneficiaries,
  initial,
}: {
  beneficiaries: { value: number; label: string }[] | null;
  initial?: { beneficiary_id: number; name: string; kind: string; description: string; stats_url: string | null };
}) {
  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      {beneficiaries && (
        <div className="fr-col-12 fr-col-md-6">
          <SelectField name="beneficiaryId" label="Bénéficiaire" options={beneficiaries} defaultValue={initial?.beneficiary_id} />
        </div>
      )}
      <div className="fr-col-12 fr-col-md-6">
        <TextField name="name" label="Nom du produit" defaultValue={initial?.name} />
      </div>
      <div className="fr-col-12 fr-col-md-6">
        <SelectField
          name="kind"
          label="Type"
          hint="Seule la DINUM a des produits DINUM"
          options={Object.entries(productKinds).map(([value, label]) => ({ value, label }))}
          defaultValue={initial?.kind ?? "startup_etat"}
          placeholder={null}
        />
      </div>
      <div className="fr-col-12 fr-col-md-6">
        <TextField
          name="statsUrl"
          label="Page de statistiques (facultative)"
          hint="L'adresse de la page /stats du produit, https://…"
          type="url"
          defaultValue={initial?.stats_url}
        />
      </div>
      <div className="fr-col-12">
        <TextAreaField name="description" label="Description (facultative)" defaultValue={initial?.description} />
      </div>
    </div>
  );
}
