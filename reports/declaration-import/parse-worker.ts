// Worker-thread entry (see parse-off-thread.ts): parses one uploaded file per message, off the server's
// event loop. Built as its own chunk (build/server/parse-worker.js, vite.config.ts) and run from the source
// under tsx in development and tests.
import { parentPort } from "node:worker_threads";
import { parseImportFile } from "./parse";

export interface ParseRequest {
  id: number;
  data: Uint8Array;
  fileName: string;
}
export type ParseReply = { id: number; result: Awaited<ReturnType<typeof parseImportFile>> } | { id: number; error: string };

parentPort?.on("message", async (message: ParseRequest) => {
  let reply: ParseReply;
  try {
    const data = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
    reply = { id: message.id, result: await parseImportFile(data, message.fileName) };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
