// Each rule once (issue 21): the ordered days are one stored definition, the work units' labels in the
// refusals are the ones DINUM gives them, read from the catalogue, and R9's count of a line (the submit cap,
// the amendment floor) is one function over the running totals the triggers keep.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestDatabase, sessionUser, accounts, type TestDatabase } from "../helpers/db";
import { Refusal } from "../../app/lib/refusal";
import { dec } from "../../app/lib/decimal";
import { amendOrder } from "../../app/domain/orders/services.server";
import { buildContractor, buildDraftOrder, lotOf } from "../../seeds/factories";
import { addPartialPriceSchedule } from "./refused-fixtures";
import { createCorrection, rejectDeclaration, saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";
import { line, makeOrder } from "./declarations-fixtures";
import { updateWorkUnit } from "../../app/domain/work-units/services.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("R1: ordered days, one definition", () => {
  it("every line of the demo carries quantity × 20 as its ordered days, and nobody can write them", async () => {
    const lines = await t.db.selectFrom("order_line").select(["quantity", "ordered_days"]).execute();
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(dec(l.ordered_days).equals(dec(l.quantity).times(20))).toBe(true);
    const error = await sql`UPDATE order_line SET ordered_days = 1`.execute(t.db).then(
      () => null,
      (e) => e,
    );
    expect(String(error?.message)).toMatch(/ordered_days/);
  });
});

describe("work units: the label DINUM gives", () => {
  it("a refusal names the work unit as renamed in the catalogue", async () => {
    const dinum = await sessionUser(t.db, accounts.dinum);
    await updateWorkUnit(t.db, dinum, "PM", { label: "UO Pilotage de produit", description: "" });
    const lot = await lotOf(t.db, "25_BAM_112", 1);
    const c = await buildContractor(t.db, { name: "Sans Prix PM SARL", holds: [{ contract: "25_BAM_112", lot: 1, since: "2026-02-01" }] });
    await addPartialPriceSchedule(t.db, {
      contractorId: c.id,
      contractId: lot.contractId,
      validFrom: "2026-02-01",
      prices: { DEVOPS_CONFIRME: "12000.00" },
      approvedBy: dinum.id,
    });
    const error = await buildDraftOrder(t.db, {
      product: "Nata",
      contractor: c.id,
      contract: "25_BAM_112",
      lot: 1,
      periodStart: "2026-12-01",
      periodEnd: "2027-05-31",
      lines: [
        ["DEVOPS_CONFIRME", "1"],
        ["PM", "0.5"],
      ],
      at: "2026-11-23T10:00:00+01:00",
    }).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error.message).toMatch(/Ligne 2 : aucun prix approuvé pour l'UO Pilotage de produit chez Sans Prix PM SARL/);
  });
});

describe("R9: the line cap and the amendment floor read one count over the running totals", () => {
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e) => e,
    );
  const totals = (id: number) =>
    t.db.selectFrom("order_line").select(["consumed_days", "pending_days", "pending_raise_days"]).where("id", "=", id).executeTakeFirstOrThrow();

  it("a submitted lowering of one month frees nothing for another while it may be rejected, though the plain totals net it out", async () => {
    const [contractorA, corrA] = await Promise.all([sessionUser(t.db, accounts.contractorA), sessionUser(t.db, accounts.correspondentA)]);
    const o = await makeOrder(t.db, { lines: [["DEVOPS_CONFIRME", "1", "12000.00"]] }); // 20 days
    const lineId = o.lines[0].id;
    const october = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-10-01", lines: [line(lineId, "10")] }, "2026-12-01");
    await submitDeclaration(t.db, contractorA, october.id, "2026-12-01");
    await validateDeclaration(t.db, corrA, october.id);
    const lowering = await createCorrection(t.db, contractorA, october.id, "Jours comptés deux fois");
    await saveDraft(t.db, contractorA, { declarationId: lowering.id, orderId: o.id, month: "2026-10-01", lines: [line(lineId, "4")] }, "2026-12-01");
    await submitDeclaration(t.db, contractorA, lowering.id, "2026-12-01");
    const november = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-11-01", lines: [line(lineId, "6")] }, "2026-12-01");
    await submitDeclaration(t.db, contractorA, november.id, "2026-12-01");
    // the plain pending total nets −6 and +6; the raises alone are kept beside it
    expect(await totals(lineId)).toEqual({ consumed_days: "10.0", pending_days: "0.0", pending_raise_days: "6.0" });

    // 10 validated + 6 submitted: 4 days left, whatever becomes of the lowering
    const december = await saveDraft(t.db, contractorA, { orderId: o.id, month: "2026-12-01", lines: [line(lineId, "8")] }, "2026-12-01");
    const refused = await failure(submitDeclaration(t.db, contractorA, december.id, "2026-12-01"));
    expect(refused).toBeInstanceOf(Refusal);
    expect(refused.issues.map((i: { message: string }) => i.message).join(" ")).toMatch(
      /il reste 4 j à déclarer sur cette ligne \(20 j commandés, 16 j déjà validés ou soumis\)/,
    );
    // the amendment floor counts the same 16 days
    const tooLow = await failure(amendOrder(t.db, corrA, o.id, { reason: "Moins", lines: [{ lineId, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.750" }] }));
    expect(tooLow).toBeInstanceOf(Refusal);
    expect(tooLow.message).toMatch(/ne peut pas descendre sous 16 jours : 10 j déjà consommés et 6 j en attente de validation \(une correction en attente/);

    // 4 days fit; rejecting the lowering then keeps the line within its 20 days (the CHECK over the plain totals)
    await saveDraft(t.db, contractorA, { declarationId: december.id, orderId: o.id, month: "2026-12-01", lines: [line(lineId, "4")] }, "2026-12-01");
    await submitDeclaration(t.db, contractorA, december.id, "2026-12-01");
    await rejectDeclaration(t.db, corrA, lowering.id, "Les 10 jours étaient justes");
    expect(await totals(lineId)).toEqual({ consumed_days: "10.0", pending_days: "10.0", pending_raise_days: "10.0" });
  });

  it("every order line's raises total equals its declaration lines' recomputation", async () => {
    const off = await sql<{ n: string }>`
      SELECT count(*) AS n FROM order_line ol LEFT JOIN (
        SELECT dl.order_line_id, sum(greatest(dl.delta_days, 0)) AS r FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id
        WHERE d.status = 'submitted' GROUP BY 1) s ON s.order_line_id = ol.id
      WHERE ol.pending_raise_days <> coalesce(s.r, 0)`.execute(t.db);
    expect(off.rows[0].n).toBe("0");
    const raised = await t.db
      .selectFrom("order_line")
      .select(sql<string>`count(*)`.as("n"))
      .where("pending_raise_days", ">", "0")
      .executeTakeFirstOrThrow();
    expect(Number(raised.n)).toBeGreaterThan(0);
  });
});
