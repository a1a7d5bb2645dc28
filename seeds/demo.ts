// About a year of fictional orders and declarations, covering every state (R6, R8): drafts, issued,
// amended, closed (fully consumed, or closed early), cancelled; declarations draft, submitted, validated,
// rejected, and a validated correction, all written by the app's use cases (seeds/factories.ts).
import type { Executor } from "../db/client";
import type { DeclarationStatus, OrderStatus, WorkUnitCode } from "../db/schema";
import { daysFromQuantity } from "../app/domain/orders/amounts";
import { addDays, addMonths, monthsBetween, todayInParis } from "../app/lib/dates";
import { orderFiguresLateral } from "../app/domain/consumption/queries.server";
import { dec } from "../app/lib/decimal";
import { contracts, type RefIds } from "./reference";
import {
  buildAmendment,
  buildCancellation,
  buildClosing,
  buildCorrection,
  buildDeclaration,
  buildDraftOrder,
  actor,
  buildExecutionPeriod,
  buildInvoice,
  buildInvoiceMove,
  buildIssuedOrder,
  buildCoContractor,
  buildCompany,
  buildSubcontractorAcceptance,
  buildPerson,
  demoAccounts,
  serviceDb,
  type DeclarationLineInput,
} from "./factories";
import { setBudgetYear } from "../app/domain/budget-years/services.server";
import { otherDemoAccounts } from "./accounts";
import { prng } from "./random";

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

const MAS = demoAccounts.correspondentA;
const MEF = demoAccounts.correspondentB;
const DIN = otherDemoAccounts.correspondentDinum;
const MTE = otherDemoAccounts.correspondentTravail;
const ECO = otherDemoAccounts.correspondentEcologie;
const ANCT = otherDemoAccounts.correspondentAnct;
const MC = otherDemoAccounts.correspondentCulture;
const OCTO = "Octopus Numérique SAS";
const FAIS = "Coopérative Les Faiseurs";
const ATEL = "Atelier Numérique Public";
const OLD = "21_BAM_048";
const NEW = "25_BAM_112";

