// R13, end to end: every order's, product's, beneficiary's, contractor's and contract's ordered, consumed
// and remaining days, HT and TTC are computed here independently in SQL, written from R13 (consumption
// re-summed from the declaration lines, not the running totals; a cancelled order counts 0, a closed one
// its consumption; TTC once per order), and every surface must show exactly those: the home pages
// (DINUM, correspondent, contractor), the order list and every order page (the routes' loaders, signed
// in), the follow-up (Excel read back with exceljs, PDF through pdftotext), the consolidated workbook and
// its CSV (the routes' responses), and /stats; with consumed + remaining = ordered at every level.
// Runs on the demo data and, with PILOTAGE_TEST_SCALE, on the scale data too.
import { beforeAll, describe, expect, it } from "vitest";
import { pdftotext } from "../helpers/pdf";
import { sql } from "kysely";
import type ExcelJS from "exceljs";
import { useTestDatabase, accounts } from "../helpers/db";
import { Decimal, dec } from "../../app/lib/decimal";
import { formatDays, formatEuros } from "../../app/lib/format";
import { todayInParis } from "../../app/lib/dates";
import { parseCsv, readWorkbook } from "../../reports/spec/testing";
import { DEMO_PASSWORD } from "../../seeds/accounts";
import { declarationByCompany } from "../../app/domain/companies/queries.server";

const PASSWORD = DEMO_PASSWORD;
const t = await useTestDatabase({ routes: true });
type Args = { request: Request; params: Record<string, string>; context: object };
type Loader = (args: Args) => Promise<unknown>;
const routes: Record<string, Loader> = {};
const cookies: Record<string, string> = {};

/** The figures the SQL below recomputes: ordered, consumed (days, HT, TTC) and pending days. */
type Stored = Record<"od" | "oh" | "ot" | "cd" | "ch" | "ct" | "pd", string>;
/** R13 figures, normalised: days to the half-day (1 place), money to the cent; with the remaining (days, HT, TTC). */
interface Fig extends Stored {
  rd: string;
  rh: string;
  rt: string;
  n: number;
}
type Level = "order" | "product" | "beneficiary" | "contractor" | "contract" | "all";
let orders: Map<number, Fig & { number: string | null; status: string; beneficiaryId: number; contractorId: number; productId: number }>;
let groups: Record<Level, Map<number | string, Fig>>;
let names: { contractor: Map<number, string>; beneficiary: Map<number, string>; product: Map<number, string> };

const D = (v: unknown) => dec(String(v ?? 0)).toFixed(1);
const C = (v: unknown) => dec(String(v ?? 0)).toFixed(2);

/** Per order (every status) and per group of issued and closed orders, independently of the app's code. */
async function expectedFigures() {
  const perOrder = sql`
    WITH consumption AS (
      SELECT dl.order_line_id,
        sum(dl.delta_days) FILTER (WHERE d.status = 'validated') AS days,
        sum(dl.consumed_amount) FILTER (WHERE d.status = 'validated') AS ht,
        sum(dl.delta_days) FILTER (WHERE d.status = 'submitted') AS pending
      FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id GROUP BY dl.order_line_id
    ),
    stored AS (
      SELECT ol.order_id, sum(ol.quantity * 20) AS od, sum(ol.amount_ht) AS oh,
        coalesce(sum(c.days), 0) AS cd, coalesce(sum(c.ht), 0) AS ch, coalesce(sum(c.pending), 0) AS pd
      FROM order_line ol LEFT JOIN consumption c ON c.order_line_id = ol.id GROUP BY ol.order_id
    ),
    counted AS (
      SELECT po.id, po.number, po.status, po.product_id, po.beneficiary_id, po.contractor_id, po.contract_id, po.vat_rate,
        extract(year FROM po.issued_on)::int AS year,
        CASE po.status WHEN 'cancelled' THEN 0 WHEN 'closed' THEN s.cd ELSE s.od END AS od,
        CASE po.status WHEN 'cancelled' THEN 0 WHEN 'closed' THEN s.ch ELSE s.oh END AS oh,
        CASE po.status WHEN 'cancelled' THEN 0 ELSE s.cd END AS cd,
        CASE po.status WHEN 'cancelled' THEN 0 ELSE s.ch END AS ch,
        CASE po.status WHEN 'cancelled' THEN 0 ELSE s.pd END AS pd
      FROM purchase_order po
      LEFT JOIN LATERAL (SELECT coalesce(max(od), 0) AS od, coalesce(max(oh), 0) AS oh, coalesce(max(cd), 0) AS cd, coalesce(max(ch), 0) AS ch, coalesce(max(pd), 0) AS pd
        FROM stored WHERE stored.order_id = po.id) s ON true
    )
    SELECT *, oh + round(oh * vat_rate, 2) AS ot, ch + round(ch * vat_rate, 2) AS ct FROM counted`;
  const { rows } = await sql<
    Stored & { id: number; number: string | null; status: string; product_id: number; beneficiary_id: number; contractor_id: number; contract_id: number }
  >`${perOrder}`.execute(t.db);
  const fig = (r: Stored, n: number): Fig => ({
    od: D(r.od),
    oh: C(r.oh),
    ot: C(r.ot),
    cd: D(r.cd),
    ch: C(r.ch),
    ct: C(r.ct),
    pd: D(r.pd),
    rd: dec(r.od).minus(r.cd).toFixed(1),
    rh: dec(r.oh).minus(r.ch).toFixed(2),
    rt: dec(r.ot).minus(r.ct).toFixed(2),
    n,
  });
  orders = new Map(
    rows.map((r) => [
      r.id,
      { ...fig(r, 1), number: r.number, status: r.status, beneficiaryId: r.beneficiary_id, contractorId: r.contractor_id, productId: r.product_id },
    ]),
  );
  // above the order: the sums of its orders' figures (issued and closed; a cancelled order is 0 anyway)
  const { rows: g } = await sql<
    Stored & { product_id: number | null; beneficiary_id: number | null; contractor_id: number | null; contract_id: number | null; level: number; n: string }
  >`
    WITH o AS (${perOrder})
    SELECT product_id, beneficiary_id, contractor_id, contract_id,
      GROUPING(product_id, beneficiary_id, contractor_id, contract_id) AS level, count(*) AS n,
      sum(od) AS od, sum(oh) AS oh, sum(ot) AS ot, sum(cd) AS cd, sum(ch) AS ch, sum(ct) AS ct, sum(pd) AS pd
    FROM o WHERE status IN ('issued', 'closed')
    GROUP BY GROUPING SETS ((product_id), (beneficiary_id), (contractor_id), (contract_id), ())`.execute(t.db);
  groups = { order: new Map(), product: new Map(), beneficiary: new Map(), contractor: new Map(), contract: new Map(), all: new Map() };
  for (const r of g) {
    const f = fig(r, Number(r.n));
    if (r.product_id !== null) groups.product.set(r.product_id, f);
    else if (r.beneficiary_id !== null) groups.beneficiary.set(r.beneficiary_id, f);
    else if (r.contractor_id !== null) groups.contractor.set(r.contractor_id, f);
    else if (r.contract_id !== null) groups.contract.set(r.contract_id, f);
    else groups.all.set("all", f);
  }
  const named = async (table: "contractor" | "beneficiary" | "product") =>
    new Map((await t.db.selectFrom(table).select(["id", "name"]).execute()).map((r) => [r.id, r.name]));
  names = { contractor: await named("contractor"), beneficiary: await named("beneficiary"), product: await named("product") };
}

