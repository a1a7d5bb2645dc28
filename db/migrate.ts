import type { Kysely } from "kysely";
import { Migrator, type MigrationProvider } from "kysely/migration";
import { ensureJobQueues } from "./job-queue";
import { migrations } from "./migrations/index";

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Parallel work adds migrations in numbered blocks (0300 orders, 0600 reference, 0700 security, 0900
  // consumption…): a kept database may have run a later block before an earlier one lands.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(`Migration ${failed?.migrationName ?? "?"} en échec: ${error instanceof Error ? error.message : String(error)}`);
  }
  // pg-boss keeps its own schema and versions (the e-mail jobs): created or upgraded after ours
  await ensureJobQueues(db);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
