// R10 and R13: ordered, consumed (validated), pending (submitted), remaining and released, in days, HT
// and TTC. Pure: the one statement of the rule in TypeScript. Its SQL twin, for what the database must
// aggregate, is next to it (queries.server.ts: countedLineSql, orderFiguresSql); the reconciliation test
// (tests/integration/reconciliation.test.ts) holds both to an independent computation.
//
// R13: what an order counts depends on its status. A cancelled order counts 0 everywhere (what it had
// ordered is "released"); a closed (soldé) order counts its consumed figures as ordered, so its remaining
// is 0, and what the closing released is shown apart; drafts and issued orders count what they order.
// TTC is computed once per order: ordered TTC = ordered HT + round(ordered HT × VAT, 2), consumed TTC
// likewise, remaining TTC = ordered TTC − consumed TTC (never the TTC of the remaining HT). A figure above
// the order is the sum of its orders' figures.
import { Decimal, dec, toCents } from "../../lib/decimal";
import { ttcOf } from "../orders/amounts";
import { sumDecimals } from "../../lib/merge";
import type { OrderStatus } from "../../../db/schema";

/** What the database stores or sums (strings, exact). */
export interface RawFigures {
  ordered_days: string | null;
  ordered_ht: string | null;
  consumed_days: string | null;
  consumed_ht: string | null;
  pending_days: string | null;
  /** already counted figures (from orderFiguresSql) carry what was released */
  released_days?: string | null;
  released_ht?: string | null;
}

export interface Figures {
  orderedDays: string;
  orderedHt: string;
  consumedDays: string;
  consumedHt: string;
  pendingDays: string;
  remainingDays: string;
  remainingHt: string;
  /** released by closing (soldé) or cancelling the order: not counted as ordered */
  releasedDays: string;
  releasedHt: string;
  /** consumed days ÷ ordered days, 0..1, as a decimal string with 4 places */
  consumptionRate: string;
}

/** An order's (or a group of orders') figures, TTC included (R13). */
export interface OrderFigures extends Figures {
  orderedTtc: string;
  consumedTtc: string;
  remainingTtc: string;
  releasedTtc: string;
}

/** Figures of counted sums (remaining = ordered − consumed). */
export function toFigures(raw: RawFigures): Figures {
  const orderedDays = dec(raw.ordered_days);
  const consumedDays = dec(raw.consumed_days);
  const orderedHt = dec(raw.ordered_ht);
  const consumedHt = dec(raw.consumed_ht);
  return {
    orderedDays: orderedDays.toFixed(1),
    orderedHt: toCents(orderedHt),
    consumedDays: consumedDays.toFixed(1),
    consumedHt: toCents(consumedHt),
    pendingDays: dec(raw.pending_days).toFixed(1),
    remainingDays: orderedDays.minus(consumedDays).toFixed(1),
    remainingHt: toCents(orderedHt.minus(consumedHt)),
    releasedDays: dec(raw.released_days).toFixed(1),
    releasedHt: toCents(dec(raw.released_ht)),
    consumptionRate: rate(consumedDays, orderedDays),
  };
}

function rate(consumed: Decimal, ordered: Decimal): string {
  return ordered.isZero() ? "0.0000" : consumed.dividedBy(ordered).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

/**
 * R13 for one order line or a whole order, from what is stored (the line's quantity × 20 and amount,
 * its running totals): what it counts given the order's status.
 */
export function countedFigures(stored: RawFigures, status: OrderStatus): Figures {
  const od = dec(stored.ordered_days),
    oh = dec(stored.ordered_ht);
  const cd = dec(stored.consumed_days),
    ch = dec(stored.consumed_ht);
  switch (status) {
    case "cancelled":
      return toFigures({
        ordered_days: "0",
        ordered_ht: "0",
        consumed_days: "0",
        consumed_ht: "0",
        pending_days: "0",
        released_days: od.toString(),
        released_ht: oh.toString(),
      });
    case "closed":
      return toFigures({
        ...stored,
        ordered_days: cd.toString(),
        ordered_ht: ch.toString(),
        released_days: od.minus(cd).toString(),
        released_ht: oh.minus(ch).toString(),
      });
    default:
      return toFigures({ ...stored, released_days: "0", released_ht: "0" });
  }
}

/** R13 for one order: its counted figures and their TTC at the order's VAT rate. */
export function orderFigures(stored: RawFigures, status: OrderStatus, vatRate: string): OrderFigures {
  const f = countedFigures(stored, status);
  const orderedTtc = ttcOf(f.orderedHt, vatRate);
  const consumedTtc = ttcOf(f.consumedHt, vatRate);
  // what the order was worth TTC before closing or cancelling, minus what it counts now
  const documentTtc = ttcOf(dec(f.orderedHt).plus(f.releasedHt), vatRate);
  return {
    ...f,
    orderedTtc,
    consumedTtc,
    remainingTtc: toCents(dec(orderedTtc).minus(consumedTtc)),
    releasedTtc: toCents(dec(documentTtc).minus(orderedTtc)),
  };
}

/** Sums of counted figures from SQL (orderFiguresSql's columns summed): above the order. */
export interface RawOrderFigures extends RawFigures {
  ordered_ttc: string | null;
  consumed_ttc: string | null;
  released_ttc?: string | null;
}

export function toOrderFigures(raw: RawOrderFigures): OrderFigures {
  return {
    ...toFigures(raw),
    orderedTtc: toCents(dec(raw.ordered_ttc)),
    consumedTtc: toCents(dec(raw.consumed_ttc)),
    remainingTtc: toCents(dec(raw.ordered_ttc).minus(dec(raw.consumed_ttc))),
    releasedTtc: toCents(dec(raw.released_ttc)),
  };
}

/** A figure above the order is the sum of its orders' figures (R13). */
export function sumOrderFigures(list: OrderFigures[]): OrderFigures {
  // exact sums in integers (DINUM's home adds up tens of thousands of these after each write: issue 15)
  const s = (k: keyof OrderFigures) => sumDecimals(list.map((f) => f[k]));
  return toOrderFigures({
    ordered_days: s("orderedDays"),
    ordered_ht: s("orderedHt"),
    consumed_days: s("consumedDays"),
    consumed_ht: s("consumedHt"),
    pending_days: s("pendingDays"),
    released_days: s("releasedDays"),
    released_ht: s("releasedHt"),
    ordered_ttc: s("orderedTtc"),
    consumed_ttc: s("consumedTtc"),
    released_ttc: s("releasedTtc"),
  });
}

export function addFigures(a: Figures, b: Figures): Figures {
  return toFigures({
    ordered_days: dec(a.orderedDays).plus(b.orderedDays).toString(),
    ordered_ht: dec(a.orderedHt).plus(b.orderedHt).toString(),
    consumed_days: dec(a.consumedDays).plus(b.consumedDays).toString(),
    consumed_ht: dec(a.consumedHt).plus(b.consumedHt).toString(),
    pending_days: dec(a.pendingDays).plus(b.pendingDays).toString(),
    released_days: dec(a.releasedDays).plus(b.releasedDays).toString(),
    released_ht: dec(a.releasedHt).plus(b.releasedHt).toString(),
  });
}

export const ZERO_FIGURES: Figures = toFigures({ ordered_days: "0", ordered_ht: "0", consumed_days: "0", consumed_ht: "0", pending_days: "0" });
