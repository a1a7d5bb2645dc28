// With no SMTP server configured (the demo, `npm run dev`), the worker sends through a real SMTP
// conversation to this capture server on loopback, which keeps each message as an .eml file (readable in
// any mail client or text editor) in MAIL_CAPTURE_DIR (default .data/courriels). The "Courriels" page
// (/courriels, DINUM) lists the outbox with each message's state and text.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";

export interface MailCapture {
  host: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export async function startMailCapture(options: { dir: string; port?: number; host?: string }): Promise<MailCapture> {
  // smtp-server is only needed for this capture: loaded here, not by a server that has an SMTP_URL
  const { SMTPServer } = await import("smtp-server");
  const host = options.host ?? "127.0.0.1";
  fs.mkdirSync(options.dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Pilotage UO, capture locale des courriels",
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}-${++n}.eml`;
        fs.writeFile(path.join(options.dir, name), Buffer.concat(chunks), (error) => callback(error ?? null));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { host, port, dir: options.dir, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
