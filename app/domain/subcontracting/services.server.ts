// R18: a subcontractor accepted on an order by its buyer (the DC4 act): a company, the services it performs, the
// maximum HT accepted and the date of acceptance. Each change is a new version (audited); the sum of the current
// versions never exceeds the order's total HT, checked under the order row's lock (FOR NO KEY UPDATE, as invoices
// and validations take it; an amendment's FOR UPDATE queues behind it too), so concurrent acceptances cannot overrun.
import { sql } from "kysely";
import type { Db, Executor, Tx } from "../../../db/client";
import { requireGrant } from "../../auth/grants";
import { orderScope } from "../../auth/scope.server";
import type { SessionUser } from "../../auth/user";
import { dec, toCents } from "../../lib/decimal";
import { formatEuros } from "../../lib/format";
import { Refusal } from "../../lib/refusal";
import { recordAudit } from "../audit/audit.server";
import { insertCompany } from "../companies/services.server";
import { todayOf } from "../invoices/services.server";
import type { AcceptanceInput } from "./schemas";

const ORDER_NOT_FOUND = "Ce bon de commande n'existe pas ou vous n'y avez pas accès.";

/** The current version of each subcontractor of these orders: SQL over subcontractor_acceptance aliased `sa`. */
export const currentAcceptance = sql<boolean>`sa.version = (SELECT max(x.version) FROM subcontractor_acceptance x WHERE x.order_id = sa.order_id AND x.company_id = sa.company_id)`;

/** What the current acceptances of an order add up to (HT), other than `exceptCompanyId`'s. */
export async function acceptedHt(trx: Executor, orderId: number, exceptCompanyId: number | null = null): Promise<string> {
  const r = await sql<{ total: string }>`
    SELECT coalesce(sum(sa.max_ht), 0)::text AS total FROM subcontractor_acceptance sa
    WHERE sa.order_id = ${orderId} AND ${currentAcceptance} AND sa.company_id IS DISTINCT FROM ${exceptCompanyId}`.execute(trx);
  return r.rows[0].total;
}

/** What a company's invoices on the order claim (HT, not rejected). */
async function invoicedBy(trx: Tx, orderId: number, companyId: number): Promise<string> {
  const r = await sql<{ total: string }>`
    SELECT coalesce(sum(amount_ht), 0)::text AS total FROM invoice WHERE order_id = ${orderId} AND company_id = ${companyId} AND status <> 'rejected'`.execute(
    trx,
  );
  return r.rows[0].total;
}

function overTotal(totalHt: string, others: string, asked: string): Refusal {
  const left = toCents(dec(totalHt).minus(others));
  return new Refusal(
    `Le montant accepté (${formatEuros(asked)} HT) porterait la sous-traitance à ${formatEuros(dec(others).plus(asked))} HT, au-delà du montant total du bon de commande (${formatEuros(totalHt)} HT) : il reste ${formatEuros(left)} HT à accepter.`,
    { status: 409, field: "maxHt" },
  );
}

/**
 * For an amendment (orders/services.server.ts `amendOrder`, order row locked): the new total HT may not fall below
 * what the order's subcontractors are accepted for.
 */
export async function assertAcceptancesWithin(trx: Tx, orderId: number, newTotalHt: string): Promise<void> {
  const accepted = await acceptedHt(trx, orderId);
  if (dec(newTotalHt).lessThan(accepted)) {
    throw new Refusal(
      `Le nouveau montant total (${formatEuros(newTotalHt)} HT) serait inférieur aux montants acceptés des sous-traitants (${formatEuros(accepted)} HT) : modifiez d'abord leurs actes spéciaux.`,
      { status: 409, field: "lines" },
    );
  }
}

/**
 * The correspondent records (or amends: a new version) a subcontractor's acceptance on an issued order of its
 * beneficiary. The company is found by its SIRET, or created with the name and address given.
 */
