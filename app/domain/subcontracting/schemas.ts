// R18 form: a subcontractor's DC4 acceptance on an order (new, or a new version of it).
import { z } from "zod";
import { isoDate, optionalText, price, text } from "../../lib/form-fields";
import { siretField } from "../companies/schemas";

// the subcontractor by its SIRET (as the DC4 names it): an existing company, or a new one with its name and address
export const acceptanceSchema = z.object({
  siret: siretField,
  name: optionalText(200),
  address: optionalText(500),
  maxHt: price("le montant maximum HT accepté", "Le montant accepté doit être supérieur à zéro."),
  services: text("les prestations sous-traitées", 2000),
  acceptedOn: isoDate("la date d'acceptation"),
  reason: optionalText(2000),
});
export type AcceptanceInput = z.infer<typeof acceptanceSchema>;
