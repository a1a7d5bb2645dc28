// About a year of fictional orders and declarations, covering every state (R6, R8): drafts, issued,
// amended, closed (fully consumed, or closed early), cancelled; declarations draft, submitted, validated,
// rejected, and a validated correction. Amounts come from the same pure functions as the app.
import type { Executor } from "../db/client";
import type { DeclarationStatus, OrderStatus, WorkUnitCode } from "../db/schema";
import { consumedAmount, daysFromQuantity, lineAmountHt, orderTotals } from "../app/domain/orders/amounts";
import { addMonths, monthsBetween } from "../app/lib/dates";
import { dec } from "../app/lib/decimal";
import type { RefIds } from "./reference";

interface OrderSpec {
  product: string;
  contractor: string;
  contract: string;
  lot: number;
  issuer: string;
  status: OrderStatus;
  issuedOn: string | null;
  periodStart: string;
  periodEnd: string;
  lines: [WorkUnitCode, string][];
  ej?: string;
  programme?: string;
  centre?: string;
  /** months validated: from the period's first month through this one */
  validatedThrough?: string;
  /** after the validated months, declarations in other states */
  then?: { month: string; status: DeclarationStatus; reason?: string }[];
  /** consume everything by the last validated month (then closed) */
  exhaust?: boolean;
  amendment?: { on: string; reason: string; lines: [WorkUnitCode, string][] };
  correction?: { month: string; on: string; reason: string; lessDays: string };
  closedOn?: string;
  closedReason?: string;
  cancelledOn?: string;
  cancelReason?: string;
}

const MAS = "correspondant.sociaux@demo.pilotage-uo.fr";
const MEF = "correspondant.economie@demo.pilotage-uo.fr";
const DIN = "correspondant.dinum@demo.pilotage-uo.fr";
const MTE = "correspondant.travail@demo.pilotage-uo.fr";
const ECO = "correspondant.ecologie@demo.pilotage-uo.fr";
const ANCT = "correspondant.anct@demo.pilotage-uo.fr";
const MC = "correspondant.culture@demo.pilotage-uo.fr";
const OCTO = "Octopus Numérique SAS";
const FAIS = "Coopérative Les Faiseurs";
const ATEL = "Atelier Numérique Public";
const OLD = "21_BAM_048";
const NEW = "25_BAM_112";

