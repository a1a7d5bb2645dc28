import { defineConfig } from "@playwright/test";
import { testPort } from "./tests/helpers/ports";

// The built app on its own embedded PostgreSQL (fresh data folder each run), driven by Debian's Chromium.
const port = Number(process.env.E2E_PORT ?? testPort(3100));
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    command: `rm -rf .data/e2e-${port} && tsx server.ts`,
    url: `http://localhost:${port}/connexion`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      PILOTAGE_DATA_DIR: `.data/e2e-${port}/postgres`,
      REMIX_BUILD_DIR: process.env.REMIX_BUILD_DIR ?? "build",
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? testPort(55499))),
      NODE_ENV: "production",
      PILOTAGE_DEMO: "1",
      DATABASE_URL: "",
      // no SMTP server: the app's local capture keeps each message as a file there (read by password-reset.spec.ts)
      SMTP_URL: "",
      SMTP_HOST: "",
      MAIL_CAPTURE_DIR: `.data/e2e-${port}/courriels`,
    },
  },
});
