// The invoice tests' order (R15/R16 worked examples): 1 UO DEVOPS_CONFIRME at 12 000 € (600 € a day, VAT 20 %),
// issued 5 January 2026 by correspondent A to contractor A with its own EJ, and a validated February of `days`
// (10 by default: 6 000 € HT of service fait, certified 27 February).
import type { Db } from "../../db/client";
import { buildContract, buildDeclaration, buildIssuedOrder } from "../../seeds/factories";

const contracts = new WeakMap<Db, Promise<number>>();
let ejSeq = 0;

export async function invoicedOrder(db: Db, contractorId: number, o: { days?: string; validatedAt?: string; ejPrefix?: string } = {}) {
  if (!contracts.has(db))
    contracts.set(
      db,
      buildContract(db, { holders: [{ contractor: contractorId, prices: { DEVOPS_CONFIRME: "12000.00" } }] }).then((c) => c.id),
    );
  const ej = `${o.ejPrefix ?? "EJ-T"}-${++ejSeq}`;
  const order = await buildIssuedOrder(db, {
    contract: await contracts.get(db)!,
    contractor: contractorId,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    lines: [["DEVOPS_CONFIRME", "1"]],
    ejNumber: ej,
    at: "2026-01-05T09:00:00+01:00",
  });
  const decl = await buildDeclaration(db, order.id, {
    month: "2026-02-01",
    lines: [{ orderLineId: order.lines[0].id, days: o.days ?? "10" }],
    status: "validated",
    at: "2026-02-27T10:00:00+01:00",
    decideAt: o.validatedAt ?? "2026-02-27T15:00:00+01:00",
  });
  return { order, ej, declarationId: decl.id };
}
