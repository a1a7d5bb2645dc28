// Reads uploaded registry files: several .md records, a .zip of the registry's content/_startups/ folder
// (read entry by entry with the declaration import's guarded zip reader), or startups.json.
import { inflateEntry, readCentralDirectory, ZipRefusal } from "../../../reports/declaration-import/zip-read";
import { mergeParsed, parseJsonRecords, parseMarkdownRecord, type ParsedRegistry } from "./registry-parse";

export interface RegistryFile { name: string; data: Buffer }
/** One record is a few kB; the whole registry (~1,500 records) a few MB. */
export const MAX_RECORD_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024; // the server's bound on a multipart body

async function zipRecords(file: RegistryFile): Promise<ParsedRegistry> {
  const lying = "Cette archive .zip est invalide (une entrée est plus grande que déclaré) : recréez-la depuis le dossier content/_startups/.";
  let entries;
  try {
    entries = readCentralDirectory(file.data);
  } catch {
    return { records: [], refused: [{ record: file.name, field: "fichier", reason: "Cette archive .zip est illisible : recréez-la depuis le dossier content/_startups/ du registre." }] };
  }
  const parts = [];
  for (const e of entries) {
    if (e.name.endsWith("/") || !/\.md$/i.test(e.name) || /(^|\/)(\.|__MACOSX)/.test(e.name)) continue;
    if (e.size > MAX_RECORD_BYTES) { parts.push({ refused: [{ record: e.name, field: "fichier", reason: "Cette fiche dépasse 256 Ko : ce n'est pas une fiche du registre." }] }); continue; }
    const chunks: Buffer[] = [];
    try {
      await inflateEntry(file.data, e, (c) => { chunks.push(c); return true; }, lying);
    } catch (err) {
      parts.push({ refused: [{ record: e.name, field: "fichier", reason: err instanceof ZipRefusal ? err.message : "Cette entrée de l'archive est illisible." }] });
      continue;
    }
    parts.push(parseMarkdownRecord(e.name, Buffer.concat(chunks).toString("utf8")));
  }
  if (parts.length === 0) return { records: [], refused: [{ record: file.name, field: "fichier", reason: "Cette archive ne contient aucune fiche .md." }] };
  return mergeParsed(parts);
}

/** Parses every uploaded file; unknown types are refused by name. */
export async function readRegistryFiles(files: RegistryFile[]): Promise<ParsedRegistry> {
  const total = files.reduce((s, f) => s + f.data.length, 0);
  if (total > MAX_TOTAL_BYTES) return { records: [], refused: [{ record: "envoi", field: "fichier", reason: "L'envoi dépasse 20 Mo : envoyez le registre en plusieurs fois." }] };
  const parts: ParsedRegistry[] = [];
  for (const f of files) {
    const n = f.name.toLowerCase();
    if (n.endsWith(".zip")) parts.push(await zipRecords(f));
    else if (n.endsWith(".json")) parts.push(parseJsonRecords(f.name, f.data.toString("utf8")));
    else if (n.endsWith(".md")) {
      const r = f.data.length > MAX_RECORD_BYTES ? { record: null, refused: [{ record: f.name, field: "fichier", reason: "Cette fiche dépasse 256 Ko : ce n'est pas une fiche du registre." }] } : parseMarkdownRecord(f.name, f.data.toString("utf8"));
      parts.push({ records: r.record ? [r.record] : [], refused: r.refused });
    } else parts.push({ records: [], refused: [{ record: f.name, field: "fichier", reason: "Envoyez des fiches .md, une archive .zip du dossier content/_startups/ ou le fichier startups.json." }] });
  }
  return mergeParsed(parts);
}