export const demoOrders: OrderSpec[] = [
  {
    product: "Cause médicale de décès",
    contractor: OCTO,
    contract: OLD,
    lot: 1,
    issuer: MAS,
    status: "closed",
    issuedOn: "2025-02-10",
    periodStart: "2025-03-01",
    periodEnd: "2025-12-31",
    lines: [
      ["DEVOPS_CONFIRME", "8"],
      ["PM", "4"],
      ["DESIGN_CONFIRME", "2.375"],
    ],
    ej: "1300456789",
    programme: "0124",
    centre: "0124-CDBF-DNUM",
    validatedThrough: "2025-12-01",
    exhaust: true,
    closedOn: "2026-01-12",
    closedReason: "Bon de commande entièrement consommé",
  },
  {
    product: "Mon Entreprise",
    contractor: FAIS,
    contract: OLD,
    lot: 1,
    issuer: MEF,
    status: "closed",
    issuedOn: "2025-09-22",
    periodStart: "2025-10-01",
    periodEnd: "2026-01-31",
    lines: [
      ["DEVOPS_CONFIRME", "6"],
      ["DESIGN_CONFIRME", "2"],
    ],
    ej: "1300467001",
    programme: "0218",
    centre: "0218-SG-SNUM",
    validatedThrough: "2026-01-01",
    closedOn: "2026-02-10",
    closedReason: "Fin du marché 21_BAM_048 : reliquat libéré",
  },
  {
    product: "La Bonne Boîte",
    contractor: FAIS,
    contract: OLD,
    lot: 1,
    issuer: MTE,
    status: "closed",
    issuedOn: "2025-11-20",
    periodStart: "2025-12-01",
    periodEnd: "2026-01-31",
    lines: [
      ["DEVOPS_SENIOR", "2"],
      ["PM_JUNIOR", "1.5"],
    ],
    ej: "1300470112",
    validatedThrough: "2026-01-01",
    exhaust: true,
    closedOn: "2026-02-16",
    closedReason: "Bon de commande entièrement consommé",
  },
  {
    product: "demarches-simplifiees.fr",
    contractor: OCTO,
    contract: OLD,
    lot: 1,
    issuer: DIN,
    status: "issued",
    issuedOn: "2025-12-01",
    periodStart: "2025-12-01",
    periodEnd: "2026-01-31",
    lines: [["DEVOPS_CONFIRME", "4"]],
    ej: "1300471450",
    programme: "0129",
    centre: "0129-DINUM",
    validatedThrough: "2026-01-01",
  },
  {
    product: "FranceConnect",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: DIN,
    status: "issued",
    issuedOn: "2026-02-05",
    periodStart: "2026-02-01",
    periodEnd: "2027-01-31",
    lines: [
      ["DEVOPS_SENIOR", "12"],
      ["DEVOPS_CONFIRME", "12"],
      ["PM", "6"],
    ],
    ej: "1300480001",
    programme: "0129",
    centre: "0129-DINUM",
    validatedThrough: "2026-10-01",
  },
  {
    product: "Mon Entreprise",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: MEF,
    status: "issued",
    issuedOn: "2026-02-10",
    periodStart: "2026-02-15",
    periodEnd: "2026-12-31",
    lines: [
      ["DEVOPS_SENIOR", "10"],
      ["PM", "5.5"],
    ],
    ej: "1300480233",
    programme: "0218",
    centre: "0218-SG-SNUM",
    validatedThrough: "2026-09-01",
    then: [{ month: "2026-10-01", status: "submitted" }],
  },
  {
    product: "Nata",
    contractor: OCTO,
    contract: NEW,
    lot: 1,
    issuer: MAS,
    status: "issued",
    issuedOn: "2026-02-20",
    periodStart: "2026-03-01",
    periodEnd: "2027-02-28",
    lines: [
      ["DEVOPS_SENIOR", "6"],
      ["DESIGN_JUNIOR", "4.5"],
      ["PM_JUNIOR", "5.025"],
    ],
    ej: "1300480412",
    programme: "0124",
    centre: "0124-CDBF-DNUM",
    validatedThrough: "2026-09-01",
    then: [
      { month: "2026-10-01", status: "submitted" },
      { month: "2026-11-01", status: "draft" },
    ],
    amendment: {
      on: "2026-06-15",
      reason: "Renfort technique pour l'ouverture à deux nouvelles régions",
      lines: [
        ["DEVOPS_SENIOR", "7.5"],
        ["DESIGN_JUNIOR", "4.5"],
        ["PM_JUNIOR", "5.025"],
        ["BIZDEV", "1.25"],
      ],
    },
  },
  {
    product: "Enfants du spectacle",
    contractor: FAIS,
    contract: NEW,
    lot: 2,
    issuer: MAS,
    status: "issued",
    issuedOn: "2026-03-05",
    periodStart: "2026-03-15",
    periodEnd: "2026-12-31",
    lines: [["BIZDEV", "4"]],
    ej: "1300480577",
    validatedThrough: "2026-08-01",
    then: [
      {
        month: "2026-09-01",
        status: "rejected",
        reason: "Les activités déclarées ne correspondent pas au plan de déploiement : merci de détailler les départements accompagnés.",
      },
      { month: "2026-10-01", status: "submitted" },
    ],
  },
  {
    product: "SignalConso",
    contractor: OCTO,
    contract: NEW,
    lot: 1,
    issuer: MEF,
    status: "cancelled",
    issuedOn: "2026-04-01",
    periodStart: "2026-04-01",
    periodEnd: "2026-06-30",
    lines: [["DEVOPS_JUNIOR", "2"]],
    cancelledOn: "2026-04-15",
    cancelReason: "Doublon du bon de commande prévu pour juin",
  },
  {
    product: "Mano",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: MAS,
    status: "issued",
    issuedOn: "2026-04-02",
    periodStart: "2026-04-01",
    periodEnd: "2026-09-30",
    lines: [
      ["DEVOPS_CONFIRME", "3"],
      ["PM", "1.5"],
    ],
    ej: "1300481002",
    validatedThrough: "2026-09-01",
    correction: { month: "2026-07-01", on: "2026-08-20", reason: "Deux jours de congés comptés par erreur en juillet", lessDays: "2" },
  },
  {
    product: "SignalConso",
    contractor: OCTO,
    contract: NEW,
    lot: 1,
    issuer: MEF,
    status: "issued",
    issuedOn: "2026-05-12",
    periodStart: "2026-06-01",
    periodEnd: "2026-11-30",
    lines: [
      ["DEVOPS_JUNIOR", "5"],
      ["DESIGN_CONFIRME", "1.5"],
    ],
    ej: "1300481290",
    validatedThrough: "2026-09-01",
  },
  {
    product: "TuMePlay",
    contractor: FAIS,
    contract: NEW,
    lot: 2,
    issuer: MAS,
    status: "closed",
    issuedOn: "2026-05-20",
    periodStart: "2026-06-01",
    periodEnd: "2026-06-30",
    lines: [["REVERSIBILITE", "1"]],
    ej: "1300481333",
    validatedThrough: "2026-06-01",
    exhaust: true,
    closedOn: "2026-07-10",
    closedReason: "Réversibilité achevée, produit transféré",
  },
  {
    product: "La Bonne Boîte",
    contractor: FAIS,
    contract: NEW,
    lot: 2,
    issuer: MTE,
    status: "issued",
    issuedOn: "2026-03-01",
    periodStart: "2026-03-01",
    periodEnd: "2026-12-31",
    lines: [["BIZDEV", "3"]],
    validatedThrough: "2026-10-01",
  },
  {
    product: "Trackdéchets",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: ECO,
    status: "issued",
    issuedOn: "2026-07-01",
    periodStart: "2026-07-01",
    periodEnd: "2027-06-30",
    lines: [
      ["DEVOPS_CONFIRME", "9"],
      ["DESIGN_CONFIRME", "3"],
    ],
    ej: "1300482100",
    programme: "0181",
    centre: "0181-DGPR",
    validatedThrough: "2026-09-01",
    then: [{ month: "2026-10-01", status: "submitted" }],
  },
  {
    product: "Aidants Connect",
    contractor: OCTO,
    contract: NEW,
    lot: 1,
    issuer: ANCT,
    status: "issued",
    issuedOn: "2026-09-15",
    periodStart: "2026-10-01",
    periodEnd: "2027-03-31",
    lines: [
      ["PM", "3"],
      ["DEVOPS_CONFIRME", "6"],
    ],
    then: [{ month: "2026-10-01", status: "draft" }],
  },
  {
    product: "api.gouv.fr",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: DIN,
    status: "issued",
    issuedOn: "2026-10-01",
    periodStart: "2026-10-01",
    periodEnd: "2027-03-31",
    lines: [
      ["DEVOPS_CONFIRME", "4.5"],
      ["DESIGN_JUNIOR", "0.025"],
    ],
    ej: "1300483020",
  },
  {
    product: "La ressourcerie",
    contractor: OCTO,
    contract: NEW,
    lot: 1,
    issuer: MAS,
    status: "draft",
    issuedOn: null,
    periodStart: "2027-01-01",
    periodEnd: "2027-06-30",
    lines: [
      ["DEVOPS_CONFIRME", "6"],
      ["DESIGN_CONFIRME", "2"],
      ["PM_JUNIOR", "3"],
    ],
  },
  {
    product: "Collectif Objets",
    contractor: ATEL,
    contract: NEW,
    lot: 1,
    issuer: MC,
    status: "draft",
    issuedOn: null,
    periodStart: "2026-12-01",
    periodEnd: "2027-05-31",
    lines: [
      ["DEVOPS_JUNIOR", "4"],
      ["PM_JUNIOR", "2"],
    ],
  },
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

function ts(date: string, hour = 10): string {
  return `${date}T${String(hour).padStart(2, "0")}:00:00Z`;
}

function dayOf(month: string, day: number): string {
  return `${month.slice(0, 7)}-${String(day).padStart(2, "0")}`;
}

/**
 * Every order, amendment, closing, declaration and validation goes through the real use cases
 * (seeds/factories.ts), at the demo's dates (the transaction's clock): the use cases check the rules and write
 * the audit events. What is computed here is only the plan: which days each month declares.
 */
export async function seedDemo(db: Executor, ids: RefIds): Promise<void> {
  const rand = prng(21048);
  const contractorUser: Record<string, string> = {
    [OCTO]: demoAccounts.contractorA,
    [FAIS]: demoAccounts.contractorB,
    [ATEL]: otherDemoAccounts.contractorAtelier,
  };
  let personIndex = 0;

  const ordered = [...demoOrders].sort((a, b) => (a.issuedOn ?? "9999").localeCompare(b.issuedOn ?? "9999"));
  for (const spec of ordered) {
    const createdOn = spec.issuedOn ?? "2026-11-10";
    const orderOptions = {
      as: spec.issuer,
      product: spec.product,
      contractor: ids.contractor[spec.contractor],
      contract: ids.contract[spec.contract],
      lot: spec.lot,
      periodStart: spec.periodStart,
      periodEnd: spec.periodEnd,
      lines: spec.lines,
      ejNumber: spec.ej ?? null,
      budgetProgramme: spec.programme ?? null,
      budgetCentre: spec.centre ?? null,
      at: ts(createdOn, 8),
    };
    if (!spec.issuedOn) {
      await buildDraftOrder(db, orderOptions);
      continue;
    }
    const order = await buildIssuedOrder(db, { ...orderOptions, issueAt: ts(spec.issuedOn, 14) });
    if (spec.cancelledOn) await buildCancellation(db, order.id, { as: spec.issuer, reason: spec.cancelReason, at: ts(spec.cancelledOn) });
    let amended = false;
    const amend = async () => {
      if (!spec.amendment || amended) return;
      await buildAmendment(db, order.id, { as: spec.issuer, reason: spec.amendment.reason, lines: spec.amendment.lines, at: ts(spec.amendment.on, 11) });
      amended = true;
    };

    // Declarations: one person per line (names drawn in order, so they never change), plus a backup person
    const finalLines = (spec.amendment?.lines ?? spec.lines).map(([code, quantity]) => ({ code, quantity }));
    const people = finalLines.map(() => {
      const name = `${FIRST[personIndex % FIRST.length]} ${LAST[(personIndex * 7) % LAST.length]}`;
      personIndex++;
      return name;
    });
    const backupName = `${FIRST[personIndex % FIRST.length]} ${LAST[(personIndex * 7) % LAST.length]}`;
    personIndex++;
    const state = finalLines.map((l) => ({
      orderedDays: daysFromQuantity(l.quantity),
      initialDays: daysFromQuantity(spec.lines.find(([c]) => c === l.code)?.[1] ?? "0"),
      declared: dec(0),
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
      // the amendment happens before the first declaration written after it
      if (spec.amendment && dayOf(next, 2) > spec.amendment.on) await amend();
      const orderLines = await db.selectFrom("order_line").select(["id", "work_unit_code"]).where("order_id", "=", order.id).execute();
      const lines: DeclarationLineInput[] = [];
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
        if (p.status === "validated" || p.status === "submitted") s.declared = s.declared.plus(days);
        const acts = ACTIVITIES[l.code];
        const activities = `${acts[Math.floor(rand() * acts.length)]} ; ${acts[Math.floor(rand() * acts.length)]}`;
        // a line the amendment adds is declared from then on
        const orderLine = orderLines.find((ol) => ol.work_unit_code === l.code);
        if (!orderLine) continue;
        // one person per line, helped by a second one past 15 days (nobody exceeds a month's working days)
        const first = days.greaterThan(15) ? dec(15) : days;
        const persons = [];
        if (first.greaterThan(0)) persons.push({ name: people[i], days: first.toFixed(1) });
        if (days.greaterThan(first)) persons.push({ name: backupName, days: days.minus(first).toFixed(1) });
        lines.push({
          orderLineId: orderLine.id,
          days: days.toFixed(1),
          activities,
          remainingEstimateDays: s.orderedDays.minus(s.declared).toFixed(1),
          remainingComment: s.orderedDays.minus(s.declared).isZero() ? "Ligne soldée" : "Rythme conforme au plan de charge",
          people: persons,
        });
      }
      const decl = await buildDeclaration(db, order.id, {
        month: p.month,
        lines,
        status: p.status as "draft" | "submitted" | "validated" | "rejected",
        rejectionReason: p.reason,
        as: contractorUser[spec.contractor],
        validator: spec.issuer,
        at: ts(dayOf(next, 2), 9),
        submitAt: ts(dayOf(next, 3), 9),
        decideAt: ts(dayOf(next, 8), 15),
      });
      if (spec.correction && spec.correction.month === p.month) {
        const c = spec.correction;
        // the first line loses `lessDays`; the others are restated as they are
        const restated = lines.map((l, i) => {
          const s = state[finalLines.findIndex((f) => orderLines.find((ol) => ol.id === l.orderLineId)?.work_unit_code === f.code)];
          const less = i === 0 ? dec(c.lessDays).toDecimalPlaces(1) : dec(0);
          s.declared = s.declared.minus(less);
          return {
            ...l,
            days: dec(l.days).minus(less).toFixed(1),
            remainingEstimateDays: s.orderedDays.minus(s.declared).toFixed(1),
            remainingComment: "Correction",
            people: [],
          };
        });
        await buildCorrection(db, decl.id, {
          reason: c.reason,
          lines: restated,
          as: contractorUser[spec.contractor],
          validator: spec.issuer,
          at: ts(c.on, 9),
          submitAt: ts(c.on, 10),
          decideAt: ts(c.on, 16),
        });
      }
    }
    await amend();
    // R14: an order whose last validation consumed everything was closed by it ("soldé automatiquement")
    const closedAlready = (await db.selectFrom("purchase_order").select("status").where("id", "=", order.id).executeTakeFirstOrThrow()).status === "closed";
    if (spec.closedOn && !closedAlready) await buildClosing(db, order.id, { as: spec.issuer, reason: spec.closedReason, at: ts(spec.closedOn) });
  }
  await seedDemoCeilings(db);
  await seedDemoInvoices(db);
  await seedDemoGroupements(db);
}

/**
 * R18 in the demo: Octopus Numérique SAS becomes a groupement (Studio Opale SAS joins it as co-contractor), and a
 * freelancer is accepted as its subcontractor (DC4) on its first issued order for the Ministères sociaux.
 */
async function seedDemoGroupements(db: Executor): Promise<void> {
  const at = ts("2026-03-02", 10);
  const opale = await buildCompany(db, { name: "Studio Opale SAS", siret: "81234567600017", address: "9 rue de la Lumière, 59000 Lille", at });
  await buildCoContractor(db, OCTO, opale.id, { at });
  const order = await db
    .selectFrom("purchase_order as po")
    .innerJoin("contractor as c", "c.id", "po.contractor_id")
    .innerJoin("app_user as u", "u.beneficiary_id", "po.beneficiary_id")
    .select(["po.id", "po.issued_on"])
    .where("c.name", "=", OCTO)
    .where("u.email", "=", MAS)
    .where("po.status", "=", "issued")
    .orderBy("po.id")
    .executeTakeFirstOrThrow();
  const acceptedOn = order.issued_on! > "2026-03-02" ? order.issued_on! : "2026-03-02";
  const accepted = await buildSubcontractorAcceptance(db, order.id, {
    siret: "82345678500018",
    name: "Camille Durand EI",
    address: "14 allée des Tilleuls, 44000 Nantes",
    maxHt: "18000.00",
    services: "Développement front-end (Développeur confirmé), revue d'accessibilité",
    acceptedOn,
    as: MAS,
    at: ts(acceptedOn, 11),
  });
  // the freelancer in Octopus's list of people, in her own company
  const octopus = "titulaire.octopus@demo.pilotage-uo.fr";
  await buildPerson(db, {
    as: octopus,
    fullName: "Camille Durand",
    companyId: accepted.companyId,
    email: "camille.durand@freelance.example",
    at: ts(acceptedOn, 12),
  });
  await buildPerson(db, { as: octopus, fullName: "Léo Martin", companyId: opale.id, at });

  // her month on the order, validated, and her invoice deposited today, awaiting Octopus's approval (15 days, R2193-12)
  const line = await db.selectFrom("order_line").select("id").where("order_id", "=", order.id).orderBy("line_no").executeTakeFirstOrThrow();
  const declared = await db.selectFrom("declaration").select("month").where("order_id", "=", order.id).execute();
  const period = await db.selectFrom("purchase_order").select(["period_start", "period_end"]).where("id", "=", order.id).executeTakeFirstOrThrow();
  const today = todayInParis();
  const month = monthsBetween(period.period_start, period.period_end < today ? period.period_end : today)
    .filter((m) => m >= acceptedOn.slice(0, 7) + "-01" && !declared.some((d) => d.month === m))
    .at(-1);
  if (!month) return;
  const validatedAt = new Date().toISOString();
  const decl = await buildDeclaration(db, order.id, {
    month,
    lines: [{ orderLineId: line.id, days: "2", activities: "Revue d'accessibilité du parcours de demande", people: [{ name: "Camille Durand", days: "2" }] }],
    status: "validated",
    as: octopus,
    validator: MAS,
    at: validatedAt,
  });
  await buildInvoice(db, order.id, { companyId: accepted.companyId, number: "CD-2026-001", declarationIds: [decl.id], as: octopus, receivedOn: today });
}

/**
 * R17: the demo contracts' periods of execution and maxima, recorded by DINUM once the orders are in: the
 * old contract's initial period and three renewals, the new one's first two years; lot 2 of 25_BAM_112 is left
 * some 15 000 € below its maximum (its ordered HT + 15 000 €, rounded up to the thousand: above 80 %), so the
 * home, the alerts and the refusal of an order beyond it can be seen. And the 2026 budget year's closing dates.
 */
export async function seedDemoCeilings(db: Executor): Promise<void> {
  const at = ts("2026-11-16", 9);
  const periods: { periodNo: number; startDate: string; endDate: string }[] = contracts[0].renewals.map((r) => ({
    periodNo: r.renewal_no,
    startDate: r.start_date,
    endDate: r.end_date,
  }));
  periods.unshift({ periodNo: 0, startDate: contracts[0].start_date, endDate: addDays(periods[0].startDate, -1) });
  for (const p of periods) await buildExecutionPeriod(db, { contract: OLD, ...p, maxHt: "8000000.00", at });
  const lot2 = await db
    .selectFrom("purchase_order as po")
    .innerJoin("lot as l", "l.id", "po.lot_id")
    .innerJoin("contract as k", "k.id", "po.contract_id")
    .leftJoinLateral(
      (eb) => orderFiguresLateral(eb),
      (j) => j.onTrue(),
    )
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("f.ordered_ht"), eb.val("0")).as("ht"))
    .where("k.reference", "=", NEW)
    .where("l.number", "=", 2)
    .where("po.status", "in", ["issued", "closed"])
    .where("po.issued_on", ">=", "2026-02-01")
    .where("po.issued_on", "<=", "2028-01-31")
    .executeTakeFirstOrThrow();
  const lotMax = dec(lot2.ht).plus(15000).dividedBy(1000).ceil().times(1000).toFixed(2);
  await buildExecutionPeriod(db, { contract: NEW, periodNo: 0, startDate: "2026-02-01", endDate: "2028-01-31", maxHt: "12000000.00", lots: { 2: lotMax }, at });
  // the 2026 budget year closes mid-December for orders, at the end of November for payments
  await setBudgetYear(serviceDb(db, at), await actor(db, demoAccounts.dinum), { year: 2026, lastOrderOn: "2026-12-15", lastPaymentOn: "2026-11-30" });
}

