// What a correspondent types for an order, shared by the forms and their actions. Quantities are typed
// the French way ("2,375" UO or "47,5" days) and kept as exact decimal strings.
import { z } from "zod";
import { dec } from "../../lib/decimal";
import { isIsoDate } from "../../lib/dates";
import { idSchema, optionalIdSchema } from "../../lib/ids";
import { DAYS_PER_UO, isHalfDayQuantity } from "./amounts";
import type { WorkUnitCode } from "../../../db/schema";
import { WORK_UNIT_CODES } from "../work-units/codes";

/** Largest quantity on one line (numeric(10, 3) allows more; this is a typing-error guard). */
export const MAX_QUANTITY_UO = "1000";

const NUMBER_RE = /^\d{1,7}(\.\d{1,6})?$/;

function normaliseNumber(v: string): string {
  return v
    .trim()
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(",", ".");
}

/**
 * One line as typed: a UO type and an amount in UO or in days. Returns the exact quantity in UO, or
 * an error message in French (R1: positive, in half-days).
 */
export function quantityFromInput(amount: string, unit: "uo" | "days", allowZero = false): { quantity: string } | { error: string } {
  const v = normaliseNumber(amount);
  if (v === "") return { error: "Indiquez une quantité." };
  if (!NUMBER_RE.test(v))
    return { error: unit === "days" ? "Indiquez un nombre de jours, par exemple 47,5." : "Indiquez une quantité en UO, par exemple 2,375." };
  const d = dec(v);
  if (unit === "days" && !d.times(2).isInteger()) return { error: "Les jours se commandent par demi-journées (0,5 jour)." };
  const quantity = unit === "days" ? d.dividedBy(DAYS_PER_UO) : d;
  if (quantity.isZero() && !allowZero) return { error: "La quantité doit être strictement positive." };
  if (!isHalfDayQuantity(quantity)) return { error: "La quantité doit correspondre à des demi-journées : un multiple de 0,025 UO (½ jour)." };
  if (quantity.greaterThan(MAX_QUANTITY_UO)) return { error: `La quantité ne peut pas dépasser ${MAX_QUANTITY_UO} UO sur une ligne.` };
  return { quantity: quantity.toFixed(3) };
}

const isoDate = (label: string) =>
  z
    .string({ error: `${label} : indiquez une date.` })
    .trim()
    .refine((v) => v !== "", { message: `${label} : indiquez une date.` })
    .refine((v) => v === "" || isIsoDate(v), { message: `${label} : date invalide (format attendu : jj/mm/aaaa).` });

const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .refine((v) => v.length <= max, { message: `${label} : ${max} caractères au plus.` })
    .transform((v) => (v === "" ? null : v));

const id = idSchema;

export const lineInputSchema = z.object({
  lineId: optionalIdSchema("Cette ligne n'appartient pas au bon de commande : rechargez la page."),
  // "" is a row left blank (skipped, see isBlankLine); any other value must be a type of UO
  workUnitCode: z.union([z.enum(WORK_UNIT_CODES), z.literal("")], { error: "Choisissez un type d'UO." }).default(""),
  amount: z.string().optional().default(""),
  unit: z.enum(["uo", "days"]).default("uo"),
});
type LineInput = z.output<typeof lineInputSchema>;

/** A row of the form left blank (no UO type, no amount, not an existing line): not an error, not a line. Rows keep their index, so each message lands on its row. */
const isBlankLine = (l: LineInput) => l.workUnitCode === "" && l.amount.trim() === "" && l.lineId === null;

/** The messages every line row gets (draft and amendment): a type of UO, a quantity (R1), no UO type twice. */
function checkLines(lines: LineInput[], ctx: z.RefinementCtx, allowZero: (l: LineInput) => boolean) {
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    if (isBlankLine(l)) return;
    if (l.workUnitCode === "") ctx.addIssue({ code: "custom", path: ["lines", i, "workUnitCode"], message: `Ligne ${i + 1} : choisissez un type d'UO.` });
    const q = quantityFromInput(l.amount, l.unit, allowZero(l));
    if ("error" in q) ctx.addIssue({ code: "custom", path: ["lines", i, "amount"], message: `Ligne ${i + 1} : ${q.error}` });
    if (l.workUnitCode !== "" && seen.has(l.workUnitCode))
      ctx.addIssue({
        code: "custom",
        path: ["lines", i, "workUnitCode"],
        message: `Ligne ${i + 1} : ce type d'UO figure déjà sur une autre ligne ; modifiez plutôt sa quantité.`,
      });
    seen.add(l.workUnitCode);
  });
}

/** The rows that are lines, with their exact quantity (after checkLines passed). */
const linesOf = (lines: LineInput[], allowZero: (l: LineInput) => boolean) =>
  lines
    .filter((l) => !isBlankLine(l))
    .map((l) => ({
      lineId: l.lineId ?? null,
      workUnitCode: l.workUnitCode as WorkUnitCode,
      quantity: (quantityFromInput(l.amount, l.unit, allowZero(l)) as { quantity: string }).quantity,
    }));

