// The route inventory and the authorization matrix (issue 9): every route module of the build is
// in e2e/authz/matrix.ts, and every cell of the matrix holds over real HTTP, with real sessions,
// against the production build. Requests only (no pages, hence no axe scan), against a server of
// its own on its own database, so that its hundreds of requests (and the sign-out at the end)
// cannot disturb the other specs.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO, expect, test } from "./fixtures";
import { INVALID, MATRIX, OK, REDIRECT, SIGN_IN, WHO, type Outcome, type RouteRule, type Who } from "./authz/matrix";
import { DRAFT_MARKER, LEAVING_MEMBER_EMAIL, OTHER_ORG_PASSWORD, RECORD_OF_PARAM, type OrgRecords, type RecordKind, type SeededIds } from "./authz/records";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const BASE = `http://localhost:${PORT}`;
const DATA_DIR = ".e2e-data/authz";
const IDS_FILE = ".e2e-data/authz-ids.json";
/** An unknown token: token routes are authorized by the token itself, not by the session. */
const UNKNOWN_TOKEN = "authz-matrix-unknown-token-0000000000";
/** Requests in flight at once: small, the machine has two cores. */
const CONCURRENCY = 4;

type BuildRoute = { id: string; parentId?: string; path?: string; index?: boolean; module: { loader?: unknown; action?: unknown } };
type Method = "GET" | "POST";
type Check = {
  routeId: string;
  method: Method;
  who: Who;
  url: string;
  expected: Outcome;
  /** "ours", "foreign ids in our organization", "our ids in another organization" or a variant's name. */
  variant: string;
};

let server: ChildProcess | undefined;
let serverLog = "";
let ids: SeededIds;
const sessions = new Map<Who, APIRequestContext>();

async function buildRoutes(): Promise<Record<string, BuildRoute>> {
  const build = (await import(url.pathToFileURL(path.resolve("build/index.js")).href)) as { routes: Record<string, BuildRoute> };
  return build.routes;
}

/** The URL pattern of a route: its own path after its parents'. */
function fullPath(routes: Record<string, BuildRoute>, id: string): string {
  const parts: string[] = [];
  for (let r: BuildRoute | undefined = routes[id]; r; r = r.parentId ? routes[r.parentId] : undefined) {
    if (r.path) parts.unshift(r.path);
  }
  return "/" + parts.join("/");
}

function fillPath(pattern: string, rule: RouteRule, orgSlug: string, records: OrgRecords): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === "org") return orgSlug;
    const kind = rule.params?.[name] ?? RECORD_OF_PARAM[name];
    if (kind === "token") return UNKNOWN_TOKEN;
    if (kind === "practice") return "1";
    if (!kind) throw new Error(`The matrix does not say what record :${name} holds (add params to its entry).`);
    return records[kind as RecordKind];
  });
}

function fillQuery(rule: RouteRule, records: OrgRecords): URLSearchParams {
  return new URLSearchParams((rule.query ?? "").replace(/\{(\w+)\}/g, (_m, kind: string) => records[kind as RecordKind]));
}

function hasRecordParam(pattern: string, rule: RouteRule): boolean {
  if (/\{\w+\}/.test(rule.query ?? "")) return true;
  return [...pattern.matchAll(/:(\w+)/g)].some(([, name]) => {
    const kind = rule.params?.[name!] ?? RECORD_OF_PARAM[name!];
    return kind !== undefined && kind !== "token" && kind !== "practice";
  });
}

/** What a response says: a redirect (a data request gets it as 204 + X-Remix-Redirect) or a status. */
function observe(res: APIResponse): Outcome | number {
  const headers = res.headers();
  const location = headers["x-remix-redirect"] ?? (res.status() >= 300 && res.status() < 400 ? headers.location : undefined);
  if (location) return location.startsWith("/sign-in") ? SIGN_IN : REDIRECT;
  return res.status();
}

/** Each expected outcome is exact: a refusal is a 403 or 404 and nothing else, a 400 is only
 * ever "the empty form got past the permission check" (INVALID). */
function holds(expected: Outcome, observed: Outcome | number): boolean {
  if (expected === OK) return typeof observed === "number" && observed >= 200 && observed < 300;
  if (expected === INVALID) return observed === 400 || observed === 422;
  return observed === expected;
}

