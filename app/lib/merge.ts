// Putting parts together (issue 15: DINUM's pages are merged from one part per beneficiary after each write,
// so the merge itself must cost little): the first `limit` of lists each already sorted, and exact sums of
// decimal strings.
import { Decimal } from "./decimal";

/**
 * The first `limit` items of `lists` put together in the order `compare`, each list being sorted in that order
 * already: what sorting their concatenation (stably, lists in their order) and keeping `limit` gives, in
 * `limit × lists` comparisons instead of sorting every item (60 parts × 100 alerts: 6,000 items per list).
 */
export function firstOfSorted<T>(lists: readonly (readonly T[])[], compare: (a: T, b: T) => number, limit: number): T[] {
  const heads = lists.filter((l) => l.length > 0).map((list) => ({ list, at: 0 }));
  const out: T[] = [];
  while (out.length < limit && heads.length > 0) {
    let best = 0;
    for (let i = 1; i < heads.length; i++) if (compare(heads[i].list[heads[i].at], heads[best].list[heads[best].at]) < 0) best = i;
    const h = heads[best];
    out.push(h.list[h.at++]);
    if (h.at === h.list.length) heads.splice(best, 1);
  }
  return out;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The exact sum of decimal strings ("-12.5", "1234.50"), as a decimal string: the same value as Decimal's
 * sum, in integer arithmetic (BigInt), for the tens of thousands of figures a merge adds up (Decimal for
 * anything else, such as an exponent).
 */
export function sumDecimals(values: readonly string[]): string {
  let scale = 0;
  const parsed: [boolean, string, string][] = [];
  for (const v of values) {
    const m = DECIMAL.exec(v);
    if (!m) return values.reduce((acc, x) => acc.plus(x), new Decimal(0)).toString();
    const fraction = m[3] ?? "";
    if (fraction.length > scale) scale = fraction.length;
    parsed.push([m[1] === "-", m[2], fraction]);
  }
  let total = 0n;
  for (const [negative, whole, fraction] of parsed) {
    const n = BigInt(whole + fraction.padEnd(scale, "0"));
    total += negative ? -n : n;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? "-" : ""}${whole}${scale > 0 ? `.${fraction}` : ""}`;
}

/**
 * `merge(parts)` computed as `merge` of buckets of about √n parts each, every bucket's result kept (in `memo`) while
 * its parts are the same objects: after a write changes one part, one bucket and the top are merged again (2√n
 * parts, not n). `merge` must accept its own results as parts' values (a sum, or a merge of groups) through
 * `combine`, so that merging the buckets' results gives what merging every part gives.
 */
export function bucketedMerge<P extends object, M>(
  parts: readonly P[],
  merge: (parts: readonly P[]) => M,
  combine: (merged: readonly M[]) => M,
  memo: WeakMap<P, { parts: readonly P[]; value: M }>,
): M {
  const size = Math.max(1, Math.ceil(Math.sqrt(parts.length)));
  const merged: M[] = [];
  for (let i = 0; i < parts.length; i += size) {
    const bucket = parts.slice(i, i + size);
    const kept = memo.get(bucket[0]);
    if (kept && kept.parts.length === bucket.length && kept.parts.every((p, j) => p === bucket[j])) merged.push(kept.value);
    else {
      const value = merge(bucket);
      memo.set(bucket[0], { parts: bucket, value });
      merged.push(value);
    }
  }
  return combine(merged);
}
