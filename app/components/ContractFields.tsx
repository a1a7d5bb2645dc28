import { RefForm, type FormState } from "./ReferenceForm";
import { TextField, DateField } from "./forms/fields";

export function ContractFields({
  intent,
  state,
  submit,
  initial,
}: {
  intent: string;
  state: FormState;
  submit: string;
  initial?: { reference: string; title: string; buyer: string; notified_on: string | null; start_date: string; end_date: string };
}) {
  return (
    <RefForm intent={intent} state={state} submit={submit}>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <TextField name="reference" label="Référence" hint="Par exemple 25_BAM_112" defaultValue={initial?.reference} />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <TextField name="title" label="Intitulé" defaultValue={initial?.title} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField name="buyer" label="Acheteur" defaultValue={initial?.buyer ?? "DINUM"} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <DateField name="notifiedOn" label="Notifié le (facultatif)" defaultValue={initial?.notified_on} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <DateField name="startDate" label="Début" defaultValue={initial?.start_date} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <DateField name="endDate" label="Fin" defaultValue={initial?.end_date} />
        </div>
      </div>
    </RefForm>
  );
}
