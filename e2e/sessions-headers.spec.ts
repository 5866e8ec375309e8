// Sessions, cookies, security headers, logs and graceful shutdown, over real HTTP against the
// production build (OWASP ASVS 4.0.3 level 2: V3 session management, V14.4 HTTP security
// headers, V7.1 no sensitive data in logs, V8.3 sensitive data not in URLs or leaked by them).
//
// This spec starts its own server (not the shared one of playwright.config.ts): it needs the
// server's stdout (request logs ON), a proxy-trusting setting to play HTTPS behind a proxy, and
// to send it SIGTERM at the end. It runs `node server.mjs` from the build made before the run.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { DEMO, expect, test, visit } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const HTTPS_ORIGIN = `https://127.0.0.1:${PORT}`;
const DATA_DIR = path.join(".e2e-data", `f-sessions-${process.pid}`);
const ORG = `/o/${DEMO.slug}`;

let server: ChildProcess | undefined;
let exit: Promise<number | null> | undefined;
const output: string[] = [];

function out(): string {
  return output.join("");
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    PGLITE_DIR: DATA_DIR,
    PRAXIS_SEED_DEMO: "1",
    // The tests play a TLS-terminating proxy on loopback by sending X-Forwarded-Proto.
    TRUST_PROXY: "loopback",
  };
  delete env.DATABASE_URL;
  delete env.LOG_REQUESTS;
  delete env.PRAXIS_ORIGIN;
  server = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  server.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
  exit = new Promise((resolve) => server!.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited at start-up:\n${out()}`);
    const ok = await fetch(`${ORIGIN}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not start:\n${out()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill("SIGKILL");
    await exit;
  }
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers: plain fetch, cookies by hand, never following redirects.

type Opts = { cookie?: string; https?: boolean; form?: Record<string, string>; headers?: Record<string, string> };

async function req(pathname: string, opts: Opts = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.https) headers["X-Forwarded-Proto"] = "https";
  let body: string | undefined;
  if (opts.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers.Origin ??= opts.https ? HTTPS_ORIGIN : ORIGIN;
    body = new URLSearchParams(opts.form).toString();
  }
  return fetch(`${ORIGIN}${pathname}`, { method: opts.form ? "POST" : "GET", headers, body, redirect: "manual" });
}

function sessionCookie(res: Response): { pair: string; header: string } {
  const header = res.headers.getSetCookie().find((c) => /^(__Host-)?praxis_session=/.test(c));
  expect(header, "a session cookie was set").toBeTruthy();
  return { pair: header!.split(";")[0]!, header: header! };
}

function tokenOf(pair: string): string {
  return pair.slice(pair.indexOf("=") + 1);
}

async function signIn(email: string, password = DEMO.password, opts: Opts = {}): Promise<Response> {
  return req("/sign-in", { ...opts, form: { email, password, redirectTo: "/" } });
}

async function signedIn(email: string, password = DEMO.password): Promise<string> {
  const res = await signIn(email, password);
  expect(res.status, `sign-in of ${email}`).toBe(302);
  return sessionCookie(res).pair;
}

/** A signed-in request is one that answers 200; a refused session is sent to sign-in. */
async function expectSignedOut(cookie: string, pathname = ORG): Promise<void> {
  const res = await req(pathname, { cookie });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
}

// ---------------------------------------------------------------------------------------------

