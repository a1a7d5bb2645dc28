// The states of a message as the "Courriels" page shows them (the outbox's status, and "interrupted": being
// sent for too long, its result unknown).
export const STATUS_LABELS = {
  queued: "En attente d'envoi",
  sending: "Envoi en cours",
  interrupted: "Envoi interrompu (résultat inconnu)",
  sent: "Envoyé",
  failed: "Échec",
  skipped: "Non envoyé (choix du destinataire)",
  digested: "Dans un récapitulatif",
} as const;

export type ShownStatus = keyof typeof STATUS_LABELS;
