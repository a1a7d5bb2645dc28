// The account page's e-mail choices (one radio group per kind, posted as courriel.<kind>=<choice>), shared by the
// form (checked in the browser, Conform) and its action. Which kinds and choices a role has is the service's rule
// (preferences.server.ts `setPreferences`); here, only that each name is a kind and each value a choice.
import { z } from "zod";
import { DELIVERY_LABELS, isKind, type DeliveryChoice, type NotificationKind } from "./kinds";

export const NO_CHOICE = "Aucun choix reçu : cochez une option par type de courriel.";

const isChoice = (v: unknown): v is DeliveryChoice => typeof v === "string" && Object.hasOwn(DELIVERY_LABELS, v);

export const preferencesSchema = z.object({ courriel: z.record(z.string(), z.unknown(), { error: NO_CHOICE }).optional() }).transform((v, ctx) => {
  const choices: Partial<Record<NotificationKind, DeliveryChoice>> = {};
  for (const [kind, value] of Object.entries(v.courriel ?? {})) {
    if (!isKind(kind)) ctx.addIssue({ code: "custom", path: ["courriel", kind], message: "Ce type de courriel n'existe pas." });
    else if (!isChoice(value)) ctx.addIssue({ code: "custom", path: ["courriel", kind], message: "Choisissez une des options proposées." });
    else choices[kind] = value;
  }
  return choices;
});
