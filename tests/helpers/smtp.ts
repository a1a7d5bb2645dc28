// A real SMTP server on a loopback port for the e-mail tests (smtp-server), every message read back with
// mailparser. It can be stopped and started again on the same port (SMTP down, then back) and told to
// refuse a recipient (the server answers 550 to RCPT TO).
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll } from "vitest";
import { loopbackTransport } from "../../app/domain/notifications/transport.server";
import { startMailWorker, type MailWorker } from "../../app/domain/notifications/worker.server";

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  notificationId: string | null;
  kind: string | null;
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  refused: Set<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** the messages to `email` (all of them, or those matching) */
  to(email: string, match?: (m: ReceivedMail) => boolean): ReceivedMail[];
  /** waits until `predicate` holds on what was received (fails after `timeoutMs`) */
  waitFor(predicate: (received: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
}

const addressesOf = (a: ParsedMail["to"]): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => (v.address ?? "").toLowerCase()));

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const refused = new Set<string>();
  let server: SMTPServer | null = null;
  let port = 0;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refused.has(address.address.toLowerCase())) {
          const error = new Error("Destinataire refusé") as Error & { responseCode: number };
          error.responseCode = 550;
          return callback(error);
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            received.push({
              to: addressesOf(parsed.to),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              notificationId: (parsed.headers.get("x-pilotage-notification") as string | undefined) ?? null,
              kind: (parsed.headers.get("x-pilotage-kind") as string | undefined) ?? null,
              parsed,
            });
            callback();
          })
          .catch(callback);
      },
    });
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
  };
  await listen();
  const smtp: TestSmtp = {
    get port() {
      return port;
    },
    received,
    refused,
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    start: listen,
    to: (email, match) => received.filter((m) => m.to.includes(email.toLowerCase()) && (!match || match(m))),
    async waitFor(predicate, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`SMTP de test : rien d'attendu reçu en ${timeoutMs} ms (${received.length} messages reçus)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  return smtp;
}

/**
 * A test file's SMTP server and e-mail worker (pg-boss polling every 0.5 s, no schedules), started when the file
 * loads and stopped after its last test: `const { smtp } = await useTestMail(t.url);`.
 */
export async function useTestMail(databaseUrl: string): Promise<{ smtp: TestSmtp; worker: MailWorker }> {
  const smtp = await startTestSmtp();
  const worker = await startMailWorker({
    connectionString: databaseUrl,
    transport: loopbackTransport("127.0.0.1", smtp.port),
    pollingIntervalSeconds: 0.5,
    schedules: false,
  });
  afterAll(async () => {
    await worker.stop();
    await smtp.stop();
  });
  return { smtp, worker };
}