/**
 * Issue 18 on a database that holds the demo from before the ceilings (seeded once, marked in app_meta): the
 * demo's periods, maxima and 2026 closing dates, added when missing. Idempotent: a contract that already has
 * a period and a year already set (by the demo or by DINUM) are left as they are. Run by seedAll at each start.
 */
export async function ensureDemoCeilings(db: Executor): Promise<boolean> {
  const periods = await db
    .selectFrom("execution_period as p")
    .innerJoin("contract as k", "k.id", "p.contract_id")
    .select("k.reference")
    .where("k.reference", "in", [OLD, NEW])
    .execute();
  const year = await db.selectFrom("budget_year").select("year").where("year", "=", 2026).executeTakeFirst();
  if (periods.length || year) return false;
  await seedDemoCeilings(db);
  return true;
}

/** An order's validated declarations of months `from`..`to`, and their HT (what an invoice of them claims). */
async function validatedMonths(db: Executor, ej: string, from: string, to: string) {
  const rows = await db
    .selectFrom("declaration as d")
    .innerJoin("purchase_order as po", "po.id", "d.order_id")
    .innerJoin("declaration_line as dl", "dl.declaration_id", "d.id")
    .select(["po.id as order_id", "d.id", (eb) => eb.fn.sum<string>("dl.consumed_amount").as("ht")])
    .where("po.ej_number", "=", ej)
    .where("d.status", "=", "validated")
    .where("d.month", ">=", from)
    .where("d.month", "<=", to)
    .groupBy(["po.id", "d.id"])
    .orderBy("d.id")
    .execute();
  return { orderId: rows[0].order_id, declarationIds: rows.map((r) => r.id), amountHt: dec(rows.reduce((t, r) => t.plus(r.ht), dec(0))).toFixed(2) };
}

