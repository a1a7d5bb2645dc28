import { describe, expect, it } from "vitest";
import { deliveryFor, settableKinds } from "./kinds";
import { renderDigest, renderMessage } from "./messages";

describe("who chooses what (issue 16)", () => {
  it("a user's choice applies when the kind offers it, else the default of their role", () => {
    expect(deliveryFor("declaration_submitted", "correspondent", undefined)).toBe("immediate");
    expect(deliveryFor("declaration_submitted", "correspondent", "daily")).toBe("daily");
    expect(deliveryFor("declaration_submitted", "correspondent", "none")).toBe("none");
    expect(deliveryFor("declarations_waiting", "correspondent", "immediate")).toBe("daily"); // a digest only
    expect(deliveryFor("order_ending", "dinum", undefined)).toBe("weekly");
    expect(deliveryFor("order_ending", "correspondent", undefined)).toBe("immediate");
  });
  it("security messages are always sent at once and are not among the settings", () => {
    expect(deliveryFor("password_reset", "contractor", "none")).toBe("immediate");
    for (const role of ["dinum", "correspondent", "contractor"] as const) expect(settableKinds(role)).not.toContain("password_reset");
    expect(settableKinds("contractor")).toEqual(["declaration_decided", "order_issued", "months_to_declare"]);
  });
});

describe("what a message looks like", () => {
  it("text and HTML carry the page's link and the settings' link; user text is escaped in HTML", () => {
    const m = renderMessage(
      { subject: "Objet", paragraphs: ["Motif : <b>trop</b> & plus"], link: "/declarations/3", linkLabel: "Voir" },
      "https://pilotage.example",
    );
    expect(m.text).toContain("Voir : https://pilotage.example/declarations/3");
    expect(m.text).toContain("https://pilotage.example/compte#courriels");
    expect(m.html).toContain('<a href="https://pilotage.example/declarations/3">Voir</a>');
    expect(m.html).toContain("Motif : &lt;b&gt;trop&lt;/b&gt; &amp; plus");
    expect(m.html).toContain('href="https://pilotage.example/compte#courriels"');
  });
  it("a digest lists each item with its link", () => {
    const d = renderDigest(
      [
        { subject: "Un", link: "https://x.example/a" },
        { subject: "Deux", link: "https://x.example/b" },
      ],
      "weekly",
      "2026-12-07",
      "https://x.example",
    );
    expect(d.subject).toBe("Pilotage UO : votre récapitulatif de la semaine (2 informations)");
    expect(d.text).toContain("- Un\n  https://x.example/a");
    expect(d.html).toContain('<li><a href="https://x.example/b">Deux</a></li>');
  });
});
