// Parses uploaded declaration files (and the registry import's files, R19) in worker threads, so that a large or hostile file never holds the
// HTTP process's event loop (other users are served meanwhile). Each worker has a bounded heap
// (resourceLimits) and each parse a deadline; a worker that runs out of memory or time is terminated and
// the file refused in French. Workers are kept for the next file (a few, one file at a time each) and
// closed after a minute idle; they never keep the process alive.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ParsedChorus, ParsedImport } from "./parse";
import type { ParseReply, ParseRequest } from "./parse-worker";
import type { ParsedRegistry } from "../../app/domain/products/registry-parse";
import type { RegistryFile } from "../registry-import/read-files";

/** Old-generation heap of a worker: a valid file of 2,000 long lines needs ~100 Mo. */
export const PARSE_WORKER_HEAP_MB = 256;
export const PARSE_TIMEOUT_MS = 20_000;
/** Waiting for a free worker (other files being parsed). */
const QUEUE_TIMEOUT_MS = 30_000;
const IDLE_MS = 60_000;
/** Workers at once: leave a core to the HTTP process (and PostgreSQL). */
const MAX_WORKERS = Math.max(1, Math.min(2, os.availableParallelism() - 1));

const refusal = (message: string): ParsedImport => ({ rows: [], errors: [{ row: null, column: null, message }] });

/**
 * The worker's code: the built chunk next to the server bundle (build/server/parse-worker.js), or the
 * TypeScript source loaded through tsx's API (development, tests: a worker does not inherit tsx's hooks).
 */
function workerSource(): { file: URL } | { eval: string } {
  const built = new URL("./parse-worker.js", import.meta.url);
  if (built.protocol === "file:" && fs.existsSync(built)) return { file: built };
  const source = new URL("./parse-worker.ts", import.meta.url);
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  return { eval: `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(source.href)}, ${JSON.stringify(source.href)}))` };
}

interface Slot {
  worker: Worker;
  idleTimer: NodeJS.Timeout | null;
}

const idle: Slot[] = [];
let running = 0;
const waiting: ((slot: Slot | null) => void)[] = [];
let nextId = 1;

function spawn(): Slot {
  const source = workerSource();
  const options = { resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 }, stdout: false, stderr: false };
  // the built chunk is plain JavaScript: no need for the server's tsx hooks (execArgv) in the worker
  const worker = "file" in source ? new Worker(source.file, { ...options, execArgv: [] }) : new Worker(source.eval, { ...options, eval: true });
  const slot: Slot = { worker, idleTimer: null };
  // an idle worker that dies leaves the pool (a busy one is handled by its parse)
  worker.on("error", () => {});
  worker.on("exit", () => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
  });
  return slot;
}

async function acquire(): Promise<Slot | null> {
  const slot = idle.pop();
  if (slot) {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.worker.ref();
    running++;
    return slot;
  }
  if (running < MAX_WORKERS) {
    running++;
    return spawn();
  }
  return new Promise<Slot | null>((resolve) => {
    const timer = setTimeout(() => {
      const i = waiting.indexOf(give);
      if (i >= 0) waiting.splice(i, 1);
      resolve(null);
    }, QUEUE_TIMEOUT_MS);
    const give = (s: Slot | null) => {
      clearTimeout(timer);
      resolve(s);
    };
    waiting.push(give);
  });
}

/** Back to the pool, or handed to the next file waiting; a dead worker's place is freed. */
function release(slot: Slot, alive: boolean): void {
  running--;
  const next = waiting.shift();
  if (next) {
    running++;
    next(alive ? slot : spawn());
    return;
  }
  if (!alive) return;
  slot.worker.unref();
  slot.idleTimer = setTimeout(() => {
    const i = idle.indexOf(slot);
    if (i >= 0) idle.splice(i, 1);
    void slot.worker.terminate();
  }, IDLE_MS);
  slot.idleTimer.unref();
  idle.push(slot);
}

/** What a run in a worker answers when it cannot finish: French messages naming what to do. */
interface Refusals<T> {
  refusal: (message: string) => T;
  busy: string;
  unreadable: string;
  memory: string;
  slow: (seconds: string) => string;
  gone: string;
}

/** Runs one request in a pooled worker; a worker out of memory or time is terminated and the request refused. */
async function runInWorker<T>(request: ParseRequest, transfer: ArrayBuffer[], label: string, r: Refusals<T>, timeoutMs: number): Promise<T> {
  const slot = await acquire();
  if (!slot) return r.refusal(r.busy);
  const { worker } = slot;
  return new Promise<T>((resolve) => {
    let done = false;
    const finish = (result: T, alive: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (!alive) void worker.terminate();
      release(slot, alive);
      resolve(result);
    };
    const onMessage = (reply: ParseReply) => {
      if (reply.id !== request.id) return;
      if ("result" in reply) return finish(reply.result as T, true);
      console.error(`Analyse de ${label} en échec :`, reply.error);
      finish(r.refusal(r.unreadable), true);
    };
    const onError = (e: Error & { code?: string }) => {
      if (e.code === "ERR_WORKER_OUT_OF_MEMORY") finish(r.refusal(r.memory), false);
      else {
        console.error(`Analyse de ${label} en échec :`, e);
        finish(r.refusal(r.unreadable), false);
      }
    };
    const onExit = () => finish(r.refusal(r.gone), false);
    const timer = setTimeout(() => {
      const seconds = Math.ceil(timeoutMs / 1000);
      finish(r.refusal(r.slow(`${seconds} seconde${seconds > 1 ? "s" : ""}`)), false);
    }, timeoutMs);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(request, transfer);
  });
}

