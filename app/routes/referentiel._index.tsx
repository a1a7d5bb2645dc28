import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requirePermission } from "../auth/guard.server";

export const meta: MetaFunction = () => [{ title: "Référentiel - Pilotage UO" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "reference:write");
  return null;
}

const sections = [
  { to: "/referentiel/contrats", title: "Accords-cadres et lots", text: "Références, dates, reconductions, lots et titulaires de chaque lot." },
  { to: "/referentiel/titulaires", title: "Titulaires", text: "Les entreprises titulaires : raison sociale, SIRET, coordonnées." },
  {
    to: "/referentiel/entreprises",
    title: "Entreprises et groupements",
    text: "Les entreprises (SIRET vérifié) : mandataire et cotraitants de chaque titulaire, sous-traitants acceptés sur les bons de commande.",
  },
  {
    to: "/referentiel/bordereaux",
    title: "Bordereaux de prix",
    text: "Versions des prix unitaires HT par titulaire et accord-cadre, brouillon puis approbation.",
  },
  { to: "/referentiel/unites-oeuvre", title: "Catalogue des unités d'œuvre", text: "Libellés et descriptions des UO (codes fixes)." },
  { to: "/referentiel/beneficiaires", title: "Bénéficiaires et correspondants", text: "Ministères et administrations, avec un ou deux correspondants chacun." },
  {
    to: "/referentiel/attributions",
    title: "Attributions hors tourniquet",
    text: "Les bons de commande attribués à un autre titulaire que celui dont c'était le tour, avec la raison.",
  },
  {
    to: "/referentiel/taux-bce",
    title: "Taux de la BCE",
    text: "Le taux de refinancement de la BCE par semestre, qui fixe les intérêts moratoires des factures payées en retard.",
  },
  {
    to: "/referentiel/registre",
    title: "Registre beta.gouv.fr",
    text: "Import des fiches produits du registre des startups (aperçu puis confirmation) et correspondance sponsors / incubateurs → bénéficiaires.",
  },
];

export default function Reference() {
  return (
    <>
      <h1>Référentiel</h1>
      <p>
        Les données de référence de l'accord-cadre. Chaque modification est tracée dans le <Link to="/journal">journal</Link>.
      </p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {sections.map((s) => (
          <div key={s.to} className="fr-col-12 fr-col-md-6 fr-col-lg-4">
            <div className="fr-card fr-enlarge-link">
              <div className="fr-card__body">
                <div className="fr-card__content">
                  <h2 className="fr-card__title">
                    <Link to={s.to}>{s.title}</Link>
                  </h2>
                  <p className="fr-card__desc">{s.text}</p>
                </div>
              </div>
            </div>
          </div>
        ))}
      </div>
    </>
  );
}
