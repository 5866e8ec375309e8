// A write refused because the database is away (issue 15, item 4): 503 with Retry-After and a page
// that says to try again, never a 500; once the database is back the same write goes through.
// The server of this test reaches a database of its own on the machine's PostgreSQL
// (127.0.0.1:5432, as `.ci/run` uses) through a TCP relay started here, which the test cuts and
// restores: to the app that is PostgreSQL going away (connections cut, new ones refused) without
// touching the shared server. `npm run faults` does the same with a real PostgreSQL stop and crash.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import postgres from "postgres";
import { expect, expectAccessible, test, unique } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 71;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PG = { host: process.env.PGHOST ?? "127.0.0.1", port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? "postgres" };

/** A loopback TCP relay to PostgreSQL that can be cut (every connection dropped, new ones refused)
 * and opened again on the same port. */
class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(PG.port, PG.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

test.describe("the database goes away while the server runs", () => {
  const relay = new Relay();
  const database = `praxis_e2e_away_${Date.now().toString(36)}`;
  const admin = postgres({ ...PG, database: "postgres", max: 1, onnotice: () => {} });
  let server: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;
  const output: string[] = [];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await admin.unsafe(`create database ${database}`);
    await relay.open();
    server = spawn(process.execPath, ["server.mjs"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(PORT),
        HOST: "127.0.0.1",
        LOG_REQUESTS: "0",
        PRAXIS_SEED_DEMO: "0",
        DATABASE_URL: `postgres://${PG.user}@127.0.0.1:${relay.port}/${database}`,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d) => output.push(String(d)));
    server.stderr?.on("data", (d) => output.push(String(d)));
    exited = new Promise((resolve) => server!.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${output.join("")}`);
      if ((await fetch(`${ORIGIN}/readyz`).then((r) => r.status, () => 0)) === 200) break;
      if (Date.now() > deadline) throw new Error(`The server did not become ready:\n${output.join("")}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    await relay.cut();
    await admin.unsafe(`drop database if exists ${database} with (force)`);
    await admin.end();
  });

  test("a write answers 503 with Retry-After and a page saying to try again; sent again once the database is back, it goes through", async ({ browser }) => {
    const context = await browser.newContext({ baseURL: ORIGIN });
    const page = await context.newPage();
    // The browser logs the 503 itself; anything else in the console fails the test.
    const consoleErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 503/.test(m.text())) consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));

    const slug = unique("outage");
    await page.goto("/sign-up");
    await page.getByLabel("Name", { exact: true }).fill("Town of Outage");
    await page.getByLabel("Web address").fill(slug);
    await page.getByLabel("Kind of government").selectOption("town");
    await page.getByLabel("State or territory").selectOption("VT");
    await page.getByLabel("Your name").fill("Pat Lindqvist");
    await page.getByLabel("Work email").fill(`${slug}@example.test`);
    await page.getByLabel("Password").fill("harbor lights turn 9");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page).toHaveURL(`/o/${slug}`);

    // The form is on screen with the database up; then the database goes away.
    await page.goto(`/o/${slug}/departments`);
    const name = unique("Harbor Patrol");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Code").fill("HARB");
    await relay.cut();

    // A form post without JavaScript (the document request): 503, Retry-After, the page says so.
    const plain = await page.request.post(`/o/${slug}/departments`, {
      form: { name, code: "HARB" },
      headers: { Origin: ORIGIN },
    });
    expect(plain.status()).toBe(503);
    expect(plain.headers()["retry-after"]).toBe("5");
    expect(await plain.text()).toContain("try again");

    // The same form in the browser (a data request, rendered by the error boundary).
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes(`/o/${slug}/departments`));
    await page.getByRole("button", { name: "Add department" }).click();
    const response = await answer;
    expect(response.status()).toBe(503);
    expect(response.headers()["retry-after"]).toBe("5");
    await expect(page.getByRole("heading", { level: 1, name: "Try again in a moment" })).toBeVisible();
    await expect(page.getByText(/cannot reach its database right now, so nothing was saved/)).toBeVisible();
    await expectAccessible(page, "database away");
    await page.setViewportSize({ width: 320, height: 640 });
    await page.screenshot({ path: "test-results/database-away-320.png", fullPage: true });

    // The database is back: the same write, sent again, is made once.
    await relay.open();
    await expect.poll(() => fetch(`${ORIGIN}/readyz`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBe(200);
    await page.goto(`/o/${slug}/departments`);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Code").fill("HARB");
    await page.getByRole("button", { name: "Add department" }).click();
    await expect(page.getByRole("status")).toHaveText(`Added ${name}.`);

    // The server said why in its log, and never answered 500.
    expect(output.join("")).toContain("database unavailable: answered 503");
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});