export const demoOrders: OrderSpec[] = [
  { product: "Cause médicale de décès", contractor: OCTO, contract: OLD, lot: 1, issuer: MAS, status: "closed", issuedOn: "2025-02-10", periodStart: "2025-03-01", periodEnd: "2025-12-31",
    lines: [["DEVOPS_CONFIRME", "8"], ["PM", "4"], ["DESIGN_CONFIRME", "2.375"]], ej: "1300456789", programme: "0124", centre: "0124-CDBF-DNUM",
    validatedThrough: "2025-12-01", exhaust: true, closedOn: "2026-01-12", closedReason: "Bon de commande entièrement consommé" },
  { product: "Mon Entreprise", contractor: FAIS, contract: OLD, lot: 1, issuer: MEF, status: "closed", issuedOn: "2025-09-22", periodStart: "2025-10-01", periodEnd: "2026-01-31",
    lines: [["DEVOPS_CONFIRME", "6"], ["DESIGN_CONFIRME", "2"]], ej: "1300467001", programme: "0218", centre: "0218-SG-SNUM",
    validatedThrough: "2026-01-01", closedOn: "2026-02-10", closedReason: "Fin du marché 21_BAM_048 : reliquat libéré" },
  { product: "La Bonne Boîte", contractor: FAIS, contract: OLD, lot: 1, issuer: MTE, status: "closed", issuedOn: "2025-11-20", periodStart: "2025-12-01", periodEnd: "2026-01-31",
    lines: [["DEVOPS_SENIOR", "2"], ["PM_JUNIOR", "1.5"]], ej: "1300470112",
    validatedThrough: "2026-01-01", exhaust: true, closedOn: "2026-02-16", closedReason: "Bon de commande entièrement consommé" },
  { product: "demarches-simplifiees.fr", contractor: OCTO, contract: OLD, lot: 1, issuer: DIN, status: "issued", issuedOn: "2025-12-01", periodStart: "2025-12-01", periodEnd: "2026-01-31",
    lines: [["DEVOPS_CONFIRME", "4"]], ej: "1300471450", programme: "0129", centre: "0129-DINUM",
    validatedThrough: "2026-01-01" },
  { product: "FranceConnect", contractor: ATEL, contract: NEW, lot: 1, issuer: DIN, status: "issued", issuedOn: "2026-02-05", periodStart: "2026-02-01", periodEnd: "2027-01-31",
    lines: [["DEVOPS_SENIOR", "12"], ["DEVOPS_CONFIRME", "12"], ["PM", "6"]], ej: "1300480001", programme: "0129", centre: "0129-DINUM",
    validatedThrough: "2026-10-01" },
  { product: "Mon Entreprise", contractor: ATEL, contract: NEW, lot: 1, issuer: MEF, status: "issued", issuedOn: "2026-02-10", periodStart: "2026-02-15", periodEnd: "2026-12-31",
    lines: [["DEVOPS_SENIOR", "10"], ["PM", "5.5"]], ej: "1300480233", programme: "0218", centre: "0218-SG-SNUM",
    validatedThrough: "2026-09-01", then: [{ month: "2026-10-01", status: "submitted" }] },
  { product: "Nata", contractor: OCTO, contract: NEW, lot: 1, issuer: MAS, status: "issued", issuedOn: "2026-02-20", periodStart: "2026-03-01", periodEnd: "2027-02-28",
    lines: [["DEVOPS_SENIOR", "6"], ["DESIGN_JUNIOR", "4.5"], ["PM_JUNIOR", "5.025"]], ej: "1300480412", programme: "0124", centre: "0124-CDBF-DNUM",
    validatedThrough: "2026-09-01", then: [{ month: "2026-10-01", status: "submitted" }, { month: "2026-11-01", status: "draft" }],
    amendment: { on: "2026-06-15", reason: "Renfort technique pour l'ouverture à deux nouvelles régions", lines: [["DEVOPS_SENIOR", "7.5"], ["DESIGN_JUNIOR", "4.5"], ["PM_JUNIOR", "5.025"], ["BIZDEV", "1.25"]] } },
  { product: "Enfants du spectacle", contractor: FAIS, contract: NEW, lot: 2, issuer: MAS, status: "issued", issuedOn: "2026-03-05", periodStart: "2026-03-15", periodEnd: "2026-12-31",
    lines: [["BIZDEV", "4"]], ej: "1300480577",
    validatedThrough: "2026-08-01", then: [{ month: "2026-09-01", status: "rejected", reason: "Les activités déclarées ne correspondent pas au plan de déploiement : merci de détailler les départements accompagnés." }, { month: "2026-10-01", status: "submitted" }] },
  { product: "SignalConso", contractor: OCTO, contract: NEW, lot: 1, issuer: MEF, status: "cancelled", issuedOn: "2026-04-01", periodStart: "2026-04-01", periodEnd: "2026-06-30",
    lines: [["DEVOPS_JUNIOR", "2"]], cancelledOn: "2026-04-15", cancelReason: "Doublon du bon de commande prévu pour juin" },
  { product: "Mano", contractor: ATEL, contract: NEW, lot: 1, issuer: MAS, status: "issued", issuedOn: "2026-04-02", periodStart: "2026-04-01", periodEnd: "2026-09-30",
    lines: [["DEVOPS_CONFIRME", "3"], ["PM", "1.5"]], ej: "1300481002",
    validatedThrough: "2026-09-01", correction: { month: "2026-07-01", on: "2026-08-20", reason: "Deux jours de congés comptés par erreur en juillet", lessDays: "2" } },
  { product: "SignalConso", contractor: OCTO, contract: NEW, lot: 1, issuer: MEF, status: "issued", issuedOn: "2026-05-12", periodStart: "2026-06-01", periodEnd: "2026-11-30",
    lines: [["DEVOPS_JUNIOR", "5"], ["DESIGN_CONFIRME", "1.5"]], ej: "1300481290",
    validatedThrough: "2026-09-01" },
  { product: "TuMePlay", contractor: FAIS, contract: NEW, lot: 2, issuer: MAS, status: "closed", issuedOn: "2026-05-20", periodStart: "2026-06-01", periodEnd: "2026-06-30",
    lines: [["REVERSIBILITE", "1"]], ej: "1300481333",
    validatedThrough: "2026-06-01", exhaust: true, closedOn: "2026-07-10", closedReason: "Réversibilité achevée, produit transféré" },
  { product: "La Bonne Boîte", contractor: FAIS, contract: NEW, lot: 2, issuer: MTE, status: "issued", issuedOn: "2026-03-01", periodStart: "2026-03-01", periodEnd: "2026-12-31",
    lines: [["BIZDEV", "3"]], validatedThrough: "2026-10-01" },
  { product: "Trackdéchets", contractor: ATEL, contract: NEW, lot: 1, issuer: ECO, status: "issued", issuedOn: "2026-07-01", periodStart: "2026-07-01", periodEnd: "2027-06-30",
    lines: [["DEVOPS_CONFIRME", "9"], ["DESIGN_CONFIRME", "3"]], ej: "1300482100", programme: "0181", centre: "0181-DGPR",
    validatedThrough: "2026-09-01", then: [{ month: "2026-10-01", status: "submitted" }] },
  { product: "Aidants Connect", contractor: OCTO, contract: NEW, lot: 1, issuer: ANCT, status: "issued", issuedOn: "2026-09-15", periodStart: "2026-10-01", periodEnd: "2027-03-31",
    lines: [["PM", "3"], ["DEVOPS_CONFIRME", "6"]],
    then: [{ month: "2026-10-01", status: "draft" }] },
  { product: "api.gouv.fr", contractor: ATEL, contract: NEW, lot: 1, issuer: DIN, status: "issued", issuedOn: "2026-10-01", periodStart: "2026-10-01", periodEnd: "2027-03-31",
    lines: [["DEVOPS_CONFIRME", "4.5"], ["DESIGN_JUNIOR", "0.025"]], ej: "1300483020" },
  { product: "La ressourcerie", contractor: OCTO, contract: NEW, lot: 1, issuer: MAS, status: "draft", issuedOn: null, periodStart: "2027-01-01", periodEnd: "2027-06-30",
    lines: [["DEVOPS_CONFIRME", "6"], ["DESIGN_CONFIRME", "2"], ["PM_JUNIOR", "3"]] },
  { product: "Collectif Objets", contractor: ATEL, contract: NEW, lot: 1, issuer: MC, status: "draft", issuedOn: null, periodStart: "2026-12-01", periodEnd: "2027-05-31",
    lines: [["DEVOPS_JUNIOR", "4"], ["PM_JUNIOR", "2"]] },
];

