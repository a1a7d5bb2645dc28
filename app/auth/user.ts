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
