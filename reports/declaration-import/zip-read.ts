// Reads an uploaded ZIP (an .xlsx) without trusting it: the central directory first (names, declared sizes,
// methods: nothing inflated yet), then one entry at a time, inflated as a stream that stops at the size the
// directory declared (a bomb that lies in its directory is cut there), or earlier if the caller says so.
import { crc32, createInflateRaw } from "node:zlib";

export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** as declared by the central directory: an upper bound enforced while inflating */
  size: number;
  localHeaderOffset: number;
}

/** A refusal of the file itself; `message` is French and says what to do. */
export class ZipRefusal extends Error {}

/**
 * What the uploaded file should be, so that the shared reader's refusals name it as its user knows it (a
 * declaration file, a Chorus Pro export) and say what to do instead.
 */
export interface UploadKind {
  /** with its indefinite article: « un fichier de déclarations » */
  name: string;
  /** how to send a smaller file, capitalised, no full stop: « Gardez seulement les lignes à déclarer » */
  keepLess: string;
  /** where to start again, a sentence: « Partez du modèle téléchargeable sur cette page. » */
  startAgain: string;
  /** the same, to end a sentence: « partez du modèle » */
  orStartAgain: string;
  /** past the sheet's rows (a CSV's too), the whole message */
  tooManyRows: string;
  /** how a date cell reads: its month (the declaration import) or its day (the Chorus Pro import) */
  dates: "month" | "day";
}

/** For a reader that words its own refusals (the registry's archives). */
const AN_UPLOAD: UploadKind = {
  name: "un fichier à importer",
  keepLess: "Envoyez un fichier plus petit",
  startAgain: "Vérifiez que vous envoyez le bon fichier.",
  orStartAgain: "vérifiez que vous envoyez le bon fichier",
  tooManyRows: "Le fichier a trop de lignes.",
  dates: "day",
};

const zip64 = (kind: UploadKind) =>
  `Ce classeur utilise le format ZIP64, inutile pour ${kind.name} : enregistrez-le à nouveau depuis Excel ou envoyez-le au format .csv.`;

const UNREADABLE =
  "Ce fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le à nouveau depuis Excel ou LibreOffice, ou envoyez-le au format .csv.";
/** Entries in an .xlsx: ~10 usually, a few dozen with images or comments. */
export const MAX_ZIP_ENTRIES = 1000;

/** The entries listed by the end-of-central-directory record (at most `maxEntries`). Throws ZipRefusal. */
export function readCentralDirectory(data: Buffer, maxEntries = MAX_ZIP_ENTRIES, kind: UploadKind = AN_UPLOAD): ZipEntryInfo[] {
  // the end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end
  const from = Math.max(0, data.length - 22 - 0xffff);
  let end = -1;
  for (let i = data.length - 22; i >= from; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipRefusal(UNREADABLE);
  const count = data.readUInt16LE(end + 10);
  const dirSize = data.readUInt32LE(end + 12);
  const dirOffset = data.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipRefusal(zip64(kind));
  if (count > maxEntries) throw new ZipRefusal(`Ce classeur contient ${count} parties (plus de ${maxEntries}) : ce n'est pas ${kind.name}. ${kind.startAgain}`);
  if (dirOffset + dirSize > end) throw new ZipRefusal(UNREADABLE);
  const entries: ZipEntryInfo[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || data.readUInt32LE(p) !== 0x02014b50) throw new ZipRefusal(UNREADABLE);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    const entry: ZipEntryInfo = {
      flags: data.readUInt16LE(p + 8),
      method: data.readUInt16LE(p + 10),
      crc: data.readUInt32LE(p + 16),
      compressedSize: data.readUInt32LE(p + 20),
      size: data.readUInt32LE(p + 24),
      localHeaderOffset: data.readUInt32LE(p + 42),
      name: data.toString("utf8", p + 46, p + 46 + nameLength),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localHeaderOffset === 0xffffffff) {
      throw new ZipRefusal(zip64(kind));
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export const findEntry = (entries: ZipEntryInfo[], name: string) => entries.find((e) => e.name === name) ?? null;

/** The entry's compressed bytes, located through its local header. */
function compressedBytes(data: Buffer, entry: ZipEntryInfo): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > data.length || data.readUInt32LE(p) !== 0x04034b50) throw new ZipRefusal(UNREADABLE);
  if (entry.flags & 0x1) throw new ZipRefusal("Ce classeur est protégé par un mot de passe : enregistrez-le sans mot de passe puis envoyez-le à nouveau.");
  const start = p + 30 + data.readUInt16LE(p + 26) + data.readUInt16LE(p + 28);
  if (start + entry.compressedSize > data.length) throw new ZipRefusal(UNREADABLE);
  return data.subarray(start, start + entry.compressedSize);
}

/**
 * Streams an entry's inflated bytes to `onChunk`, which returns false to stop early (the rest is never
 * inflated). Inflates at most the declared size: beyond it the file lies and is refused (`lying`).
 * A complete read checks the size and CRC-32 the directory declared.
 */
export async function inflateEntry(data: Buffer, entry: ZipEntryInfo, onChunk: (chunk: Buffer) => boolean, lying: string): Promise<void> {
  const input = compressedBytes(data, entry);
  if (entry.method === 0) {
    if (input.length !== entry.size) throw new ZipRefusal(lying);
    for (let i = 0; i < input.length; i += 64 * 1024) if (!onChunk(input.subarray(i, i + 64 * 1024))) return;
    if (crc32(input) >>> 0 !== entry.crc) throw new ZipRefusal(UNREADABLE);
    return;
  }
  if (entry.method !== 8) throw new ZipRefusal(UNREADABLE);
  await new Promise<void>((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let size = 0;
    let crc = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      inflate.destroy();
      if (error) reject(error);
      else resolve();
    };
    inflate.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > entry.size) return settle(new ZipRefusal(lying));
      crc = crc32(chunk, crc);
      try {
        if (!onChunk(chunk)) settle();
      } catch (e) {
        settle(e as Error);
      }
    });
    inflate.on("error", () => settle(new ZipRefusal(UNREADABLE)));
    inflate.on("end", () => {
      if (size !== entry.size) settle(new ZipRefusal(lying));
      else if (crc >>> 0 !== entry.crc) settle(new ZipRefusal(UNREADABLE));
      else settle();
    });
    inflate.end(input);
  });
}

export { UNREADABLE as ZIP_UNREADABLE };