test.describe("security headers (V14.4)", () => {
  function expectSecurityHeaders(res: Response, label: string): void {
    const csp = res.headers.get("content-security-policy") ?? "";
    const directives = new Map(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );
    const scriptSrc = directives.get("script-src") ?? [];
    expect(scriptSrc, `${label}: script-src`).toContain("'self'");
    expect(scriptSrc.some((v) => /^'nonce-[A-Za-z0-9+/]{22}==?'$/.test(v)), `${label}: a script nonce`).toBe(true);
    expect(scriptSrc, `${label}: no unsafe-inline scripts`).not.toContain("'unsafe-inline'");
    expect(scriptSrc, `${label}: no eval`).not.toContain("'unsafe-eval'");
    expect(directives.get("default-src"), label).toEqual(["'self'"]);
    expect(directives.get("object-src"), label).toEqual(["'none'"]);
    expect(directives.get("base-uri"), label).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors"), label).toEqual(["'none'"]);
    expect(directives.get("form-action"), label).toEqual(["'self'"]);
    // Nothing from another origin may load: no host names anywhere in the policy.
    expect(csp, `${label}: no third-party source`).not.toMatch(/https?:\/\/|\*/);
    expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
    expect(res.headers.get("x-frame-options"), label).toBe("DENY");
    expect(res.headers.get("referrer-policy"), label).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("permissions-policy"), label).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
    expect(res.headers.get("x-request-id"), label).toMatch(/^[\w.-]+$/);
    expect(res.headers.get("x-powered-by"), label).toBeNull();
  }

  test("on pages, data, downloads, errors, 404s, refusals and static files; no-store on everything dynamic; HSTS over HTTPS only", async () => {
    const admin = await signedIn(DEMO.admin);
    const signInPage = await req("/sign-in");
    const html = await signInPage.text();
    const asset = html.match(/<script[^>]*\ssrc="(\/build\/[^"]+\.js)"/)?.[1] ?? html.match(/href="(\/build\/[^"]+\.js)"/)?.[1];
    expect(asset, "a script from /build in the sign-in page").toBeTruthy();

    const dynamic: [string, string, Opts, number][] = [
      ["public page", "/sign-in", {}, 200],
      ["signed-in page", ORG, { cookie: admin }, 200],
      ["data request", `${ORG}/plans?_data=${encodeURIComponent("routes/o.$org.plans._index")}`, { cookie: admin }, 200],
      ["CSV download", `${ORG}/plans.csv`, { cookie: admin }, 200],
      ["404 page", `${ORG}/plans/00000000-0000-4000-8000-000000000000`, { cookie: admin }, 404],
      ["404 with no route", "/no-such-page/at-all", {}, 404],
      ["403 cross-origin refusal", "/sign-out", { form: {}, headers: { Origin: "https://evil.example" } }, 403],
      ["redirect to sign-in", ORG, {}, 302],
      ["unknown invitation link", `/invite/${"x".repeat(43)}`, {}, 404],
    ];
    for (const [label, p, opts, status] of dynamic) {
      const res = await req(p, opts);
      expect(res.status, label).toBe(status);
      expectSecurityHeaders(res, label);
      expect(res.headers.get("cache-control"), `${label}: not cached`).toMatch(/no-store/);
      expect(res.headers.get("strict-transport-security"), `${label}: no HSTS over plain HTTP`).toBeNull();
    }

    const csv = await req(`${ORG}/plans.csv`, { cookie: admin });
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment/);

    const staticFile = await req(asset!);
    expect(staticFile.status).toBe(200);
    expectSecurityHeaders(staticFile, "static script");
    // Public, fingerprinted code: cached for good on purpose (it holds no one's data).
    expect(staticFile.headers.get("cache-control")).toMatch(/immutable/);
    const favicon = await req("/favicon.svg");
    expect(favicon.status).toBe(200);
    expectSecurityHeaders(favicon, "favicon");
    const health = await req("/healthz");
    expectSecurityHeaders(health, "healthz");
    expect(health.headers.get("cache-control")).toBe("no-store");

    // Behind a TLS-terminating proxy (TRUST_PROXY set, X-Forwarded-Proto: https): HSTS everywhere.
    for (const p of ["/sign-in", "/no-such-page", asset!, "/healthz"]) {
      const res = await req(p, { https: true });
      expectSecurityHeaders(res, `${p} over https`);
      expect(res.headers.get("strict-transport-security"), `${p} over https`).toBe("max-age=31536000; includeSubDomains");
    }
    const page = await req(ORG, { https: true, cookie: admin.replace(/^praxis_session=/, "__Host-praxis_session=") });
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(page.headers.get("cache-control")).toMatch(/no-store/);
  });

  test("every script element carries the response's nonce, and no page has inline handlers or third-party sources", async () => {
    const admin = await signedIn(DEMO.admin);
    const seen = new Set<string>();
    const pages: [string, string | undefined, number][] = [
      ["/sign-in", undefined, 200],
      ["/sign-up", undefined, 200],
      [ORG, admin, 200],
      [`${ORG}/dashboards`, admin, 200],
      [`${ORG}/budget`, admin, 200],
      [`${ORG}/plans`, admin, 200],
      [`${ORG}/members`, admin, 200],
      [`${ORG}/plans/00000000-0000-4000-8000-000000000000`, admin, 404],
      [`/invite/${"y".repeat(43)}`, undefined, 404],
      [`/respond/${"z".repeat(43)}`, undefined, 404],
    ];
    for (const [p, cookie, status] of pages) {
      const res = await req(p, { cookie });
      expect(res.status, p).toBe(status);
      const html = await res.text();
      const nonce = res.headers.get("content-security-policy")!.match(/'nonce-([^']+)'/)![1]!;
      expect(seen.has(nonce), "a fresh nonce per response").toBe(false);
      seen.add(nonce);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, `${p}: has scripts`).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `${p}: ${tag}`).toContain(`nonce="${nonce}"`);
      expect(html, `${p}: no inline event handler`).not.toMatch(/<[^>]+\son[a-z]+=/i);
      expect(html, `${p}: no javascript: URL`).not.toMatch(/(href|src|action)="\s*javascript:/i);
      // What the page itself loads or submits to (a plain link to another site is not a request).
      const loads = [...html.matchAll(/<(?:script|img|iframe|link|form|source|video|audio|object|embed)\b[^>]*\s(?:src|href|action|data)="(?:https?:)?\/\/([^"/]+)/g)];
      const external = loads.map((m) => m[1]);
      expect(external.filter((host) => host !== `127.0.0.1:${PORT}`), `${p}: third-party sources`).toEqual([]);
    }
  });

  test("in a browser, pages with charts run under the policy without a single violation", async ({ page }) => {
    await page.goto(`${ORIGIN}/sign-in`);
    await page.getByLabel("Email", { exact: true }).fill(DEMO.admin);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Signed in as")).toBeVisible();
    const violations: string[] = [];
    await page.exposeFunction("reportViolation", (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        (window as unknown as { reportViolation: (v: string) => void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    for (const p of [`${ORG}/dashboards`, `${ORG}/budget`]) {
      await visit(page, `${ORIGIN}${p}`);
      await expect(page.locator("canvas").first()).toBeVisible();
    }
    // The fixture fails the test on any console error too (Chromium reports CSP refusals there).
    expect(violations).toEqual([]);
  });
});

test.describe("a POST without a form (issue 15)", () => {
  test("is a 400 that says a form was expected, not a 500; the same POST with its form is answered", async () => {
    const admin = await signedIn(DEMO.admin);
    const url = `${ORIGIN}${ORG}/export.zip`;
    const headers = { Cookie: admin, Origin: ORIGIN };
    for (const [label, init] of [
      ["no body", { headers }],
      ["JSON", { headers: { ...headers, "Content-Type": "application/json" }, body: '{"confirm":"yes"}' }],
      ["plain text", { headers: { ...headers, "Content-Type": "text/plain" }, body: "confirm=yes" }],
    ] as const) {
      const res = await fetch(url, { method: "POST", redirect: "manual", ...init });
      expect(res.status, label).toBe(400);
      expect(await res.text(), label).toContain("A form was expected");
      expect(res.headers.get("x-content-type-options"), label).toBe("nosniff");
    }
    const withForm = await req(`${ORG}/export.zip`, { cookie: admin, form: { confirm: "yes" } });
    expect(withForm.status).toBe(200);
    expect(withForm.headers.get("content-type")).toMatch(/^application\/zip/);
  });
});

test.describe("sessions and cookies (V3)", () => {
  test("cookie flags over HTTP, and over HTTPS behind a proxy: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/", async () => {
    const plain = sessionCookie(await signIn(DEMO.staff));
    expect(plain.header).toMatch(/^praxis_session=[A-Za-z0-9_-]{43}; /);
    const attrs = plain.header.split("; ");
    expect(attrs).toEqual(expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax"]));
    expect(attrs).not.toContain("Secure");
    expect(plain.header).not.toMatch(/Domain=/i);

    const res = await signIn(DEMO.staff, DEMO.password, { https: true });
    expect(res.status).toBe(302);
    const secure = sessionCookie(res);
    expect(secure.header).toMatch(/^__Host-praxis_session=[A-Za-z0-9_-]{43}; /);
    expect(secure.header.split("; ")).toEqual(expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax", "Secure"]));
    expect(secure.header).not.toMatch(/Domain=/i);
    expect((await req(ORG, { https: true, cookie: secure.pair })).status).toBe(200);
    // Over HTTPS a cookie without the prefix (which a plain-HTTP page or a subdomain could plant) is ignored.
    expect((await req(ORG, { https: true, cookie: `praxis_session=${tokenOf(secure.pair)}` })).status).toBe(302);
  });

  test("sign-in never keeps the cookie the browser brought: a planted token and a previous session both stop working", async () => {
    const planted = `praxis_session=${"Q".repeat(43)}`;
    const first = await signIn(DEMO.elected, DEMO.password, { cookie: planted });
    expect(first.status).toBe(302);
    const a = sessionCookie(first).pair;
    expect(tokenOf(a)).not.toBe(tokenOf(planted));
    await expectSignedOut(planted);
    expect((await req(ORG, { cookie: a })).status).toBe(200);

    const second = await signIn(DEMO.elected, DEMO.password, { cookie: a });
    const b = sessionCookie(second).pair;
    expect(tokenOf(b)).not.toBe(tokenOf(a));
    await expectSignedOut(a);
    expect((await req(ORG, { cookie: b })).status).toBe(200);
  });

  test("sign-out ends the session on the server: replaying the old cookie fails", async () => {
    const cookie = await signedIn(DEMO.departmentHead);
    expect((await req(ORG, { cookie })).status).toBe(200);
    const out = await req("/sign-out", { cookie, form: {} });
    expect(out.status).toBe(302);
    expect(sessionCookie(out).header).toMatch(/^praxis_session=; .*Max-Age=0/);
    await expectSignedOut(cookie);
  });

  test("a password change re-issues this browser's session and signs every other device out", async () => {
    const email = `pw-${Date.now()}@example.test`;
    const password = "amber falcon ledger 58";
    const slug = `f-pw-${Date.now().toString(36)}`;
    const signUp = await req("/sign-up", {
      form: { displayName: "Robin Castellano", email, password, orgName: "Village of Testmere", orgSlug: slug, orgKind: "village", orgState: "VT" },
    });
    expect(signUp.status, await signUp.clone().text()).toBe(302);
    const laptop = sessionCookie(signUp).pair;
    const phone = await signedIn(email, password);
    const change = await req("/account", {
      cookie: laptop,
      form: { currentPassword: password, newPassword: "cobalt meadow sextant 31", confirmPassword: "cobalt meadow sextant 31" },
    });
    expect(change.status).toBe(302);
    expect(change.headers.get("location")).toBe("/account?changed=1");
    const fresh = sessionCookie(change).pair;
    expect(tokenOf(fresh)).not.toBe(tokenOf(laptop));
    await expectSignedOut(laptop, `/o/${slug}`);
    await expectSignedOut(phone, `/o/${slug}`);
    expect((await req(`/o/${slug}`, { cookie: fresh })).status).toBe(200);
  });
});

test.describe("logs (V7.1) and tokens in URLs (V8.3)", () => {
  test("request logs are JSON lines naming the route, and hold no password, token, cookie, session id or email", async () => {
    const from = out().length;
    const wrong = "definitely-Not-the-password-917";
    const failed = await signIn(DEMO.admin, wrong);
    expect(failed.status).toBe(400);
    const ok = await signIn(DEMO.admin);
    expect(ok.status).toBe(302);
    const admin = sessionCookie(ok).pair;
    const requestId = ok.headers.get("x-request-id")!;

    // A real invitation link, then opening it signed out.
    const invitee = `invitee-${Date.now()}@example.test`;
    const invite = await req(`${ORG}/members?_data=${encodeURIComponent("routes/o.$org.members")}`, {
      cookie: admin,
      form: { intent: "invite", email: invitee, role: "elected_official" },
    });
    expect(invite.status).toBe(200);
    const link = ((await invite.json()) as { issued: { link: string } }).issued.link;
    const inviteToken = link.match(/\/invite\/([^/?#]+)$/)![1]!;
    const opened = await req(new URL(link).pathname);
    expect(opened.status).toBe(200);
    // A survey link (unknown here: the token is in the path all the same) and a query string.
    const respondToken = "R".repeat(20) + Date.now().toString(36) + "r".repeat(10);
    expect((await req(`/respond/${respondToken}`)).status).toBe(404);
    expect((await req(`/respond/${respondToken}/results`)).status).toBe(404);
    expect((await req(`/sign-in?redirectTo=${encodeURIComponent("/o/riverton/plans?secret=" + inviteToken)}`)).status).toBe(200);
    await expectSignedOut(admin.replace(/=.*/, `=${inviteToken}`));
    await new Promise((r) => setTimeout(r, 300));

    const written = out().slice(from);
    const lines = written.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const entries = lines.map((l) => {
      expect(() => JSON.parse(l), `one JSON object per line: ${l}`).not.toThrow();
      return JSON.parse(l) as Record<string, unknown>;
    });
    for (const e of entries.filter((x) => x.msg === "request")) {
      expect(Object.keys(e).sort()).toEqual(
        (e.route === null ? ["durationMs", "level", "method", "msg", "path", "requestId", "route", "status", "time"] : ["durationMs", "level", "method", "msg", "requestId", "route", "status", "time"]).sort(),
      );
      expect(typeof e.durationMs).toBe("number");
      expect(new Date(String(e.time)).toISOString()).toBe(e.time);
    }
    const signInLine = entries.find((e) => e.requestId === requestId);
    expect(signInLine).toMatchObject({ level: "info", msg: "request", method: "POST", route: "/sign-in", status: 302 });
    expect(entries.filter((e) => e.route === "/invite/:token").length).toBeGreaterThanOrEqual(1);
    expect(entries.filter((e) => e.route === "/respond/:token").length).toBe(1);
    expect(entries.filter((e) => e.route === "/respond/:token/results").length).toBe(1);

    for (const secret of [DEMO.password, wrong, inviteToken, respondToken, tokenOf(admin), admin, invitee, DEMO.admin, "secret="]) {
      expect(written, `the logs contain ${secret}`).not.toContain(secret);
    }
    expect(written).not.toMatch(/praxis_session|cookie|password/i);
  });

  test("pages at token addresses tell browsers to send no path onward, and load nothing from elsewhere", async () => {
    for (const p of [`/invite/${"x".repeat(43)}`, `/respond/${"x".repeat(43)}`]) {
      const res = await req(p);
      // strict-origin-when-cross-origin: another site sees at most our origin, never the token path.
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("cache-control")).toMatch(/no-store/);
      const html = await res.text();
      expect(html).not.toMatch(/<(?:script|img|iframe|link|form)\b[^>]*\s(?:src|href|action)="(?:https?:)?\/\/(?!127\.0\.0\.1)/);
    }
  });
});

test.describe("graceful shutdown", () => {
  test("on SIGTERM: stops accepting, finishes the request in flight, closes the database, exits 0", async () => {
    test.setTimeout(60_000);
    const body = new URLSearchParams({ email: DEMO.admin, password: DEMO.password, redirectTo: "/" }).toString();
    const half = Math.floor(body.length / 2);
    let answer: (v: { status: number; cookie: string }) => void = () => {};
    let fail: (e: unknown) => void = () => {};
    const response = new Promise<{ status: number; cookie: string }>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
    const slow = http.request(
      `${ORIGIN}/sign-in`,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), Origin: ORIGIN },
      },
      (res) => {
        res.resume();
        res.on("end", () => answer({ status: res.statusCode ?? 0, cookie: String(res.headers["set-cookie"] ?? "") }));
      },
    );
    slow.on("error", fail);
    // Half the form now, the rest after SIGTERM: the request is in flight when the signal comes.
    slow.write(body.slice(0, half));
    await new Promise((r) => setTimeout(r, 500));
    const from = out().length;
    server!.kill("SIGTERM");
    await expect.poll(() => out().slice(from), { timeout: 5_000 }).toContain('"msg":"shutting down"');
    // No new connections once shutting down.
    // A new connection (no pooled keep-alive socket) is refused.
    const refused = await new Promise<string>((resolve) => {
      http
        .get(`${ORIGIN}/healthz`, { agent: false }, (res) => {
          res.resume();
          resolve(`answered ${res.statusCode}`);
        })
        .on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    expect(refused).toBe("ECONNREFUSED");
    expect(server!.exitCode).toBeNull();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(server!.exitCode, "still waiting for the request in flight").toBeNull();
    slow.end(body.slice(half));
    const answered = await response;
    expect(answered.status).toBe(302);
    expect(answered.cookie).toMatch(/^praxis_session=/);
    expect(await exit).toBe(0);
    const after = out().slice(from);
    expect(after).toContain('"msg":"stopped","database":"closed"');
  });
});

