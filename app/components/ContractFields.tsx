import { RefForm, type FormState } from "./ReferenceForm";
import { TextField, DateField } from "./forms/fields";
import { FieldGrid } from "./forms/FieldGrid";

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
      <FieldGrid md={[4, 8, 3, 3, 3, 3]}>
        <TextField name="reference" label="Référence" hint="Par exemple 25_BAM_112" defaultValue={initial?.reference} />
        <TextField name="title" label="Intitulé" defaultValue={initial?.title} />
        <TextField name="buyer" label="Acheteur" defaultValue={initial?.buyer ?? "DINUM"} />
        <DateField name="notifiedOn" label="Notifié le (facultatif)" defaultValue={initial?.notified_on} />
        <DateField name="startDate" label="Début" defaultValue={initial?.start_date} />
        <DateField name="endDate" label="Fin" defaultValue={initial?.end_date} />
      </FieldGrid>
    </RefForm>
  );
}
