import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibilité - Pilotage UO" }];

export default function Accessibility() {
  return (
    <>
      <h1>Déclaration d'accessibilité</h1>
      <p>Pilotage UO s'engage à rendre son service accessible, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>
      <h2 className="fr-h4">État de conformité</h2>
      <p>
        Pilotage UO est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de l'accessibilité (RGAA 4.1) : aucun audit externe
        n'a encore été réalisé. Chaque page est vérifiée automatiquement (axe-core, critères WCAG 2.1 A et AA) à chaque modification du code.
      </p>
      <h2 className="fr-h4">Retour d'information</h2>
      <p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'équipe Pilotage UO de la DINUM.</p>
    </>
  );
}
