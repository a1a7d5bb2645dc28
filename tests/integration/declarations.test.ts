import { describe, expect, it } from "vitest";
import { Refusal } from "../../app/lib/refusal";
import { useTestDatabase, refusal } from "../helpers/db";
import { makeOrder, line } from "./declarations-fixtures";
import { createCorrection, rejectDeclaration, saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { countToDeclare, countToValidate, getDeclaration, listToDeclare, listToValidate } from "../../app/domain/declarations/queries.server";
import { declarationFormAction } from "../../app/domain/declarations/form-action.server";
import { getOrder } from "../../app/domain/orders/queries.server";
import { workingDaysInMonth } from "../../app/lib/working-days";

const t = await useTestDatabase();
const { contractorA, contractorB, correspondentA: corrA, correspondentB: corrB, dinum } = t.actors;

const TODAY = "2026-11-23";

async function lineFigures(orderId: number, lineId: number) {
  const found = await getOrder(t.db, dinum, orderId);
  return found!.lines.find((l) => l.id === lineId)!.figures;
}

async function status(p: Promise<unknown>): Promise<number> {
  const e = await p.then(
    () => null,
    (err) => err,
  );
  if (e instanceof Response) return e.status;
  if (e instanceof Refusal) return e.status;
  throw new Error(`expected a refusal, got ${e}`);
}

describe("declare, submit, validate", () => {
  it("moves days from pending to consumed and records each step in the audit", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] }); // 20 days, 600 €/day
    const { id } = await saveDraft(
      t.db,
      contractorA,
      { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "4.5", { people: [{ name: "Ada Testeuse", days: "4.5" }] })] },
      TODAY,
    );
    expect((await lineFigures(o.id, o.lines[0].id)).pendingDays).toBe("0.0");
    // saving again replaces the draft's lines
    await saveDraft(
      t.db,
      contractorA,
      { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "5", { people: [{ name: "Ada Testeuse", days: "5" }] })] },
      TODAY,
    );
    expect(await t.db.selectFrom("declaration").select("id").where("order_id", "=", o.id).execute()).toHaveLength(1);
    await submitDeclaration(t.db, contractorA, id, TODAY);
    let f = await lineFigures(o.id, o.lines[0].id);
    expect(f.pendingDays).toBe("5.0");
    expect(f.consumedDays).toBe("0.0");
    expect((await listToValidate(t.db, corrA)).some((d) => d.id === id)).toBe(true);
    expect((await listToValidate(t.db, corrB)).some((d) => d.id === id)).toBe(false);
    await validateDeclaration(t.db, corrA, id);
    f = await lineFigures(o.id, o.lines[0].id);
    expect(f.pendingDays).toBe("0.0");
    expect(f.consumedDays).toBe("5.0");
    expect(f.consumedHt).toBe("3000.00");
    expect(f.remainingDays).toBe("15.0");
    expect(f.remainingHt).toBe("9000.00");
    const audit = await t.db
      .selectFrom("audit_event")
      .select(["action", "beneficiary_id", "contractor_id"])
      .where("entity_type", "=", "declaration")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "update", "submit", "validate"]);
    expect(audit.every((a) => a.beneficiary_id === o.beneficiaryId && a.contractor_id === o.contractorId)).toBe(true);
    // once validated it never changes
    expect((await refusal(saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "1")] }, TODAY))).message).toMatch(
      /validée/,
    );
    expect((await refusal(submitDeclaration(t.db, contractorA, id, TODAY))).message).toMatch(/validée/);
  });

  it("lists the months to declare, oldest first, without the submitted ones", async () => {
    // the order's own months (a contractor of national size has more months to declare than one page lists)
    const o = await makeOrder(t.db, { periodStart: "2026-08-15", periodEnd: "2027-03-31" });
    let items = (await listToDeclare(t.db, contractorA, { today: TODAY, orderId: o.id })).filter((i) => i.orderId === o.id);
    expect(items.map((i) => i.month)).toEqual(["2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01"]);
    const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-08-01", lines: [line(o.lines[0].id, "1")] }, TODAY);
    items = (await listToDeclare(t.db, contractorA, { today: TODAY, orderId: o.id })).filter((i) => i.orderId === o.id);
    expect(items[0]).toMatchObject({ month: "2026-08-01", declarationId: id, declarationStatus: "draft" });
    await submitDeclaration(t.db, contractorA, id, TODAY);
    items = (await listToDeclare(t.db, contractorA, { today: TODAY, orderId: o.id })).filter((i) => i.orderId === o.id);
    expect(items.map((i) => i.month)).toEqual(["2026-09-01", "2026-10-01", "2026-11-01"]);
    expect(await listToDeclare(t.db, contractorB, { today: TODAY, orderId: o.id })).toEqual([]);
  });

  it("pages, counts and filters the months to declare and the declarations to validate", async () => {
    // 23 months to declare, January 2025 to November 2026
    const o = await makeOrder(t.db, { periodStart: "2025-01-01", periodEnd: "2026-12-31" });
    const mine = { q: o.number, today: TODAY };
    expect(await countToDeclare(t.db, contractorA, mine)).toBe(23);
    const first = await listToDeclare(t.db, contractorA, { ...mine, limit: 10, offset: 0 });
    const second = await listToDeclare(t.db, contractorA, { ...mine, limit: 10, offset: 10 });
    const third = await listToDeclare(t.db, contractorA, { ...mine, limit: 10, offset: 20 });
    expect([first.length, second.length, third.length]).toEqual([10, 10, 3]);
    const months = [...first, ...second, ...third].map((i) => i.month);
    expect(months[0]).toBe("2025-01-01");
    expect(months.at(-1)).toBe("2026-11-01");
    expect(new Set(months).size).toBe(23);
    expect([...months].sort()).toEqual(months);
    // one month; part of the number; LIKE's wildcards are taken literally; another contractor sees nothing
    expect((await listToDeclare(t.db, contractorA, { ...mine, month: "2025-03-01" })).map((i) => i.month)).toEqual(["2025-03-01"]);
    expect(await countToDeclare(t.db, contractorA, { ...mine, month: "2025-03-01" })).toBe(1);
    expect(await countToDeclare(t.db, contractorA, { q: o.number.slice(-6), today: TODAY })).toBeGreaterThanOrEqual(23);
    expect(await countToDeclare(t.db, contractorA, { q: "%", today: TODAY })).toBe(0);
    expect(await countToDeclare(t.db, contractorB, mine)).toBe(0);

    // three months submitted: the correspondent's list to validate, paged and filtered the same way
    for (const month of ["2025-01-01", "2025-02-01", "2025-03-01"]) {
      const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month, lines: [line(o.lines[0].id, "1")] }, TODAY);
      await submitDeclaration(t.db, contractorA, id, TODAY);
    }
    expect(await countToDeclare(t.db, contractorA, mine)).toBe(20);
    expect(await countToValidate(t.db, corrA, { q: o.number })).toBe(3);
    expect((await listToValidate(t.db, corrA, 2, { q: o.number, offset: 2 })).map((d) => d.month)).toEqual(["2025-03-01"]);
    expect((await listToValidate(t.db, corrA, 50, { q: o.number, month: "2025-02-01" })).map((d) => d.month)).toEqual(["2025-02-01"]);
    expect(await countToValidate(t.db, corrB, { q: o.number })).toBe(0);
  });
});

