// A user as the session sees it (SessionUser), from its app_user row and its organisation's name (a
// correspondent's beneficiary, a contractor's company, DINUM): the session, the factories' actors and the
// export command's `--as` read users through here.
import type { Executor } from "../../db/client";
import type { Role } from "../../db/schema";
import type { SessionUser } from "./user";

/** app_user with the names of its organisations: add a where, then map each row with toSessionUser. */
export function usersWithOrganisation(db: Executor) {
  return db
    .selectFrom("app_user as u")
    .leftJoin("beneficiary as b", "b.id", "u.beneficiary_id")
    .leftJoin("contractor as c", "c.id", "u.contractor_id")
    .select([
      "u.id",
      "u.email",
      "u.name",
      "u.role",
      "u.beneficiary_id",
      "u.contractor_id",
      "u.active",
      "b.name as beneficiaryName",
      "c.name as contractorName",
    ]);
}

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: Role;
  beneficiary_id: number | null;
  contractor_id: number | null;
  beneficiaryName: string | null;
  contractorName: string | null;
}

export function toSessionUser(u: UserRow): SessionUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    beneficiaryId: u.beneficiary_id,
    contractorId: u.contractor_id,
    organisation: u.role === "dinum" ? "DINUM" : (u.beneficiaryName ?? u.contractorName ?? ""),
  };
}