/** Where a caller may read our record, another organization's record must look like no record at
 * all (reads only: writes with foreign ids are proved with real bodies by the write matrix). */
function foreignExpectation(own: Outcome, rule: RouteRule): Outcome {
  const override = rule.foreign?.GET;
  if (override !== undefined) return override;
  // A refusal stays a refusal (and a redirect made before any lookup stays one); anything that
  // answered about our record (2xx, 400, 410) must not answer about theirs.
  if (own === 403 || own === 404 || own === REDIRECT || own === SIGN_IN) return own;
  return 404;
}

function checksFor(routes: Record<string, BuildRoute>): Check[] {
  const checks: Check[] = [];
  const ourSlug = DEMO.slug;
  for (const [routeId, rule] of Object.entries(MATRIX)) {
    const route = routes[routeId];
    if (!route) continue;
    const pattern = fullPath(routes, routeId);
    for (const method of ["GET", "POST"] as const) {
      const row = rule[method];
      if (!row) continue;
      const withQuery = (u: string, records: OrgRecords) => {
        const q = fillQuery(rule, records);
        // An index route shares its URL with its layout: Remix tells them apart by `?index`.
        if (route.index) q.set("index", "");
        q.set("_data", routeId);
        return `${u}?${q.toString().replace(/(^|&)index=(&|$)/, "$1index$2")}`;
      };
      for (const who of WHO) {
        checks.push({ routeId, method, who, url: withQuery(fillPath(pattern, rule, ourSlug, ids.ours), ids.ours), expected: row[who], variant: "ours" });
      }
      for (const [name, variant] of Object.entries(rule.variants ?? {})) {
        const vrow = variant[method];
        if (!vrow) continue;
        const records = { ...ids.ours };
        const vrule: RouteRule = { ...rule, params: { ...rule.params } };
        for (const [param, kind] of Object.entries(variant.params)) {
          // The variant's record goes in under a record kind of its own name for this one URL.
          (records as Record<string, string>)[kind] = ids.variants[kind];
          (vrule.params as Record<string, string>)[param] = kind;
        }
        for (const who of WHO) {
          checks.push({ routeId, method, who, url: withQuery(fillPath(pattern, vrule, ourSlug, records), records), expected: vrow[who], variant: name });
        }
      }
      if (method === "POST" || !hasRecordParam(pattern, rule)) continue;
      for (const who of ["admin", "head", "staff", "elected"] as const) {
        checks.push({
          routeId,
          method,
          who,
          url: withQuery(fillPath(pattern, rule, ourSlug, ids.other), ids.other),
          expected: foreignExpectation(row[who], rule),
          variant: "foreign ids in our organization",
        });
      }
      // The other organization's administrator, in their own organization, with our records.
      checks.push({
        routeId,
        method,
        who: "otherOrg",
        url: withQuery(fillPath(pattern, rule, ids.otherOrgSlug, ids.ours), ids.ours),
        expected: foreignExpectation(row.admin, rule),
        variant: "our ids in another organization",
      });
    }
  }
  return checks;
}

async function signedInContext(email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Origin: BASE } });
  const res = await ctx.post("/sign-in", { form: { email, password, redirectTo: "/" }, maxRedirects: 0 });
  expect(res.status(), `sign-in of ${email}`).toBe(302);
  expect(res.headers()["set-cookie"] ?? "", `session cookie of ${email}`).toContain("praxis_session=");
  return ctx;
}

const timings: { ms: number; what: string }[] = [];
const T0 = Date.now();
function mark(what: string): void {
  if (process.env.AUTHZ_TIMINGS) console.log(`${((Date.now() - T0) / 1000).toFixed(1)} s ${what}`);
}

