// Frozen migration: imports nothing from the app. R17: each budget year's closing dates (last day for
// orders, last day for payments), set by DINUM; and a beneficiary's yearly AE envelope (TTC), whose
// overrun warns but never blocks.
import { sql, type Kysely } from "kysely";
import { addDataVersionTriggers } from "./frozen-sql";

const TABLES = ["budget_year", "beneficiary_envelope"];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE budget_year (
      year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
      last_order_on date NOT NULL,
      last_payment_on date NOT NULL,
      CHECK (extract(year FROM last_order_on) = year AND extract(year FROM last_payment_on) = year)
    );
    CREATE TABLE beneficiary_envelope (
      beneficiary_id integer NOT NULL REFERENCES beneficiary(id),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      ae_ttc numeric(14, 2) NOT NULL CHECK (ae_ttc > 0),
      PRIMARY KEY (beneficiary_id, year)
    );
  `.execute(db);
  await addDataVersionTriggers(db, TABLES);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE beneficiary_envelope; DROP TABLE budget_year;`.execute(db);
}
