// An amendment racing a declaration's submission on the same line: the floor (consumed + pending) and the
// cap (ordered days) hold whichever commits first; never both.
import { Refusal } from "../../app/lib/refusal";
import { describe, expect, it } from "vitest";
import { useTestDatabase, sessionUser, accounts } from "../helpers/db";
import { dec } from "../../app/lib/decimal";
import { amendOrder, cancelOrder, closeOrder, createDraft, issueOrder } from "../../app/domain/orders/services.server";
import { saveDraft, submitDeclaration, validateDeclaration } from "../../app/domain/declarations/services.server";

const t = await useTestDatabase();

describe("amendment vs declaration", () => {
  it("never lets an amendment go below days submitted at the same moment", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const c = await sessionUser(t.db, accounts.contractorA);
    const product = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const lot = await t.db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select("l.id")
      .where("k.reference", "=", "25_BAM_112")
      .where("l.number", "=", 1)
      .executeTakeFirstOrThrow();
    const octo = await t.db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
    const pool = t.pool(4);
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const { id } = await createDraft(
        t.db,
        a,
        {
          productId: product.id,
          lotId: lot.id,
          contractorId: octo.id,
          periodStart: "2026-06-01",
          periodEnd: "2026-12-31",
          title: "",
          vatRate: "0.2000",
          attributionReason: null,
          proposedContractorId: null,
          ejNumber: null,
          budgetProgramme: null,
          budgetCentre: null,
          lines: [{ workUnitCode: "DEVOPS_CONFIRME", quantity: "1" }],
        },
        "2026-05-20",
      );
      await issueOrder(t.db, a, id, {}, "2026-05-20");
      const line = await t.db.selectFrom("order_line").select("id").where("order_id", "=", id).executeTakeFirstOrThrow();
      const draft = await saveDraft(
        t.db,
        c,
        {
          orderId: id,
          month: "2026-07-01",
          lines: [{ orderLineId: line.id, days: "15.0", activities: "Développement", remainingEstimateDays: null, remainingComment: "", people: [] }],
        },
        "2026-08-05",
      );
      const [sub, amend] = await Promise.allSettled([
        submitDeclaration(pool, c, draft.id, "2026-08-05"),
        amendOrder(
          pool,
          a,
          id,
          { reason: "Réduction du périmètre", lines: [{ lineId: line.id, workUnitCode: "DEVOPS_CONFIRME", quantity: "0.5" }] },
          "2026-08-05",
        ),
      ]);
      // exactly one wins
      expect([sub.status, amend.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      if (sub.status === "rejected") expect(sub.reason).toBeInstanceOf(Refusal);
      if (amend.status === "rejected") expect(amend.reason).toBeInstanceOf(Refusal);
      const ordered = await t.db.selectFrom("order_line").select("quantity").where("id", "=", line.id).executeTakeFirstOrThrow();
      const pending = await t.db
        .selectFrom("declaration_line as dl")
        .innerJoin("declaration as d", "d.id", "dl.declaration_id")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("dl.delta_days"), eb.val("0")).as("p"))
        .where("dl.order_line_id", "=", line.id)
        .where("d.status", "=", "submitted")
        .executeTakeFirstOrThrow();
      expect(dec(pending.p).lessThanOrEqualTo(dec(ordered.quantity).times(20))).toBe(true);
      outcomes.push(sub.status === "fulfilled" ? "submitted" : "amended");
    }
    expect(outcomes.length).toBe(6);
  });

  it("never leaves a submitted declaration on an order cancelled or closed at the same moment", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const c = await sessionUser(t.db, accounts.contractorA);
    const product = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const lot = await t.db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select("l.id")
      .where("k.reference", "=", "25_BAM_112")
      .where("l.number", "=", 1)
      .executeTakeFirstOrThrow();
    const octo = await t.db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
    const pool = t.pool(4);
    for (let round = 0; round < 12; round++) {
      const { id } = await createDraft(
        t.db,
        a,
        {
          productId: product.id,
          lotId: lot.id,
          contractorId: octo.id,
          periodStart: "2026-06-01",
          periodEnd: "2026-12-31",
          title: "",
          vatRate: "0.2000",
          attributionReason: null,
          proposedContractorId: null,
          ejNumber: null,
          budgetProgramme: null,
          budgetCentre: null,
          lines: [{ workUnitCode: "DEVOPS_CONFIRME", quantity: "1" }],
        },
        "2026-05-20",
      );
      await issueOrder(t.db, a, id, {}, "2026-05-20");
      const line = await t.db.selectFrom("order_line").select("id").where("order_id", "=", id).executeTakeFirstOrThrow();
      const draft = await saveDraft(
        t.db,
        c,
        {
          orderId: id,
          month: "2026-07-01",
          lines: [{ orderLineId: line.id, days: "5.0", activities: "Développement", remainingEstimateDays: null, remainingComment: "", people: [] }],
        },
        "2026-08-05",
      );
      const end = round % 2 === 0 ? cancelOrder(pool, a, id, { reason: "Annulation concurrente" }) : closeOrder(pool, a, id, { reason: "Solde concurrent" });
      const [sub, other] = await Promise.allSettled([submitDeclaration(pool, c, draft.id, "2026-08-05"), end]);
      expect([sub.status, other.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      const o = await t.db.selectFrom("purchase_order").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      const d = await t.db.selectFrom("declaration").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow();
      expect(o.status === "issued" ? d.status === "submitted" : d.status === "draft", `${o.status} / ${d.status}`).toBe(true);
    }
  });

  it("an exhausting validation (which closes the order, R14) racing an amendment or a close: one outcome, never a deadlock", async () => {
    const a = await sessionUser(t.db, accounts.correspondentA);
    const c = await sessionUser(t.db, accounts.contractorA);
    const product = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const lot = await t.db
      .selectFrom("lot as l")
      .innerJoin("contract as k", "k.id", "l.contract_id")
      .select("l.id")
      .where("k.reference", "=", "25_BAM_112")
      .where("l.number", "=", 1)
      .executeTakeFirstOrThrow();
    const octo = await t.db.selectFrom("contractor").select("id").where("name", "=", "Octopus Numérique SAS").executeTakeFirstOrThrow();
    const pool = t.pool(4);
    const outcomes = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const { id } = await createDraft(
        t.db,
        a,
        {
          productId: product.id,
          lotId: lot.id,
          contractorId: octo.id,
          periodStart: "2026-06-01",
          periodEnd: "2026-12-31",
          title: "",
          vatRate: "0.2000",
          attributionReason: null,
          proposedContractorId: null,
          ejNumber: null,
          budgetProgramme: null,
          budgetCentre: null,
          lines: [{ workUnitCode: "DEVOPS_CONFIRME", quantity: "0.5" }],
        },
        "2026-05-20",
      );
      await issueOrder(t.db, a, id, {}, "2026-05-20");
      const line = await t.db.selectFrom("order_line").select("id").where("order_id", "=", id).executeTakeFirstOrThrow();
      const draft = await saveDraft(
        t.db,
        c,
        {
          orderId: id,
          month: "2026-07-01",
          lines: [{ orderLineId: line.id, days: "10.0", activities: "Développement", remainingEstimateDays: null, remainingComment: "", people: [] }],
        },
        "2026-08-05",
      );
      await submitDeclaration(t.db, c, draft.id, "2026-08-05");
      const amending = round % 2 === 0;
      const other = amending
        ? amendOrder(
            pool,
            a,
            id,
            { reason: "Renfort de fin de période", lines: [{ lineId: line.id, workUnitCode: "DEVOPS_CONFIRME", quantity: "1" }] },
            "2026-08-05",
          )
        : closeOrder(pool, a, id, { reason: "Solde concurrent" });
      const [validation, end] = await Promise.allSettled([validateDeclaration(pool, a, draft.id), other]);
      // the validation always goes through; the other one either went first or is refused in French
      expect(validation.status, String(validation.status === "rejected" && validation.reason)).toBe("fulfilled");
      if (end.status === "rejected") expect(end.reason, String(end.reason)).toBeInstanceOf(Refusal);
      const o = await t.db.selectFrom("purchase_order").select(["status", "current_revision"]).where("id", "=", id).executeTakeFirstOrThrow();
      if (amending && end.status === "fulfilled") expect([o.status, o.current_revision]).toEqual(["issued", 1]);
      else expect(o.status).toBe("closed");
      expect(validation.status === "fulfilled" && validation.value.closed).toBe(o.status === "closed");
      outcomes.add(`${amending ? "amend" : "close"}:${end.status}`);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(2);
  });
});
