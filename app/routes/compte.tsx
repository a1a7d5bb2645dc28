import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { requireUser } from "../auth/guard.server";
import { roleLabels } from "../auth/grants";
import { listPreferences, setPreferences, type PreferenceRow } from "../domain/notifications/preferences.server";
import { NO_CHOICE, preferencesSchema } from "../domain/notifications/schemas";
import { answerForm, type ConformAnswer } from "../lib/form-action.server";
import { redirect } from "@remix-run/node";
import { changePassword } from "../auth/password-change.server";
import { changePasswordSchema } from "../auth/schemas";
import { createSession } from "../auth/session.server";
import { RadioField, TextField } from "../components/forms/fields";
import { FormErrorSummary } from "../components/forms/ErrorSummary";
import { ConformForm, useConformForm } from "../components/forms/form";
import { Refusal } from "../lib/refusal";
import { DescriptionList } from "../components/DescriptionList";
export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage";

export const meta: MetaFunction = () => [{ title: "Mon compte - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { user, preferences: await listPreferences(getDb(), user) };
}

interface ActionData {
  ok?: string;
  /** the e-mail choices' answer (Conform's) */
  preferences?: ConformAnswer;
  /** the password form's answer (Conform's; the passwords are never echoed) */
  password?: ConformAnswer;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") === "password") {
    const answer = await answerForm(form, changePasswordSchema, async (input) => {
      await changePassword(getDb(), user, input, context?.clientAddress ?? "");
      // every session was revoked, this one too: the browser that changed it gets a new one
      return redirect("/compte?mot-de-passe=change#mot-de-passe", { headers: { "Set-Cookie": await createSession(getDb(), user.id) } });
    });
    if (answer.status >= 300 && answer.status < 400) return answer;
    return Response.json({ password: (await answer.json()) as ConformAnswer } satisfies ActionData, { status: answer.status });
  }
  const answer = await answerForm(form, preferencesSchema, async (choices) => {
    if (!Object.keys(choices).length) throw new Refusal(NO_CHOICE);
    await setPreferences(getDb(), user, choices);
    return Response.json({ ok: "Vos choix de courriels sont enregistrés." } satisfies ActionData);
  });
  if (answer.status === 200) return answer;
  return Response.json({ preferences: (await answer.json()) as ConformAnswer } satisfies ActionData, { status: answer.status });
}

function PreferencesForm({ preferences, answer }: { preferences: PreferenceRow[]; answer?: ConformAnswer }) {
  const [form] = useConformForm({ id: "courriels-form", schema: preferencesSchema, lastResult: answer?.result });
  return (
    <ConformForm form={form} lastResult={answer?.result} aria-labelledby="courriels">
      <FormErrorSummary form={form} idOf={(name) => (name.startsWith("courriel.") ? `courriel-${name.slice("courriel.".length)}` : undefined)} />
      {preferences.map((p) => (
        <RadioField key={p.kind} name={`courriel.${p.kind}`} id={`courriel-${p.kind}`} label={p.label} options={p.choices} defaultValue={p.delivery} inline />
      ))}
      <button className="fr-btn" type="submit">
        Enregistrer mes choix
      </button>
    </ConformForm>
  );
}

function PasswordForm({ answer, changed }: { answer?: ActionData["password"]; changed: boolean }) {
  const [form] = useConformForm({ id: "mot-de-passe-form", schema: changePasswordSchema, lastResult: answer?.result });
  return (
    <>
      <h2 id="mot-de-passe">Changer mon mot de passe</h2>
      {changed && (
        <Alert
          severity="success"
          title="Mot de passe changé"
          description="Votre nouveau mot de passe est enregistré. Vos autres sessions sont fermées : reconnectez-vous avec lui sur vos autres appareils."
          className="fr-mb-3w"
          small
        />
      )}
      <ConformForm form={form} lastResult={answer?.result} className="fr-mb-6w" aria-labelledby="mot-de-passe">
        <FormErrorSummary form={form} />
        <input type="hidden" name="intent" value="password" />
        <TextField name="current" label="Mot de passe actuel" type="password" autoComplete="current-password" />
        <TextField name="password" label="Nouveau mot de passe" hint="12 caractères au moins" type="password" autoComplete="new-password" />
        <TextField name="confirmation" label="Nouveau mot de passe, à nouveau" type="password" autoComplete="new-password" />
        <button className="fr-btn fr-mt-3w" type="submit">
          Changer mon mot de passe
        </button>
      </ConformForm>
    </>
  );
}

export default function Account() {
  const { user, preferences } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Mon compte</h1>
      <DescriptionList
        className="fr-mb-4w"
        terms={[
          { label: "Nom", value: user.name },
          { label: "Adresse électronique", value: user.email },
          {
            label: "Rôle",
            value: (
              <>
                {roleLabels[user.role]} · {user.organisation}
              </>
            ),
          },
        ]}
      />
      <PasswordForm answer={data?.password} changed={params.get("mot-de-passe") === "change"} />
      <h2 id="courriels">Mes courriels</h2>
      <p>
        Pour chaque type de courriel, choisissez de le recevoir tout de suite, dans un récapitulatif (envoyé chaque matin, ou le lundi pour le récapitulatif
        hebdomadaire) ou jamais. Les messages de sécurité, comme le lien de nouveau mot de passe, sont toujours envoyés.
      </p>
      {data?.ok && <Alert severity="success" title="Choix enregistrés" description={data.ok} className="fr-mb-3w" small />}
      {preferences.length ? (
        <PreferencesForm preferences={preferences} answer={data?.preferences} />
      ) : (
        <p>Aucun courriel ne vous est envoyé en dehors des messages de sécurité.</p>
      )}
    </>
  );
}
