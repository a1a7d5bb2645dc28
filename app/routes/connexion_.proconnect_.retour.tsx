// GET /connexion/proconnect/retour: ProConnect sends the browser back here with a code.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getDb } from "../db.server";
import { notFound } from "../auth/guard.server";
import { finishProConnect, proConnectSettings } from "../auth/proconnect.server";
import { startSession } from "../auth/session.server";
import { safeRedirect } from "../auth/sign-in.server";

export const meta: MetaFunction = () => [{ title: "Connexion avec ProConnect - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const settings = proConnectSettings();
  if (!settings) throw notFound("La connexion avec ProConnect n'est pas activée sur ce service.");
  const db = getDb();
  const result = await finishProConnect(db, settings, request);
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", result.clearCookie); // the flow's state is single-use
  if (!result.ok) {
    return Response.json({ message: result.message }, { status: result.status, headers });
  }
  headers.append("Set-Cookie", await startSession(db, request, result.userId, { authMethod: "proconnect", idToken: result.idToken }));
  return redirect(safeRedirect(result.redirectTo), { headers });
}

export default function ProConnectReturn() {
  const { message } = useLoaderData<{ message: string }>();
  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8">
        <h1>Connexion avec ProConnect impossible</h1>
        <Alert severity="error" title="Accès refusé" description={message} className="fr-mb-3w" />
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to="/connexion">
          Retour à la page de connexion
        </Link>
      </div>
    </div>
  );
}