describe("caps (R9)", () => {
  it("refuses more than the ordered days, saying how many remain", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] }); // 10 days
    const a = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "7.5")] }, TODAY);
    await submitDeclaration(t.db, contractorA, a.id, TODAY);
    const b = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "3")] }, TODAY);
    const e = await refusal(submitDeclaration(t.db, contractorA, b.id, TODAY));
    expect(e.message).toContain("il reste 2,5 j à déclarer");
    expect(e.issues[0]).toMatchObject({ orderLineId: o.lines[0].id, field: "days" });
    const d = await t.db.selectFrom("declaration").select("status").where("id", "=", b.id).executeTakeFirstOrThrow();
    expect(d.status).toBe("draft");
    await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(o.lines[0].id, "2.5")] }, TODAY);
    await submitDeclaration(t.db, contractorA, b.id, TODAY);
    expect((await lineFigures(o.id, o.lines[0].id)).pendingDays).toBe("10.0");
  });

  it("refuses days that are not half-days or negative", async () => {
    const o = await makeOrder(t.db);
    expect((await refusal(saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "1.3")] }, TODAY))).message).toMatch(
      /demi-journées/,
    );
    expect((await refusal(saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "-1")] }, TODAY))).message).toMatch(
      /demi-journées/,
    );
    expect(await t.db.selectFrom("declaration").select("id").where("order_id", "=", o.id).execute()).toHaveLength(0);
  });

  it("refuses a month outside the order's period or in the future", async () => {
    const o = await makeOrder(t.db, { periodStart: "2026-03-01", periodEnd: "2027-06-30" });
    expect((await refusal(saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-02-01", lines: [line(o.lines[0].id, "1")] }, TODAY))).message).toMatch(
      /hors de la période d'exécution/,
    );
    expect((await refusal(saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-12-01", lines: [line(o.lines[0].id, "1")] }, TODAY))).message).toMatch(
      /pas encore commencé/,
    );
    // the current month is allowed
    await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-11-01", lines: [line(o.lines[0].id, "1")] }, TODAY);
    // a draft kept from before is checked again at submission: here "today" moved back before the month
    const d = await t.db.selectFrom("declaration").select("id").where("order_id", "=", o.id).executeTakeFirstOrThrow();
    expect((await refusal(submitDeclaration(t.db, contractorA, d.id, "2026-10-31"))).message).toMatch(/pas encore commencé/);
  });

  it("refuses a person beyond the working days of May 2026 (17: four public holidays)", async () => {
    expect(workingDaysInMonth("2026-05-01")).toBe(17);
    const o1 = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "2", "12000.00"]] });
    const o2 = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "2", "12000.00"]] });
    const a = await saveDraft(
      t.db,
      contractorA,
      { orderId: o1.id, month: "2026-05-01", lines: [line(o1.lines[0].id, "10", { people: [{ name: "Max Plafond", days: "10" }] })] },
      TODAY,
    );
    await submitDeclaration(t.db, contractorA, a.id, TODAY);
    const b = await saveDraft(
      t.db,
      contractorA,
      { orderId: o2.id, month: "2026-05-01", lines: [line(o2.lines[0].id, "8", { people: [{ name: "Max Plafond", days: "8" }] })] },
      TODAY,
    );
    const e = await refusal(submitDeclaration(t.db, contractorA, b.id, TODAY));
    expect(e.message).toContain("Max Plafond dépasserait les 17 jours ouvrés de mai 2026");
    expect(e.message).toContain("il lui reste 7 j");
    await saveDraft(
      t.db,
      contractorA,
      {
        orderId: o2.id,
        month: "2026-05-01",
        lines: [
          line(o2.lines[0].id, "8", {
            people: [
              { name: "Max Plafond", days: "7" },
              { name: "Léa Renfort", days: "1" },
            ],
          }),
        ],
      },
      TODAY,
    );
    await submitDeclaration(t.db, contractorA, b.id, TODAY);
    // people cannot exceed the line's days
    const o3 = await makeOrder(t.db);
    expect(
      (
        await refusal(
          saveDraft(
            t.db,
            contractorA,
            { orderId: o3.id, month: "2026-05-01", lines: [line(o3.lines[0].id, "2", { people: [{ name: "Zoé", days: "3" }] })] },
            TODAY,
          ),
        )
      ).message,
    ).toMatch(/intervenants totalisent 3 j/);
  });

  it("50 concurrent submissions of 1 day on a line with 10 days left: exactly 10 accepted", async () => {
    // a long period in the past gives 50 distinct months on one order line of 10 days
    const o = await makeOrder(t.db, { periodStart: "2021-01-01", periodEnd: "2026-12-31", lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] });
    const months: string[] = [];
    for (let i = 0; i < 50; i++) months.push(`${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`);
    const ids: number[] = [];
    for (const month of months) ids.push((await saveDraft(t.db, contractorA, { orderId: o.id, month, lines: [line(o.lines[0].id, "1")] }, TODAY)).id);
    const pool = t.pool(25);
    const results = await Promise.allSettled(ids.map((id) => submitDeclaration(pool, contractorA, id, TODAY)));
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(Refusal);
      expect(r.reason.message).toContain("il reste 0 j à déclarer");
    }
    const f = await lineFigures(o.id, o.lines[0].id);
    expect(f.pendingDays).toBe("10.0");
    const submitted = await t.db.selectFrom("declaration").select("id").where("order_id", "=", o.id).where("status", "=", "submitted").execute();
    expect(submitted).toHaveLength(10);
  });

  it('50 concurrent "save and submit" of the form (draft and submission in one transaction) on two lines near their cap: exactly the remaining days accepted, no deadlock', async () => {
    // 10 and 5 days left; each month declares 1 and 0.5 day: the 10th acceptance fills both lines.
    // Inserting a declaration line takes a KEY SHARE lock on its order line: two such transactions used to
    // deadlock on the FOR UPDATE of the lines that followed (found by the submissions benchmark).
    const o = await makeOrder(t.db, {
      periodStart: "2021-01-01",
      periodEnd: "2026-12-31",
      lines: [
        ["DEVOPS_CONFIRME", "0.5", "12000.00"],
        ["PM", "0.25", "14000.00"],
      ],
    });
    const months: string[] = [];
    for (let i = 0; i < 50; i++) months.push(`${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`);
    const form = () => {
      const f = new FormData();
      f.set("intent", "submit");
      for (const [i, [id, days]] of (
        [
          [o.lines[0].id, "1"],
          [o.lines[1].id, "0.5"],
        ] as const
      ).entries()) {
        f.set(`line[${i}].orderLineId`, String(id));
        f.set(`line[${i}].days`, days);
        f.set(`line[${i}].activities`, "Développement");
      }
      return f;
    };
    const pool = t.pool(16);
    const results = await Promise.allSettled(months.map((month) => declarationFormAction(pool, contractorA, form(), { orderId: o.id, month })));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason?.message ?? r.reason));
    expect(failures).toEqual([]);
    const responses = results.map((r) => (r as PromiseFulfilledResult<Response>).value);
    expect(responses.filter((r) => r.status === 302)).toHaveLength(10);
    const refused = responses.filter((r) => r.status === 400);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      const body = await r.json();
      // Conform's answer: the message at the top under "", each line's under its field's name
      expect(body.result.error[""]).toEqual(["La déclaration dépasse les plafonds : rien n'a été soumis."]);
      expect(body.result.error["line[0].days"].join(" ")).toContain("il reste 0 j à déclarer");
      expect(body.result.error["line[1].days"].join(" ")).toContain("il reste 0 j à déclarer");
    }
    expect((await lineFigures(o.id, o.lines[0].id)).pendingDays).toBe("10.0");
    expect((await lineFigures(o.id, o.lines[1].id)).pendingDays).toBe("5.0");
    // refused submissions leave nothing behind: the form's transaction is rolled back, draft included
    const kept = await t.db
      .selectFrom("declaration")
      .select(["status", (eb) => eb.fn.countAll<string>().as("n")])
      .where("order_id", "=", o.id)
      .groupBy("status")
      .execute();
    expect(kept).toEqual([{ status: "submitted", n: "10" }]);
  });

  it("two drafts of the same month saved at once: one wins, the other is told cleanly", async () => {
    const o = await makeOrder(t.db);
    const pool = t.pool(4);
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => saveDraft(pool, contractorA, { orderId: o.id, month: "2026-04-01", lines: [line(o.lines[0].id, String(n))] }, TODAY)),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(Refusal);
    expect(await t.db.selectFrom("declaration").select("id").where("order_id", "=", o.id).execute()).toHaveLength(1);
    const { id } = (ok[0] as PromiseFulfilledResult<{ id: number }>).value;
    await submitDeclaration(t.db, contractorA, id, TODAY);
    await validateDeclaration(t.db, corrA, id);
    const corrections = await Promise.allSettled([1, 2].map(() => createCorrection(pool, contractorA, id, "Correction")));
    expect(corrections.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("declares only on issued orders", async () => {
    const closed = await makeOrder(t.db, { status: "closed" });
    expect(
      (await refusal(saveDraft(t.db, contractorA, { orderId: closed.id, month: "2026-09-01", lines: [line(closed.lines[0].id, "1")] }, TODAY))).message,
    ).toMatch(/émis/);
    const draft = await makeOrder(t.db, { status: "draft" });
    expect(await status(saveDraft(t.db, contractorA, { orderId: draft.id, month: "2026-09-01", lines: [line(draft.lines[0].id, "1")] }, TODAY))).toBe(404);
  });
});

