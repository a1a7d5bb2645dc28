// Worker-thread entry (see parse-off-thread.ts): parses one uploaded file per message, off the server's
// event loop — a declaration file, or the files of a registry import (R19). Built as its own chunk
// (build/server/parse-worker.js, vite.config.ts) and run from the source under tsx in development and tests.
import { parentPort } from "node:worker_threads";
import { parseChorusFile, parseImportFile } from "./parse";
import { readRegistryFiles } from "../registry-import/read-files";

export type ParseRequest =
  | { id: number; data: Uint8Array; fileName: string }
  | { id: number; kind: "chorus"; data: Uint8Array; fileName: string }
  | { id: number; kind: "registry"; files: { name: string; data: Uint8Array }[] };
export type ParseReply =
  | {
      id: number;
      result: Awaited<ReturnType<typeof parseImportFile>> | Awaited<ReturnType<typeof parseChorusFile>> | Awaited<ReturnType<typeof readRegistryFiles>>;
    }
  | { id: number; error: string };

const bufferOf = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

parentPort?.on("message", async (message: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = {
      id: message.id,
      result: !("kind" in message)
        ? await parseImportFile(bufferOf(message.data), message.fileName)
        : message.kind === "chorus"
          ? await parseChorusFile(bufferOf(message.data), message.fileName)
          : await readRegistryFiles(message.files.map((f) => ({ name: f.name, data: bufferOf(f.data) }))),
    };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
