// Frozen migration: imports nothing from the app. Products from the beta.gouv.fr startups registry (R19):
// the registry id (the record's file name) is unique, `source` tells registry products from DINUM's manual
// ones, and the record's fields are kept. A registry phase may have an end (product_phase.ended_on). DINUM
// maps the registry's sponsors and incubators to beneficiaries (registry_mapping).
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE product
      ADD COLUMN source text NOT NULL DEFAULT 'manual' CHECK (source IN ('registry','manual')),
      ADD COLUMN registry_id text UNIQUE CHECK (registry_id IS NULL OR registry_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
      ADD COLUMN incubator text,
      ADD COLUMN mission text NOT NULL DEFAULT '',
      ADD COLUMN link text CHECK (link IS NULL OR link ~ '^https?://'),
      ADD COLUMN repository text CHECK (repository IS NULL OR repository ~ '^https?://'),
      ADD COLUMN contact text,
      ADD CONSTRAINT product_registry_source CHECK ((source = 'registry') = (registry_id IS NOT NULL));
    ALTER TABLE product_phase ADD COLUMN ended_on date, ADD CONSTRAINT product_phase_end CHECK (ended_on IS NULL OR ended_on >= started_on);
    CREATE TABLE registry_mapping (
      kind text NOT NULL CHECK (kind IN ('sponsor','incubator')),
      code text NOT NULL CHECK (length(code) BETWEEN 1 AND 200),
      beneficiary_id integer NOT NULL REFERENCES beneficiary(id),
      updated_at timestamptz NOT NULL DEFAULT app_now(),
      PRIMARY KEY (kind, code)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS registry_mapping;
    ALTER TABLE product_phase DROP CONSTRAINT IF EXISTS product_phase_end, DROP COLUMN IF EXISTS ended_on;
    ALTER TABLE product DROP CONSTRAINT IF EXISTS product_registry_source, DROP COLUMN IF EXISTS source, DROP COLUMN IF EXISTS registry_id,
      DROP COLUMN IF EXISTS incubator, DROP COLUMN IF EXISTS mission, DROP COLUMN IF EXISTS link, DROP COLUMN IF EXISTS repository, DROP COLUMN IF EXISTS contact;
  `.execute(db);
}