/** Sums of expected per-order figures over a set of orders. */
function sumOf(ids: Iterable<number>): Fig {
  const list = [...ids].map((id) => orders.get(id)!);
  const s = (k: keyof Fig, places: number) => list.reduce((a, f) => a.plus(f[k] as string), new Decimal(0)).toFixed(places);
  return {
    od: s("od", 1),
    oh: s("oh", 2),
    ot: s("ot", 2),
    cd: s("cd", 1),
    ch: s("ch", 2),
    ct: s("ct", 2),
    pd: s("pd", 1),
    rd: s("rd", 1),
    rh: s("rh", 2),
    rt: s("rt", 2),
    n: list.length,
  };
}

/** The app's figures (Figures / OrderFigures), normalised like Fig; TTC only when the surface shows it. */
function fromApp(f: Record<string, string>): Partial<Fig> {
  const out: Partial<Fig> = {
    od: D(f.orderedDays),
    oh: C(f.orderedHt),
    cd: D(f.consumedDays),
    ch: C(f.consumedHt),
    pd: D(f.pendingDays),
    rd: D(f.remainingDays),
    rh: C(f.remainingHt),
  };
  if (f.orderedTtc !== undefined) Object.assign(out, { ot: C(f.orderedTtc), ct: C(f.consumedTtc), rt: C(f.remainingTtc) });
  return out;
}

/** Compares what a surface shows with the expected figures, and checks consumed + remaining = ordered. */
function same(actual: Partial<Fig>, expected: Fig, where: string) {
  const keys = (Object.keys(actual) as (keyof Fig)[]).filter((k) => k !== "n");
  expect(Object.fromEntries(keys.map((k) => [k, actual[k]])), where).toEqual(Object.fromEntries(keys.map((k) => [k, expected[k]])));
  for (const [o, c, r] of [
    ["od", "cd", "rd"],
    ["oh", "ch", "rh"],
    ["ot", "ct", "rt"],
  ] as const) {
    if (actual[o] === undefined || actual[c] === undefined || actual[r] === undefined) continue;
    expect(dec(actual[c]!).plus(actual[r]!).toString(), `${where}: ${c} + ${r} = ${o}`).toBe(dec(actual[o]!).toString());
  }
}