/** parseImportFile in a worker thread: the same result, or a French refusal if it takes too much memory or time. */
export async function parseImportFileOffThread(data: Buffer, fileName: string, options: { timeoutMs?: number } = {}): Promise<ParsedImport> {
  // a copy of the bytes is moved to the worker, not cloned (the caller keeps its buffer)
  const bytes = new Uint8Array(data);
  return runInWorker<ParsedImport>(
    { id: nextId++, data: bytes, fileName } satisfies ParseRequest,
    [bytes.buffer],
    `du fichier importé « ${fileName} »`,
    {
      refusal,
      busy: "Le serveur analyse déjà d'autres fichiers : envoyez le vôtre à nouveau dans une minute.",
      unreadable: "Ce fichier n'a pas pu être lu : enregistrez-le à nouveau depuis Excel ou LibreOffice, ou envoyez-le au format .csv.",
      memory: "Ce fichier demande trop de mémoire pour être analysé : gardez seulement les lignes à déclarer, ou envoyez-le au format .csv.",
      slow: (s) => `L'analyse de ce fichier dépasse ${s} : gardez seulement les lignes à déclarer, ou envoyez-le au format .csv.`,
      gone: "Ce fichier n'a pas pu être lu : envoyez-le à nouveau.",
    },
    options.timeoutMs ?? PARSE_TIMEOUT_MS,
  );
}

/** parseChorusFile (the Chorus Pro import, issue 17) in a worker thread: the same result, or a French refusal. */
export async function parseChorusFileOffThread(data: Buffer, fileName: string, options: { timeoutMs?: number } = {}): Promise<ParsedChorus> {
  const bytes = new Uint8Array(data);
  return runInWorker<ParsedChorus>(
    { id: nextId++, kind: "chorus", data: bytes, fileName } satisfies ParseRequest,
    [bytes.buffer],
    `de l'export Chorus Pro « ${fileName} »`,
    {
      refusal: (message) => ({ rows: [], errors: [{ row: null, column: null, message }] }),
      busy: "Le serveur analyse déjà d'autres fichiers : envoyez le vôtre à nouveau dans une minute.",
      unreadable: "Ce fichier n'a pas pu être lu : exportez à nouveau la liste des factures depuis Chorus Pro, au format .csv ou .xlsx.",
      memory: "Ce fichier demande trop de mémoire pour être analysé : exportez les factures de Chorus Pro sur une période plus courte, ou au format .csv.",
      slow: (s) => `L'analyse de ce fichier dépasse ${s} : exportez les factures de Chorus Pro sur une période plus courte, ou au format .csv.`,
      gone: "Ce fichier n'a pas pu être lu : envoyez-le à nouveau.",
    },
    options.timeoutMs ?? PARSE_TIMEOUT_MS,
  );
}

/** readRegistryFiles (R19) in a worker thread: the same result, or a French refusal if it takes too much memory or time. */
export async function readRegistryFilesOffThread(files: RegistryFile[], options: { timeoutMs?: number } = {}): Promise<ParsedRegistry> {
  const copies = files.map((f) => ({ name: f.name, data: new Uint8Array(f.data) }));
  const refused = (reason: string): ParsedRegistry => ({ records: [], refused: [{ record: "envoi", field: "fichier", reason }] });
  return runInWorker<ParsedRegistry>(
    { id: nextId++, kind: "registry", files: copies } satisfies ParseRequest,
    copies.map((c) => c.data.buffer as ArrayBuffer),
    "des fiches du registre",
    {
      refusal: refused,
      busy: "Le serveur analyse déjà d'autres fichiers : envoyez les vôtres à nouveau dans une minute.",
      unreadable: "Ces fichiers n'ont pas pu être lus : envoyez à nouveau les fiches .md, l'archive .zip ou startups.json du registre.",
      memory: "Ces fichiers demandent trop de mémoire pour être analysés : ce ne sont pas des fiches du registre, ou envoyez-les en plusieurs fois.",
      slow: (s) => `L'analyse de ces fichiers dépasse ${s} : ce ne sont pas des fiches du registre, ou envoyez-les en plusieurs fois.`,
      gone: "Ces fichiers n'ont pas pu être lus : envoyez-les à nouveau.",
    },
    options.timeoutMs ?? PARSE_TIMEOUT_MS,
  );
}
