// The data of a service fait certificate: the declaration as its page reads it (scoped), its service fait per
// company (R18), and each line's consumption as it stood once this declaration was validated.
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { getDeclaration } from "../../app/domain/declarations/queries.server";
import { declarationByCompany } from "../../app/domain/companies/queries.server";
import type { ServiceFaitInput, ServiceFaitLineProgress } from "./model";

/**
 * Per order line of the declaration, what was ordered and consumed once it was validated: ordered = the line in
 * the order's revision in force at the validation (an amendment made later does not rewrite a certified month);
 * consumed to date = the validated deltas and amounts (R10) of the line's declarations validated up to this one,
 * this one included (a later month or correction is not counted). Empty for a declaration not validated.
 */
export async function lineProgressAtValidation(db: Executor, declarationId: number): Promise<ServiceFaitLineProgress[]> {
  const { rows } = await sql<{ order_line_id: number; ordered_quantity: string; ordered_ht: string; consumed_days: string; consumed_ht: string }>`
    SELECT dl.order_line_id,
      coalesce(rl.quantity, ol.quantity)::text AS ordered_quantity,
      coalesce(rl.amount_ht, ol.amount_ht)::text AS ordered_ht,
      c.days::text AS consumed_days,
      c.ht::text AS consumed_ht
    FROM declaration d
    JOIN declaration_line dl ON dl.declaration_id = d.id
    JOIN order_line ol ON ol.id = dl.order_line_id
    LEFT JOIN LATERAL (
      SELECT r.lines FROM order_revision r
      WHERE r.order_id = d.order_id AND r.created_at <= d.validated_at
      ORDER BY r.revision_no DESC LIMIT 1
    ) r ON true
    LEFT JOIN LATERAL (
      SELECT x.quantity, x.amount_ht FROM jsonb_to_recordset(r.lines) AS x(line_no int, quantity numeric, amount_ht numeric)
      WHERE x.line_no = ol.line_no
    ) rl ON true
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(xl.delta_days), 0) AS days, coalesce(sum(xl.consumed_amount), 0) AS ht
      FROM declaration_line xl JOIN declaration xd ON xd.id = xl.declaration_id
      WHERE xl.order_line_id = dl.order_line_id AND xd.status = 'validated'
        AND (xd.validated_at, xd.id) <= (d.validated_at, d.id)
    ) c
    WHERE d.id = ${declarationId} AND d.status = 'validated'
    ORDER BY ol.line_no`.execute(db);
  return rows.map((r) => ({
    orderLineId: r.order_line_id,
    orderedQuantity: r.ordered_quantity,
    orderedHt: r.ordered_ht,
    consumedDays: r.consumed_days,
    consumedHt: r.consumed_ht,
  }));
}

/** Everything the certificate shows, or null when the declaration is out of the user's scope. */
export async function loadServiceFait(db: Executor, user: SessionUser, declarationId: number): Promise<ServiceFaitInput | null> {
  const found = await getDeclaration(db, user, declarationId);
  if (!found) return null;
  const validated = found.declaration.status === "validated";
  return {
    ...found,
    byCompany: validated ? await declarationByCompany(db, declarationId) : [],
    progress: validated ? await lineProgressAtValidation(db, declarationId) : [],
  };
}