const ACTIVITIES: Record<WorkUnitCode, string[]> = {
  DEVOPS_JUNIOR: ["Développement des écrans de saisie", "Corrections de bugs remontés par le support", "Tests automatisés"],
  DEVOPS_CONFIRME: ["Développement de l'API de synchronisation", "Mise en production hebdomadaire", "Revue de code et refactoring"],
  DEVOPS_SENIOR: ["Architecture et hébergement SecNumCloud", "Encadrement technique de l'équipe", "Audit de sécurité et remédiations"],
  DESIGN_JUNIOR: ["Maquettes DSFR des parcours", "Tests utilisateurs en région"],
  DESIGN_CONFIRME: ["Recherche utilisateur et entretiens", "Audit RGAA et plan d'action accessibilité"],
  BIZDEV: ["Accompagnement de nouveaux territoires", "Animation du support et webinaires utilisateurs"],
  PM_JUNIOR: ["Priorisation du backlog", "Suivi des indicateurs d'impact"],
  PM: ["Préparation du comité d'investissement", "Pilotage de la feuille de route et mesure d'impact"],
  REVERSIBILITE: ["Transfert de compétences et documentation d'exploitation"],
};

const FIRST = ["Alex", "Camille", "Sam", "Yanis", "Inès", "Hugo", "Léa", "Malik", "Chloé", "Nour", "Théo", "Zoé", "Rayan", "Jade"];
const LAST = ["Martin", "Bernard", "Diallo", "Moreau", "Nguyen", "Lefèvre", "Garcia", "Rousseau", "Benali", "Fontaine", "Leroy", "Mercier"];

