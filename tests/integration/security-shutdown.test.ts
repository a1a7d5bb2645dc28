// Graceful shutdown (issue 7): on SIGTERM the built server stops accepting connections, finishes the
// request in flight, closes its pool and stops the embedded PostgreSQL, then exits 0. Also: a backup
// taken with `npm run db:backup` while the app runs reuses its embedded server.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type ServerProcess } from "../helpers/server-process";
import { testPort } from "../helpers/ports";
import { DEMO_PASSWORD, demoAccounts } from "../../seeds/accounts";

const PORT = testPort(3151);
const PG_PORT = testPort(55451);
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("graceful shutdown", () => {
  it(
    "(in production mode: HSTS, Secure cookie) finishes the request in flight, refuses new ones, stops PostgreSQL and exits 0",
    { timeout: 240_000 },
    async () => {
      // production mode (not the demo): HTTPS protections on, secret required
      server = await startServer({ port: PORT, pgPort: PG_PORT, env: { PILOTAGE_DEMO: "", SESSION_SECRET: "secret-de-test-suffisamment-long-1234" } });
      const s = server;
      expect(await canConnect(PG_PORT)).toBe(true);
      const page = await fetch(`${s.url}/connexion`);
      expect(page.headers.get("strict-transport-security")).toMatch(/^max-age=\d+; includeSubDomains$/);
      expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
      const signIn = await fetch(`${s.url}/connexion`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: s.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: demoAccounts.dinum, password: DEMO_PASSWORD, redirectTo: "/" }),
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("set-cookie")).toMatch(/HttpOnly/i);
      expect(signIn.headers.get("set-cookie")).toMatch(/Secure/i);
      expect(signIn.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);

      // a backup while the app runs: the CLI reuses the running embedded server
      const backup = path.join(s.dataDir, "..", "en-marche.dump");
      await promisify(execFile)("npm", ["run", "--silent", "db:backup", "--", "--file", backup], {
        env: { ...process.env, DATABASE_URL: "", EMBEDDED_PG_PORT: String(PG_PORT), PILOTAGE_DATA_DIR: s.dataDir },
      });
      expect(fs.statSync(backup).size).toBeGreaterThan(1000);

      // a sign-in whose body arrives slowly: in flight when SIGTERM comes
      const body = new URLSearchParams({ email: demoAccounts.dinum, password: "pas-le-bon", redirectTo: "/" }).toString();
      const half = Math.floor(body.length / 2);
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          `${s.url}/connexion`,
          {
            method: "POST",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              "Content-Length": String(Buffer.byteLength(body)),
              Origin: s.url,
            },
          },
          (res) => {
            let text = "";
            res.on("data", (d) => (text += String(d)));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        req.write(body.slice(0, half));
        setTimeout(() => req.end(body.slice(half)), 1500);
      });
      await new Promise((r) => setTimeout(r, 300));
      s.child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 400));
      // no longer accepting
      expect(await canConnect(PORT)).toBe(false);
      const done = await response.catch((e) => {
        throw new Error(`${e}\n${s.output()}`);
      });
      expect(done.status).toBe(401);
      expect(done.text).toContain("Adresse électronique ou mot de passe incorrect");
      expect(await s.exited).toBe(0);
      expect(s.output()).toContain("SIGTERM reçu");
      // PostgreSQL stopped cleanly: no server on its port, no postmaster.pid left
      expect(await canConnect(PG_PORT)).toBe(false);
      expect(fs.existsSync(path.join(s.dataDir, "postmaster.pid"))).toBe(false);
    },
  );
});
