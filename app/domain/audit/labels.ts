// French names of the audited entity types (journal screen).
export const entityTypeLabels: Record<string, string> = {
  purchase_order: "Bon de commande", declaration: "Déclaration mensuelle", contract: "Accord-cadre", lot: "Lot", lot_holder: "Titulaire de lot",
  contractor: "Titulaire", price_schedule: "Bordereau de prix", work_unit_type: "Unité d'œuvre", beneficiary: "Bénéficiaire", user: "Utilisateur",
  product: "Produit", product_risk: "Risque produit",
};

/** French names of the audited actions; an unknown code is shown as is. */
export const actionLabels: Record<string, string> = {
  create: "Création", update: "Modification", delete: "Suppression", create_draft: "Brouillon créé", update_draft: "Brouillon modifié",
  delete_draft: "Brouillon supprimé", approve: "Approbation", close_validity: "Fin de validité", renew: "Reconduction", end: "Fin de détention",
  deactivate: "Désactivation", reactivate: "Réactivation", change_phase: "Changement de phase", issue: "Émission", amend: "Modification (avenant)",
  cancel: "Annulation", close: "Solde", commitment: "Engagement juridique", submit: "Soumission", validate: "Service fait", reject: "Rejet",
  create_correction: "Correction créée",
};