describe("amounts (R10)", () => {
  it("the declaration that exhausts a line absorbs the rounding", async () => {
    // 1 UO at 1 000,01 €: 50,0005 €/day; 3 days = 150,0015 → 150,00 €
    const o = await makeOrder(t.db, { periodStart: "2026-01-01", lines: [["PM", "1", "1000.01"]] });
    const months = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01", "2026-07-01"];
    const amounts: string[] = [];
    for (const [i, month] of months.entries()) {
      const days = i < 6 ? "3" : "2";
      const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month, lines: [line(o.lines[0].id, days)] }, TODAY);
      await submitDeclaration(t.db, contractorA, id, TODAY);
      await validateDeclaration(t.db, corrA, id);
      const dl = await t.db.selectFrom("declaration_line").select("consumed_amount").where("declaration_id", "=", id).executeTakeFirstOrThrow();
      amounts.push(dl.consumed_amount!);
    }
    expect(amounts).toEqual(["150.00", "150.00", "150.00", "150.00", "150.00", "150.00", "100.01"]);
    const f = await lineFigures(o.id, o.lines[0].id);
    expect(f.consumedDays).toBe("20.0");
    expect(f.consumedHt).toBe("1000.01");
    expect(f.remainingHt).toBe("0.00");
  });
});

describe("rejection and correction", () => {
  it("rejection → correction by the contractor → validation", async () => {
    const o = await makeOrder(t.db);
    const { id } = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-06-01", lines: [line(o.lines[0].id, "4")] }, TODAY);
    await submitDeclaration(t.db, contractorA, id, TODAY);
    expect((await refusal(rejectDeclaration(t.db, corrA, id, "  "))).message).toMatch(/motif/);
    await rejectDeclaration(t.db, corrA, id, "Activités trop vagues");
    expect((await lineFigures(o.id, o.lines[0].id)).pendingDays).toBe("0.0");
    expect((await refusal(validateDeclaration(t.db, corrA, id))).message).toMatch(/rejetée/);
    const seen = await getDeclaration(t.db, contractorA, id);
    expect(seen!.declaration.rejection_reason).toBe("Activités trop vagues");
    await saveDraft(
      t.db,
      contractorA,
      { declarationId: id, orderId: o.id, month: "2026-06-01", lines: [line(o.lines[0].id, "3.5", { activities: "Détail des écrans livrés" })] },
      TODAY,
    );
    await submitDeclaration(t.db, contractorA, id, TODAY);
    await validateDeclaration(t.db, corrA, id);
    const f = await lineFigures(o.id, o.lines[0].id);
    expect(f.consumedDays).toBe("3.5");
    const actions = await t.db
      .selectFrom("audit_event")
      .select("action")
      .where("entity_type", "=", "declaration")
      .where("entity_id", "=", String(id))
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual(["create", "submit", "reject", "reopen", "submit", "validate"]);
  });

  it("a validated month is corrected by a correcting declaration that may lower the days", async () => {
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "0.5", "12000.00"]] }); // 10 days at 600 €
    const { id } = await saveDraft(
      t.db,
      contractorA,
      { orderId: o.id, month: "2026-07-01", lines: [line(o.lines[0].id, "6", { people: [{ name: "Cora Rection", days: "6" }] })] },
      TODAY,
    );
    await submitDeclaration(t.db, contractorA, id, TODAY);
    await validateDeclaration(t.db, corrA, id);
    expect((await refusal(createCorrection(t.db, contractorA, id, ""))).message).toMatch(/motif/);
    const c = await createCorrection(t.db, contractorA, id, "Deux jours de congés comptés par erreur");
    expect((await refusal(createCorrection(t.db, contractorA, id, "Encore"))).message).toMatch(/déjà en cours/);
    const draft = await getDeclaration(t.db, contractorA, c.id);
    expect(draft!.declaration).toMatchObject({ kind: "correction", corrects_id: id, status: "draft" });
    expect(draft!.lines[0]).toMatchObject({ days: "6.0", people: [{ name: "Cora Rection", days: "6.0" }] });
    await saveDraft(
      t.db,
      contractorA,
      { declarationId: c.id, orderId: o.id, month: "2026-07-01", lines: [line(o.lines[0].id, "4", { people: [{ name: "Cora Rection", days: "4" }] })] },
      TODAY,
    );
    await submitDeclaration(t.db, contractorA, c.id, TODAY);
    const dl = await t.db.selectFrom("declaration_line").select("delta_days").where("declaration_id", "=", c.id).executeTakeFirstOrThrow();
    expect(dl.delta_days).toBe("-2.0");
    expect((await lineFigures(o.id, o.lines[0].id)).pendingDays).toBe("-2.0");
    await validateDeclaration(t.db, corrA, c.id);
    const f = await lineFigures(o.id, o.lines[0].id);
    expect(f.consumedDays).toBe("4.0");
    expect(f.consumedHt).toBe("2400.00");
    // the original stays as it was validated
    const original = await getDeclaration(t.db, corrA, id);
    expect(original!.declaration.status).toBe("validated");
    expect(original!.lines[0].days).toBe("6.0");
    // raising it again through a second correction obeys the line cap: 10 ordered, 4 consumed → at most 10
    const c2 = await createCorrection(t.db, contractorA, c.id, "Ajout des jours d'astreinte");
    await saveDraft(t.db, contractorA, { declarationId: c2.id, orderId: o.id, month: "2026-07-01", lines: [line(o.lines[0].id, "10.5")] }, TODAY);
    expect((await refusal(submitDeclaration(t.db, contractorA, c2.id, TODAY))).message).toContain("il reste 6 j à déclarer");
  });
});

