// Pure parsing of beta.gouv.fr startups registry records (R19): one Markdown file per product with YAML
// front matter (content/_startups/<id>.md), or the registry's JSON (startups.json: an array of records with
// the same fields, the id in `id`). Each record is validated field by field; a refusal names the record,
// the field and a French reason. Nothing here touches the database.
import { parse as parseYaml } from "yaml";
import type { ProductPhase } from "../../../db/schema";

/** Registry phase names → the app's product_phase values (CHECK of migration 0001). */
export const registryPhases: Record<string, ProductPhase> = {
  investigation: "investigation",
  construction: "construction",
  acceleration: "acceleration",
  transfer: "transfert",
  success: "consolidation",
  alumni: "arret",
};

export interface RegistryPhase {
  phase: ProductPhase;
  start: string;
  end: string | null;
}
export interface RegistryRecord {
  registryId: string;
  title: string;
  mission: string;
  incubator: string | null;
  sponsors: string[];
  phases: RegistryPhase[];
  link: string | null;
  repository: string | null;
  statsUrl: string | null;
  contact: string | null;
}
export interface RegistryRefusal {
  record: string;
  field: string;
  reason: string;
}
export interface ParsedRegistry {
  records: RegistryRecord[];
  refused: RegistryRefusal[];
}

const ID = /^[a-z0-9][a-z0-9._-]{0,199}$/i;

/**
 * Bounds of a record, far above the registry's (a front matter of ~0.5 Ko, at most 6 phases and a few
 * sponsors): YAML parsing is super-linear on hostile input (256 Ko of keys take ~20 s), so the front matter
 * is bounded before it is parsed, and a record's lists before they are walked.
 */
