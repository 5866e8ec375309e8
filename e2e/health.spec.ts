// Liveness and readiness (issue 9, part 5): /healthz says the process answers and never touches
// the database; /readyz makes a real round trip to it and says 503 while it cannot be reached.
// The shared server of playwright.config.ts has its database; a second server, started here from
// the same build with DATABASE_URL pointing at a closed port, has none. `npm run faults` measures
// the same endpoints through a real PostgreSQL restart (docs/reliability.md).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { expect, test } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 70;
const ORIGIN = `http://127.0.0.1:${PORT}`;

/** A loopback port nothing listens on: taken from the system, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

test.describe("health endpoints", () => {
  test("with its database: /healthz and /readyz answer 200, never cached", async ({ request }) => {
    const health = await request.get("/healthz");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });
    expect(health.headers()["cache-control"]).toBe("no-store");
    const ready = await request.get("/readyz");
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect(ready.headers()["cache-control"]).toBe("no-store");
  });

  test.describe("without its database", () => {
    let server: ChildProcess | undefined;
    let exited: Promise<number | null> | undefined;
    const output: string[] = [];

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const dbPort = await closedPort();
      server = spawn(process.execPath, ["server.mjs"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(PORT),
          HOST: "127.0.0.1",
          LOG_REQUESTS: "0",
          DATABASE_URL: `postgres://praxis@127.0.0.1:${dbPort}/praxis`,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      server.stdout?.on("data", (d) => output.push(String(d)));
      server.stderr?.on("data", (d) => output.push(String(d)));
      exited = new Promise((resolve) => server!.once("exit", (code) => resolve(code)));
      const deadline = Date.now() + 90_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`The server exited (${server.exitCode}):\n${output.join("")}`);
        const up = await fetch(`${ORIGIN}/healthz`).then((r) => r.ok, () => false);
        if (up) break;
        if (Date.now() > deadline) throw new Error(`The server did not answer /healthz:\n${output.join("")}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    });

    test.afterAll(async () => {
      if (server && server.exitCode === null) {
        server.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (server.exitCode === null) server.kill("SIGKILL");
      }
    });

    test("the process is alive (/healthz 200), not ready (/readyz 503), and pages say it is starting", async () => {
      const health = await fetch(`${ORIGIN}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });

      const started = Date.now();
      const ready = await fetch(`${ORIGIN}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get("cache-control")).toBe("no-store");
      expect(await ready.json()).toMatchObject({ status: expect.stringMatching(/database unavailable/) });
      // Bounded: a load balancer hears "not ready" at once, not after a connection timeout.
      expect(Date.now() - started).toBeLessThan(5_000);

      const page = await fetch(`${ORIGIN}/sign-in`);
      expect(page.status).toBe(503);
      expect(page.headers.get("retry-after")).toBe("5");
      expect(await page.text()).toContain("database cannot be reached");

      // Still alive a moment later (it retries start-up instead of exiting), and says why in its log.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(server!.exitCode).toBeNull();
      expect((await fetch(`${ORIGIN}/healthz`)).status).toBe(200);
      expect(output.join("")).toContain("database unreachable at start-up");
    });
  });
});
