import { describe, expect, it } from "vitest";
import { idSchema, MAX_ID, optionalIdSchema, parseId } from "./ids";

describe("ids", () => {
  it("accepts what a PostgreSQL integer identity holds, and nothing else", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId(" 7 ")).toBe(7);
    expect(parseId(42)).toBe(42);
    expect(parseId(String(MAX_ID))).toBe(MAX_ID);
    for (const bad of [
      "2147483648",
      "9223372036854775808",
      "-1",
      "0",
      "1e309",
      "1.5",
      "1e3",
      "0x10",
      "",
      "abc",
      "٣",
      null,
      undefined,
      1.5,
      -3,
      Infinity,
      NaN,
      2 ** 31,
    ]) {
      expect(parseId(bad), String(bad)).toBeNull();
    }
  });

  it("refuses an out-of-range id with the form's French message", () => {
    const r = idSchema("Choisissez un produit.").safeParse("2147483648");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe("Choisissez un produit.");
    expect(idSchema("x").parse("12")).toBe(12);
    expect(optionalIdSchema("x").parse("")).toBeNull();
    expect(optionalIdSchema("x").parse(undefined)).toBeNull();
    expect(optionalIdSchema("Choix invalide.").safeParse("-1").success).toBe(false);
  });
});
