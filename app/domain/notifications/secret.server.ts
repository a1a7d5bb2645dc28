// A message that carries a secret (the password reset link): the outbox keeps the bodies with a `{{secret}}`
// placeholder and the secret itself encrypted (AES-256-GCM, key derived from SESSION_SECRET), so that the
// database, its backups and the "Courriels" page never show a usable link; the worker puts it in at send
// time and erases it once sent.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { sessionSecret } from "../../lib/env.server";

export const SECRET_PLACEHOLDER = "{{secret}}";

const key = () => createHash("sha256").update(`${sessionSecret()}:pilotage-mail-secret`).digest();

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function openSecret(sealed: string): string {
  const [iv, tag, data] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", key(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

/** The bodies with the secret put in (nothing to do without one). */
export function withSecret(body: string, sealed: string | null): string {
  return sealed ? body.split(SECRET_PLACEHOLDER).join(openSecret(sealed)) : body;
}