async function signIn(email: string): Promise<string> {
  const action = (await import("../../app/routes/connexion")).action as unknown as Loader;
  const body = new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" });
  const r = (await action({
    request: new Request("http://localhost/connexion", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    params: {},
    context: { clientAddress: `10.9.0.${Object.keys(cookies).length + 1}` },
  })) as Response;
  expect(r.status, `connexion ${email}`).toBe(302);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A route's loader, as the signed-in user (`who`), for `url`. */
async function load<T>(route: string, who: keyof typeof accounts | null, url: string, params: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = who ? { Cookie: cookies[who] } : {};
  const result = await routes[route]({ request: new Request(`http://localhost${url}`, { headers }), params, context: {} });
  if (result instanceof Response) {
    expect(result.status, url).toBe(200);
    return result as T;
  }
  return result as T;
}

async function bytes(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** The rows of a sheet as objects keyed by the header's labels, without the totals row (formulas). */
function sheetRows(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const head = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const values = row.values as unknown[];
    if (values.some((v) => v && typeof v === "object" && "formula" in (v as object))) return;
    out.push(Object.fromEntries(head.map((h, i) => [h, values[i]]).filter(([h]) => h)));
  });
  return out;
}

/** Sheet or CSV rows → figures, from the column labels the reports use. */
function fromRow(r: Record<string, unknown>, labels: Partial<Record<keyof Fig, string>>): Partial<Fig> {
  const out: Partial<Fig> = {};
  for (const [k, label] of Object.entries(labels) as [keyof Fig, string][]) {
    const v = String(r[label] ?? "0").replace(",", ".");
    (out as Record<string, string>)[k] = ["od", "cd", "pd", "rd"].includes(k) ? D(v) : C(v);
  }
  return out;
}

function groupRows<K>(
  rows: Record<string, unknown>[],
  key: (r: Record<string, unknown>) => K,
  labels: Partial<Record<keyof Fig, string>>,
): Map<K, Partial<Fig>> {
  const out = new Map<K, Partial<Fig>>();
  for (const r of rows) {
    const k = key(r);
    const f = fromRow(r, labels);
    const acc = out.get(k);
    if (!acc) {
      out.set(k, f);
      continue;
    }
    for (const [field, v] of Object.entries(f) as [keyof Fig, string][]) {
      (acc as Record<string, string>)[field] = dec(acc[field] as string)
        .plus(v)
        .toFixed(["od", "cd", "pd", "rd"].includes(field) ? 1 : 2);
    }
  }
  return out;
}

const LINE_LABELS = {
  od: "Jours commandés",
  oh: "Montant HT",
  ot: "Montant TTC",
  cd: "Jours consommés",
  ch: "Consommé HT",
  ct: "Consommé TTC",
  pd: "Jours en attente",
  rd: "Jours restants",
  rh: "Restant HT",
  rt: "Restant TTC",
} as const;
const SUMMARY_LABELS = {
  od: "Jours commandés",
  oh: "Commandé HT",
  ot: "Commandé TTC",
  cd: "Jours consommés",
  ch: "Consommé HT",
  ct: "Consommé TTC",
  pd: "Jours en attente de validation",
  rd: "Jours restants",
  rh: "Restant HT",
  rt: "Restant TTC",
} as const;

beforeAll(async () => {
  const modules: Record<string, () => Promise<{ loader: unknown }>> = {
    home: () => import("../../app/routes/_index"),
    list: () => import("../../app/routes/commandes._index"),
    order: () => import("../../app/routes/commandes.$id"),
    stats: () => import("../../app/routes/stats"),
    followUpXlsx: () => import("../../app/routes/rapports.suivi[.]xlsx"),
    followUpPdf: () => import("../../app/routes/rapports.suivi[.]pdf"),
    workbook: () => import("../../app/routes/rapports.consolide[.]xlsx"),
    csv: () => import("../../app/routes/rapports.consolide[.]csv"),
    invoices: () => import("../../app/routes/factures._index"),
  };
  for (const [k, m] of Object.entries(modules)) routes[k] = (await m()).loader as Loader;
  for (const who of ["dinum", "correspondentA", "correspondentB", "contractorA", "contractorB"] as const) cookies[who] = await signIn(accounts[who]);
  await expectedFigures();
}, 120_000);

type HomeData = {
  user: { beneficiaryId: number | null; contractorId: number | null };
  totals: { orders: number; figures: Record<string, string> };
  orders: { items: { id: number; figures: Record<string, string> }[]; total: number };
  dashboard: {
    contracts: { id: number; orders: number; figures: Record<string, string> }[] | null;
    beneficiaries: { id: number; orders: number; figures: Record<string, string> }[] | null;
    products: { id: number; orders: number; figures: Record<string, string> }[] | null;
    shares: { label: string; orders: number; amountHt: string; days: string }[] | null;
  };
};

describe("R13: every surface shows the figures computed from the rule", () => {
  it("the expected figures themselves add up: consumed + remaining = ordered at every level", () => {
    expect(orders.size).toBeGreaterThan(10);
    for (const [level, m] of Object.entries(groups)) for (const [k, f] of m) same(f, f, `${level} ${k}`);
    // the levels agree with each other: each partition of the orders sums to the whole
    const all = groups.all.get("all")!;
    for (const level of ["product", "beneficiary", "contractor", "contract"] as const) {
      const s = [...groups[level].values()];
      for (const k of ["od", "oh", "ot", "cd", "ch", "ct", "rd", "rh", "rt"] as const) {
        expect(s.reduce((a, f) => a.plus(f[k]), new Decimal(0)).toString(), `${level} ${k}`).toBe(dec(all[k]).toString());
      }
    }
  });

  it("DINUM's home: per contract, beneficiary, contractor, and the totals", async () => {
    const home = await load<HomeData>("home", "dinum", "/");
    const d = home.dashboard;
    expect(d.contracts!.map((c) => c.id).sort()).toEqual([...groups.contract.keys()].sort());
    for (const c of d.contracts!) {
      same(fromApp(c.figures), groups.contract.get(c.id)!, `accord-cadre ${c.id}`);
      expect(c.orders).toBe(groups.contract.get(c.id)!.n);
    }
    expect(d.beneficiaries!.map((b) => b.id).sort()).toEqual([...groups.beneficiary.keys()].sort());
    for (const b of d.beneficiaries!) {
      same(fromApp(b.figures), groups.beneficiary.get(b.id)!, `bénéficiaire ${b.id}`);
      expect(b.orders).toBe(groups.beneficiary.get(b.id)!.n);
    }
    const byName = new Map([...groups.contractor].map(([id, f]) => [names.contractor.get(id as number)!, f]));
    expect(d.shares!.map((s) => s.label).sort()).toEqual([...byName.keys()].sort());
    for (const s of d.shares!) {
      const e = byName.get(s.label)!;
      expect([s.orders, D(s.days), C(s.amountHt)], `titulaire ${s.label}`).toEqual([e.n, e.od, e.oh]);
    }
    same(fromApp(home.totals.figures), groups.all.get("all")!, "totaux DINUM");
    expect(home.totals.orders).toBe(groups.all.get("all")!.n);
  });

  it("a correspondent's home: per product of its beneficiary, its totals and its orders", async () => {
    for (const who of ["correspondentA", "correspondentB"] as const) {
      const home = await load<HomeData>("home", who, "/");
      const b = home.user.beneficiaryId!;
      const mine = [...orders].filter(([, o]) => o.beneficiaryId === b);
      const expectedProducts = new Set(mine.filter(([, o]) => o.status === "issued" || o.status === "closed").map(([, o]) => o.productId));
      expect(home.dashboard.products!.map((p) => p.id).sort()).toEqual([...expectedProducts].sort());
      for (const p of home.dashboard.products!) {
        same(fromApp(p.figures), groups.product.get(p.id)!, `produit ${names.product.get(p.id)}`);
        expect(p.orders).toBe(groups.product.get(p.id)!.n);
      }
      same(fromApp(home.totals.figures), groups.beneficiary.get(b)!, `totaux ${who}`);
      for (const o of home.orders.items) same(fromApp(o.figures), orders.get(o.id)!, `${who} : bon ${o.id}`);
    }
  });

  it("a contractor's home: its totals and its orders (a cancelled one counts 0)", async () => {
    for (const who of ["contractorA", "contractorB"] as const) {
      const home = await load<HomeData>("home", who, "/");
      const c = home.user.contractorId!;
      same(fromApp(home.totals.figures), groups.contractor.get(c)!, `totaux ${who}`);
      expect(home.totals.orders).toBe(groups.contractor.get(c)!.n);
      expect(home.orders.total).toBe([...orders.values()].filter((o) => o.contractorId === c && o.status !== "draft").length);
      for (const o of home.orders.items) same(fromApp(o.figures), orders.get(o.id)!, `${who} : bon ${o.id}`);
    }
  });

  it("the order list, every page, and its totals; every order's page", async () => {
    type List = {
      orders: { items: { id: number; figures: Record<string, string> }[]; total: number; pageSize: number; totals: { figures: Record<string, string> } };
    };
    const first = await load<List>("list", "dinum", "/commandes");
    expect(first.orders.total).toBe(orders.size);
    same(fromApp(first.orders.totals.figures), sumOf(orders.keys()), "liste : totaux");
    const seen = new Set<number>();
    for (let page = 1; page <= Math.ceil(first.orders.total / first.orders.pageSize); page++) {
      const l = page === 1 ? first : await load<List>("list", "dinum", `/commandes?page=${page}`);
      for (const o of l.orders.items) {
        same(fromApp(o.figures), orders.get(o.id)!, `liste : bon ${o.id}`);
        seen.add(o.id);
      }
    }
    expect(seen.size).toBe(orders.size);
    for (const status of ["issued", "closed", "cancelled"]) {
      const l = await load<List>("list", "dinum", `/commandes?statut=${status}`);
      const ids = [...orders].filter(([, o]) => o.status === status).map(([id]) => id);
      expect(l.orders.total).toBe(ids.length);
      same(fromApp(l.orders.totals.figures), sumOf(ids), `liste ${status} : totaux`);
    }
    type Page = {
      order: { status: string };
      figures: Record<string, string>;
      lines: { orderedDays: string; amountHt: string; figures: Record<string, string> }[];
    };
    for (const [id, e] of orders) {
      const p = await load<Page>("order", "dinum", `/commandes/${id}`, { id: String(id) });
      same(fromApp(p.figures), e, `page du bon ${e.number ?? id}`);
      // each line: consumed + remaining (+ released, for a closed or cancelled order) = the line as ordered
      for (const l of p.lines) {
        expect(dec(l.figures.consumedDays).plus(l.figures.remainingDays).plus(l.figures.releasedDays).toFixed(1), `bon ${id} ligne`).toBe(
          dec(l.orderedDays).toFixed(1),
        );
        expect(dec(l.figures.consumedHt).plus(l.figures.remainingHt).plus(l.figures.releasedHt).toFixed(2), `bon ${id} ligne HT`).toBe(
          dec(l.amountHt).toFixed(2),
        );
      }
    }
  }, 600_000);

  it("the follow-up: Excel per product and per order, PDF per product", async () => {
    const wb = await readWorkbook(await bytes(await load<Response>("followUpXlsx", "dinum", "/rapports/suivi.xlsx")));
    const labels = {
      od: "Jours commandés",
      cd: "Jours faits (service fait)",
      rd: "Jours restant à faire",
      rh: "Restant HT",
      ot: "Commandé TTC",
      ct: "Consommé TTC",
      rt: "Restant TTC",
    } as const;
    const byProduct = groupRows(sheetRows(wb.getWorksheet("Par produit")!), (r) => `${r["Bénéficiaire"]}|${r["Produit"]}`, {
      ...labels,
      pd: "Jours en attente de validation",
      oh: "Commandé HT",
      ch: "Consommé HT",
    });
    const expectedByProduct = new Map(
      [...groups.product].map(([id, f]) => {
        const o = [...orders.values()].find((x) => x.productId === id)!;
        return [`${names.beneficiary.get(o.beneficiaryId)}|${names.product.get(id as number)}`, f];
      }),
    );
    expect([...byProduct.keys()].sort()).toEqual([...expectedByProduct.keys()].sort());
    for (const [k, f] of byProduct) same(f, expectedByProduct.get(k)!, `suivi Excel, produit ${k}`);
    const byOrder = groupRows(sheetRows(wb.getWorksheet("Par bon de commande")!), (r) => String(r["N° de bon de commande"]), {
      ...labels,
      pd: "Jours en attente",
    });
    const counted = [...orders.values()].filter((o) => o.status === "issued" || o.status === "closed");
    expect(byOrder.size).toBe(counted.length);
    for (const o of counted) same(byOrder.get(o.number!)!, o, `suivi Excel, bon ${o.number}`);

    // pdftotext is required (poppler-utils): a missing tool fails the test, it does not skip it
    const text = pdftotext(await bytes(await load<Response>("followUpPdf", "dinum", "/rapports/suivi.pdf"))).replace(/\s+/g, " ");
    const flat = (s: string) => s.replace(/\s+/g, " ");
    for (const [id, f] of groups.product) {
      const line = flat(`Commandé : ${formatDays(f.od)} j, ${formatEuros(f.ot)} TTC · Fait : ${formatDays(f.cd)} j`);
      const rest = flat(`Restant à faire : ${formatDays(f.rd)} j, ${formatEuros(f.rh)} HT, ${formatEuros(f.rt)} TTC`);
      expect(text, `suivi PDF, produit ${names.product.get(id as number)}`).toContain(line);
      expect(text, `suivi PDF, produit ${names.product.get(id as number)}`).toContain(rest);
    }
  }, 600_000);

  it("the consolidated workbook and its CSV: summary per beneficiary, lines per order and contractor, products", async () => {
    const wb = await readWorkbook(await bytes(await load<Response>("workbook", "dinum", "/rapports/consolide.xlsx")));
    const byBeneficiaryName = new Map([...groups.beneficiary].map(([id, f]) => [names.beneficiary.get(id as number)!, f]));
    const summary = sheetRows(wb.getWorksheet("Synthèse")!);
    expect(summary.map((r) => r["Bénéficiaire"]).sort()).toEqual([...byBeneficiaryName.keys()].sort());
    for (const r of summary) {
      same(fromRow(r, SUMMARY_LABELS), byBeneficiaryName.get(String(r["Bénéficiaire"]))!, `Synthèse ${r["Bénéficiaire"]}`);
      expect(Number(r["Bons de commande"])).toBe(byBeneficiaryName.get(String(r["Bénéficiaire"]))!.n);
    }
    const lines = sheetRows(wb.getWorksheet("Lignes de BC")!);
    const counted = [...orders.values()].filter((o) => o.status === "issued" || o.status === "closed");
    const perOrder = groupRows(lines, (r) => String(r["N° de bon de commande"]), LINE_LABELS);
    expect(perOrder.size).toBe(counted.length);
    for (const o of counted) same(perOrder.get(o.number!)!, o, `Lignes de BC, bon ${o.number}`);
    const perContractor = groupRows(lines, (r) => String(r["Titulaire"]), LINE_LABELS);
    for (const [id, f] of groups.contractor) same(perContractor.get(names.contractor.get(id as number)!)!, f, `Lignes de BC, titulaire ${id}`);
    const perProduct = groupRows(
      sheetRows(wb.getWorksheet("Produits")!).filter((r) => Number(r["Bons de commande"]) > 0),
      (r) => `${r["Bénéficiaire"]}|${r["Produit"]}`,
      { od: "Jours commandés", oh: "Commandé HT", cd: "Jours consommés", ch: "Consommé HT", rd: "Jours restants" },
    );
    for (const [id, f] of groups.product) {
      const o = [...orders.values()].find((x) => x.productId === id)!;
      same(perProduct.get(`${names.beneficiary.get(o.beneficiaryId)}|${names.product.get(id as number)}`)!, f, `Produits, ${names.product.get(id as number)}`);
    }

    const csv = async (table: string) => {
      const rows = parseCsv((await bytes(await load<Response>("csv", "dinum", `/rapports/consolide.csv?table=${table}`))).toString("utf8"));
      const [head, ...body] = rows;
      return body.filter((r) => r.length === head.length).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
    };
    const csvSummary = (await csv("synthese")).filter((r) => r["Bénéficiaire"] !== "Total");
    expect(csvSummary.map((r) => r["Bénéficiaire"]).sort()).toEqual([...byBeneficiaryName.keys()].sort());
    for (const r of csvSummary) same(fromRow(r, SUMMARY_LABELS), byBeneficiaryName.get(r["Bénéficiaire"])!, `CSV synthèse ${r["Bénéficiaire"]}`);
    const csvPerOrder = groupRows(await csv("lignes"), (r) => String(r["N° de bon de commande"]), LINE_LABELS);
    expect(csvPerOrder.size).toBe(counted.length);
    for (const o of counted) same(csvPerOrder.get(o.number!)!, o, `CSV lignes, bon ${o.number}`);
  }, 600_000);

  it("/stats: orders and days per year, and the headline counts are the table's sums", async () => {
    type Stats = {
      orders: number;
      validatedDeclarations: number;
      years: { year: number; orders: number; orderedDays: string; consumedDays: string; declarations: number }[];
    };
    const s = await load<Stats>("stats", null, "/stats");
    const { rows } = await sql<{ year: number; orders: string; days: string }>`
      SELECT extract(year FROM po.issued_on)::int AS year, count(*) AS orders,
        sum((SELECT CASE WHEN po.status = 'closed' THEN sum(ol.consumed_days) ELSE sum(ol.quantity * 20) END FROM order_line ol WHERE ol.order_id = po.id)) AS days
      FROM purchase_order po WHERE po.status IN ('issued', 'closed') GROUP BY 1`.execute(t.db);
    for (const r of rows) {
      const y = s.years.find((x) => x.year === r.year)!;
      expect([y.orders, D(y.orderedDays)], `année ${r.year}`).toEqual([Number(r.orders), D(r.days)]);
    }
    expect(s.orders).toBe(s.years.reduce((n, y) => n + y.orders, 0));
    expect(s.orders).toBe(groups.all.get("all")!.n);
    expect(s.validatedDeclarations).toBe(s.years.reduce((n, y) => n + y.declarations, 0));
    expect(s.years.reduce((a, y) => a.plus(y.orderedDays), new Decimal(0)).toFixed(1)).toBe(groups.all.get("all")!.od);
    expect(s.years.reduce((a, y) => a.plus(y.consumedDays), new Decimal(0)).toFixed(1)).toBe(groups.all.get("all")!.cd);
  });
});

describe("R17: the ceilings reconcile with R13", () => {
  it("ordered per period (the contract's and each capped lot's) = the sum of its issued and closed orders' ordered HT, in the Plafonds CSV and on /stats", async () => {
    const { rows: caps } = await sql<{
      reference: string;
      period_no: number;
      start_date: string;
      end_date: string;
      contract_id: number;
      lot_id: number | null;
      lot: number | null;
      max_ht: string;
    }>`
      SELECT k.reference, ep.period_no, ep.start_date, ep.end_date, ep.contract_id, NULL::int AS lot_id, NULL::int AS lot, ep.max_ht
      FROM execution_period ep JOIN contract k ON k.id = ep.contract_id
      UNION ALL
      SELECT k.reference, ep.period_no, ep.start_date, ep.end_date, ep.contract_id, l.id, l.number, lc.max_ht
      FROM lot_ceiling lc JOIN execution_period ep ON ep.id = lc.period_id JOIN contract k ON k.id = ep.contract_id JOIN lot l ON l.id = lc.lot_id`.execute(
      t.db,
    );
    expect(caps.length).toBeGreaterThan(0);
    const placed = await t.db.selectFrom("purchase_order").select(["id", "contract_id", "lot_id", "issued_on", "status"]).execute();
    const expected = new Map<string, string>();
    for (const c of caps) {
      const mine = placed.filter(
        (o) =>
          (o.status === "issued" || o.status === "closed") &&
          o.contract_id === c.contract_id &&
          (c.lot_id === null || o.lot_id === c.lot_id) &&
          o.issued_on! >= c.start_date &&
          o.issued_on! <= c.end_date,
      );
      expected.set(`${c.reference}|${c.lot ?? ""}|${c.period_no}`, mine.reduce((a, o) => a.plus(orders.get(o.id)!.oh), new Decimal(0)).toFixed(2));
    }
    const rows = parseCsv((await bytes(await load<Response>("csv", "dinum", "/rapports/consolide.csv?table=plafonds"))).toString("utf8"));
    const [head, ...body] = rows;
    const col = (name: string) => head.indexOf(name);
    const euros = (v: string) => dec(v.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".")).toFixed(2);
    const got = new Map(
      body
        .filter((r) => r.length === head.length)
        .map((r) => {
          const lot = /^Lot (\d+)/.exec(r[col("Lot")])?.[1] ?? "";
          const periodNo = /^(\d+)/.exec(r[col("Période")])?.[1] ?? "0";
          return [`${r[col("Accord-cadre")]}|${lot}|${periodNo}`, euros(r[col("Commandé HT")])];
        }),
    );
    expect(got).toEqual(expected);
    // /stats: the current periods' contract maxima and ordered, summed (aggregates only)
    const s = await load<{ ceiling: { periods: number; orderedHt: string } }>("stats", null, "/stats");
    const today = todayInParis();
    const current = caps.filter((c) => c.lot === null && c.start_date <= today && today <= c.end_date);
    expect(s.ceiling.periods).toBe(current.length);
    expect(s.ceiling.orderedHt).toBe(current.reduce((a, c) => a.plus(expected.get(`${c.reference}||${c.period_no}`)!), new Decimal(0)).toFixed(2));
  });
});

