// Deterministic national-scale data (issue 8): factor 1 = 3 contracts, 60 beneficiaries, 800 products,
// 8,000 orders, ~30,000 order lines, ~300,000 declaration lines over 4 years, in every state.
// Same factor, same data: a seeded PRNG, no clock. Bulk inserts through unnest() arrays.
// Runs on an empty database or on top of the demo data (PILOTAGE_TEST_SCALE does that for the tests): what
// exists is kept (reference data upserted by natural key, explicit ids and order numbers continue after the
// existing ones, generated names never collide with the demo's).
import { sql } from "kysely";
import type { Db, Executor } from "../db/client";
import type { WorkUnitCode } from "../db/schema";
import { consumedAmount, daysFromQuantity, lineAmountHt, orderTotals } from "../app/domain/orders/amounts";
import { addMonths, lastDayOfMonth, monthsBetween } from "../app/lib/dates";
import { workingDaysInMonth } from "../app/lib/working-days";
import { dec, type Decimal } from "../app/lib/decimal";
import { hashPassword } from "../app/auth/password.server";
import { DEMO_PASSWORD, seedReference } from "./reference";
import { prng } from "./random";

const CODES: WorkUnitCode[] = ["DEVOPS_JUNIOR", "DEVOPS_CONFIRME", "DEVOPS_SENIOR", "DESIGN_JUNIOR", "DESIGN_CONFIRME", "BIZDEV", "PM_JUNIOR", "PM"];
const QUANTITIES = ["0.5", "1", "1.5", "2", "2.375", "3", "4", "5.025", "6", "0.75", "2.5", "3.125"];
const LAST_MONTH = "2026-10-01"; // the generator's "now": declarations up to October 2026
const SCALE_CONTRACT = "SCALE_C3";

/** Inserts rows column-wise with one `INSERT … SELECT * FROM unnest(…)` per chunk. */
async function bulkInsert(db: Executor, table: string, columns: [string, string][], rows: unknown[][], chunk = 20000, ignoreConflicts = false): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const arrays = columns.map((_, i) => part.map((r) => r[i]));
    const cols = sql.join(columns.map(([c]) => sql.ref(c)));
    const unnest = sql.join(columns.map(([, type], i) => sql`${arrays[i]}::${sql.raw(type)}[]`));
    await sql`INSERT INTO ${sql.table(table)} (${cols}) SELECT * FROM unnest(${unnest}) ${sql.raw(ignoreConflicts ? "ON CONFLICT DO NOTHING" : "")}`.execute(
      db,
    );
  }
}

export interface ScaleSummary {
  contracts: number;
  beneficiaries: number;
  products: number;
  orders: number;
  orderLines: number;
  declarations: number;
  declarationLines: number;
}