async function run(check: Check): Promise<string | null> {
  const ctx = sessions.get(check.who)!;
  const t0 = Date.now();
  const res =
    check.method === "GET"
      ? await ctx.get(check.url, { maxRedirects: 0 })
      : await ctx.post(check.url, { form: {}, maxRedirects: 0 });
  timings.push({ ms: Date.now() - t0, what: `${check.method} ${check.routeId} as ${check.who}` });
  const observed = observe(res);
  if (holds(check.expected, observed)) return null;
  const body = typeof observed === "number" && observed >= 500 ? ` — ${(await res.text()).slice(0, 200)}` : "";
  return `${check.method} ${check.routeId} as ${check.who} (${check.variant}): expected ${check.expected}, got ${observed}${body}\n    ${check.url}`;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null && server?.exitCode !== undefined) throw new Error(`The authz server exited:\n${serverLog}`);
    const ok = await fetch(`${BASE}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The authz server did not answer /healthz:\n${serverLog}`);
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(IDS_FILE), { recursive: true });
  // The demo city and a second organization, then the record ids of both (e2e/authz/seed.ts).
  execFileSync(path.resolve("node_modules/.bin/tsx"), ["e2e/authz/seed.ts", IDS_FILE], {
    env: { ...process.env, PGLITE_DIR: DATA_DIR, DATABASE_URL: "", PRAXIS_MIGRATIONS_DIR: path.resolve("drizzle") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  mark("seeded");
  ids = JSON.parse(fs.readFileSync(IDS_FILE, "utf8")) as SeededIds;
  server = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(PORT), PGLITE_DIR: DATA_DIR, DATABASE_URL: "", PRAXIS_SEED_DEMO: "1", LOG_REQUESTS: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (d: Buffer) => (serverLog += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (serverLog += d.toString()));
  await waitForHealth();
  mark("server ready");
  const accounts: [Who, string, string][] = [
    ["admin", DEMO.admin, DEMO.password],
    ["head", DEMO.departmentHead, DEMO.password],
    ["staff", DEMO.staff, DEMO.password],
    ["elected", DEMO.elected, DEMO.password],
    ["otherOrg", ids.otherOrgAdmin, OTHER_ORG_PASSWORD],
  ];
  for (const [who, email, password] of accounts) sessions.set(who, await signedInContext(email, password));
  sessions.set("signedOut", await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Origin: BASE } }));
});

test.afterAll(async () => {
  mark("afterAll");
  for (const ctx of sessions.values()) await ctx.dispose();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  mark("server stopped");
});

test("every route module of the build has an entry in the authorization matrix, and every entry a route", async () => {
  const routes = await buildRoutes();
  const missing = Object.keys(routes).filter((id) => !(id in MATRIX));
  const stale = Object.keys(MATRIX).filter((id) => !(id in routes));
  expect(missing, "routes without a matrix entry (add them to e2e/authz/matrix.ts)").toEqual([]);
  expect(stale, "matrix entries for routes that no longer exist").toEqual([]);
  // Each entry has a row for exactly the methods its module answers.
  const methodMismatches = Object.values(routes).flatMap((r) => {
    const rule = MATRIX[r.id]!;
    const out: string[] = [];
    if (Boolean(r.module.loader) !== Boolean(rule.GET)) out.push(`${r.id}: ${r.module.loader ? "has a loader but no GET row" : "has a GET row but no loader"}`);
    if (Boolean(r.module.action) !== Boolean(rule.POST)) out.push(`${r.id}: ${r.module.action ? "has an action but no POST row" : "has a POST row but no action"}`);
    return out;
  });
  expect(methodMismatches).toEqual([]);
  // Sanity: the manifest is the real one (the app has dozens of routes under /o/:org).
  expect(Object.keys(routes).filter((id) => id.startsWith("routes/o.$org")).length).toBeGreaterThan(50);
});

test("no page or file shows a draft plan, its goal or its objective to staff or elected officials", async () => {
  // Lists that gather plans or objectives across plans: each must leave drafts out for those who
  // may not read them (plans.read_drafts), while an administrator finds the draft in some.
  const o = `/o/${DEMO.slug}`;
  const urls = [
    `${o}?index&_data=routes/o.$org._index`,
    `${o}/plans?index&_data=routes/o.$org.plans._index`,
    `${o}/plans.csv`,
    `${o}/plans/stale?_data=routes/o.$org.plans.stale`,
    `${o}/plans/stale.csv`,
    `${o}/my-department?_data=routes/o.$org.my-department`,
    `${o}/my-department.csv`,
    `${o}/practices/1?_data=routes/o.$org.practices.$number`,
    `${o}/practices/1/linked.csv`,
    `${o}/practices/1/dashboard.csv?table=objectives`,
    `${o}/dashboards?index&_data=routes/o.$org.dashboards._index`,
    `${o}/dashboards.csv?table=objectives-by-department`,
    `${o}/dashboards.csv?table=objectives-by-practice`,
  ];
  const shown: string[] = [];
  const seenByAdmin: string[] = [];
  for (const who of ["admin", "staff", "elected"] as const) {
    for (const u of urls) {
      const res = await sessions.get(who)!.get(u, { maxRedirects: 0 });
      expect(res.status(), `${u} as ${who}`).toBeLessThan(500);
      if (!(await res.text()).includes(DRAFT_MARKER)) continue;
      if (who === "admin") seenByAdmin.push(u);
      else shown.push(`${who}: ${u}`);
    }
  }
  expect(seenByAdmin.length, "the administrator sees the draft somewhere (the check can see it)").toBeGreaterThan(0);
  expect(shown).toEqual([]);
});