export const MAX_FRONT_MATTER_BYTES = 16 * 1024;
export const MAX_PHASES = 30;
export const MAX_SPONSORS = 30;
/** Records of one upload (the registry has ~1,700) and refusals listed per record. */
export const MAX_RECORDS = 5000;
const MAX_REFUSALS_PER_RECORD = 10;
/** YAML: no alias may expand into more than a handful of nodes ("billion laughs"), no merge keys, no custom tags. */
const YAML_OPTIONS = { maxAliasCount: 50, merge: false, schema: "core", logLevel: "error", uniqueKeys: true } as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== "string") return null;
  const s = v.trim().slice(0, 10);
  if (!DATE.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

const optText = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const url = (v: unknown): string | null => {
  const s = optText(v);
  return s && /^https?:\/\/\S+$/.test(s) ? s : null;
};

/** Validates one record's fields (front matter or JSON object). */
export function validateRecord(registryId: string, data: unknown): { record: RegistryRecord | null; refused: RegistryRefusal[] } {
  const refused: RegistryRefusal[] = [];
  const no = (field: string, reason: string) => refused.push({ record: registryId, field, reason });
  if (!ID.test(registryId)) no("id", "L'identifiant de la fiche (le nom du fichier) ne doit contenir que des lettres, chiffres, tirets, points ou soulignés.");
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    no("fiche", "La fiche n'a pas d'en-tête YAML lisible (entre deux lignes « --- »).");
    return { record: null, refused };
  }
  const d = data as Record<string, unknown>;
  const title = optText(d.title);
  if (!title) no("title", "Le nom du produit (title) manque.");
  else if (title.length > 200) no("title", "Le nom du produit (title) dépasse 200 caractères.");
  const sponsors: string[] = [];
  if (d.sponsors !== undefined && d.sponsors !== null) {
    if (!Array.isArray(d.sponsors)) no("sponsors", "Les sponsors doivent être une liste (par exemple « - /organisations/dinum »).");
    else if (d.sponsors.length > MAX_SPONSORS)
      no("sponsors", `La fiche a ${d.sponsors.length} sponsors (plus de ${MAX_SPONSORS}) : ce n'est pas une fiche du registre.`);
    else
      for (const s of d.sponsors) {
        const t = optText(s);
        if (t) sponsors.push(t);
        else no("sponsors", "Un sponsor est vide ou n'est pas un texte.");
      }
  }
  const phases: RegistryPhase[] = [];
  if (!Array.isArray(d.phases) || d.phases.length === 0) no("phases", "La fiche n'a aucune phase : il en faut au moins une, avec son nom et sa date de début.");
  else if (d.phases.length > MAX_PHASES) no("phases", `La fiche a ${d.phases.length} phases (plus de ${MAX_PHASES}) : ce n'est pas une fiche du registre.`);
  else
    d.phases.forEach((p: unknown, i: number) => {
      const n = i + 1;
      const o = (p && typeof p === "object" ? p : {}) as Record<string, unknown>;
      const name = typeof o.name === "string" ? o.name.trim() : "";
      const phase = registryPhases[name];
      if (!phase)
        no(
          `phases[${n}].name`,
          name ? `La phase « ${name} » est inconnue (attendu : ${Object.keys(registryPhases).join(", ")}).` : `La phase n° ${n} n'a pas de nom.`,
        );
      const start = isoDate(o.start);
      if (!start)
        no(
          `phases[${n}].start`,
          o.start === undefined || o.start === null || o.start === ""
            ? `La phase n° ${n}${name ? ` (${name})` : ""} n'a pas de date de début.`
            : `La date de début de la phase n° ${n} n'est pas une date (AAAA-MM-JJ).`,
        );
      const hasEnd = o.end !== undefined && o.end !== null && o.end !== "";
      const end = hasEnd ? isoDate(o.end) : null;
      if (hasEnd && !end) no(`phases[${n}].end`, `La date de fin de la phase n° ${n} n'est pas une date (AAAA-MM-JJ).`);
      if (start && end && end < start) no(`phases[${n}].end`, `La phase n° ${n}${name ? ` (${name})` : ""} finit le ${end}, avant son début le ${start}.`);
      if (phase && start) phases.push({ phase, start, end });
    });
  const sorted = [...phases].sort((a, b) => a.start.localeCompare(b.start));
  const seen = new Set<string>();
  for (const p of sorted) {
    const k = `${p.phase}@${p.start}`;
    if (seen.has(k)) no("phases", `La phase ${p.phase} commençant le ${p.start} figure deux fois.`);
    seen.add(k);
  }
  const link = url(d.link);
  const statsUrl = url(d.stats_url) ?? (d.stats === true && link ? `${link.replace(/\/+$/, "")}/stats` : null);
  if (refused.length > MAX_REFUSALS_PER_RECORD) {
    const more = refused.length - MAX_REFUSALS_PER_RECORD;
    refused.splice(MAX_REFUSALS_PER_RECORD, more, { record: registryId, field: "fiche", reason: `… et ${more} autre(s) erreur(s) dans cette fiche.` });
  }
  if (refused.length > 0 || !title) return { record: null, refused };
  return {
    record: {
      registryId,
      title,
      mission: (optText(d.mission) ?? "").slice(0, 2000),
      incubator: optText(d.incubator),
      sponsors,
      phases: sorted,
      link,
      repository: url(d.repository),
      statsUrl,
      contact: optText(d.contact),
    },
    refused,
  };
}

const BROKEN_YAML = "L'en-tête YAML de la fiche est mal formé (indentation, deux-points…) : corrigez-le dans le registre.";

/** A Markdown file's YAML front matter, parsed (null when it has none), or the French reason it is refused. */
export function frontMatter(text: string): { data: unknown } | { refusal: string } {
  const t = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (!t.startsWith("---\n")) return { data: null };
  // the closing line is looked for within the bound only: nothing beyond it is read
  const end = t.slice(0, MAX_FRONT_MATTER_BYTES + 8).search(/\n---(?:\n|$)/);
  if (end < 0) {
    return Buffer.byteLength(t.slice(0, MAX_FRONT_MATTER_BYTES + 8)) > MAX_FRONT_MATTER_BYTES
      ? { refusal: `L'en-tête YAML de la fiche dépasse ${MAX_FRONT_MATTER_BYTES / 1024} Ko : ce n'est pas une fiche du registre.` }
      : { data: null };
  }
  const yaml = t.slice(4, end);
  if (Buffer.byteLength(yaml) > MAX_FRONT_MATTER_BYTES)
    return { refusal: `L'en-tête YAML de la fiche dépasse ${MAX_FRONT_MATTER_BYTES / 1024} Ko : ce n'est pas une fiche du registre.` };
  try {
    return { data: parseYaml(yaml, YAML_OPTIONS) };
  } catch (e) {
    if (e instanceof ReferenceError || /alias/i.test(String((e as Error)?.message)))
      return { refusal: "L'en-tête YAML de la fiche répète des ancres (&) et alias (*) à l'excès : ce n'est pas une fiche du registre." };
    return { refusal: BROKEN_YAML };
  }
}

