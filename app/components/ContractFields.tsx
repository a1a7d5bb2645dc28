import { RefForm, TextField, type FormState } from "./ReferenceForm";

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
          <TextField state={state} name="reference" label="Référence" hint="Par exemple 25_BAM_112" defaultValue={initial?.reference} />
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <TextField state={state} name="title" label="Intitulé" defaultValue={initial?.title} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField state={state} name="buyer" label="Acheteur" defaultValue={initial?.buyer ?? "DINUM"} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField state={state} name="notifiedOn" label="Notifié le (facultatif)" type="date" defaultValue={initial?.notified_on} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField state={state} name="startDate" label="Début" type="date" defaultValue={initial?.start_date} />
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <TextField state={state} name="endDate" label="Fin" type="date" defaultValue={initial?.end_date} />
        </div>
      </div>
    </RefForm>
  );
}