describe("a lowering correction frees days only once validated", () => {
  it("another month cannot use days that a pending correction would give back", async () => {
    // 12 days: March's 10 do not exhaust it (an exhausted order closes itself, R14, and takes no correction)
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "0.6", "12000.00"]] });
    const a = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-03-01", lines: [line(o.lines[0].id, "10")] }, TODAY);
    await submitDeclaration(t.db, contractorA, a.id, TODAY);
    await validateDeclaration(t.db, corrA, a.id);
    const c = await createCorrection(t.db, contractorA, a.id, "Deux jours en trop");
    await saveDraft(t.db, contractorA, { declarationId: c.id, orderId: o.id, month: "2026-03-01", lines: [line(o.lines[0].id, "8")] }, TODAY);
    await submitDeclaration(t.db, contractorA, c.id, TODAY);
    const b = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-04-01", lines: [line(o.lines[0].id, "4")] }, TODAY);
    expect((await refusal(submitDeclaration(t.db, contractorA, b.id, TODAY))).message).toContain("il reste 2 j à déclarer");
    // the correction rejected: nothing overflows
    await rejectDeclaration(t.db, corrA, c.id, "Les deux jours étaient bien travaillés");
    // once a lowering is validated, the days are free again
    await saveDraft(t.db, contractorA, { declarationId: c.id, orderId: o.id, month: "2026-03-01", lines: [line(o.lines[0].id, "8")] }, TODAY);
    await submitDeclaration(t.db, contractorA, c.id, TODAY);
    await validateDeclaration(t.db, corrA, c.id);
    await submitDeclaration(t.db, contractorA, b.id, TODAY);
    await validateDeclaration(t.db, corrA, b.id);
    const f = await lineFigures(o.id, o.lines[0].id);
    expect(f.consumedDays).toBe("12.0");
    expect(f.consumedHt).toBe("7200.00");
    // its last days validated: the order closed itself (R14)
    expect((await t.db.selectFrom("purchase_order").select("status").where("id", "=", o.id).executeTakeFirstOrThrow()).status).toBe("closed");
  });
});

