// The Chorus Pro import (issue 17): the buyer's list of invoices received, exported from Chorus Pro as CSV or
// XLSX. Its columns (with the names Chorus Pro's exports and people give them), its state labels mapped to
// R15's states, and the reading of French amounts and dates. Pure: the file is read by
// reports/declaration-import/parse.ts, the rows checked and applied by import.server.ts.
import type { InvoiceStatus } from "../../../db/schema";
import { isIsoDate } from "../../lib/dates";
import { dec } from "../../lib/decimal";
import { normaliseHeader } from "../declarations/import-columns";

export type ChorusKey = "number" | "siret" | "receivedOn" | "state" | "amountHt" | "amountTtc" | "orderNumber" | "ejNumber" | "paidOn" | "reason";

export interface ChorusColumn {
  key: ChorusKey;
  label: string;
  /** other headers accepted for the column (accents, case and punctuation ignored) */
  aliases: string[];
  required: boolean;
}

export const chorusColumns: ChorusColumn[] = [
  { key: "number", label: "Numéro de facture", aliases: ["N° facture", "N° de facture", "Numéro facture", "Facture"], required: true },
  { key: "siret", label: "SIRET fournisseur", aliases: ["SIRET", "Identifiant fournisseur", "SIRET du fournisseur"], required: true },
  { key: "receivedOn", label: "Date de dépôt", aliases: ["Date dépôt", "Date de réception", "Date de depot de la facture"], required: true },
  { key: "state", label: "Statut", aliases: ["État", "Statut de la facture", "Statut courant"], required: true },
  { key: "amountHt", label: "Montant HT", aliases: ["Montant total HT", "Total HT", "HT"], required: true },
  { key: "amountTtc", label: "Montant TTC", aliases: ["Montant total TTC", "Total TTC", "TTC"], required: true },
  {
    key: "orderNumber",
    label: "Numéro de bon de commande",
    aliases: ["N° bon de commande", "Bon de commande", "Numéro de commande", "N° de commande"],
    required: true,
  },
  { key: "ejNumber", label: "Numéro d'engagement (EJ)", aliases: ["EJ", "Numéro d'engagement", "N° EJ", "Engagement juridique"], required: true },
  { key: "paidOn", label: "Date de paiement", aliases: ["Date de mise en paiement effective", "Date paiement"], required: false },
  { key: "reason", label: "Motif", aliases: ["Motif de suspension", "Motif de rejet", "Commentaire"], required: false },
];

/** One data row of the file, as text, with its row number in the file (header = row 1). */
export interface ChorusRow {
  row: number;
  cells: Partial<Record<ChorusKey, string>>;
}

export const chorusLabelOf = (key: ChorusKey) => chorusColumns.find((c) => c.key === key)!.label;

/** The column a header names, if any. */
export function chorusColumnOf(header: string): ChorusColumn | undefined {
  const h = normaliseHeader(header);
  return chorusColumns.find((c) => [c.label, ...c.aliases].some((a) => normaliseHeader(a) === h));
}

/**
 * Chorus Pro's states of an invoice received (their labels or codes, e.g. "Mise à disposition" or
 * MISE_A_DISPOSITION) and the R15 state each one means here. "Payée" is ours (with the payment date).
 */
export const chorusStates: { labels: string[]; status: InvoiceStatus }[] = [
  {
    status: "deposited",
    labels: ["Déposée", "En cours d'acheminement", "Mise à disposition", "Mise à disposition du destinataire", "Complétée", "Service fait", "Prise en compte"],
  },
  { status: "suspended", labels: ["Suspendue"] },
  { status: "rejected", labels: ["Rejetée", "Refusée"] },
  { status: "in_payment", labels: ["Mandatée", "Mise en paiement", "Comptabilisée"] },
  { status: "paid", labels: ["Payée", "Soldée"] },
];

export function chorusStatus(label: string): InvoiceStatus | null {
  const l = normaliseHeader(label);
  return chorusStates.find((s) => s.labels.some((x) => normaliseHeader(x) === l))?.status ?? null;
}

/** "1 234,56", "1234.56", "1 234,56 €" (spaces, no-break spaces) → "1234.56"; null when not an amount with at most two decimals. */
export function frenchAmount(value: string): string | null {
  let v = value.replace(/[\s\u00a0\u202f€]/g, "").replace(/^(\d+),(\d+)$/, "$1.$2");
  // a number cell a spreadsheet computed (1234.5599999999999) is its amount to the cent; anything further off is not an amount
  if (/^\d{1,12}\.\d{3,}$/.test(v) && dec(v).minus(dec(v).toDecimalPlaces(2)).abs().lessThan("0.000001")) v = dec(v).toFixed(2);
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(v)) return null;
  const [int, frac = ""] = v.split(".");
  return `${int.replace(/^0+(?=\d)/, "")}.${frac.padEnd(2, "0")}`;
}

/** "03/10/2025", "3/10/2025", "2025-10-03" (and a date cell, read as such) → "2025-10-03"; null otherwise. */
export function frenchDate(value: string): string | null {
  const v = value.trim().replace(/[T ]\d{1,2}:\d{2}(:\d{2})?.*$/, "");
  let iso: string | null = null;
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (fr) iso = `${fr[3]}-${fr[2].padStart(2, "0")}-${fr[1].padStart(2, "0")}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) iso = v;
  return iso && isIsoDate(iso) ? iso : null;
}
