// One schema for the price schedule form and its action (R4).
import { z } from "zod";
import { id, optionalIsoDate, isoDate, optionalText, price } from "../../lib/form-fields";
import type { WorkUnitCode } from "../../../db/schema";
import { WORK_UNIT_CODES } from "../work-units/codes";

const prices = z.object(Object.fromEntries(WORK_UNIT_CODES.map((c) => [c, price("le prix unitaire HT")])) as Record<WorkUnitCode, ReturnType<typeof price>>);

export const priceScheduleSchema = z
  .object({
    contractId: id("l'accord-cadre"),
    contractorId: id("le titulaire"),
    validFrom: isoDate("la date de début de validité"),
    validTo: optionalIsoDate(),
    note: optionalText(500),
    prices,
  })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, { path: ["validTo"], message: "La fin de validité doit suivre le début." });

export type PriceScheduleInput = z.infer<typeof priceScheduleSchema>;
