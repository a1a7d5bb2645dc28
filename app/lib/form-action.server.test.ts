import { describe, expect, it } from "vitest";
import { z } from "zod";
import { answerAction, FORM_HAS_ERRORS, parseForm, withoutSecrets, type Reply } from "./form-action.server";
import { Refusal } from "./refusal";

const reply: Reply = (r) => ({
  error: r.message,
  fieldErrors: r.fieldErrors,
  values: { email: "a@b.fr", password: "secret", nested: { motDePasse: "x", name: "n" } },
});

describe("answerAction, the one pipeline", () => {
  it("answers a use case's refusal with its status, message and fields, values kept but never a password", async () => {
    const r = await answerAction(reply, async () => {
      throw new Refusal("Déjà émis.", { status: 409, field: "intent" });
    });
    expect(r.status).toBe(409);
    expect(await r.json()).toEqual({ error: "Déjà émis.", fieldErrors: { intent: ["Déjà émis."] }, values: { email: "a@b.fr", nested: { name: "n" } } });
  });

  it("answers a zod failure 400 with the per-field messages", async () => {
    const r = await answerAction(reply, async () => {
      parseForm(z.object({ name: z.string().min(1, "Saisissez le nom.") }), { name: "" });
      return new Response();
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ error: FORM_HAS_ERRORS, fieldErrors: { name: ["Saisissez le nom."] } });
  });

  it("answers a database refusal 400/409 in French, and lets a bug (or a guard's Response) through", async () => {
    const outOfRange = await answerAction(reply, async () => {
      throw Object.assign(new Error("value out of range for type integer"), { code: "22003" });
    });
    expect(outOfRange.status).toBe(400);
    expect((await outOfRange.json()).error).toMatch(/trop grand/);
    const deadlock = await answerAction(reply, async () => {
      throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    });
    expect(deadlock.status).toBe(409);
    await expect(
      answerAction(reply, async () => {
        throw new TypeError("bug");
      }),
    ).rejects.toThrow("bug");
    await expect(
      answerAction(reply, async () => {
        throw new Response("introuvable", { status: 404 });
      }),
    ).rejects.toBeInstanceOf(Response);
    expect(withoutSecrets([{ password: "p", a: 1 }])).toEqual([{ a: 1 }]);
  });
});
