import type { Executor } from "../../../db/client";

/** The organisations a user can belong to, for the user forms. */
export async function organisationChoices(db: Executor) {
  const [beneficiaries, contractors] = await Promise.all([
    db.selectFrom("beneficiary").select(["id", "name"]).orderBy("name").execute(),
    db.selectFrom("contractor").select(["id", "name"]).orderBy("name").execute(),
  ]);
  return {
    beneficiaries: beneficiaries.map((b) => ({ value: b.id, label: b.name })),
    contractors: contractors.map((c) => ({ value: c.id, label: c.name })),
  };
}