test("destructive and cross-organization writes, sent for real, are refused to those who may not and done for those who may", async () => {
  const o = `/o/${DEMO.slug}`;
  const post = (who: Who, u: string, form: Record<string, string>) => sessions.get(who)!.post(u, { form, maxRedirects: 0 });
  const membersCsv = async () => (await sessions.get("admin")!.get(`${o}/members.csv`)).text();
  const remove = (membershipId: string) => ({ intent: "remove", membershipId });
  const membersAction = (slug: string) => `/o/${slug}/members?_data=routes/o.$org.members`;

  // Removing a member: a department head may not; the other organization's administrator cannot
  // reach our member from their organization; our administrator cannot reach theirs.
  expect(observe(await post("head", membersAction(DEMO.slug), remove(ids.memberships.leaving)))).toBe(403);
  expect(observe(await post("otherOrg", membersAction(ids.otherOrgSlug), remove(ids.memberships.leaving)))).toBe(404);
  expect(observe(await post("admin", membersAction(DEMO.slug), remove(ids.memberships.otherOrgAdmin)))).toBe(404);
  expect(await membersCsv()).toContain(LEAVING_MEMBER_EMAIL);
  const theirs = await sessions.get("otherOrg")!.get(`/o/${ids.otherOrgSlug}?index&_data=routes/o.$org._index`, { maxRedirects: 0 });
  expect(theirs.status(), "the other administrator is still a member of their organization").toBe(200);
  // Our administrator may.
  expect(observe(await post("admin", membersAction(DEMO.slug), remove(ids.memberships.leaving)))).toBe(REDIRECT);
  expect(await membersCsv()).not.toContain(LEAVING_MEMBER_EMAIL);

  // Funding an objective from a budget line: not another organization's objective, and not from
  // a line of another department than the department head's.
  const lineAction = `${o}/budget/lines/${ids.ours.budgetLine}?_data=routes/o.$org.budget.lines.$lineId`;
  // The objective is a choice of the line's form: another organization's is a field error (400),
  // our line itself answered (app/test/authz/write-matrix.server.test.ts: the line's own id from
  // another organization is a 404).
  expect(observe(await post("admin", lineAction, { intent: "fund-objective", objectiveId: ids.other.objective }))).toBe(400);
  expect(observe(await post("head", lineAction, { intent: "fund-objective", objectiveId: ids.ours.objective }))).toBe(404);
});

test("every cell of the authorization matrix holds over HTTP, with our records and another organization's", async () => {
  test.setTimeout(240_000);
  const routes = await buildRoutes();
  const all = checksFor(routes);
  // The sign-out POST ends the caller's session: it goes after everything else (this test is the
  // file's last for that reason).
  const last = all.filter((c) => c.routeId === "routes/sign-out" && c.method === "POST");
  const first = all.filter((c) => !last.includes(c));
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < first.length) {
      const failure = await run(first[next++]!);
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  mark("matrix run");
  for (const check of last) {
    const failure = await run(check);
    if (failure) failures.push(failure);
  }
  if (process.env.AUTHZ_TIMINGS) console.log(timings.sort((a, b) => b.ms - a.ms).slice(0, 15).map((t) => `${t.ms} ms ${t.what}`).join("\n"));
  expect(all.length, "checks run").toBeGreaterThan(700);
  expect(failures.sort(), `${failures.length} of ${all.length} cells do not hold`).toEqual([]);
});
