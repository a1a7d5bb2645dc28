// Frozen migration: R4, an approved price schedule version is never edited. The only change allowed on an
// approved version is closing an open-ended validity (valid_to NULL → a date) when its successor is
// approved. Its items are frozen once the approval is committed (the approving or creating transaction
// may still write them, which the seeds rely on).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION price_schedule_approved_immutable() RETURNS trigger AS $fn$
    BEGIN
      IF OLD.status = 'approved' THEN
        IF TG_OP = 'DELETE' OR NEW.contractor_id <> OLD.contractor_id OR NEW.contract_id <> OLD.contract_id
           OR NEW.version <> OLD.version OR NEW.status <> OLD.status OR NEW.valid_from <> OLD.valid_from
           OR NEW.note <> OLD.note OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
           OR NEW.approved_by IS DISTINCT FROM OLD.approved_by
           OR (NEW.valid_to IS DISTINCT FROM OLD.valid_to AND OLD.valid_to IS NOT NULL) THEN
          RAISE EXCEPTION 'approved price schedule % is immutable', OLD.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'price_schedule_approved_immutable';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END
    $fn$ LANGUAGE plpgsql;
    CREATE TRIGGER price_schedule_approved_immutable BEFORE UPDATE OR DELETE ON price_schedule
      FOR EACH ROW EXECUTE FUNCTION price_schedule_approved_immutable();

    CREATE FUNCTION price_schedule_item_frozen() RETURNS trigger AS $fn$
    DECLARE sid integer;
    BEGIN
      sid := CASE WHEN TG_OP = 'DELETE' THEN OLD.price_schedule_id ELSE NEW.price_schedule_id END;
      IF EXISTS (SELECT 1 FROM price_schedule s WHERE s.id = sid AND s.status = 'approved'
                   AND s.xmin::text <> (txid_current() % 4294967296)::text)
         OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM price_schedule s WHERE s.id = OLD.price_schedule_id AND s.status = 'approved'
                   AND s.xmin::text <> (txid_current() % 4294967296)::text)) THEN
        RAISE EXCEPTION 'items of approved price schedule % are immutable', sid
          USING ERRCODE = 'check_violation', CONSTRAINT = 'price_schedule_approved_immutable';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END
    $fn$ LANGUAGE plpgsql;
    CREATE TRIGGER price_schedule_item_frozen BEFORE INSERT OR UPDATE OR DELETE ON price_schedule_item
      FOR EACH ROW EXECUTE FUNCTION price_schedule_item_frozen();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS price_schedule_item_frozen ON price_schedule_item;
    DROP TRIGGER IF EXISTS price_schedule_approved_immutable ON price_schedule;
    DROP FUNCTION IF EXISTS price_schedule_item_frozen();
    DROP FUNCTION IF EXISTS price_schedule_approved_immutable();
  `.execute(db);
}
