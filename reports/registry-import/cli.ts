// npm run registry:import -- [--as <courriel DINUM>] [--apercu] <fiches .md, dossier content/_startups/, .zip ou startups.json>…
// The scheduled run of the registry import (R19): same parsing, same use case, same all-or-nothing.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../../db/client";
import type { SessionUser } from "../../app/auth/user";
import { readRegistryFiles, type RegistryFile } from "./read-files";
import { importRegistry, previewRegistryImport, type RegistryPreview } from "../../app/domain/products/registry.server";

export class RegistryUsageError extends Error {}
export const REGISTRY_USAGE = `Usage : npm run registry:import -- [--as <courriel>] [--apercu] <fichiers .md, dossier, .zip ou startups.json>…
  --as <courriel>   le compte DINUM au nom duquel importer (défaut : le premier compte DINUM actif)
  --apercu          affiche l'aperçu sans rien écrire`;

function collect(p: string): RegistryFile[] {
  if (!fs.existsSync(p)) throw new RegistryUsageError(`Introuvable : ${p}`);
  if (fs.statSync(p).isDirectory()) {
    return fs
      .readdirSync(p)
      .filter((f) => /\.md$/i.test(f))
      .sort()
      .map((f) => ({ name: f, data: fs.readFileSync(path.join(p, f)) }));
  }
  return [{ name: path.basename(p), data: fs.readFileSync(p) }];
}

async function dinumActor(db: Db, email: string | undefined): Promise<SessionUser> {
  let q = db.selectFrom("app_user").select(["id", "email", "name", "role"]).where("role", "=", "dinum").where("active", "=", true);
  if (email) q = q.where("email", "=", email);
  const u = await q.orderBy("id").executeTakeFirst();
  if (!u) throw new RegistryUsageError(email ? `Aucun compte DINUM actif « ${email} ».` : "Aucun compte DINUM actif : créez-en un avant d'importer.");
  return { id: u.id, email: u.email, name: u.name, role: u.role, beneficiaryId: null, contractorId: null, organisation: "DINUM" } as SessionUser;
}

export function describePreview(p: RegistryPreview): string {
  const lines = [
    `${p.created.length} nouveau(x), ${p.changed.length} modifié(s), ${p.unchanged.length} inchangé(s), ${p.refused.length} refusé(s), ${p.missing.length} absent(s) de l'envoi.`,
  ];
  for (const c of p.created) lines.push(`+ ${c.registryId} : ${c.title} (${c.beneficiaryName}, ${c.phase})`);
  for (const c of p.changed) for (const f of c.changes) lines.push(`~ ${c.registryId} : ${f.label} : ${f.before} → ${f.after}`);
  for (const r of p.refused) lines.push(`! ${r.record} [${r.field}] ${r.reason}`);
  for (const u of p.unmapped) lines.push(`? à relier : ${u.kind === "sponsor" ? "sponsor" : "incubateur"} « ${u.code} »`);
  return lines.join("\n");
}

export async function runRegistryImport(db: Db, argv: string[]): Promise<{ preview: RegistryPreview; written: boolean; text: string }> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({ args: argv, allowPositionals: true, options: { as: { type: "string" }, apercu: { type: "boolean" }, help: { type: "boolean" } } });
  } catch (e) {
    throw new RegistryUsageError(`${(e as Error).message}\n${REGISTRY_USAGE}`);
  }
  const { values, positionals } = parsedArgs;
  if (values.help || positionals.length === 0) throw new RegistryUsageError(REGISTRY_USAGE);
  const user = await dinumActor(db, values.as);
  const parsed = await readRegistryFiles(positionals.flatMap(collect));
  if (values.apercu) {
    const preview = await previewRegistryImport(db, user, parsed);
    return { preview, written: false, text: describePreview(preview) };
  }
  const check = await previewRegistryImport(db, user, parsed);
  if (check.refused.length > 0) return { preview: check, written: false, text: `${describePreview(check)}\nRien n'a été importé.` };
  const preview = await importRegistry(db, user, parsed);
  const nothing = preview.created.length + preview.changed.length === 0;
  return { preview, written: !nothing, text: nothing ? "Aucun changement." : describePreview(preview) };
}