/** The registry id of a file: its base name without `.md` (e.g. `content/_startups/devex-beta-gouv.md` → `devex-beta-gouv`). */
export const registryIdOf = (fileName: string) => fileName.replace(/\\/g, "/").split("/").pop()!.replace(/\.md$/i, "");

/** One Markdown record. */
export function parseMarkdownRecord(fileName: string, text: string): { record: RegistryRecord | null; refused: RegistryRefusal[] } {
  const id = registryIdOf(fileName);
  const fm = frontMatter(text);
  if ("refusal" in fm) return { record: null, refused: [{ record: id, field: "fiche", reason: fm.refusal }] };
  return validateRecord(id, fm.data);
}

/** startups.json: an array of records, each with its `id` (or an object { id: record }). */
export function parseJsonRecords(fileName: string, text: string): ParsedRegistry {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return {
      records: [],
      refused: [{ record: fileName, field: "fichier", reason: "Ce fichier n'est pas un JSON lisible (startups.json du registre attendu)." }],
    };
  }
  const list: [string, unknown][] = Array.isArray(data)
    ? data.map((r: unknown, i) => {
        const o = (r && typeof r === "object" ? r : {}) as { id?: unknown; attributes?: unknown };
        return [typeof o.id === "string" ? o.id : `ligne ${i + 1}`, o.attributes ?? r];
      })
    : data && typeof data === "object"
      ? Object.entries(data as object)
      : [];
  if (list.length === 0)
    return {
      records: [],
      refused: [{ record: fileName, field: "fichier", reason: "Ce JSON ne contient aucune fiche (un tableau de fiches avec leur « id » est attendu)." }],
    };
  if (list.length > MAX_RECORDS)
    return {
      records: [],
      refused: [
        {
          record: fileName,
          field: "fichier",
          reason: `Ce JSON contient ${list.length} fiches (plus de ${MAX_RECORDS}) : ce n'est pas le registre beta.gouv.fr.`,
        },
      ],
    };
  return mergeParsed(list.map(([id, r]) => validateRecord(id, r)));
}

export function mergeParsed(parts: { record?: RegistryRecord | null; records?: RegistryRecord[]; refused: RegistryRefusal[] }[]): ParsedRegistry {
  const records: RegistryRecord[] = [];
  const refused: RegistryRefusal[] = [];
  const ids = new Set<string>();
  for (const p of parts) {
    for (const r of p.records ?? (p.record ? [p.record] : [])) {
      if (ids.has(r.registryId)) refused.push({ record: r.registryId, field: "id", reason: "Cette fiche figure deux fois dans l'envoi." });
      else {
        ids.add(r.registryId);
        records.push(r);
      }
    }
    refused.push(...p.refused);
  }
  return { records: records.filter((r) => !refused.some((x) => x.record === r.registryId)), refused };
}

/** The current phase on `date`: the latest started on or before it; ended when its end is on or before `date`. */
export function currentRegistryPhase(phases: { phase: ProductPhase; start: string; end: string | null }[], date: string) {
  const started = phases.filter((p) => p.start <= date).sort((a, b) => a.start.localeCompare(b.start));
  return started.at(-1) ?? null;
}

/** Records back in the registry's JSON shape (startups.json): what the preview hands to its confirmation, validated again there. */
export function toRegistryJson(records: RegistryRecord[]): string {
  const nameOf = Object.fromEntries(Object.entries(registryPhases).map(([k, v]) => [v, k]));
  return JSON.stringify(
    records.map((r) => ({
      id: r.registryId,
      title: r.title,
      mission: r.mission,
      incubator: r.incubator,
      sponsors: r.sponsors,
      phases: r.phases.map((p) => ({ name: nameOf[p.phase], start: p.start, ...(p.end ? { end: p.end } : {}) })),
      link: r.link,
      repository: r.repository,
      stats_url: r.statsUrl,
      contact: r.contact,
    })),
  );
}
