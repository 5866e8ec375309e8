import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// A system Chromium when there is one (this machine cannot download Playwright's browsers);
// otherwise Playwright's own, installed by scripts/ensure-browser.mjs.
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (fs.existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return undefined;
}

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = ".e2e-data/pglite";
/** The DNS server e2e/sso.spec.ts starts to prove an organization's email domain (the server asks
 * it for TXT records); next to the server's port unless E2E_DNS_PORT says otherwise. */
export const E2E_DNS_PORT = Number(process.env.E2E_DNS_PORT ?? PORT + 53);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  // Two cores: one browser at a time against one server is the fastest here.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The production build (npm run test:e2e builds first) on a fresh embedded database with the
    // demo city, unless E2E_DATABASE_URL points the server at PostgreSQL.
    command: `rm -rf ${DATA_DIR} .e2e-data/mail && node server.mjs`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      PGLITE_DIR: DATA_DIR,
      PRAXIS_SEED_DEMO: "1",
      LOG_REQUESTS: "0",
      // Mail is written to files the tests read as its recipients would (e2e/mailbox.ts).
      MAIL_FILE_DIR: ".e2e-data/mail",
      PRAXIS_DNS_SERVERS: `127.0.0.1:${E2E_DNS_PORT}`,
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  },
});