describe("R13: the defects seen on the demo data", () => {
  it("Nata's remaining TTC is the same on the home page's product table, the order list and the order pages", async () => {
    const nata = await t.db.selectFrom("product").select("id").where("name", "=", "Nata").executeTakeFirstOrThrow();
    const home = await load<HomeData>("home", "correspondentA", "/");
    const row = home.dashboard.products!.find((p) => p.id === nata.id)!;
    type List = { orders: { items: { id: number; status: string; figures: Record<string, string> }[] } };
    const list = await load<List>("list", "correspondentA", `/commandes?produit=${nata.id}`);
    const counted = list.orders.items.filter((o) => o.status === "issued" || o.status === "closed");
    const listSum = counted.reduce((a, o) => a.plus(o.figures.remainingTtc), new Decimal(0)).toFixed(2);
    let pageSum = new Decimal(0);
    for (const o of counted)
      pageSum = pageSum.plus(
        (await load<{ figures: Record<string, string> }>("order", "correspondentA", `/commandes/${o.id}`, { id: String(o.id) })).figures.remainingTtc,
      );
    expect(row.figures.remainingTtc).toBe(listSum);
    expect(pageSum.toFixed(2)).toBe(listSum);
    expect(row.figures.remainingTtc).toBe(groups.product.get(nata.id)!.rt);
  });

  it("a cancelled order counts 0 on its contractor's home page and shows what it released apart", async () => {
    const cancelled = await t.db
      .selectFrom("purchase_order as po")
      .innerJoin("app_user as u", "u.contractor_id", "po.contractor_id")
      .select(["po.id", "u.email"])
      .where("po.status", "=", "cancelled")
      .where("u.role", "=", "contractor")
      .orderBy("po.id")
      .executeTakeFirstOrThrow();
    const who = (Object.keys(accounts) as (keyof typeof accounts)[]).find((k) => accounts[k] === cancelled.email);
    const cookie = who ? cookies[who] : await signIn(cancelled.email);
    const headers = { Cookie: cookie };
    const home = (await routes.list({ request: new Request(`http://localhost/commandes?statut=cancelled`, { headers }), params: {}, context: {} })) as HomeData;
    const row = home.orders.items.find((o) => o.id === cancelled.id)!;
    expect([row.figures.orderedDays, row.figures.remainingDays, row.figures.remainingHt, row.figures.remainingTtc]).toEqual(["0.0", "0.0", "0.00", "0.00"]);
    const contractorHome = (await routes.home({ request: new Request("http://localhost/", { headers }), params: {}, context: {} })) as HomeData;
    const onHome = contractorHome.orders.items.find((o) => o.id === cancelled.id);
    if (onHome) expect([onHome.figures.remainingDays, onHome.figures.remainingHt]).toEqual(["0.0", "0.00"]);
    const page = (await routes.order({
      request: new Request(`http://localhost/commandes/${cancelled.id}`, { headers }),
      params: { id: String(cancelled.id) },
      context: {},
    })) as { figures: Record<string, string> };
    expect(page.figures.remainingDays).toBe("0.0");
    expect(dec(page.figures.releasedDays).greaterThan(0)).toBe(true);
  });

  it("a closed order counts its consumption as ordered, remaining 0, and shows what it released", async () => {
    const closed = [...orders].find(([, o]) => o.status === "closed")!;
    const page = await load<{ figures: Record<string, string> }>("order", "dinum", `/commandes/${closed[0]}`, { id: String(closed[0]) });
    expect([page.figures.orderedDays, page.figures.remainingDays, page.figures.remainingTtc]).toEqual([page.figures.consumedDays, "0.0", "0.00"]);
    const {
      rows: [doc],
    } = await sql<{
      days: string;
      ttc: string;
    }>`SELECT (SELECT sum(quantity * 20) FROM order_line WHERE order_id = po.id) AS days, po.total_ttc AS ttc FROM purchase_order po WHERE po.id = ${closed[0]}`.execute(
      t.db,
    );
    expect(dec(page.figures.orderedDays).plus(page.figures.releasedDays).toFixed(1)).toBe(dec(doc.days).toFixed(1));
    expect(dec(page.figures.orderedTtc).plus(page.figures.releasedTtc).toFixed(2)).toBe(dec(doc.ttc).toFixed(2));
  });

  it("/stats: the count of orders next to the table by year is the table's sum", async () => {
    const s = await load<{ orders: number; years: { orders: number }[] }>("stats", null, "/stats");
    expect(s.orders).toBe(s.years.reduce((n, y) => n + y.orders, 0));
  });
});

