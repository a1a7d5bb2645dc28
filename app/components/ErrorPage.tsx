// The error page's content (404, 403, 500…), shown by the root's boundary and by each route that has an
// action. Why the routes: when an action fails with a 500, Remix runs no loader at or below the boundary
// that catches it, so a root boundary has no root data (who is signed in) and its header would offer
// "Se connecter" to a signed-in user. A boundary on the route itself keeps the root loader running: the
// page keeps its header, user and navigation.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";

export function errorText(error: unknown): { title: string; message: string } {
  let title = "Erreur inattendue";
  let message = "Une erreur est survenue. Réessayez plus tard ; si elle persiste, contactez l'équipe Pilotage UO.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) title = "Page introuvable";
    else if (error.status === 403) title = "Accès refusé";
    else title = `Erreur ${error.status}`;
    if (typeof error.data === "string" && error.data) message = error.data;
  }
  return { title, message };
}

export function ErrorContent({ error }: { error: unknown }) {
  const { title, message } = errorText(error);
  return (
    <>
      <title>{`${title} - Pilotage UO`}</title>
      <h1>{title}</h1>
      <p>{message}</p>
      <a className="fr-link" href="/">
        Retour à l'accueil
      </a>
    </>
  );
}

/** `export { RouteErrorBoundary as ErrorBoundary } from "../components/ErrorPage"` in a route module. */
export function RouteErrorBoundary() {
  return <ErrorContent error={useRouteError()} />;
}
