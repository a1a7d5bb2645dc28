import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "À propos - Pilotage UO" }];

export default function About() {
  return (
    <>
      <h1>À propos de Pilotage UO</h1>
      <p>
        Pilotage UO est le service dans lequel l'État suit l'accord-cadre interministériel 21_BAM_048 « Réalisation de services publics numériques en mode
        produit coordonnés par le programme interministériel Beta.gouv » et ses successeurs : les bons de commande d'unités d'œuvre (UO) émis par les
        bénéficiaires, les déclarations mensuelles des titulaires, le service fait, et le reporting budgétaire centralisé par la DINUM.
      </p>
      <div className="fr-callout">
        <h2 className="fr-callout__title fr-h5">Données de démonstration</h2>
        <p className="fr-callout__text">Les titulaires, prix, montants, numéros d'engagement juridique et personnes de cette démonstration sont fictifs.</p>
      </div>
      <p>
        Une UO correspond à une personne à temps plein pendant un mois, soit 20 jours ouvrés ; elle peut être commandée de façon fractionnée, par demi-journée.
      </p>
    </>
  );
}
