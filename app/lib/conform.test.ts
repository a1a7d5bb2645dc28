// The forms' one parse (issue 14): Conform's parseWithZod with each form's zod schema, as the browser and the
// action call it; the messages are French and land on the field a user sees.
import { describe, expect, it } from "vitest";
import { withListsIn } from "../components/forms/form";
import { declarationFormSchema } from "../domain/declarations/form";
import { contractorSchema } from "../domain/contracts/schemas";
import { conformName, parseSubmission } from "./conform";

const formData = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const errorsOf = (s: ReturnType<typeof parseSubmission>) => (s.status === "error" ? s.error : null);

describe("the forms' parse", () => {
  it("names a refusal's field the way Conform does", () => {
    expect(conformName("lines.0.amount")).toBe("lines[0].amount");
    expect(conformName("line.2.person.1.days")).toBe("line[2].person[1].days");
    expect(conformName("ejNumber")).toBe("ejNumber");
  });

  it("a declaration: half-days, people adding up to the line, a person's days, each message on its field, in French", () => {
    const bad = parseSubmission(
      formData({
        "line[0].orderLineId": "7",
        "line[0].days": "2,3",
        "line[1].orderLineId": "8",
        "line[1].days": "4",
        "line[1].person[0].name": "Ada Lovelace",
        "line[1].person[0].days": "1",
        "line[1].person[1].name": "",
        "line[1].person[1].days": "2",
      }),
      declarationFormSchema,
    );
    expect(errorsOf(bad)).toEqual({
      "line[0].days": ["Jours consommés : les jours se déclarent par demi-journées (0,5)."],
      "line[1].person[1].name": ["Intervenant 2 : indiquez le nom de l'intervenant."],
    });
    const total = parseSubmission(
      formData({ "line[0].orderLineId": "7", "line[0].days": "4", "line[0].person[0].name": "Ada Lovelace", "line[0].person[0].days": "1" }),
      declarationFormSchema,
    );
    expect(errorsOf(total)?.["line[0].people"]?.[0]).toMatch(/^Ligne 1 : les intervenants totalisent 1 j alors que la ligne déclare 4 j/);
    const none = parseSubmission(formData({ "line[0].orderLineId": "7" }), declarationFormSchema);
    expect(errorsOf(none)).toEqual({ "line[0].days": ["Déclarez au moins une ligne (0 jour si aucun travail ce mois-ci)."] });
    const ok = parseSubmission(
      formData({ "line[0].orderLineId": "7", "line[0].days": "4,5", "line[0].person[0].name": " Ada  Lovelace ", "line[0].person[0].days": "4,5" }),
      declarationFormSchema,
    );
    expect(ok.status === "success" && ok.value).toMatchObject([{ orderLineId: 7, days: "4.5", people: [{ name: "Ada Lovelace", days: "4.5" }] }]);
  });

  it("a reference form: the values stay the strings typed (no coercion), the messages French", () => {
    const s = parseSubmission(formData({ name: "  ", siret: "123" }), contractorSchema);
    expect(errorsOf(s)).toEqual({ name: ["Saisissez la raison sociale."], siret: ["Le SIRET compte 14 chiffres."] });
  });

  it("a list posted under another shape comes back as a list (or none): rendering never throws", () => {
    expect(withListsIn({ lines: { "0": { amount: "x" } }, title: "t" }, { lines: {} })).toEqual({ lines: [{ amount: "x" }], title: "t" });
    expect(withListsIn({ lines: "du texte" }, { lines: {} })).toEqual({ lines: [] });
    expect(withListsIn({ line: [{ person: "x" }, "y", undefined] }, { line: { person: {} } })).toEqual({ line: [{ person: [] }, {}, {}] });
  });
});

describe("a posted intent that no Conform button sends", () => {
  it("is refused as an unknown action (400, in French), never a SyntaxError", async () => {
    const { z } = await import("zod");
    const form = new FormData();
    form.set("__intent__", "n'importe-quoi");
    let thrown: unknown = null;
    try {
      parseSubmission(form, z.object({}));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toContain("Action inconnue");
    const ok = new FormData();
    ok.set("__intent__", JSON.stringify({ type: "insert", payload: { name: "lines" } }));
    expect(() => parseSubmission(ok, z.object({ lines: z.array(z.string()).optional() }))).not.toThrow();
  });
});
