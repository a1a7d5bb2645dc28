import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import dsfrCss from "@codegouvfr/react-dsfr/main.css?url";
import { Header } from "@codegouvfr/react-dsfr/Header";
import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { SkipLinks } from "@codegouvfr/react-dsfr/SkipLinks";
import { setLink } from "@codegouvfr/react-dsfr/link";
import appCss from "./styles/app.css?url";
import { getOptionalUser } from "./auth/guard.server";
import { userLabel } from "./auth/grants";
import { navigationFor } from "./components/navigation";
import { alertCount } from "./domain/alerts/alerts.server";
import { getDb } from "./db.server";
import type { SessionUser } from "./auth/user";
import { useNonce } from "./lib/security/nonce";
import { ErrorContent } from "./components/ErrorPage";

// The DSFR components render Remix links on the server too (entry.client registers it for the browser).
setLink({ Link: Link as unknown as Parameters<typeof setLink>[0]["Link"] });

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dsfrCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  return { user, alerts: user ? await alertCount(getDb(), user) : 0 };
}

const brandTop = (
  <>
    République
    <br />
    Française
  </>
);

function Shell({
  user,
  children,
  alerts = 0,
  unknownUser = false,
}: {
  user: SessionUser | null;
  children: React.ReactNode;
  alerts?: number;
  unknownUser?: boolean;
}) {
  const location = useLocation();
  const nav = navigationFor(user).map((e) => ({
    text:
      e.to === "/alertes" && alerts > 0 ? (
        <>
          {e.label}{" "}
          <span className="fr-badge fr-badge--sm fr-badge--warning fr-ml-1v" data-testid="alert-badge">
            {alerts}
            <span className="fr-sr-only"> alerte{alerts > 1 ? "s" : ""}</span>
          </span>
        </>
      ) : (
        e.label
      ),
    linkProps: { to: e.to },
    isActive: e.to === "/" ? location.pathname === "/" : location.pathname.startsWith(e.to),
  }));
  return (
    <>
      <SkipLinks
        links={[
          { label: "Contenu", anchor: "#contenu" },
          { label: "Pied de page", anchor: "#fr-footer" },
        ]}
      />
      <Header
        brandTop={brandTop}
        serviceTitle="Pilotage UO"
        serviceTagline="Suivi de l'accord-cadre des services publics numériques en mode produit"
        homeLinkProps={{ to: "/", title: "Accueil - Pilotage UO" }}
        quickAccessItems={
          user
            ? [
                <Link
                  key="who"
                  to="/compte"
                  title={`Mon compte et mes courriels (${userLabel(user)})`}
                  className="fr-btn fr-icon-account-circle-line pilotage-user"
                  data-testid="current-user"
                >
                  <span className="pilotage-user__label">{userLabel(user)}</span>
                </Link>,
                <form key="out" method="post" action="/deconnexion" className="pilotage-logout">
                  <button type="submit" className="fr-btn fr-icon-logout-box-r-line">
                    Se déconnecter
                  </button>
                </form>,
              ]
            : unknownUser
              ? []
              : [{ iconId: "fr-icon-lock-line", text: "Se connecter", linkProps: { to: "/connexion" } }]
        }
        navigation={nav.length ? nav : undefined}
        // no "Paramètres d'affichage" button opens the DSFR's display modal: without it, no dead dialog
        // (and no second <h1>) on every page
        disableDisplay
      />
      <main id="contenu" role="main" tabIndex={-1} className="fr-container fr-py-4w">
        {children}
      </main>
      <Footer
        accessibility="partially compliant"
        contentDescription="Pilotage UO suit les bons de commande, les déclarations mensuelles et le reporting budgétaire de l'accord-cadre 21_BAM_048 et de ses successeurs. Les montants, entreprises et personnes de la démonstration sont fictifs."
        accessibilityLinkProps={{ to: "/accessibilite" }}
        termsLinkProps={{ to: "/a-propos" }}
        bottomItems={[
          { text: "Statistiques", linkProps: { to: "/stats" } },
          { text: "À propos", linkProps: { to: "/a-propos" } },
        ]}
      />
    </>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce(); // Content-Security-Policy: Remix's inline scripts carry the response's nonce
  return (
    <html lang="fr" data-fr-scheme="light" data-fr-theme="light">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { user, alerts } = useLoaderData<typeof loader>();
  return (
    <Shell user={user} alerts={alerts}>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  // undefined when the root loader did not run (an action failed and no route boundary caught it) or
  // failed itself: then who is signed in is unknown, and the header offers neither "Se connecter" nor a user
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Shell user={data?.user ?? null} unknownUser={!data}>
      <ErrorContent error={error} />
    </Shell>
  );
}
