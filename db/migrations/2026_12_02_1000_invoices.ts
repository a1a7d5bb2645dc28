// R15 invoices and R16 payment deadline (issue 17). Frozen: imports nothing from the app.
// - ecb_rate: the ECB main refinancing rate in force on the first day of each calendar half-year, kept by
//   DINUM (R16), seeded with the published values; a half-year without a row has no rate (never guessed).
// - invoice: one order's invoice (Chorus Pro's number, unique per contractor), its amounts (VAT at the
//   order's rate, TTC = HT + VAT), its state (R15) and the dates the deadline is computed from (R16).
// - invoice_declaration: the validated declarations an invoice covers.
// Invoices move the data version (migration 1000's bump_data_version): the order page shows them.
import { sql, type Kysely } from "kysely";

const RATES: [string, string][] = [
  ["2022-01-01", "0.00"],
  ["2022-07-01", "0.00"],
  ["2023-01-01", "2.50"],
  ["2023-07-01", "4.00"],
  ["2024-01-01", "4.50"],
  ["2024-07-01", "4.25"],
  ["2025-01-01", "3.15"],
  ["2025-07-01", "2.15"],
  ["2026-01-01", "2.15"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE ecb_rate (
      half_year_start date PRIMARY KEY CHECK (extract(day FROM half_year_start) = 1 AND extract(month FROM half_year_start) IN (1, 7)),
      rate numeric(6, 3) NOT NULL CHECK (rate >= -5 AND rate <= 50),
      source text NOT NULL DEFAULT '',
      updated_by integer REFERENCES app_user(id),
      updated_at timestamptz NOT NULL DEFAULT app_now()
    )`.execute(db);
  for (const [start, rate] of RATES) {
    await sql`INSERT INTO ecb_rate (half_year_start, rate, source) VALUES (${start}::date, ${rate}::numeric, 'BCE, taux des opérations principales de refinancement au premier jour du semestre')
      ON CONFLICT DO NOTHING`.execute(db);
  }
  await sql`
    CREATE TABLE invoice (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      order_id integer NOT NULL REFERENCES purchase_order(id),
      contractor_id integer NOT NULL REFERENCES contractor(id),
      number text NOT NULL CHECK (length(btrim(number)) BETWEEN 1 AND 60),
      ej_number text NOT NULL,
      received_on date NOT NULL,
      service_fait_on date NOT NULL,
      amount_ht numeric(14, 2) NOT NULL CHECK (amount_ht > 0),
      amount_vat numeric(14, 2) NOT NULL CHECK (amount_vat >= 0),
      amount_ttc numeric(14, 2) NOT NULL,
      status text NOT NULL DEFAULT 'deposited' CHECK (status IN ('deposited', 'suspended', 'rejected', 'in_payment', 'paid')),
      suspended_on date,
      suspension_reason text,
      resumed_on date,
      rejection_reason text,
      in_payment_on date,
      paid_on date,
      source text NOT NULL DEFAULT 'form' CHECK (source IN ('form', 'chorus_import')),
      created_by integer NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT app_now(),
      updated_at timestamptz NOT NULL DEFAULT app_now(),
      CONSTRAINT invoice_number_per_contractor UNIQUE (contractor_id, number),
      CONSTRAINT invoice_ttc_is_ht_plus_vat CHECK (amount_ttc = amount_ht + amount_vat),
      -- R15: suspended once, with its reason; resumed after the suspension; paid with its date
      CONSTRAINT invoice_suspension CHECK ((suspended_on IS NULL) = (suspension_reason IS NULL) AND (resumed_on IS NULL OR (suspended_on IS NOT NULL AND resumed_on >= suspended_on))),
      CONSTRAINT invoice_suspended_state CHECK (status <> 'suspended' OR (suspended_on IS NOT NULL AND resumed_on IS NULL)),
      CONSTRAINT invoice_paid_state CHECK ((status = 'paid') = (paid_on IS NOT NULL) AND (paid_on IS NULL OR paid_on >= received_on)),
      CONSTRAINT invoice_rejected_state CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX invoice_order ON invoice (order_id)`.execute(db);
  await sql`CREATE INDEX invoice_status_received ON invoice (status, received_on)`.execute(db);
  await sql`
    CREATE TABLE invoice_declaration (
      invoice_id integer NOT NULL REFERENCES invoice(id),
      declaration_id integer NOT NULL REFERENCES declaration(id),
      PRIMARY KEY (invoice_id, declaration_id)
    )`.execute(db);
  await sql`CREATE INDEX invoice_declaration_declaration ON invoice_declaration (declaration_id)`.execute(db);
  for (const table of ["invoice", "invoice_declaration", "ecb_rate"]) {
    await sql`CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS invoice_declaration`.execute(db);
  await sql`DROP TABLE IF EXISTS invoice`.execute(db);
  await sql`DROP TABLE IF EXISTS ecb_rate`.execute(db);
}
