// Child process for the crash test (tests/integration/security-crash.test.ts): runs one real use case
// (issue an order, validate a declaration) against the given database, and is SIGKILLed by the test
// while its transaction is still open. Usage: node --import tsx crash-child.ts <url> <issue|validate> <email> <id>
import { createDb } from "../../db/client";
import { issueOrder } from "../../app/domain/orders/services.server";
import { validateDeclaration } from "../../app/domain/declarations/services.server";
import { toSessionUser, usersWithOrganisation } from "../../app/auth/users.server";

const [url, op, email, id] = process.argv.slice(2);
const db = createDb(url, { max: 1 });
const user = toSessionUser(await usersWithOrganisation(db).where("u.email", "=", email).executeTakeFirstOrThrow());
console.log("started");
if (op === "issue") await issueOrder(db, user, Number(id));
else if (op === "validate") await validateDeclaration(db, user, Number(id));
console.log("finished"); // never reached: the test kills the process first
await db.destroy();
