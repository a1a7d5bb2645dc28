// Frozen migration: imports nothing from the app. R18, invoices by company (issue 20, piece 5):
// - invoice.company_id: the company that issues the invoice: the holder's lead (the default, filled by a trigger
//   for the existing rows and any insert without one), a co-contractor, or a subcontractor accepted on the order.
//   Chorus Pro numbers invoices per supplier: the number is unique per company, no longer per holder.
// - a subcontractor's invoice is first approved by the holder (R2193-12): approval_due_on is the last day of the
//   holder's 15 days (received_on + 15), null for the holder's own companies' invoices; holder_decision and
//   holder_decided_on record an explicit answer (a refusal also rejects the invoice, with its reason). Silence is
//   approval: past approval_due_on without an answer the invoice is approved as of that day, which the reads compute
//   with the transaction clock (no job writes it). The R16 payment clock starts at the approval.
import { sql, type Kysely } from "kysely";
import { leadCompanyTriggerSql } from "./frozen-sql";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE invoice ADD COLUMN company_id integer REFERENCES company(id);
    UPDATE invoice i SET company_id = h.company_id FROM holder_company h WHERE h.contractor_id = i.contractor_id AND h.role = 'lead';
    ${leadCompanyTriggerSql("invoice")}
    ALTER TABLE invoice ALTER COLUMN company_id SET NOT NULL;
    CREATE INDEX invoice_order_company ON invoice (order_id, company_id);
    ALTER TABLE invoice DROP CONSTRAINT invoice_number_per_contractor;
    ALTER TABLE invoice ADD CONSTRAINT invoice_number_per_company UNIQUE (company_id, number);

    ALTER TABLE invoice ADD COLUMN approval_due_on date;
    ALTER TABLE invoice ADD COLUMN holder_decision text CHECK (holder_decision IN ('approved', 'refused'));
    ALTER TABLE invoice ADD COLUMN holder_decided_on date;
    ALTER TABLE invoice ADD COLUMN holder_decided_by integer REFERENCES app_user(id);
    ALTER TABLE invoice ADD CONSTRAINT invoice_holder_approval CHECK (
      (approval_due_on IS NULL OR approval_due_on = received_on + 15)
      AND (holder_decision IS NULL OR approval_due_on IS NOT NULL)
      AND ((holder_decision IS NULL) = (holder_decided_on IS NULL))
      AND (holder_decided_on IS NULL OR (holder_decided_on >= received_on AND holder_decided_on <= approval_due_on))
      AND (holder_decision IS DISTINCT FROM 'refused' OR status = 'rejected'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE invoice DROP CONSTRAINT invoice_holder_approval;
    ALTER TABLE invoice DROP COLUMN holder_decided_by, DROP COLUMN holder_decided_on, DROP COLUMN holder_decision, DROP COLUMN approval_due_on;
    ALTER TABLE invoice DROP CONSTRAINT invoice_number_per_company;
    ALTER TABLE invoice ADD CONSTRAINT invoice_number_per_contractor UNIQUE (contractor_id, number);
    DROP INDEX invoice_order_company;
    DROP TRIGGER invoice_lead_company ON invoice;
    DROP FUNCTION invoice_lead_company();
    ALTER TABLE invoice DROP COLUMN company_id;
  `.execute(db);
}
