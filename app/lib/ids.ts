// Every id the app reads from outside (a form field, a route param, a query string) is a PostgreSQL
// `integer` identity: 1 to 2³¹ − 1. One parser and one zod schema for all of them, so that an id of 2³¹
// or more, a negative, a decimal or "1e309" is a French 400/404 and never reaches PostgreSQL (22003).
import { z } from "zod";

export const MAX_ID = 2_147_483_647;
const ID = /^[1-9][0-9]{0,9}$/;

/** "42" (or 42) → 42; anything that is not an id PostgreSQL can hold → null. */
export function parseId(value: unknown): number | null {
  const s = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!ID.test(s)) return null;
  const n = Number(s);
  return n <= MAX_ID ? n : null;
}

/** A required id (a form string or a number), with the form's French message. */
export const idSchema = (message: string) =>
  z.union([z.string(), z.number()], { error: message }).transform((v, ctx) => {
    const id = parseId(v);
    if (id === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return id;
  });

/** An optional id: missing or "" → null. */
export const optionalIdSchema = (message: string) =>
  z
    .union([z.string(), z.number(), z.null()], { error: message })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null || (typeof v === "string" && v.trim() === "")) return null;
      const id = parseId(v);
      if (id === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return id;
    });
