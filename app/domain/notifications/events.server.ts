// The events of the use cases that tell someone (issue 16): each is one call, in the use case's
// transaction, after its change and audit event. They read what they say from the rows just written.
import { sql } from "kysely";
import type { Tx } from "../../../db/client";
import { formatDate, formatDays, formatEuros } from "../../lib/format";
import { ofMonth } from "../declarations/caps";
import { contractorUsers, correspondentsOf, dinumUsers, enqueue, transactionKey } from "./outbox.server";
import { de } from "../../lib/french";
import { declarationsWithOrder } from "../declarations/joins.server";
import { ordersWithParties } from "../orders/joins.server";

async function declarationFacts(trx: Tx, declarationId: number) {
  return declarationsWithOrder(trx)
    .select([
      "d.id",
      "d.month",
      "d.kind",
      "d.status",
      "d.rejection_reason",
      "po.id as orderId",
      "po.number as orderNumber",
      "po.beneficiary_id",
      "po.contractor_id",
      "p.name as productName",
      "c.name as contractorName",
      sql<string>`(SELECT coalesce(sum(dl.days), 0) FROM declaration_line dl WHERE dl.declaration_id = d.id)`.as("days"),
    ])
    .where("d.id", "=", declarationId)
    .executeTakeFirstOrThrow();
}

/** A declaration was submitted: its order's correspondents (at once, or in their daily digest). */
export async function declarationSubmitted(trx: Tx, declarationId: number): Promise<void> {
  const d = await declarationFacts(trx, declarationId);
  const what = d.kind === "correction" ? "déclaration corrective" : "déclaration";
  await enqueue(trx, {
    kind: "declaration_submitted",
    recipients: await correspondentsOf(trx, d.beneficiary_id),
    eventKey: `declaration_submitted:d${d.id}:${await transactionKey(trx)}`,
    content: {
      subject: `Déclaration ${ofMonth(d.month)} à valider : BC ${d.orderNumber} (${d.productName})`,
      paragraphs: [
        `${d.contractorName} a soumis sa ${what} ${ofMonth(d.month)} pour le bon de commande n° ${d.orderNumber} (${d.productName}) : ${formatDays(d.days)} jours déclarés.`,
        "Elle attend votre validation (service fait) ou votre rejet motivé.",
      ],
      link: `/declarations/${d.id}`,
      linkLabel: "Voir la déclaration",
    },
  });
}

/** A declaration was validated or rejected (with the reason): the contractor's users. */
export async function declarationDecided(trx: Tx, declarationId: number): Promise<void> {
  const d = await declarationFacts(trx, declarationId);
  const rejected = d.status === "rejected";
  await enqueue(trx, {
    kind: "declaration_decided",
    recipients: await contractorUsers(trx, d.contractor_id),
    eventKey: `declaration_${d.status}:d${d.id}:${await transactionKey(trx)}`,
    content: {
      subject: rejected
        ? `Déclaration ${ofMonth(d.month)} rejetée : BC ${d.orderNumber} (${d.productName})`
        : `Déclaration ${ofMonth(d.month)} validée : BC ${d.orderNumber} (${d.productName})`,
      paragraphs: rejected
        ? [
            `Votre déclaration ${ofMonth(d.month)} pour le bon de commande n° ${d.orderNumber} (${d.productName}) a été rejetée.`,
            `Motif : ${d.rejection_reason ?? ""}`,
            "Corrigez-la puis soumettez-la à nouveau.",
          ]
        : [
            `Votre déclaration ${ofMonth(d.month)} pour le bon de commande n° ${d.orderNumber} (${d.productName}) a été validée (service fait) : ${formatDays(d.days)} jours.`,
          ],
      link: rejected ? `/declarations/${d.id}/modifier` : `/declarations/${d.id}`,
      linkLabel: rejected ? "Corriger la déclaration" : "Voir la déclaration",
    },
  });
}

/** An order was issued or amended: the contractor's users, with the link to its PDF (not attached). */
export async function orderIssued(trx: Tx, orderId: number): Promise<void> {
  const o = await ordersWithParties(trx)
    .select([
      "po.id",
      "po.number",
      "po.contractor_id",
      "po.current_revision",
      "po.period_start",
      "po.period_end",
      "po.total_ttc",
      "p.name as productName",
      "b.name as beneficiaryName",
    ])
    .where("po.id", "=", orderId)
    .executeTakeFirstOrThrow();
  const amended = o.current_revision > 0;
  await enqueue(trx, {
    kind: "order_issued",
    recipients: await contractorUsers(trx, o.contractor_id),
    eventKey: `order_issued:o${o.id}:r${o.current_revision}`,
    content: {
      subject: amended
        ? `Bon de commande n° ${o.number} modifié (avenant ${o.current_revision}) : ${o.productName}`
        : `Nouveau bon de commande n° ${o.number} : ${o.productName}`,
      paragraphs: [
        amended
          ? `${o.beneficiaryName} a modifié le bon de commande n° ${o.number} (${o.productName}) : avenant n° ${o.current_revision}.`
          : `${o.beneficiaryName} vous a émis le bon de commande n° ${o.number} (${o.productName}).`,
        `Période du ${formatDate(o.period_start)} au ${formatDate(o.period_end)}, montant ${formatEuros(o.total_ttc)} TTC.`,
      ],
      link: `/commandes/${o.id}`,
      linkLabel: "Voir le bon de commande",
      extraLinks: [{ label: "Télécharger le bon de commande (PDF)", href: `/commandes/${o.id}/pdf` }],
    },
  });
}

/** A price schedule version awaits approval: the DINUM users other than its author. */
export async function priceSchedulePending(trx: Tx, scheduleId: number, authorId: number): Promise<void> {
  const s = await trx
    .selectFrom("price_schedule as s")
    .innerJoin("contractor as c", "c.id", "s.contractor_id")
    .innerJoin("contract as k", "k.id", "s.contract_id")
    .select(["s.id", "s.version", "s.valid_from", "c.name as contractorName", "k.reference"])
    .where("s.id", "=", scheduleId)
    .executeTakeFirstOrThrow();
  await enqueue(trx, {
    kind: "price_schedule_pending",
    recipients: await dinumUsers(trx, authorId),
    eventKey: `price_schedule_pending:s${s.id}`,
    content: {
      subject: `Bordereau de prix à approuver : ${s.contractorName}, version ${s.version}`,
      paragraphs: [
        `La version ${s.version} du bordereau de prix ${de(s.contractorName)} (accord-cadre ${s.reference}), applicable à partir du ${formatDate(s.valid_from)}, a été saisie et attend son approbation.`,
      ],
      link: `/referentiel/bordereaux/${s.id}`,
      linkLabel: "Voir le bordereau",
    },
  });
}
