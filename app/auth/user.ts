import type { Role } from "../../db/schema";

/** The signed-in user as the app sees it (never the password hash). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  beneficiaryId: number | null;
  contractorId: number | null;
  organisation: string;
}

/**
 * The organisation a user's rows are scoped to, as report filters: a correspondent its beneficiary, a
 * contractor its company, DINUM none (scope.server.ts applies the same rule to the rows themselves).
 */
export function scopePins(user: Pick<SessionUser, "role" | "beneficiaryId" | "contractorId">): { beneficiaryId?: number | null; contractorId?: number | null } {
  switch (user.role) {
    case "dinum":
      return {};
    case "correspondent":
      return { beneficiaryId: user.beneficiaryId };
    case "contractor":
      return { contractorId: user.contractorId };
  }
}
