// The catalogue's work units (R1, R4), in the order of the forms and the price schedules. Their labels are
// DINUM's to change (services.server.ts, workUnitLabels); the codes are the database's enum.
import type { WorkUnitCode } from "../../../db/schema";

export const WORK_UNIT_CODES = [
  "DEVOPS_JUNIOR",
  "DEVOPS_CONFIRME",
  "DEVOPS_SENIOR",
  "DESIGN_JUNIOR",
  "DESIGN_CONFIRME",
  "BIZDEV",
  "PM_JUNIOR",
  "PM",
  "REVERSIBILITE",
] as const satisfies readonly WorkUnitCode[];