export const commitmentFields = {
  ejNumber: optionalText("Numéro d'engagement juridique", 30).refine((v) => v === null || /^[0-9A-Za-z-]+$/.test(v), {
    message: "Numéro d'engagement juridique : chiffres et lettres uniquement.",
  }),
  budgetProgramme: optionalText("Programme budgétaire", 60),
  budgetCentre: optionalText("Centre financier", 60),
};

export const commitmentSchema = z.object(commitmentFields);
/** Issuing: the commitment, and the answer to a round-robin turn that moved since the draft (AttributionChangedError). */
export const issueSchema = z.object({
  ...commitmentFields,
  proposedContractorId: optionalIdSchema("Titulaire proposé invalide."),
  attributionReason: optionalText("Raison du choix du titulaire", 1000),
});
export type CommitmentInput = z.output<typeof commitmentSchema>;

export const draftSchema = z
  .object({
    productId: id("Choisissez un produit."),
    lotId: id("Choisissez un accord-cadre et un lot."),
    contractorId: id("Choisissez un titulaire."),
    periodStart: isoDate("Début de la période"),
    periodEnd: isoDate("Fin de la période"),
    title: optionalText("Objet", 200),
    vatPercent: z
      .string()
      .optional()
      .default("20")
      .transform(normaliseNumber)
      .refine((v) => v === "" || /^\d{1,2}(\.\d{1,2})?$/.test(v), { message: "Taux de TVA : indiquez un pourcentage, par exemple 20." }),
    attributionReason: optionalText("Motif d'attribution", 1000),
    proposedContractorId: optionalIdSchema("Choisissez un titulaire."),
    ...commitmentFields,
    lines: z.array(lineInputSchema, { error: "Ajoutez au moins une ligne (type d'UO et quantité)." }).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart && v.periodEnd && isIsoDate(v.periodStart) && isIsoDate(v.periodEnd) && v.periodEnd < v.periodStart) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "La fin de la période doit suivre son début." });
    }
    if (v.lines.every(isBlankLine)) ctx.addIssue({ code: "custom", path: ["lines"], message: "Ajoutez au moins une ligne (type d'UO et quantité)." });
    checkLines(v.lines, ctx, () => false);
  })
  .transform((v) => ({
    productId: v.productId,
    lotId: v.lotId,
    contractorId: v.contractorId,
    periodStart: v.periodStart,
    periodEnd: v.periodEnd,
    title: v.title ?? "",
    vatRate: v.vatPercent === "" ? "0.2000" : dec(v.vatPercent).dividedBy(100).toFixed(4),
    attributionReason: v.attributionReason,
    proposedContractorId: v.proposedContractorId ?? null,
    ejNumber: v.ejNumber,
    budgetProgramme: v.budgetProgramme,
    budgetCentre: v.budgetCentre,
    lines: linesOf(v.lines, () => false).map(({ workUnitCode, quantity }) => ({ workUnitCode, quantity })),
  }));

export type DraftInput = z.output<typeof draftSchema>;

export const amendmentSchema = z
  .object({
    reason: z
      .string({ error: "Indiquez le motif de la modification." })
      .trim()
      .min(5, { message: "Indiquez le motif de la modification (5 caractères au moins)." })
      .max(2000, { message: "Le motif ne doit pas dépasser 2 000 caractères." }),
    lines: z.array(lineInputSchema, { error: "Indiquez les lignes du bon de commande." }).default([]),
  })
  // an existing line may go down to 0 (nothing consumed); a new line must be positive
  .superRefine((v, ctx) => checkLines(v.lines, ctx, (l) => l.lineId !== null))
  .transform((v) => ({ reason: v.reason, lines: linesOf(v.lines, (l) => l.lineId !== null) }));

export type AmendmentInput = z.output<typeof amendmentSchema>;

export const reasonSchema = (label: string) =>
  z.object({
    reason: z
      .string({ error: `Indiquez le motif ${label}.` })
      .trim()
      .min(5, { message: `Indiquez le motif ${label} (5 caractères au moins).` })
      .max(2000, { message: "Le motif ne doit pas dépasser 2 000 caractères." }),
  });

export const cancelSchema = reasonSchema("de l'annulation");
/** Deleting a draft cannot be undone: the form asks to tick a confirmation box first. */
export const deleteSchema = z.object({
  confirm: z.literal("on", { error: "Cochez la case pour confirmer la suppression définitive du brouillon." }),
});
/** Closing releases what is left, for good (R6, R14): the form states it and asks to tick a confirmation box. */
export const closeSchema = reasonSchema("du solde")
  .extend({
    confirm: z.literal("on", { error: "Cochez la case pour confirmer le solde : le reste est libéré définitivement." }),
  })
  .transform(({ reason }) => ({ reason }));
