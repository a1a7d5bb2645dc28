// Reads uploaded registry files without trusting them: several .md records, a .zip of the registry's
// content/_startups/ folder (its directory checked before anything is inflated, then entry by entry with the
// declaration import's guarded zip reader), or startups.json. Bounded in bytes, entries, records and YAML
// (registry-parse.ts); text must be UTF-8. The server runs this in the declaration import's worker threads
// (readRegistryFilesOffThread in reports/declaration-import/parse-off-thread.ts), never on its event loop.
import { inflateEntry, readCentralDirectory, ZipRefusal, type ZipEntryInfo } from "../declaration-import/zip-read";
import { MAX_RECORDS, mergeParsed, parseJsonRecords, parseMarkdownRecord, type ParsedRegistry } from "../../app/domain/products/registry-parse";

export interface RegistryFile {
  name: string;
  data: Buffer;
}
/** One record is a few kB (front matter and Markdown text); the whole registry (~1,700 records) ~10 MB. */
export const MAX_RECORD_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024; // the server's bound on a multipart body
/** What the .md entries of an archive may inflate to, all together, as their directory declares it. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

const refusal = (record: string, reason: string): ParsedRegistry => ({ records: [], refused: [{ record, field: "fichier", reason }] });
const TOO_BIG = `Cette fiche dépasse ${MAX_RECORD_BYTES / 1024} Ko : ce n'est pas une fiche du registre.`;
const NOT_UTF8 = "Ce fichier n'est pas du texte UTF-8 : enregistrez-le à nouveau depuis le registre (encodage UTF-8).";

/** UTF-8 text, or null (invalid bytes are refused, not replaced). */
function utf8(data: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return null;
  }
}

function markdownRecord(name: string, data: Buffer): ParsedRegistry {
  if (data.length > MAX_RECORD_BYTES) return refusal(name, TOO_BIG);
  const text = utf8(data);
  if (text === null) return refusal(name, NOT_UTF8);
  const r = parseMarkdownRecord(name, text);
  return { records: r.record ? [r.record] : [], refused: r.refused };
}

const isRecordEntry = (e: ZipEntryInfo) => !e.name.endsWith("/") && /\.md$/i.test(e.name) && !/(^|\/)(\.|__MACOSX)/.test(e.name);

async function zipRecords(file: RegistryFile): Promise<ParsedRegistry> {
  const lying = "Cette archive .zip est invalide (une entrée est plus grande que déclaré) : recréez-la depuis le dossier content/_startups/.";
  let entries: ZipEntryInfo[];
  try {
    entries = readCentralDirectory(file.data, MAX_RECORDS).filter(isRecordEntry);
  } catch {
    return refusal(
      file.name,
      `Cette archive .zip est illisible ou contient plus de ${MAX_RECORDS} fichiers : recréez-la depuis le dossier content/_startups/ du registre.`,
    );
  }
  if (entries.length === 0) return refusal(file.name, "Cette archive ne contient aucune fiche .md.");
  // a bomb is refused from its directory, before anything is inflated; an entry lying about its size is cut at it
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > MAX_INFLATED_BYTES)
    return refusal(
      file.name,
      `Les fiches de cette archive font plus de ${MAX_INFLATED_BYTES / 1024 / 1024} Mo une fois décompressées : ce n'est pas le registre beta.gouv.fr.`,
    );
  const parts: ParsedRegistry[] = [];
  for (const e of entries) {
    if (e.size > MAX_RECORD_BYTES) {
      parts.push(refusal(e.name, TOO_BIG));
      continue;
    }
    const chunks: Buffer[] = [];
    try {
      await inflateEntry(file.data, e, (c) => (chunks.push(c), true), lying);
    } catch (err) {
      parts.push(refusal(e.name, err instanceof ZipRefusal ? err.message : "Cette entrée de l'archive est illisible."));
      continue;
    }
    parts.push(markdownRecord(e.name, Buffer.concat(chunks)));
  }
  return mergeParsed(parts);
}

/** Parses every uploaded file; unknown types are refused by name. */
export async function readRegistryFiles(files: RegistryFile[]): Promise<ParsedRegistry> {
  const total = files.reduce((s, f) => s + f.data.length, 0);
  if (total > MAX_TOTAL_BYTES) return refusal("envoi", `L'envoi dépasse ${MAX_TOTAL_BYTES / 1024 / 1024} Mo : envoyez le registre en plusieurs fois.`);
  if (files.length > MAX_RECORDS)
    return refusal("envoi", `L'envoi contient plus de ${MAX_RECORDS} fichiers : envoyez une archive .zip du dossier content/_startups/.`);
  const parts: ParsedRegistry[] = [];
  for (const f of files) {
    const n = f.name.toLowerCase();
    if (f.data.length === 0) parts.push(refusal(f.name, "Ce fichier est vide."));
    else if (n.endsWith(".zip")) parts.push(await zipRecords(f));
    else if (n.endsWith(".json")) {
      const text = utf8(f.data);
      parts.push(text === null ? refusal(f.name, NOT_UTF8) : parseJsonRecords(f.name, text));
    } else if (n.endsWith(".md")) parts.push(markdownRecord(f.name, f.data));
    else parts.push(refusal(f.name, "Envoyez des fiches .md, une archive .zip du dossier content/_startups/ ou le fichier startups.json."));
  }
  const merged = mergeParsed(parts);
  return merged.records.length > MAX_RECORDS
    ? refusal("envoi", `L'envoi contient plus de ${MAX_RECORDS} fiches : ce n'est pas le registre beta.gouv.fr.`)
    : merged;
}
