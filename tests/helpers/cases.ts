// Tables of input → expected for the unit tests: one test per row instead of a column of expect lines.
import { expect, it } from "vitest";

/** One test per row: `fn(input)` equals `expected` (toStrictEqual: null is not undefined); the row is in the title. */
export function itMaps<I, O>(title: string, fn: (input: I) => O, rows: readonly (readonly [I, O])[]): void {
  it.each(rows.map(([input, expected]) => ({ input, expected })))(`${title}: $input → $expected`, ({ input, expected }) => {
    expect(fn(input)).toStrictEqual(expected);
  });
}