export async function seedScale(db: Db, factor: number, log: (m: string) => void = () => {}): Promise<ScaleSummary> {
  const rand = prng(8000 * factor + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ids = await db.transaction().execute((trx) => seedReference(trx, hashPassword));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    // a third contract, with two lots held by all contractors
    await trx
      .insertInto("contract")
      .values({
        reference: SCALE_CONTRACT,
        title: "Accord-cadre de charge (données générées)",
        notified_on: "2022-12-01",
        start_date: "2023-01-01",
        end_date: "2027-12-31",
      })
      .onConflict((oc) => oc.column("reference").doNothing())
      .execute();
  });
  const existing = await db.selectFrom("app_meta").select("value").where("key", "=", "scale_factor").executeTakeFirst();
  if (existing)
    throw new Error(
      `Cette base contient déjà des données de charge (facteur ${existing.value}) : utilisez une base vide, ou ne contenant que les données de démonstration.`,
    );

  const contracts = await db.selectFrom("contract").select(["id", "reference", "start_date", "end_date"]).orderBy("id").execute();
  const c3 = contracts.find((c) => c.reference === SCALE_CONTRACT)!;
  for (const n of [1, 2]) {
    await db
      .insertInto("lot")
      .values({ contract_id: c3.id, number: n, title: `Lot ${n}` })
      .onConflict((oc) => oc.columns(["contract_id", "number"]).doNothing())
      .execute();
  }
  const lots = await db.selectFrom("lot").select(["id", "contract_id"]).orderBy("id").execute();

  // contractors: the 3 of the reference data plus 7 generated ones
  for (let i = 1; i <= 7; i++) {
    await db
      .insertInto("contractor")
      .values({ name: `Titulaire généré ${String(i).padStart(2, "0")}`, siret: `9${String(i).padStart(13, "0")}` })
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  }
  const contractors = await db.selectFrom("contractor").select("id").orderBy("id").execute();
  const holders: { lot: number; contract: number; contractor: number }[] = [];
  for (const lot of lots) {
    for (const [i, c] of contractors.entries()) {
      if ((i + lot.id) % 3 === 0 || i < 2) holders.push({ lot: lot.id, contract: lot.contract_id, contractor: c.id });
    }
  }
  await bulkInsert(
    db,
    "lot_holder",
    [
      ["lot_id", "int4"],
      ["contractor_id", "int4"],
      ["since", "date"],
    ],
    holders.map((h) => [h.lot, h.contractor, "2022-02-01"]),
    20000,
    true,
  );

  // prices: one approved version per contractor and contract (existing ones kept)
  const prices = new Map<string, Record<string, string>>();
  for (const contract of contracts) {
    for (const c of contractors) {
      const found = await db
        .selectFrom("price_schedule as s")
        .innerJoin("price_schedule_item as i", "i.price_schedule_id", "s.id")
        .select(["i.work_unit_code", "i.unit_price"])
        .where("s.contract_id", "=", contract.id)
        .where("s.contractor_id", "=", c.id)
        .where("s.status", "=", "approved")
        .where("s.valid_to", "is", null)
        .execute();
      let table: Record<string, string>;
      if (found.length) table = Object.fromEntries(found.map((f) => [f.work_unit_code, f.unit_price]));
      else {
        table = {};
        for (const [k, code] of [...CODES, "REVERSIBILITE" as const].entries()) {
          table[code] = dec(9000 + 800 * k + c.id * 37)
            .plus(dec(c.id * 13 + k).dividedBy(100))
            .toFixed(2);
        }
        // an approved version's items can only be written by the transaction that approves it
        await db.transaction().execute(async (trx) => {
          const { id } = await trx
            .insertInto("price_schedule")
            .values({
              contract_id: contract.id,
              contractor_id: c.id,
              version: 1,
              status: "approved",
              valid_from: "2022-01-01",
              valid_to: null,
              approved_at: "2022-01-01T09:00:00Z",
              note: "Généré",
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("price_schedule_item")
            .values(Object.entries(table).map(([code, unit_price]) => ({ price_schedule_id: id, work_unit_code: code as WorkUnitCode, unit_price })))
            .execute();
        });
      }
      prices.set(`${contract.id}:${c.id}`, table);
    }
  }
  log("référentiel prêt");

  // beneficiaries (60 in all), one correspondent each, products (800 in all)
  const existingBeneficiaries = Object.keys(ids.beneficiary).length;
  await bulkInsert(
    db,
    "beneficiary",
    [
      ["name", "text"],
      ["acronym", "text"],
    ],
    Array.from({ length: Math.max(0, Math.round(60 * factor) - existingBeneficiaries) }, (_, i) => [
      `Administration générée ${String(i + 1).padStart(4, "0")}`,
      `AG${i + 1}`,
    ]),
  );
  const beneficiaries = await db.selectFrom("beneficiary").select(["id", "is_dinum"]).orderBy("id").execute();
  const withCorrespondent = new Set(
    (await db.selectFrom("app_user").select("beneficiary_id").where("role", "=", "correspondent").execute()).map((u) => u.beneficiary_id),
  );
  await bulkInsert(
    db,
    "app_user",
    [
      ["email", "text"],
      ["name", "text"],
      ["role", "text"],
      ["beneficiary_id", "int4"],
      ["password_hash", "text"],
    ],
    beneficiaries
      .filter((b) => !withCorrespondent.has(b.id))
      .map((b) => [`correspondant.${b.id}@charge.pilotage-uo.fr`, `Correspondant ${b.id}`, "correspondent", b.id, passwordHash]),
  );
  const correspondentOf = new Map(
    (await db.selectFrom("app_user").select(["id", "beneficiary_id"]).where("role", "=", "correspondent").orderBy("id").execute()).map((u) => [
      u.beneficiary_id!,
      u.id,
    ]),
  );
  const existingProducts = Object.keys(ids.product).length;
  await bulkInsert(
    db,
    "product",
    [
      ["beneficiary_id", "int4"],
      ["name", "text"],
      ["kind", "text"],
      ["stats_url", "text"],
    ],
    Array.from({ length: Math.max(0, Math.round(800 * factor) - existingProducts) }, (_, i) => {
      const b = beneficiaries[i % beneficiaries.length];
      return [
        b.id,
        `Produit généré ${String(i + 1).padStart(5, "0")}`,
        b.is_dinum && i % 2 ? "dinum_product" : "startup_etat",
        `https://produit-${i + 1}.example/stats`,
      ];
    }),
  );
  const products = await db.selectFrom("product").select(["id", "beneficiary_id", "kind"]).orderBy("id").execute();
  const noPhase = await db
    .selectFrom("product as p")
    .select("p.id")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("product_phase as ph").select("ph.id").whereRef("ph.product_id", "=", "p.id"))))
    .execute();
  const PHASES = ["investigation", "construction", "acceleration", "consolidation", "transfert"] as const;
  await bulkInsert(
    db,
    "product_phase",
    [
      ["product_id", "int4"],
      ["phase", "text"],
      ["started_on", "date"],
      ["decision", "text"],
    ],
    noPhase.map((p, i) => [p.id, PHASES[i % PHASES.length], `202${2 + (i % 4)}-0${1 + (i % 9)}-01`, "Comité d'investissement"]),
  );
  await bulkInsert(
    db,
    "product_risk",
    [
      ["product_id", "int4"],
      ["title", "text"],
      ["level", "text"],
      ["status", "text"],
      ["identified_on", "date"],
    ],
    noPhase
      .filter((_, i) => i % 3 === 0)
      .map((p, i) => [
        p.id,
        `Risque principal n° ${i + 1}`,
        pick(["faible", "moyen", "eleve", "critique"]),
        pick(["ouvert", "maitrise", "clos"]),
        "2026-03-01",
      ]),
  );
  const contractorUsers = new Map<number, number>();
  for (const c of contractors) {
    const email = `titulaire.${c.id}@charge.pilotage-uo.fr`;
    const u = await db.selectFrom("app_user").select("id").where("contractor_id", "=", c.id).executeTakeFirst();
    contractorUsers.set(
      c.id,
      u?.id ??
        (
          await db
            .insertInto("app_user")
            .values({ email, name: `Titulaire ${c.id}`, role: "contractor", contractor_id: c.id, beneficiary_id: null, password_hash: passwordHash })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
    );
  }
  const people = new Map<number, number[]>();
  await bulkInsert(
    db,
    "person",
    [
      ["contractor_id", "int4"],
      ["full_name", "text"],
    ],
    contractors.flatMap((c) =>
      Array.from({ length: Math.max(10, Math.round(400 * factor)) }, (_, i) => [c.id, `Intervenant·e ${c.id}-${String(i + 1).padStart(4, "0")}`]),
    ),
  );
  for (const p of await db.selectFrom("person").select(["id", "contractor_id"]).where("full_name", "like", "Intervenant·e %").orderBy("id").execute()) {
    if (!people.has(p.contractor_id)) people.set(p.contractor_id, []);
    people.get(p.contractor_id)!.push(p.id);
  }
  log("bénéficiaires, produits, utilisateurs prêts");

  // orders
  const ORDERS = Math.round(8000 * factor);
  const firstOrderId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) + 1 AS n FROM purchase_order`.execute(db)).rows[0].n);
  const firstLineId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) + 1 AS n FROM order_line`.execute(db)).rows[0].n);
  const firstDeclId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) + 1 AS n FROM declaration`.execute(db)).rows[0].n);
  const firstDlId = Number((await sql<{ n: string }>`SELECT coalesce(max(id), 0) + 1 AS n FROM declaration_line`.execute(db)).rows[0].n);
  const counters = new Map<string, number>(
    (await db.selectFrom("order_number_counter").selectAll().execute()).map((c) => [`${c.contract_id}:${c.year}`, c.last_seq]),
  );
  const refOf = new Map(contracts.map((c) => [c.id, c]));

  const orderRows: unknown[][] = [];
  const lineRows: unknown[][] = [];
  const revisionRows: unknown[][] = [];
  const declRows: unknown[][] = [];
  const dlRows: unknown[][] = [];
  const dpRows: unknown[][] = [];
  let lineId = firstLineId;
  let declId = firstDeclId;
  let dlId = firstDlId;
  const usedPersonDays = new Map<string, number>();
  const capacity = new Map<string, number>();
  const monthCapacity = (m: string) => capacity.get(m) ?? (capacity.set(m, workingDaysInMonth(m)), capacity.get(m)!);

  for (let n = 0; n < ORDERS; n++) {
    const orderId = firstOrderId + n;
    const product = products[Math.floor(rand() * products.length)];
    const holder = holders[Math.floor(rand() * holders.length)];
    const contract = refOf.get(holder.contract)!;
    // a start month within the contract and the 4 years 2023-2026
    const lo = contract.start_date > "2023-01-01" ? contract.start_date : "2023-01-01";
    const hi = contract.end_date < "2026-09-01" ? contract.end_date : "2026-09-01";
    const span = monthsBetween(lo, hi);
    const start = span[Math.floor(rand() * span.length)];
    const length = 10 + Math.floor(rand() * 17); // 10 to 26 months
    const endDate = lastDayOfMonth(addMonths(start, length - 1));
    const periodEnd = endDate > contract.end_date ? contract.end_date : endDate;
    const r = rand();
    const status = r < 0.04 ? "draft" : r < 0.07 ? "cancelled" : periodEnd < "2026-06-30" && r < 0.6 ? "closed" : "issued";
    const dayBefore = addMonths(start, -1).replace(/-01$/, "-15");
    const issued = status === "draft" ? null : dayBefore < contract.start_date ? contract.start_date : dayBefore;
    const table = prices.get(`${holder.contract}:${holder.contractor}`)!;
    const nLines = 2 + Math.floor(rand() * 4.5); // 2..6, mean ≈ 3.8
    const codes = [...CODES].sort(() => rand() - 0.5).slice(0, nLines);
    const lines = codes.map((code) => ({ code, quantity: pick(QUANTITIES), unitPrice: table[code], id: lineId++ }));
    const totals = orderTotals(lines, "0.20");
    let number: string | null = null;
    let year: number | null = null;
    let seq: number | null = null;
    if (issued) {
      year = Number(issued.slice(0, 4));
      const key = `${holder.contract}:${year}`;
      seq = (counters.get(key) ?? 0) + 1;
      counters.set(key, seq);
      number = `${contract.reference}-${year}-${String(seq).padStart(5, "0")}`;
    }
    const issuer = correspondentOf.get(product.beneficiary_id)!;
    orderRows.push([
      orderId,
      holder.contract,
      holder.lot,
      product.beneficiary_id,
      product.id,
      holder.contractor,
      status,
      number,
      year,
      seq,
      start,
      periodEnd,
      "0.2000",
      totals.totalHt,
      totals.totalVat,
      totals.totalTtc,
      issued ? `13${String(orderId).padStart(8, "0")}` : null,
      issuer,
      issued ? `${issued}T10:00:00Z` : `2026-11-01T10:00:00Z`,
      issued ? issuer : null,
      issued ? `${issued}T14:00:00Z` : null,
      issued,
      status === "closed" ? `${periodEnd}T18:00:00Z` : null,
      status === "closed" ? "Soldé" : null,
      status === "cancelled" ? `${issued}T18:00:00Z` : null,
      status === "cancelled" ? "Annulé (données générées)" : null,
    ]);
    lines.forEach((l, i) => lineRows.push([l.id, orderId, i + 1, l.code, l.quantity, l.unitPrice, lineAmountHt(l.quantity, l.unitPrice)]));
    if (issued) {
      revisionRows.push([
        orderId,
        0,
        "Émission",
        issuer,
        `${issued}T14:00:00Z`,
        issued,
        totals.totalHt,
        totals.totalVat,
        totals.totalTtc,
        JSON.stringify(lines.map((l, i) => ({ line_no: i + 1, work_unit_code: l.code, quantity: l.quantity, unit_price: l.unitPrice }))),
      ]);
    }
    if (status !== "issued" && status !== "closed") continue;

    // declarations: every month of the period up to October 2026
    const months = monthsBetween(start, periodEnd).filter((m) => m <= LAST_MONTH);
    const state = lines.map((l) => ({
      ordered: daysFromQuantity(l.quantity),
      amount: lineAmountHt(l.quantity, l.unitPrice),
      declared: dec(0),
      consumed: dec(0),
      consumedAmount: dec(0),
    }));
    const team = people.get(holder.contractor)!;
    for (const [mi, month] of months.entries()) {
      const last = mi === months.length - 1;
      const s = rand();
      const dStatus = !last || status === "closed" ? "validated" : s < 0.5 ? "submitted" : s < 0.7 ? "draft" : s < 0.8 ? "rejected" : "validated";
      const validated = dStatus === "validated";
      const next = addMonths(month, 1);
      declRows.push([
        declId,
        orderId,
        month,
        dStatus,
        contractorUsers.get(holder.contractor),
        `${next.slice(0, 8)}02T09:00:00Z`,
        dStatus === "draft" ? null : contractorUsers.get(holder.contractor),
        dStatus === "draft" ? null : `${next.slice(0, 8)}03T09:00:00Z`,
        validated ? issuer : null,
        validated ? `${next.slice(0, 8)}08T15:00:00Z` : null,
        dStatus === "rejected" ? issuer : null,
        dStatus === "rejected" ? `${next.slice(0, 8)}08T15:00:00Z` : null,
        dStatus === "rejected" ? "Activités insuffisamment détaillées" : null,
      ]);
      for (const [li, l] of lines.entries()) {
        const st = state[li];
        const left = st.ordered.minus(st.declared);
        const remainingMonths = months.length - mi;
        let days: Decimal =
          status === "closed" && last ? left : dec(Math.floor(left.dividedBy(remainingMonths).times(2).toNumber() * (0.6 + rand() * 0.5))).dividedBy(2);
        if (days.greaterThan(left)) days = left;
        const amount = validated
          ? consumedAmount({
              days,
              unitPrice: l.unitPrice,
              orderedDays: st.ordered,
              orderedAmount: st.amount,
              alreadyConsumedDays: st.consumed,
              alreadyConsumedAmount: st.consumedAmount,
            })
          : null;
        if (dStatus === "validated" || dStatus === "submitted") st.declared = st.declared.plus(days);
        if (validated) {
          st.consumed = st.consumed.plus(days);
          st.consumedAmount = st.consumedAmount.plus(amount!);
        }
        dlRows.push([
          dlId,
          declId,
          orderId,
          l.id,
          days.toFixed(1),
          `Activités ${month.slice(0, 7)} : développement, tests, mise en production`,
          st.ordered.minus(st.declared).toFixed(1),
          dStatus === "draft" ? null : days.toFixed(1),
          amount,
        ]);
        // people: up to 15 days each, never more than the month allows across orders
        let rest = days;
        for (let k = 0; rest.greaterThan(0) && k < 12; k++) {
          const person = team[(orderId * 7 + li * 3 + k) % team.length];
          const key = `${person}:${month}`;
          const used = usedPersonDays.get(key) ?? 0;
          const room = Math.min(15, monthCapacity(month) - used);
          if (room < 0.5) continue;
          const give = rest.greaterThan(room) ? dec(Math.floor(room * 2) / 2) : rest;
          if (give.isZero()) continue;
          dpRows.push([dlId, person, give.toFixed(1)]);
          usedPersonDays.set(key, used + give.toNumber());
          rest = rest.minus(give);
        }
        dlId++;
      }
      declId++;
    }
  }
  log(`modèle généré : ${orderRows.length} commandes, ${lineRows.length} lignes, ${declRows.length} déclarations, ${dlRows.length} lignes de déclaration`);

  await db.transaction().execute(async (trx) => {
    // bulk load without the per-row consumption triggers; the running totals are recomputed once below
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await bulkInsert(
      trx,
      "purchase_order",
      [
        ["id", "int4"],
        ["contract_id", "int4"],
        ["lot_id", "int4"],
        ["beneficiary_id", "int4"],
        ["product_id", "int4"],
        ["contractor_id", "int4"],
        ["status", "text"],
        ["number", "text"],
        ["number_year", "int4"],
        ["number_seq", "int4"],
        ["period_start", "date"],
        ["period_end", "date"],
        ["vat_rate", "numeric"],
        ["total_ht", "numeric"],
        ["total_vat", "numeric"],
        ["total_ttc", "numeric"],
        ["ej_number", "text"],
        ["created_by", "int4"],
        ["created_at", "timestamptz"],
        ["issued_by", "int4"],
        ["issued_at", "timestamptz"],
        ["issued_on", "date"],
        ["closed_at", "timestamptz"],
        ["closed_reason", "text"],
        ["cancelled_at", "timestamptz"],
        ["cancel_reason", "text"],
      ],
      orderRows,
      5000,
    );
    await bulkInsert(
      trx,
      "order_line",
      [
        ["id", "int4"],
        ["order_id", "int4"],
        ["line_no", "int4"],
        ["work_unit_code", "text"],
        ["quantity", "numeric"],
        ["unit_price", "numeric"],
        ["amount_ht", "numeric"],
      ],
      lineRows,
    );
    await bulkInsert(
      trx,
      "order_revision",
      [
        ["order_id", "int4"],
        ["revision_no", "int4"],
        ["reason", "text"],
        ["created_by", "int4"],
        ["created_at", "timestamptz"],
        ["effective_on", "date"],
        ["total_ht", "numeric"],
        ["total_vat", "numeric"],
        ["total_ttc", "numeric"],
        ["lines", "jsonb"],
      ],
      revisionRows,
      5000,
    );
    await bulkInsert(
      trx,
      "declaration",
      [
        ["id", "int4"],
        ["order_id", "int4"],
        ["month", "date"],
        ["status", "text"],
        ["created_by", "int4"],
        ["created_at", "timestamptz"],
        ["submitted_by", "int4"],
        ["submitted_at", "timestamptz"],
        ["validated_by", "int4"],
        ["validated_at", "timestamptz"],
        ["rejected_by", "int4"],
        ["rejected_at", "timestamptz"],
        ["rejection_reason", "text"],
      ],
      declRows,
    );
    await bulkInsert(
      trx,
      "declaration_line",
      [
        ["id", "int4"],
        ["declaration_id", "int4"],
        ["order_id", "int4"],
        ["order_line_id", "int4"],
        ["days", "numeric"],
        ["activities", "text"],
        ["remaining_estimate_days", "numeric"],
        ["delta_days", "numeric"],
        ["consumed_amount", "numeric"],
      ],
      dlRows,
    );
    await bulkInsert(
      trx,
      "declaration_person",
      [
        ["declaration_line_id", "int4"],
        ["person_id", "int4"],
        ["days", "numeric"],
      ],
      dpRows,
    );
    for (const [key, last] of counters) {
      const [contractId, year] = key.split(":").map(Number);
      await trx
        .insertInto("order_number_counter")
        .values({ contract_id: contractId, year, last_seq: last })
        .onConflict((oc) => oc.columns(["contract_id", "year"]).doUpdateSet({ last_seq: last }))
        .execute();
    }
    // identity sequences past the explicit ids
    for (const table of ["purchase_order", "order_line", "declaration", "declaration_line"]) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(trx);
    }
    await sql`UPDATE order_line ol SET consumed_days = s.c, consumed_ht = s.a, pending_days = s.p, pending_raise_days = s.r FROM (
        SELECT dl.order_line_id, coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'validated'), 0) AS c,
          coalesce(sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated'), 0) AS a,
          coalesce(sum(dl.delta_days) FILTER (WHERE d.status = 'submitted'), 0) AS p,
          coalesce(sum(greatest(dl.delta_days, 0)) FILTER (WHERE d.status = 'submitted'), 0) AS r
        FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY 1) s
      WHERE ol.id = s.order_line_id`.execute(trx);
    // and the per-order sums of the lines (migration 2026_12_03_2000), kept by triggers replica mode silenced
    await sql`SELECT refresh_order_totals(ARRAY(SELECT id FROM purchase_order ORDER BY id))`.execute(trx);
    // and the months each issued order still has to declare (migration 2026_12_20_00)
    await sql`SELECT refresh_months_to_declare(ARRAY(SELECT id FROM purchase_order WHERE status = 'issued'))`.execute(trx);
    await trx
      .insertInto("app_meta")
      .values({ key: "scale_factor", value: String(factor) })
      .execute();
    // replica mode also silenced the data-version triggers (migration 1000): move it by hand, so that a
    // running server's cached pages are recomputed
    await sql`UPDATE data_version SET n = n + 1 WHERE slot = 0`.execute(trx);
  });
  await sql`ANALYZE`.execute(db);

  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n);
  return {
    contracts: await count("contract"),
    beneficiaries: await count("beneficiary"),
    products: await count("product"),
    orders: await count("purchase_order"),
    orderLines: await count("order_line"),
    declarations: await count("declaration"),
    declarationLines: await count("declaration_line"),
  };
}
