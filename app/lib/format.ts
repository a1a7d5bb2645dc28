// French display formats. Exact strings in, text out: no float on the way.
import { Decimal, dec, type DecimalInput } from "./decimal";

const NNBSP = "\u202f"; // narrow no-break space, the French thousands separator
const NBSP = "\u00a0";

function groupThousands(integerPart: string): string {
  return integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

// a plain decimal string ("-1234.50"), the shape PostgreSQL numeric and the wire format take
const PLAIN = /^(-?)(\d+)(?:\.(\d*?)0*)?$/;

/** Formats an exact decimal with a fixed number of decimals, French style: 1 234 567,89 */
export function formatDecimal(value: DecimalInput | null | undefined, decimals = 2): string {
  // fast path (tables of hundreds of figures per page): no rounding needed, so plain string work
  const m = typeof value === "string" ? PLAIN.exec(value) : null;
  if (m && (m[3] ?? "").length <= decimals) {
    const intPart = m[2].replace(/^0+(?=\d)/, "");
    const frac = (m[3] ?? "").padEnd(decimals, "0");
    const zero = intPart === "0" && !/[1-9]/.test(frac);
    return (m[1] && !zero ? "-" : "") + groupThousands(intPart) + (decimals > 0 ? "," + frac : "");
  }
  const d = dec(value).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const [intPart, frac] = d.abs().toFixed(decimals).split(".");
  const sign = d.isNegative() && !d.isZero() ? "-" : "";
  return sign + groupThousands(intPart) + (frac ? "," + frac : "");
}

/** 1 234 567,89 € (same characters as Intl.NumberFormat('fr-FR', EUR)). */
export function formatEuros(value: DecimalInput | null | undefined): string {
  return `${formatDecimal(value, 2)}${NBSP}€`;
}

/** Days in half-day steps: "12", "12,5". */
export function formatDays(value: DecimalInput | null | undefined): string {
  const m = typeof value === "string" ? PLAIN.exec(value) : null;
  if (m) return formatDecimal(value, m[3] ? 1 : 0);
  const d = dec(value);
  return formatDecimal(d, d.isInteger() ? 0 : 1);
}

/** Quantities in UO, up to 3 decimals without trailing zeros: "2,375". */
export function formatQuantity(value: DecimalInput | null | undefined): string {
  const d = dec(value);
  const places = Math.min(3, Math.max(0, d.decimalPlaces()));
  return formatDecimal(d, places);
}

export function formatPercent(value: DecimalInput | null | undefined, decimals = 1): string {
  return `${formatDecimal(dec(value).times(100), decimals)}${NBSP}%`;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy' without going through a timezone. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  const [y, m, d] = value.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

const dateTimeFormat = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  dateStyle: "short",
  timeStyle: "short",
});

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "";
  return dateTimeFormat.format(typeof value === "string" ? new Date(value) : value);
}

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** '2026-05-01' → 'mai 2026' */
export function formatMonth(value: string): string {
  const [y, m] = value.split("-");
  return `${MONTHS[Number(m) - 1]} ${y}`;
}