/**
 * R15/R16 in the demo: Octopus's invoices on its 2025 order (one paid on time, one paid late with interest,
 * one suspended for a missing item), and one of Les Faiseurs deposited and waiting (late by now).
 */
async function seedDemoInvoices(db: Executor): Promise<void> {
  const octopus = demoAccounts.contractorA;
  const first = await validatedMonths(db, "1300456789", "2025-03-01", "2025-06-01");
  const onTime = await buildInvoice(db, first.orderId, { ...first, number: "OCT-2025-0712", as: octopus, receivedOn: "2025-07-04", at: ts("2025-07-04") });
  await buildInvoiceMove(db, onTime.id, { move: "in_payment" }, { as: MAS, at: ts("2025-07-21") });
  await buildInvoiceMove(db, onTime.id, { move: "pay", paidOn: "2025-07-25" }, { as: MAS, at: ts("2025-07-25") });
  // received 3 October 2025, due 2 November, paid 20 November: 18 days late
  const second = await validatedMonths(db, "1300456789", "2025-07-01", "2025-09-01");
  const late = await buildInvoice(db, second.orderId, { ...second, number: "OCT-2025-1003", as: octopus, receivedOn: "2025-10-03", at: ts("2025-10-03") });
  await buildInvoiceMove(db, late.id, { move: "in_payment" }, { as: MAS, at: ts("2025-11-14") });
  await buildInvoiceMove(db, late.id, { move: "pay", paidOn: "2025-11-20" }, { as: MAS, at: ts("2025-11-20") });
  const third = await validatedMonths(db, "1300456789", "2025-10-01", "2025-12-01");
  const suspended = await buildInvoice(db, third.orderId, { ...third, number: "OCT-2026-0108", as: octopus, receivedOn: "2026-01-08", at: ts("2026-01-08") });
  await buildInvoiceMove(
    db,
    suspended.id,
    { move: "suspend", reason: "Le relevé des jours par intervenant n'est pas joint à la facture." },
    { as: MAS, at: ts("2026-01-15") },
  );
  const faiseurs = await validatedMonths(db, "1300467001", "2025-10-01", "2025-12-01");
  await buildInvoice(db, faiseurs.orderId, {
    ...faiseurs,
    number: "LF-2026-004",
    as: demoAccounts.contractorB,
    receivedOn: "2026-02-05",
    at: ts("2026-02-05"),
  });
}