export async function acceptSubcontractor(db: Db, user: SessionUser, orderId: number, input: AcceptanceInput): Promise<{ companyId: number; version: number }> {
  requireGrant(user, "subcontract:write");
  return db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom("purchase_order as po")
      .select(["po.id", "po.number", "po.status", "po.total_ht", "po.issued_on", "po.beneficiary_id", "po.contractor_id"])
      .where("po.id", "=", orderId)
      .where(orderScope(user))
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!order) throw new Refusal(ORDER_NOT_FOUND, { status: 404 });
    if (order.status !== "issued") throw new Refusal("On n'accepte un sous-traitant que sur un bon de commande émis (en cours).", { status: 409 });
    const today = await todayOf(trx);
    if (input.acceptedOn > today) throw new Refusal("La date d'acceptation ne peut pas être dans le futur.", { field: "acceptedOn" });

    let company = await trx.selectFrom("company").select(["id", "name"]).where("siret", "=", input.siret).executeTakeFirst();
    if (!company) {
      if (!input.name) throw new Refusal("Saisissez la raison sociale du sous-traitant : aucune entreprise n'a ce SIRET.", { field: "name" });
      if (!input.address) throw new Refusal("Saisissez l'adresse du sous-traitant : aucune entreprise n'a ce SIRET.", { field: "address" });
      const id = await insertCompany(trx, user, { name: input.name, siret: input.siret, address: input.address });
      company = { id, name: input.name };
    }
    const member = await trx
      .selectFrom("holder_company")
      .select("role as kind")
      .where("contractor_id", "=", order.contractor_id)
      .where("company_id", "=", company.id)
      .executeTakeFirst();
    if (member) {
      throw new Refusal(
        `${company.name} est ${member.kind === "lead" ? "le mandataire" : "cotraitant"} du titulaire de ce bon de commande : ce n'est pas un sous-traitant.`,
        { status: 409, field: "siret" },
      );
    }

    const previous = await trx
      .selectFrom("subcontractor_acceptance")
      .select(["version", "max_ht", "services", "accepted_on", "reason"])
      .where("order_id", "=", order.id)
      .where("company_id", "=", company.id)
      .orderBy("version", "desc")
      .executeTakeFirst();
    if (previous && !input.reason) throw new Refusal("Indiquez la raison de la modification de l'acte spécial.", { field: "reason" });
    if (previous && dec(previous.max_ht).equals(input.maxHt) && previous.services === input.services && previous.accepted_on === input.acceptedOn) {
      throw new Refusal("Cette modification ne change ni le montant, ni les prestations, ni la date d'acceptation.", { field: "maxHt" });
    }
    // R18: a subcontractor is never paid beyond its accepted amount, so a new version may not fall below what its
    // invoices (not rejected) already claim; read under the order row's lock, which every invoice entry takes too
    if (previous) {
      const invoiced = await invoicedBy(trx, order.id, company.id);
      if (dec(input.maxHt).lessThan(invoiced)) {
        throw new Refusal(
          `Le montant accepté (${formatEuros(input.maxHt)} HT) serait inférieur à ce que ${company.name} a déjà facturé sur ce bon de commande (${formatEuros(invoiced)} HT, factures non rejetées) : un sous-traitant n'est jamais payé au-delà de son montant accepté. Acceptez au moins ${formatEuros(invoiced)} HT, ou faites d'abord rejeter la facture en trop.`,
          { status: 409, field: "maxHt" },
        );
      }
    }
    const others = await acceptedHt(trx, order.id, company.id);
    if (dec(others).plus(input.maxHt).greaterThan(order.total_ht)) throw overTotal(order.total_ht, others, input.maxHt);

    const version = (previous?.version ?? 0) + 1;
    const after = {
      company: company.name,
      siret: input.siret,
      maxHt: toCents(dec(input.maxHt)),
      services: input.services,
      acceptedOn: input.acceptedOn,
      reason: input.reason,
    };
    await trx
      .insertInto("subcontractor_acceptance")
      .values({
        order_id: order.id,
        company_id: company.id,
        version,
        max_ht: after.maxHt,
        services: input.services,
        accepted_on: input.acceptedOn,
        reason: input.reason,
        recorded_by: user.id,
      })
      .execute();
    await recordAudit(trx, {
      actor: user,
      entityType: "subcontractor_acceptance",
      entityId: `${order.id}:${company.id}`,
      action: previous ? "amend" : "accept",
      before: previous ? { maxHt: previous.max_ht, services: previous.services, acceptedOn: previous.accepted_on, version: previous.version } : undefined,
      after: { ...after, version, order: order.number },
      beneficiaryId: order.beneficiary_id,
      contractorId: order.contractor_id,
    });
    return { companyId: company.id, version };
  });
}
