import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { neutraliseText } from "./neutralise";

describe("neutraliseText", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["+33 1 23", "'+33 1 23"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["  =1+1", "'  =1+1"],
  ])("prefixes %j", (input, expected) => {
    expect(neutraliseText(input)).toBe(expected);
  });

  it("leaves ordinary text alone", () => {
    expect(neutraliseText("Développement de l'API")).toBe("Développement de l'API");
    expect(neutraliseText("")).toBe("");
    expect(neutraliseText("a=b")).toBe("a=b");
  });

  it("never lets a neutralised value start with a trigger", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = neutraliseText(s);
        expect(["=", "+", "-", "@", "\t", "\r"]).not.toContain(out.charAt(0));
        expect(out.endsWith(s)).toBe(true);
      }),
    );
  });
});
