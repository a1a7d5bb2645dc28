// French names of the audited entity types (journal screen).
export const entityTypeLabels: Record<string, string> = {
  purchase_order: "Bon de commande", declaration: "Déclaration mensuelle", contract: "Accord-cadre", lot: "Lot", lot_holder: "Titulaire de lot",
  contractor: "Titulaire", price_schedule: "Bordereau de prix", work_unit_type: "Unité d'œuvre", beneficiary: "Bénéficiaire", user: "Utilisateur",
  product: "Produit", product_risk: "Risque produit",
};
