// The factories (seeds/factories.ts) build through the real use cases: the audit events are the use cases',
// `at` dates the rows and the events, and inside a transaction a refused use case rolls back alone.
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { useTestDatabase } from "../helpers/db";
import { buildDeclaration, buildIssuedOrder } from "../../seeds/factories";

const t = await useTestDatabase();

const events = (entityType: string, id: number, db: Executor = t.db) =>
  db
    .selectFrom("audit_event")
    .select(["action", "occurred_at", "actor_label"])
    .where("entity_type", "=", entityType)
    .where("entity_id", "=", String(id))
    .orderBy("id")
    .execute();

describe("factories", () => {
  it("issue an order through the use cases, at the instant asked, with their audit events", async () => {
    const order = await buildIssuedOrder(t.db, { at: "2026-03-02T08:00:00Z", issueAt: "2026-03-04T14:00:00Z", lines: [["PM", "1"]] });
    const row = await t.db
      .selectFrom("purchase_order")
      .select(["status", "number", "issued_on", "issued_at", "created_at"])
      .where("id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("issued");
    expect(row.number).toMatch(/^25_BAM_112-2026-\d{4}$/);
    expect(row.issued_on).toBe("2026-03-04");
    expect(row.issued_at!.toISOString()).toBe("2026-03-04T14:00:00.000Z");
    expect(row.created_at.toISOString()).toBe("2026-03-02T08:00:00.000Z");
    // the price of the schedule in force (Octopus Numérique SAS, 25_BAM_112), frozen at issue
    expect(order.lines.map((l) => [l.workUnitCode, l.unitPrice])).toEqual([["PM", "13733.33"]]);
    expect((await events("purchase_order", order.id)).map((e) => [e.action, e.occurred_at.toISOString(), e.actor_label])).toEqual([
      ["create", "2026-03-02T08:00:00.000Z", "Sacha Solidaire (correspondent)"],
      ["issue", "2026-03-04T14:00:00.000Z", "Sacha Solidaire (correspondent)"],
    ]);
    const revision = await t.db.selectFrom("order_revision").select(["revision_no", "effective_on"]).where("order_id", "=", order.id).execute();
    expect(revision).toEqual([{ revision_no: 0, effective_on: "2026-03-04" }]);
  });

  it("without `at`, the use cases write the current time (the clock is never left set)", async () => {
    const before = Date.now();
    const order = await buildIssuedOrder(t.db);
    const row = await t.db.selectFrom("purchase_order").select(["issued_at"]).where("id", "=", order.id).executeTakeFirstOrThrow();
    expect(Math.abs(row.issued_at!.getTime() - before)).toBeLessThan(60_000);
  });

  it("in a transaction: each use case in a savepoint, a refusal rolls back alone and the clock is cleared", async () => {
    await t.db.transaction().execute(async (trx) => {
      const order = await buildIssuedOrder(trx, { at: "2026-05-04T10:00:00Z", lines: [["DEVOPS_CONFIRME", "0.5"]] }); // 10 days
      const line = order.lines[0].id;
      const ok = await buildDeclaration(trx, order.id, {
        month: "2026-05-01",
        lines: [{ orderLineId: line, days: "6" }],
        status: "validated",
        at: "2026-06-02T09:00:00Z",
      });
      await expect(
        buildDeclaration(trx, order.id, { month: "2026-06-01", lines: [{ orderLineId: line, days: "5" }], at: "2026-07-02T09:00:00Z" }),
      ).rejects.toThrow(/il reste 4 j à déclarer/);
      // the transaction goes on: June's draft was saved (its own use case), its refused submission left nothing
      const declarations = await trx
        .selectFrom("declaration")
        .select(["month", "status", "validated_at", "submitted_at"])
        .where("order_id", "=", order.id)
        .orderBy("month")
        .execute();
      expect(declarations).toEqual([
        { month: "2026-05-01", status: "validated", validated_at: new Date("2026-06-02T09:00:00Z"), submitted_at: new Date("2026-06-02T09:00:00Z") },
        { month: "2026-06-01", status: "draft", validated_at: null, submitted_at: null },
      ]);
      expect((await events("declaration", ok.id, trx)).map((e) => e.action)).toEqual(["create", "submit", "validate"]);
      const clock = await sql<{ same: boolean }>`SELECT app_now() = now() AS same`.execute(trx);
      expect(clock.rows[0].same).toBe(true);
    });
  });
});