describe("R11/R15: invoiced and paid add up, per order and at every level", () => {
  /** Per order, independently: validated HT from the declaration lines, invoiced (not rejected) and paid TTC from the invoices. */
  async function expectedInvoicing() {
    const { rows } = await sql<{
      id: number;
      beneficiary_id: number;
      contractor_id: number;
      validated_ht: string;
      invoiced_ht: string;
      invoiced_ttc: string;
      paid_ttc: string;
      n: string;
    }>`
      SELECT po.id, po.beneficiary_id, po.contractor_id,
        coalesce((SELECT sum(dl.consumed_amount) FROM declaration_line dl JOIN declaration d ON d.id = dl.declaration_id WHERE dl.order_id = po.id AND d.status = 'validated'), 0) AS validated_ht,
        coalesce(sum(i.amount_ht) FILTER (WHERE i.status <> 'rejected'), 0) AS invoiced_ht,
        coalesce(sum(i.amount_ttc) FILTER (WHERE i.status <> 'rejected'), 0) AS invoiced_ttc,
        coalesce(sum(i.amount_ttc) FILTER (WHERE i.status = 'paid'), 0) AS paid_ttc,
        count(i.id) AS n
      FROM purchase_order po LEFT JOIN invoice i ON i.order_id = po.id
      WHERE po.status <> 'draft' GROUP BY po.id`.execute(t.db);
    return rows;
  }

  it("every order's page: service fait validated = invoiced + not yet invoiced, and its invoiced and paid", async () => {
    const expected = await expectedInvoicing();
    expect(expected.filter((e) => Number(e.n) > 0).length).toBeGreaterThan(1);
    type Page = {
      invoicing: { validatedHt: string; invoicedHt: string; invoicedTtc: string; paidTtc: string; notInvoicedHt: string; invoiceCount: number } | null;
    };
    for (const e of expected.filter((x) => Number(x.n) > 0 || orders.get(x.id)?.status === "issued").slice(0, 40)) {
      const p = await load<Page>("order", "dinum", `/commandes/${e.id}`, { id: String(e.id) });
      const i = p.invoicing!;
      expect([i.validatedHt, i.invoicedHt, i.invoicedTtc, i.paidTtc, i.invoiceCount], `bon ${e.id}`).toEqual([
        C(e.validated_ht),
        C(e.invoiced_ht),
        C(e.invoiced_ttc),
        C(e.paid_ttc),
        Number(e.n),
      ]);
      expect(dec(i.invoicedHt).plus(i.notInvoicedHt).toFixed(2), `bon ${e.id} : facturé + non facturé`).toBe(C(e.validated_ht));
      expect(dec(i.invoicedHt).lessThanOrEqualTo(i.validatedHt), `bon ${e.id} : facturé ≤ service fait`).toBe(true);
    }
  }, 600_000);

  it("the follow-up's invoiced and paid per order (Excel and PDF) = its order page's = the invoices' own sums", async () => {
    const expected = new Map((await expectedInvoicing()).map((e) => [e.id, e]));
    const wb = await readWorkbook(await bytes(await load<Response>("followUpXlsx", "dinum", "/rapports/suivi.xlsx")));
    const rows = sheetRows(wb.getWorksheet("Par bon de commande")!);
    const byNumber = new Map([...orders].map(([id, o]) => [o.number, id]));
    let withInvoices = 0;
    type Page = { invoicing: { invoicedTtc: string; paidTtc: string } | null };
    for (const r of rows) {
      const id = byNumber.get(String(r["N° de bon de commande"]))!;
      const e = expected.get(id)!;
      const sheet = [C(String(r["Facturé TTC"] ?? 0)), C(String(r["Payé TTC"] ?? 0))];
      expect(sheet, `suivi Excel, bon ${id}`).toEqual([C(e.invoiced_ttc), C(e.paid_ttc)]);
      if (Number(e.n) === 0) continue;
      withInvoices++;
      const page = (await load<Page>("order", "dinum", `/commandes/${id}`, { id: String(id) })).invoicing!;
      expect([page.invoicedTtc, page.paidTtc], `page du bon ${id}`).toEqual(sheet);
    }
    expect(withInvoices).toBeGreaterThan(1);

    const text = pdftotext(await bytes(await load<Response>("followUpPdf", "dinum", "/rapports/suivi.pdf"))).replace(/\s+/g, " ");
    for (const [id, e] of expected) {
      if (Number(e.n) === 0 || dec(e.invoiced_ttc).isZero()) continue;
      const line = `${orders.get(id)!.number} — facturé : ${formatEuros(C(e.invoiced_ttc))} TTC, payé : ${formatEuros(C(e.paid_ttc))} TTC`.replace(/\s+/g, " ");
      expect(text, `suivi PDF, bon ${id}`).toContain(line);
    }
  }, 600_000);

  it("CP per year and beneficiary in the workbook, its CSV and the home pages = TTC of the invoices paid that year", async () => {
    const { rows: paid } = await sql<{ year: number; beneficiary_id: number; ttc: string }>`
      SELECT extract(year FROM i.paid_on)::int AS year, po.beneficiary_id, sum(i.amount_ttc) AS ttc
      FROM invoice i JOIN purchase_order po ON po.id = i.order_id WHERE i.status = 'paid' GROUP BY 1, 2`.execute(t.db);
    expect(paid.length).toBeGreaterThan(0);
    const key = (year: unknown, beneficiary: unknown) => `${year}|${beneficiary}`;
    const expectedCp = new Map(paid.map((p) => [key(p.year, names.beneficiary.get(p.beneficiary_id)), C(p.ttc)]));
    const cpOf = (rows: Record<string, unknown>[]) => {
      const out = new Map<string, string>();
      for (const r of rows) {
        const v = C(String(r["CP TTC (factures payées)"] ?? "0").replace(",", "."));
        if (v !== "0.00") out.set(key(r["Année"], r["Bénéficiaire"]), v);
      }
      return out;
    };
    const wb = await readWorkbook(await bytes(await load<Response>("workbook", "dinum", "/rapports/consolide.xlsx")));
    expect(cpOf(sheetRows(wb.getWorksheet("AE-CP")!))).toEqual(expectedCp);
    const csvRows = parseCsv((await bytes(await load<Response>("csv", "dinum", "/rapports/consolide.csv?table=ae-cp"))).toString("utf8"));
    const [head, ...body] = csvRows;
    expect(cpOf(body.filter((r) => r.length === head.length && r[0] !== "Total").map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]]))))).toEqual(
      expectedCp,
    );
    // the home pages: DINUM's per year is the sum over beneficiaries; a correspondent's, its beneficiary's
    type Home = { user: { beneficiaryId: number | null }; dashboard: { budget: { year: number; cp: string }[] | null } };
    const perYear = (filter: (b: number) => boolean) => {
      const out = new Map<number, Decimal>();
      for (const p of paid.filter((x) => filter(x.beneficiary_id))) out.set(p.year, (out.get(p.year) ?? new Decimal(0)).plus(p.ttc));
      return new Map([...out].map(([y, v]) => [y, v.toFixed(2)]));
    };
    const homeCp = (h: Home) => new Map((h.dashboard.budget ?? []).filter((b) => dec(b.cp).greaterThan(0)).map((b) => [b.year, C(b.cp)]));
    expect(homeCp(await load<Home>("home", "dinum", "/"))).toEqual(perYear(() => true));
    for (const who of ["correspondentA", "correspondentB"] as const) {
      const h = await load<Home>("home", who, "/");
      expect(homeCp(h), who).toEqual(perYear((b) => b === h.user.beneficiaryId));
    }
  }, 600_000);

  it("the invoice list of each role: its count and its invoices are its orders', and the orders' invoiced sums add up", async () => {
    type List = { total: number; rows: { id: number; orderId: number; amountTtc: string; status: string }[]; pageSize: number };
    const expected = await expectedInvoicing();
    for (const who of ["dinum", "correspondentA", "correspondentB", "contractorA", "contractorB"] as const) {
      const first = await load<List>("invoices", who, "/factures");
      const sees: Record<typeof who, (o: { beneficiaryId: number; contractorId: number }) => boolean> = {
        dinum: () => true,
        correspondentA: (o) => o.beneficiaryId === tenants!.A.b,
        correspondentB: (o) => o.beneficiaryId === tenants!.B.b,
        contractorA: (o) => o.contractorId === tenants!.A.c,
        contractorB: (o) => o.contractorId === tenants!.B.c,
      };
      const scope = [...orders.values()].filter(sees[who]);
      const inScope = new Set([...orders].filter(([, o]) => scope.includes(o)).map(([id]) => id));
      const mine = expected.filter((e) => inScope.has(e.id));
      expect(first.total, who).toBe(mine.reduce((n, e) => n + Number(e.n), 0));
      let invoicedTtc = new Decimal(0);
      for (let page = 1; page <= Math.ceil(first.total / first.pageSize); page++) {
        const l = page === 1 ? first : await load<List>("invoices", who, `/factures?page=${page}`);
        for (const r of l.rows) {
          expect(inScope.has(r.orderId), `${who} : facture ${r.id} hors périmètre`).toBe(true);
          if (r.status !== "rejected") invoicedTtc = invoicedTtc.plus(r.amountTtc);
        }
      }
      expect(invoicedTtc.toFixed(2), `${who} : facturé TTC`).toBe(mine.reduce((a, e) => a.plus(e.invoiced_ttc), new Decimal(0)).toFixed(2));
    }
  }, 600_000);
});

