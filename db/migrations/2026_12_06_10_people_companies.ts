// Frozen migration: imports nothing from the app. R18: the person who declares days belongs to one of the holder's
// companies (lead, co-contractor) or to a subcontractor accepted on its orders; a person may have an e-mail.
// Existing people, and people added from a declaration's free text, belong to the holder's lead company until
// the contractor says otherwise (trigger), so a person always has a company. Each declaration line keeps the
// company its people worked for then (declaration_person.company_id).
import { sql, type Kysely } from "kysely";
import { leadCompanyTriggerSql } from "./frozen-sql";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE person ADD COLUMN company_id integer REFERENCES company(id);
    ALTER TABLE person ADD COLUMN email text CHECK (email IS NULL OR email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$');
    CREATE INDEX person_company_idx ON person (company_id);
    UPDATE person p SET company_id = h.company_id FROM holder_company h WHERE h.contractor_id = p.contractor_id AND h.role = 'lead';

    ${leadCompanyTriggerSql("person")}

    -- the company a person worked for on a declaration line is kept with the line (service fait by company is
    -- certified as of then): a person moved to another company later leaves past declarations as they were
    ALTER TABLE declaration_person ADD COLUMN company_id integer REFERENCES company(id);
    UPDATE declaration_person dp SET company_id = p.company_id FROM person p WHERE p.id = dp.person_id;
    CREATE FUNCTION declaration_person_company() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF NEW.company_id IS NULL THEN
        SELECT company_id INTO NEW.company_id FROM person WHERE id = NEW.person_id;
      END IF;
      RETURN NEW;
    END $fn$;
    CREATE TRIGGER declaration_person_company BEFORE INSERT ON declaration_person FOR EACH ROW EXECUTE FUNCTION declaration_person_company();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER declaration_person_company ON declaration_person;
    DROP FUNCTION declaration_person_company();
    ALTER TABLE declaration_person DROP COLUMN company_id;
    DROP TRIGGER person_lead_company ON person;
    DROP FUNCTION person_lead_company();
    ALTER TABLE person DROP COLUMN email, DROP COLUMN company_id;
  `.execute(db);
}