/** Deterministic pseudo-random numbers (mulberry32), so two runs give the same data. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ts(date: string, hour = 10): string {
  return `${date}T${String(hour).padStart(2, "0")}:00:00Z`;
}

function dayOf(month: string, day: number): string {
  return `${month.slice(0, 7)}-${String(day).padStart(2, "0")}`;
}

export async function seedDemo(db: Executor, ids: RefIds): Promise<void> {
  const rand = prng(21048);
  const dinumUser = ids.user["dinum@demo.pilotage-uo.fr"];
  const contractorUser: Record<string, number> = {
    [OCTO]: ids.user["titulaire.octopus@demo.pilotage-uo.fr"],
    [FAIS]: ids.user["titulaire.faiseurs@demo.pilotage-uo.fr"],
    [ATEL]: ids.user["titulaire.atelier@demo.pilotage-uo.fr"],
  };
  const seqs = new Map<string, number>();
  let personIndex = 0;

  const ordered = [...demoOrders].sort((a, b) => (a.issuedOn ?? "9999").localeCompare(b.issuedOn ?? "9999"));
  for (const spec of ordered) {
    const contractId = ids.contract[spec.contract];
    const contractorId = ids.contractor[spec.contractor];
    const beneficiaryId = (await db.selectFrom("product").select("beneficiary_id").where("id", "=", ids.product[spec.product]).executeTakeFirstOrThrow()).beneficiary_id;
    const issuer = ids.user[spec.issuer];
    const priceDay = spec.issuedOn ?? spec.periodStart;
    const prices = await db.selectFrom("price_schedule as s").innerJoin("price_schedule_item as i", "i.price_schedule_id", "s.id")
      .select(["i.work_unit_code", "i.unit_price"])
      .where("s.contract_id", "=", contractId).where("s.contractor_id", "=", contractorId).where("s.status", "=", "approved")
      .where("s.valid_from", "<=", priceDay).where((eb) => eb.or([eb("s.valid_to", "is", null), eb("s.valid_to", ">=", priceDay)]))
      .execute();
    const priceOf = (code: WorkUnitCode) => {
      const p = prices.find((x) => x.work_unit_code === code);
      if (!p) throw new Error(`No price for ${code} (${spec.contractor}, ${spec.contract})`);
      return p.unit_price;
    };
    const vatRate = "0.2000";
    const initialLines = spec.lines.map(([code, quantity]) => ({ code, quantity, unitPrice: priceOf(code) }));
    const finalLines = (spec.amendment?.lines ?? spec.lines).map(([code, quantity]) => ({ code, quantity, unitPrice: priceOf(code) }));
    const totals = orderTotals(finalLines, vatRate);

    let number: string | null = null;
    let year: number | null = null;
    let seq: number | null = null;
    if (spec.issuedOn) {
      year = Number(spec.issuedOn.slice(0, 4));
      const key = `${contractId}:${year}`;
      seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      number = `${spec.contract}-${year}-${String(seq).padStart(4, "0")}`;
      await db.insertInto("order_number_counter").values({ contract_id: contractId, year, last_seq: seq })
        .onConflict((oc) => oc.columns(["contract_id", "year"]).doUpdateSet({ last_seq: seq! })).execute();
    }
    const createdOn = spec.issuedOn ?? "2026-11-10";
    const order = await db.insertInto("purchase_order").values({
      contract_id: contractId, lot_id: ids.lot[`${spec.contract}#${spec.lot}`], beneficiary_id: beneficiaryId,
      product_id: ids.product[spec.product], contractor_id: contractorId, status: spec.status, number, number_year: year, number_seq: seq,
      period_start: spec.periodStart, period_end: spec.periodEnd, vat_rate: vatRate,
      total_ht: totals.totalHt, total_vat: totals.totalVat, total_ttc: totals.totalTtc,
      ej_number: spec.ej ?? null, budget_programme: spec.programme ?? null, budget_centre: spec.centre ?? null,
      current_revision: spec.amendment ? 1 : 0, proposed_contractor_id: contractorId,
      created_by: issuer, created_at: ts(createdOn, 8), issued_by: spec.issuedOn ? issuer : null,
      issued_at: spec.issuedOn ? ts(spec.issuedOn, 14) : null, issued_on: spec.issuedOn,
      closed_at: spec.closedOn ? ts(spec.closedOn) : null, closed_reason: spec.closedReason ?? null,
      cancelled_at: spec.cancelledOn ? ts(spec.cancelledOn) : null, cancel_reason: spec.cancelReason ?? null,
      updated_at: ts(spec.closedOn ?? spec.cancelledOn ?? spec.amendment?.on ?? createdOn),
    }).returning("id").executeTakeFirstOrThrow();

    const lineIds: number[] = [];
    for (const [i, l] of finalLines.entries()) {
      const row = await db.insertInto("order_line").values({
        order_id: order.id, line_no: i + 1, work_unit_code: l.code, quantity: l.quantity, unit_price: l.unitPrice,
        amount_ht: lineAmountHt(l.quantity, l.unitPrice),
      }).returning("id").executeTakeFirstOrThrow();
      lineIds.push(row.id);
    }
    const audit = (action: string, at: string, actor: number, after: unknown, before?: unknown) =>
      db.insertInto("audit_event").values({
        occurred_at: at, actor_user_id: actor, actor_label: "données de démonstration", entity_type: "purchase_order",
        entity_id: String(order.id), action, after: JSON.stringify(after), before: before === undefined ? null : JSON.stringify(before),
        beneficiary_id: beneficiaryId, contractor_id: spec.issuedOn ? contractorId : null,
      }).execute();
    await audit("create", ts(createdOn, 8), issuer, { status: "draft" });
    if (!spec.issuedOn) continue;

    const snapshot = (lines: typeof finalLines) => JSON.stringify(lines.map((l, i) => ({
      line_no: i + 1, work_unit_code: l.code, quantity: l.quantity, unit_price: l.unitPrice, amount_ht: lineAmountHt(l.quantity, l.unitPrice),
    })));
    const initialTotals = orderTotals(initialLines, vatRate);
    await db.insertInto("order_revision").values({
      order_id: order.id, revision_no: 0, reason: "Émission", created_by: issuer, created_at: ts(spec.issuedOn, 14),
      effective_on: spec.issuedOn, total_ht: initialTotals.totalHt, total_vat: initialTotals.totalVat, total_ttc: initialTotals.totalTtc, lines: snapshot(initialLines),
    }).execute();
    await audit("issue", ts(spec.issuedOn, 14), issuer, { status: "issued", number, total_ttc: initialTotals.totalTtc });
    if (spec.amendment) {
      await db.insertInto("order_revision").values({
        order_id: order.id, revision_no: 1, reason: spec.amendment.reason, created_by: issuer, created_at: ts(spec.amendment.on, 11),
        effective_on: spec.amendment.on, total_ht: totals.totalHt, total_vat: totals.totalVat, total_ttc: totals.totalTtc, lines: snapshot(finalLines),
      }).execute();
      await audit("amend", ts(spec.amendment.on, 11), issuer, { revision: 1, total_ttc: totals.totalTtc, reason: spec.amendment.reason }, { revision: 0, total_ttc: initialTotals.totalTtc });
    }
    if (spec.cancelledOn) await audit("cancel", ts(spec.cancelledOn), issuer, { status: "cancelled", reason: spec.cancelReason }, { status: "issued" });

    // Declarations
    const people = finalLines.map(() => {
      const name = `${FIRST[personIndex % FIRST.length]} ${LAST[(personIndex * 7) % LAST.length]}`;
      personIndex++;
      return name;
    });
    const personIds: number[] = [];
    for (const name of people) {
      await db.insertInto("person").values({ contractor_id: contractorId, full_name: name }).onConflict((oc) => oc.columns(["contractor_id", "full_name"]).doNothing()).execute();
      personIds.push((await db.selectFrom("person").select("id").where("contractor_id", "=", contractorId).where("full_name", "=", name).executeTakeFirstOrThrow()).id);
    }
    const backupName = `${FIRST[personIndex % FIRST.length]} ${LAST[(personIndex * 7) % LAST.length]}`;
    personIndex++;
    await db.insertInto("person").values({ contractor_id: contractorId, full_name: backupName }).onConflict((oc) => oc.columns(["contractor_id", "full_name"]).doNothing()).execute();
    const backupPerson = (await db.selectFrom("person").select("id").where("contractor_id", "=", contractorId).where("full_name", "=", backupName).executeTakeFirstOrThrow()).id;
    const state = finalLines.map((l) => ({
      orderedDays: daysFromQuantity(l.quantity), orderedAmount: lineAmountHt(l.quantity, l.unitPrice),
      initialDays: daysFromQuantity(spec.lines.find(([c]) => c === l.code)?.[1] ?? "0"),
      consumedDays: dec(0), consumedAmount: dec(0), declared: dec(0),
    }));
    const months = monthsBetween(spec.periodStart, spec.periodEnd);
    const plan: { month: string; status: DeclarationStatus; reason?: string }[] = [];
    if (spec.validatedThrough) for (const m of months) if (m <= spec.validatedThrough) plan.push({ month: m, status: "validated" });
    plan.push(...(spec.then ?? []));
    const validatedCount = plan.filter((p) => p.status === "validated").length;

    let validatedSeen = 0;
    for (const p of plan) {
      const isValidated = p.status === "validated";
      if (isValidated) validatedSeen++;
      const lastExhausting = spec.exhaust && isValidated && validatedSeen === validatedCount;
      const monthsLeft = months.filter((m) => m >= p.month).length;
      const next = addMonths(p.month, 1);
      const submittedAt = p.status === "draft" ? null : ts(dayOf(next, 3), 9);
      const decl = await db.insertInto("declaration").values({
        order_id: order.id, month: p.month, status: p.status, created_by: contractorUser[spec.contractor], created_at: ts(dayOf(next, 2), 9),
        submitted_by: submittedAt ? contractorUser[spec.contractor] : null, submitted_at: submittedAt,
        validated_by: isValidated ? issuer : null, validated_at: isValidated ? ts(dayOf(next, 8), 15) : null,
        rejected_by: p.status === "rejected" ? issuer : null, rejected_at: p.status === "rejected" ? ts(dayOf(next, 8), 15) : null,
        rejection_reason: p.reason ?? null, updated_at: ts(dayOf(next, 8), 15),
      }).returning("id").executeTakeFirstOrThrow();
      for (const [i, l] of finalLines.entries()) {
        const s = state[i];
        // the amendment's extra days only become available after it
        const cap = spec.amendment && p.month < spec.amendment.on ? s.initialDays : s.orderedDays;
        const left = cap.minus(s.declared);
        let days: ReturnType<typeof dec>;
        if (lastExhausting) days = s.orderedDays.minus(s.declared);
        else {
          const even = left.dividedBy(Math.max(1, spec.exhaust ? monthsLeft : monthsLeft + 1));
          const jitter = Math.floor(rand() * 5) - 2; // −1 to +1 day, in half-days
          days = dec(Math.max(0, Math.floor(even.times(2).toNumber()) + jitter)).dividedBy(2);
          if (days.greaterThan(left)) days = left;
          if (days.greaterThan(16)) days = dec(16);
        }
        if (days.isZero() && !isValidated) continue;
        const amount = consumedAmount({ days, unitPrice: l.unitPrice, orderedDays: s.orderedDays, orderedAmount: s.orderedAmount,
          alreadyConsumedDays: s.consumedDays, alreadyConsumedAmount: s.consumedAmount });
        if (p.status === "validated" || p.status === "submitted") s.declared = s.declared.plus(days);
        if (isValidated) { s.consumedDays = s.consumedDays.plus(days); s.consumedAmount = s.consumedAmount.plus(amount); }
        const acts = ACTIVITIES[l.code];
        const dl = await db.insertInto("declaration_line").values({
          declaration_id: decl.id, order_id: order.id, order_line_id: lineIds[i], days: days.toFixed(1),
          activities: `${acts[Math.floor(rand() * acts.length)]} ; ${acts[Math.floor(rand() * acts.length)]}`,
          remaining_estimate_days: s.orderedDays.minus(s.declared).toFixed(1),
          remaining_comment: s.orderedDays.minus(s.declared).isZero() ? "Ligne soldée" : "Rythme conforme au plan de charge",
          delta_days: p.status === "draft" ? null : days.toFixed(1), consumed_amount: isValidated ? amount : null,
        }).returning("id").executeTakeFirstOrThrow();
        // one person per line, helped by a second one past 15 days (nobody exceeds a month's working days)
        const first = days.greaterThan(15) ? dec(15) : days;
        if (first.greaterThan(0)) {
          await db.insertInto("declaration_person").values({ declaration_line_id: dl.id, person_id: personIds[i], days: first.toFixed(1) }).execute();
        }
        if (days.greaterThan(first)) {
          await db.insertInto("declaration_person").values({ declaration_line_id: dl.id, person_id: backupPerson, days: days.minus(first).toFixed(1) }).execute();
        }
      }
      if (isValidated) {
        await db.insertInto("audit_event").values({
          occurred_at: ts(dayOf(next, 8), 15), actor_user_id: issuer, actor_label: "données de démonstration", entity_type: "declaration",
          entity_id: String(decl.id), action: "validate", after: JSON.stringify({ status: "validated", month: p.month }),
          before: JSON.stringify({ status: "submitted" }), beneficiary_id: beneficiaryId, contractor_id: contractorId,
        }).execute();
      }
      if (spec.correction && spec.correction.month === p.month) {
        const initialLines = await db.selectFrom("declaration_line").selectAll().where("declaration_id", "=", decl.id).orderBy("id").execute();
        const corr = await db.insertInto("declaration").values({
          order_id: order.id, month: p.month, kind: "correction", corrects_id: decl.id, correction_reason: spec.correction.reason,
          status: "validated", created_by: contractorUser[spec.contractor], created_at: ts(spec.correction.on, 9),
          submitted_by: contractorUser[spec.contractor], submitted_at: ts(spec.correction.on, 10),
          validated_by: issuer, validated_at: ts(spec.correction.on, 16), updated_at: ts(spec.correction.on, 16),
        }).returning("id").executeTakeFirstOrThrow();
        for (const [i, dl] of initialLines.entries()) {
          const idx = lineIds.indexOf(dl.order_line_id);
          const s = state[idx];
          const less = i === 0 ? dec(spec.correction.lessDays).toDecimalPlaces(1) : dec(0);
          const newDays = dec(dl.days).minus(less);
          const delta = less.negated();
          const amount = delta.isZero() ? "0.00" : consumedAmount({ days: delta, unitPrice: finalLines[idx].unitPrice, orderedDays: s.orderedDays,
            orderedAmount: s.orderedAmount, alreadyConsumedDays: s.consumedDays, alreadyConsumedAmount: s.consumedAmount });
          s.consumedDays = s.consumedDays.plus(delta);
          s.consumedAmount = s.consumedAmount.plus(amount);
          s.declared = s.declared.plus(delta);
          await db.insertInto("declaration_line").values({
            declaration_id: corr.id, order_id: order.id, order_line_id: dl.order_line_id, days: newDays.toFixed(1), activities: dl.activities,
            remaining_estimate_days: s.orderedDays.minus(s.declared).toFixed(1), remaining_comment: "Correction",
            delta_days: delta.toFixed(1), consumed_amount: amount,
          }).execute();
        }
      }
    }
    if (spec.closedOn) await audit("close", ts(spec.closedOn), issuer, { status: "closed", reason: spec.closedReason }, { status: "issued" });
  }
  void dinumUser;
}