let tenants: { A: { b: number; c: number }; B: { b: number; c: number } } | null = null;
async function loadTenants() {
  const u = await t.db.selectFrom("app_user").select(["email", "beneficiary_id", "contractor_id"]).execute();
  const of = (email: string) => u.find((x) => x.email === email)!;
  tenants = {
    A: { b: of(accounts.correspondentA).beneficiary_id!, c: of(accounts.contractorA).contractor_id! },
    B: { b: of(accounts.correspondentB).beneficiary_id!, c: of(accounts.contractorB).contractor_id! },
  };
}
beforeAll(loadTenants);

describe("R13/R18: service fait per company adds up to each declaration's", () => {
  it("every validated declaration of the demo: its companies' days and HT add up to its lines', to the cent", async () => {
    const { rows } = await sql<{ id: number; days: string; ht: string }>`
      SELECT d.id, sum(dl.days)::text AS days, coalesce(sum(dl.consumed_amount), 0)::text AS ht
      FROM declaration d JOIN declaration_line dl ON dl.declaration_id = d.id
      WHERE d.status = 'validated' GROUP BY d.id ORDER BY d.id`.execute(t.db);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      const shares = await declarationByCompany(t.db, r.id);
      expect({
        id: r.id,
        days: shares.reduce((s, c) => s.plus(c.days), dec(0)).toFixed(1),
        ht: shares.reduce((s, c) => s.plus(c.amountHt), dec(0)).toFixed(2),
      }).toEqual({
        id: r.id,
        days: dec(r.days).toFixed(1),
        ht: dec(r.ht).toFixed(2),
      });
    }
  });
});