describe("who may do what", () => {
  it("only the order's contractor declares, only its beneficiary's correspondent validates", async () => {
    const o = await makeOrder(t.db);
    const draft = { orderId: o.id, month: "2026-09-01", lines: [line(o.lines[0].id, "1")] };
    expect(await status(saveDraft(t.db, contractorB, draft, TODAY))).toBe(404);
    expect(await status(saveDraft(t.db, corrA, draft, TODAY))).toBe(403);
    expect(await status(saveDraft(t.db, dinum, draft, TODAY))).toBe(403);
    const { id } = await saveDraft(t.db, contractorA, draft, TODAY);
    expect(await status(submitDeclaration(t.db, contractorB, id, TODAY))).toBe(404);
    expect(await status(submitDeclaration(t.db, corrA, id, TODAY))).toBe(403);
    // a correspondent does not see a contractor's draft
    expect(await getDeclaration(t.db, corrA, id)).toBeNull();
    expect(await getDeclaration(t.db, contractorB, id)).toBeNull();
    await submitDeclaration(t.db, contractorA, id, TODAY);
    expect(await getDeclaration(t.db, corrA, id)).not.toBeNull();
    expect(await getDeclaration(t.db, corrB, id)).toBeNull();
    expect(await status(validateDeclaration(t.db, corrB, id))).toBe(404);
    expect(await status(validateDeclaration(t.db, dinum, id))).toBe(403);
    expect(await status(validateDeclaration(t.db, contractorA, id))).toBe(403);
    expect(await status(rejectDeclaration(t.db, corrB, id, "non"))).toBe(404);
    expect(await getDeclaration(t.db, dinum, id)).not.toBeNull();
    await validateDeclaration(t.db, corrA, id);
    expect(await status(createCorrection(t.db, corrA, id, "x"))).toBe(403);
    expect(await status(createCorrection(t.db, contractorB, id, "x"))).toBe(404);
  });
});
