// Child process for the crash test (tests/integration/security-crash.test.ts): runs one real use case
// (issue an order, validate a declaration) against the given database, and is SIGKILLed by the test
// while its transaction is still open. Usage: node --import tsx crash-child.ts <url> <issue|validate> <email> <id>
import { createDb } from "../../db/client";
import { issueOrder } from "../../app/domain/orders/services.server";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import type { SessionUser } from "../../app/auth/user";

const [url, op, email, id] = process.argv.slice(2);
const db = createDb(url, { max: 1 });
const u = await db
  .selectFrom("app_user")
  .select(["id", "email", "name", "role", "beneficiary_id", "contractor_id"])
  .where("email", "=", email)
  .executeTakeFirstOrThrow();
const user: SessionUser = {
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  beneficiaryId: u.beneficiary_id,
  contractorId: u.contractor_id,
  organisation: "",
};
console.log("started");
if (op === "issue") await issueOrder(db, user, Number(id));
else if (op === "validate") await validateDeclaration(db, user, Number(id));
console.log("finished"); // never reached: the test kills the process first
await db.destroy();
