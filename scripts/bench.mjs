// `npm run bench`: the performance benchmark of issue 8 (docs/performance.md says how to read it).
//
// 1. Copies the sources to a scratch folder and builds there (so the numbers are those of the code
//    as it is now, and nobody else's build in this checkout is touched).
// 2. Creates a fresh PostgreSQL database, seeds the large tenant and the small organizations
//    (npm run seed:large), starts the production server against it (loopback only), signs in as
//    the large tenant's administrator.
// 3. With autocannon, bounded in time and connections, measures the floor (a trivial tenant page of
//    the same server: session, organization and layout, nothing else) and every dashboard, list,
//    report and detail page of the tenant found in app/routes; then JavaScript shipped per page,
//    server memory, and the cold start of `npm run demo`.
//    With the view cache (loader data and HTML per organization data version, PRAXIS_VIEW_CACHE_MB)
//    the load run measures repeat views. So each page, after its warm-up requests and before its
//    load run, also gets a "first view after a change": BENCH_COLD_SAMPLES times, bump the
//    tenant's row of org_data_versions as the owner (what a commit to any of its tenant rows does),
//    then time one request alone; the table gives their median and maximum ("after a change p50 ms
//    / max ms"; "n/a" on a commit without org_data_versions). A page whose first sample takes more
//    than 2 s gets at most 3 samples.
//    Then, still on the same server and database (issue 8: "small tenants must not slow down because
//    the large one exists"), it signs in as the administrator of the town in the middle of the small
//    organizations' list (town-100 of 200; its admin@town-NNN.example from the seed) and measures
//    that town's floor (/o/town-NNN) and its four dashboards the same way, each first view after a
//    change bumping the town's own row of org_data_versions. Their ratios use Lakeshore's best floor
//    (the same server); a line under the table also divides each town dashboard's p50 by the town's
//    floor's. Not in growth mode.
// 4. Writes the table into docs/performance.md between the bench markers, drops the database.
//
// `npm run bench:growth` (or BENCH_GROWTH=1,2,4): cost growth. Steps 2–3 once per scale, each on
// its own fresh database, measuring only the floor and the dashboard pages (GROWTH_PAGES), each
// with its first view after a change as above, and the rollup refresh of the largest campaign (no
// cold start, no JavaScript bytes); then one table of all the scales between the growth markers of
// docs/performance.md: repeat views (should be flat) and first views after a change (should grow
// sub-linearly with the answers) side by side.
//
// Settings (environment): BENCH_SCALE (1), BENCH_ORGS (200), BENCH_SEED (8), BENCH_SECONDS (5 per
// page; 3 in growth mode), BENCH_CONNECTIONS (8), BENCH_SLOW_MS (500, none in growth mode: slower
// pages are timed sequentially), BENCH_WARMUP_SECONDS (5), BENCH_REFRESH_RUNS (3: rollup refresh
// runs, the median is kept), BENCH_PAGES (a regular expression: only matching pages,
// for a quick look), BENCH_COLD_START (1; 0 skips it), BENCH_WRITE (1; 0 prints without writing
// the doc), BENCH_GROWTH (scales, comma-separated: growth mode; `--growth` alone means 1,2,4),
// BENCH_COLD_SAMPLES (5: first views after a change per page; 0 skips them),
// PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres). PRAXIS_VIEW_CACHE_MB, when set, is passed to
// the server (`PRAXIS_VIEW_CACHE_MB=0 npm run bench` measures with the view cache off); the table
// says whether the cache was on.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import zlib from "node:zlib";
import autocannon from "autocannon";
import postgres from "postgres";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const env = process.env;
const GROWTH = env.BENCH_GROWTH || process.argv.includes("--growth") ? (env.BENCH_GROWTH || "1,2,4").split(",").map((x) => Number(x.trim())) : null;
if (GROWTH && (GROWTH.length < 2 || GROWTH.some((x) => !(x > 0)))) throw new Error(`BENCH_GROWTH needs two or more positive scales, e.g. 1,2,4 (got "${env.BENCH_GROWTH}")`);
const SCALE = Number(env.BENCH_SCALE ?? 1);
const ORGS = Number(env.BENCH_ORGS ?? 200);
const SEED = Number(env.BENCH_SEED ?? 8);
const SECONDS = Number(env.BENCH_SECONDS ?? (GROWTH ? 3 : 5));
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 8);
const PAGE_FILTER = env.BENCH_PAGES ? new RegExp(env.BENCH_PAGES) : null;
const COLD_START = env.BENCH_COLD_START !== "0";
const WRITE = env.BENCH_WRITE !== "0";
const COLD_SAMPLES = Number(env.BENCH_COLD_SAMPLES ?? 5);
if (!Number.isInteger(COLD_SAMPLES) || COLD_SAMPLES < 0) throw new Error(`BENCH_COLD_SAMPLES must be a whole number, 0 or more (got "${env.BENCH_COLD_SAMPLES}")`);
/** A page whose first view after a change takes longer than this gets at most COLD_SLOW_SAMPLES. */
const COLD_SLOW_MS = 2000;
const COLD_SLOW_SAMPLES = 3;
const VIEW_CACHE_MB = env.PRAXIS_VIEW_CACHE_MB || undefined;
if (VIEW_CACHE_MB !== undefined && !(Number(VIEW_CACHE_MB) >= 0)) throw new Error(`PRAXIS_VIEW_CACHE_MB must be a number of megabytes, 0 or more (got "${VIEW_CACHE_MB}")`);
const PG = { host: env.PGHOST ?? "127.0.0.1", port: Number(env.PGPORT ?? 5432), user: env.PGUSER ?? "postgres" };
const HOST = "127.0.0.1";
const started = Date.now();
const loadNow = () => os.loadavg().map((x) => x.toFixed(1)).join(" / ");
const LOAD_AT_START = loadNow();

const log = (msg) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Build in a scratch copy

const COPY = ["app", "db", "drizzle", "public", "server.mjs", "remix.config.js", "tsconfig.json", "package.json"];
const FROM_WORKTREE = env.BENCH_SOURCE === "worktree";
/** The commit the scratch copy was made from (set by prepareWorkdir). */
let measuredCommit = "HEAD";

/** The committed sources (HEAD) by default, so a run names the commit it measured; with
 * BENCH_SOURCE=worktree, the files as they are in this checkout, uncommitted changes included. */
function prepareWorkdir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-bench-"));
  // Named now: others commit during a run, and the report must name the commit that was copied.
  measuredCommit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root }).toString().trim();
  if (FROM_WORKTREE) {
    for (const entry of COPY) {
      fs.cpSync(path.join(root, entry), path.join(dir, entry), {
        recursive: true,
        filter: (src) => !src.startsWith(path.join(root, "public", "build")),
      });
    }
  } else {
    const archive = execFileSync("git", ["archive", "--format=tar", measuredCommit, ...COPY], { cwd: root, maxBuffer: 512 * 2 ** 20 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function sourceDescription() {
  const commit = execFileSync("git", ["rev-parse", "--short", measuredCommit], { cwd: root }).toString().trim();
  return FROM_WORKTREE ? `the working tree at ${commit} (uncommitted changes included)` : `commit ${commit}`;
}

/** Whether the measured sources know PRAXIS_VIEW_CACHE_MB (the view cache), set by main(). */
let sourceHasViewCache = false;

function knowsViewCache(dir) {
  try {
    execFileSync("grep", ["-rqs", "--include=*.ts", "--include=*.tsx", "--include=*.mjs", "--include=*.js", "PRAXIS_VIEW_CACHE_MB", "app", "db", "server.mjs"], { cwd: dir });
    return true;
  } catch {
    return false;
  }
}

/** For the table's header: was the view cache on for this run. */
function viewCacheDescription() {
  if (!sourceHasViewCache) return "none in the measured commit (no PRAXIS_VIEW_CACHE_MB in its sources)";
  if (VIEW_CACHE_MB === undefined) return "**on** (PRAXIS_VIEW_CACHE_MB unset: the default, 64 MB)";
  return Number(VIEW_CACHE_MB) === 0 ? "**off** (PRAXIS_VIEW_CACHE_MB=0)" : `**on** (PRAXIS_VIEW_CACHE_MB=${VIEW_CACHE_MB})`;
}

function build(dir) {
  const t0 = Date.now();
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], env: { ...env, NODE_ENV: "production" } });
  return (Date.now() - t0) / 1000;
}

// ------------------------------------------------------------------------------------------------
// Server

function startServer(dir, extraEnv) {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: dir,
    // The environment passes through, PRAXIS_VIEW_CACHE_MB included (an empty one is left out).
    env: { ...env, PRAXIS_VIEW_CACHE_MB: VIEW_CACHE_MB, NODE_ENV: "production", LOG_REQUESTS: "0", HOST, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output = (output + d).slice(-4000)));
  child.stderr.on("data", (d) => (output = (output + d).slice(-4000)));
  child.outputTail = () => output;
  return child;
}

async function waitForHealth(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${child.outputTail()}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`The server did not answer /healthz within ${timeoutMs / 1000} s:\n${child.outputTail()}`);
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

async function signIn(base, email, password) {
  const body = new URLSearchParams({ email, password, redirectTo: "/" });
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const cookie = (res.headers.getSetCookie?.() ?? [res.headers.get("set-cookie") ?? ""]).map((c) => c.split(";")[0]).find((c) => c.startsWith("praxis_session="));
  if (res.status !== 302 || !cookie) throw new Error(`Sign-in failed: HTTP ${res.status}`);
  return cookie;
}

// ------------------------------------------------------------------------------------------------
// Pages: every GET page of the tenant found in app/routes, with its parameters filled from the data

/** Route files that are forms, imports, exports or actions, not pages to read. */
const NOT_PAGES = /(\.edit|\.new|\.import|_\.practices|\.practices$|\[\.\]\w+|_\.pdf|\.switch|\.answer|\.my-results)$|^o\.\$org\.measures\./;
/** Pages that need query parameters the benchmark does not choose (listed as not measured). */
const NEEDS_QUERY = { "o.$org.reports.compare": "needs two reports to compare in its query" };

function routeFiles() {
  return fs
    .readdirSync(path.join(root, "app", "routes"))
    .map((f) => f.replace(/\/route\.tsx?$/, "").replace(/\.tsx?$/, ""))
    .filter((f) => f.startsWith("o.$org"))
    .sort();
}

/** Remix v2 flat-route file name to its URL pattern (params kept as $name). */
function patternOf(file) {
  const segments = [];
  for (const raw of file.split(/\.(?![^[]*\])/)) {
    if (raw === "_index" || (raw.startsWith("_") && !raw.startsWith("_index"))) continue;
    segments.push(raw.replace(/_$/, "").replace(/\[(.*?)\]/g, "$1"));
  }
  return "/" + segments.join("/");
}

async function parameterValues(sql, orgId) {
  const one = async (q) => (await sql.unsafe(q, [orgId]))[0]?.id ?? null;
  return {
    org: "lakeshore",
    planId: await one(`select id from plans where org_id = $1 and status = 'adopted' order by created_at limit 1`),
    planGoalId: await one(`select g.id from goals g join plans p on p.org_id = g.org_id and p.id = g.plan_id where g.org_id = $1 and p.status = 'adopted' order by g.position limit 1`),
    objectiveId: await one(`select o.id from objectives o where o.org_id = $1 order by o.position, o.code limit 1`),
    measureId: await one(`select m.id from measures m where m.org_id = $1 order by m.code limit 1`),
    departmentId: await one(`select department_id as id from staff_members where org_id = $1 group by 1 order by count(*) desc limit 1`),
    lineId: await one(`select id from budget_lines where org_id = $1 order by fiscal_year desc, adopted_cents desc limit 1`),
    workforceGoalId: await one(`select id from workforce_goals where org_id = $1 order by position limit 1`),
    eventId: await one(`select id from audit_events where org_id = $1 order by created_at desc limit 1`),
    campaignId: await one(`select id from assessment_campaigns where org_id = $1 and status = 'closed' order by closes_on desc limit 1`),
    number: "3",
  };
}

function urlOf(pattern, values) {
  let missing = null;
  const filled = pattern.replace(/\$([A-Za-z]+)/g, (_, name) => {
    const key = name === "goalId" ? (pattern.includes("/workforce/") ? "workforceGoalId" : "planGoalId") : name;
    const v = values[key];
    if (!v) missing = name;
    return v ?? "";
  });
  return missing ? { missing } : { url: filled };
}

function pagesToMeasure(values) {
  const pages = [];
  const skipped = [];
  for (const file of routeFiles()) {
    if (NOT_PAGES.test(file)) continue;
    if (NEEDS_QUERY[file]) {
      skipped.push({ file, reason: NEEDS_QUERY[file] });
      continue;
    }
    const pattern = patternOf(file);
    const r = urlOf(pattern, values);
    if (r.missing) {
      skipped.push({ file, reason: `no value for $${r.missing}` });
      continue;
    }
    pages.push({ file, url: r.url });
  }
  // One filtered view: the overview limited to the largest department.
  if (values.departmentId) pages.push({ file: "o.$org.dashboards._index", url: `/o/lakeshore/dashboards?department=${values.departmentId}`, label: "/o/lakeshore/dashboards?department=(largest)" });
  return { pages, skipped };
}

// ------------------------------------------------------------------------------------------------
// JavaScript per page, from the Remix manifest of the build

function jsBytesFor(dir) {
  const buildDir = path.join(dir, "public", "build");
  const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
  const text = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1));
  const gz = new Map();
  const gzipOf = (file) => {
    if (!gz.has(file)) gz.set(file, zlib.gzipSync(fs.readFileSync(path.join(dir, "public", file))).length);
    return gz.get(file);
  };
  return (file) => {
    const files = new Set([manifest.url, manifest.entry.module, ...manifest.entry.imports]);
    for (let id = `routes/${file}`; id; id = manifest.routes[id]?.parentId) {
      const r = manifest.routes[id];
      if (!r) break;
      files.add(r.module);
      for (const i of r.imports ?? []) files.add(i);
    }
    let total = 0;
    for (const f of files) total += gzipOf(f);
    return total;
  };
}

// ------------------------------------------------------------------------------------------------
// Load

// Growth mode compares a page's latency across scales, so it measures every page the same way
// (under load) rather than switching to sequential timing at a threshold a noisy machine crosses
// at one scale and not at another.
const SLOW_MS = Number(env.BENCH_SLOW_MS ?? (GROWTH ? Infinity : 500));

function cpuTicks(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Waits until the server has finished the requests a load run left in flight (autocannon stops
 * at its deadline without waiting for them): no active query on the database and no CPU used by
 * the server for a moment. Otherwise they would be charged to the next page.
 */
async function waitIdle(serverPid, data, dbName) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const before = cpuTicks(serverPid);
    await sleep(200);
    const [{ n }] = await data`select count(*)::int as n from pg_stat_activity where datname = ${dbName} and state = 'active' and pid <> pg_backend_pid()`;
    if (n === 0 && cpuTicks(serverPid) - before <= 1) return;
  }
}

async function timedGet(base, cookie, pageUrl) {
  const t0 = performance.now();
  const res = await fetch(base + pageUrl, { headers: { Cookie: cookie }, redirect: "manual" });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t0 };
}

/**
 * The first view after a change: COLD_SAMPLES times, `bump()` (a new data version of the tenant,
 * which every cached view of it is keyed by) then one request alone, timed. A page whose first
 * sample is slower than COLD_SLOW_MS gets at most COLD_SLOW_SAMPLES, to keep the run short.
 * `bump` null: the measured commit has no org_data_versions, so there is nothing to change ("n/a").
 */
async function firstViewsAfterChange(base, cookie, pageUrl, bump) {
  if (COLD_SAMPLES === 0) return { skipped: true };
  if (!bump) return { na: true };
  const samples = [];
  while (samples.length < (samples[0] > COLD_SLOW_MS ? Math.min(COLD_SAMPLES, COLD_SLOW_SAMPLES) : COLD_SAMPLES)) {
    await bump();
    const s = await timedGet(base, cookie, pageUrl);
    if (s.status !== 200) return { status: s.status };
    samples.push(s.ms);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, p50: sorted[Math.floor((sorted.length - 1) / 2)], max: sorted[sorted.length - 1] };
}

/**
 * A page under load for SECONDS with CONNECTIONS connections. A page slower than SLOW_MS alone
 * would finish no request, or too few to count, within that time: it is timed by sequential
 * requests instead (as many as fit in SECONDS, at least two), and marked so in the table.
 */
async function measure(base, cookie, pageUrl, idle, bump) {
  await idle();
  const probe = await timedGet(base, cookie, pageUrl);
  if (probe.status !== 200) return { status: probe.status };
  // Warm-up: the first request of a route loads its module and fills caches.
  const warm = await timedGet(base, cookie, pageUrl);
  const htmlKb = Buffer.byteLength(probe.body) / 1024;
  // Before the load run: its repeat views then start from the view the last sample cached.
  const afterChange = await firstViewsAfterChange(base, cookie, pageUrl, bump);
  if (afterChange.status) return { status: afterChange.status };
  const measured = await repeatViews(base, cookie, pageUrl, idle, warm, htmlKb);
  return { ...measured, afterChange };
}

/** The load run of measure(), after the warm-up request `warm`. */
async function repeatViews(base, cookie, pageUrl, idle, warm, htmlKb) {
  const sequential = async () => {
    await idle();
    const samples = [warm.ms];
    let spent = warm.ms;
    while (samples.length < 2 || spent + samples[samples.length - 1] < SECONDS * 1000) {
      const s = await timedGet(base, cookie, pageUrl);
      if (s.status !== 200) return { status: s.status };
      samples.push(s.ms);
      spent += s.ms;
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    return { status: 200, htmlKb, sequential: samples.length, rps: 1000 / mean, requests: samples.length, p50: samples[Math.floor((samples.length - 1) / 2)], p99: samples[samples.length - 1], errors: 0 };
  };
  if (warm.ms > SLOW_MS) return sequential();
  const load = (duration) => autocannon({ url: base + pageUrl, connections: CONNECTIONS, duration, timeout: 60, headers: { cookie } });
  let result = await load(SECONDS);
  // Growth mode keeps every page under load (see SLOW_MS): a slow page gets a longer run first.
  if (result.requests.total < CONNECTIONS && !Number.isFinite(SLOW_MS)) {
    await idle();
    result = await load(SECONDS * 3);
  }
  // Too few requests finished for a rate or a p99 to mean anything.
  if (result.requests.total < CONNECTIONS) return sequential();
  return {
    status: 200,
    htmlKb,
    rps: result.requests.average,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

// ------------------------------------------------------------------------------------------------
// Cold start of `npm run demo`: a fresh embedded database, migrations, the demo city, /healthz.

async function coldStart(dir) {
  const dataDir = path.join(dir, "data-cold-start");
  fs.rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const t0 = Date.now();
  const child = startServer(dir, { PRAXIS_SEED_DEMO: "1", PGLITE_DIR: dataDir, PORT: String(port), DATABASE_URL: "" });
  try {
    await waitForHealth(`http://${HOST}:${port}`, child, 180_000);
    return (Date.now() - t0) / 1000;
  } finally {
    await stopServer(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------
// Report

const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "—" : x.toFixed(d));

/** The p50 and max cells of a page's first views after a change ("n/a" without org_data_versions;
 * "×n" when fewer samples than BENCH_COLD_SAMPLES were taken of a slow page). */
function afterChangeCells(a) {
  if (!a || a.skipped) return ["—", "—"];
  if (a.na) return ["n/a", "n/a"];
  return [`${fmt(a.p50)}${a.samples.length !== COLD_SAMPLES ? ` (×${a.samples.length})` : ""}`, fmt(a.max)];
}

const afterChangeCell = (a) => (a?.na ? "n/a" : afterChangeCells(a).join(" / "));

const afterChangeP50 = (a) => (a && !a.na && !a.skipped ? a.p50 : null);

/** How the first views after a change were taken, for the text under the tables. */
function afterChangeNote(versioned) {
  if (COLD_SAMPLES === 0) return "First view after a change: not measured (BENCH_COLD_SAMPLES=0).";
  if (!versioned) return "First view after a change: n/a, the measured commit has no org_data_versions (no view cache to invalidate).";
  return (
    `"after a change": the first view after a change of the tenant's data, which is what a user pays after any write when the view cache serves repeat views. ` +
    `${COLD_SAMPLES} times (at most ${COLD_SLOW_SAMPLES} for a page slower than ${COLD_SLOW_MS / 1000} s: "×n"), the tenant's version in org_data_versions is bumped as the owner ` +
    `(as the triggers do at the commit of a tenant row), then one request of the page is timed alone; the median and the slowest of them. ` +
    `Taken after the page's 2 warm-up requests and before its load run, whose figures are repeat views of the cached version.`
  );
}

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const pgVersion = env.__PG_VERSION ?? "";
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${pgVersion}, ${os.type()} ${os.release()}`;
}

function report({ scale, rows, floor, town, skipped, counts, seedSeconds, buildSeconds, memory, cold, totalSeconds, rollup, versioned }) {
  const lines = [];
  lines.push(`Measured ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} on ${machine()}, source: ${sourceDescription()}.`);
  lines.push("");
  lines.push(
    `Large tenant at scale ${scale} (seed ${SEED}) beside ${ORGS} small organizations: ${counts.staff_members} staff, ${counts.departments} departments, ` +
      `${counts.assessment_campaigns} closed campaigns, ${counts.assessment_responses} responses, ${counts.assessment_answers} answers, ${counts.budget_lines} budget lines, ` +
      `${counts.objectives} objectives, ${counts.measures ?? "—"} measures, ${counts.measurements} measurements. Seeded in ${fmt(seedSeconds, 1)} s.`,
  );
  lines.push(`Load average of the machine (other work shares it): ${loadNow()} (1 / 5 / 15 min) at the end of the run, ${LOAD_AT_START} at the start.`);
  lines.push(`Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per page after 2 warm-up requests, loopback, signed in as the administrator (of the town for the town's rows); the server, PostgreSQL and autocannon share the machine.`);
  if (town) {
    lines.push(
      `Small town beside the large one: /o/${town.slug} (${town.staff} staff, ${town.answers} answers; the middle of the ${ORGS} small organizations), measured after Lakeshore's pages and before the last floor run, on the same server; its first views after a change bump the town's own row of org_data_versions.`,
    );
  }
  lines.push(`View cache: ${viewCacheDescription()}.`);
  lines.push("");
  lines.push("| page | route file | req/s | p50 ms | p99 ms | × floor req/s | p99 ÷ floor p99 | target | after a change p50 ms | after a change max ms | HTML KB | JS KB gz | errors |");
  lines.push("| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    if (r.status !== 200) {
      lines.push(`| ${r.label ?? r.url} | ${r.file} | HTTP ${r.status} | | | | | | | | | ${fmt(r.jsKb, 1)} | |`);
      continue;
    }
    const ratio = floor ? r.rps / floor.rps : null;
    const p99ratio = floor ? r.p99 / Math.max(1, floor.p99) : null;
    const name = (r.label ?? r.url).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id");
    lines.push(
      `| ${r === floor ? `**floor** ${name}` : r.isFloor ? `floor ${name}` : name} | ${r.file} | ${fmt(r.rps, r.rps < 10 ? 2 : 1)}${r.sequential ? ` (seq. ×${r.sequential})` : ""} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(ratio, 2)} | ${fmt(p99ratio, 1)} | ${r.isFloor ? "" : ratio !== null && ratio >= 0.5 && p99ratio <= 3 ? "yes" : "no"} | ${afterChangeCells(r.afterChange).join(" | ")} | ${fmt(r.htmlKb, 0)} | ${fmt(r.jsKb, 1)} | ${r.errors} |`,
    );
  }
  lines.push("");
  const atTarget = (r) => r.status === 200 && floor && r.rps / floor.rps >= 0.5 && r.p99 / Math.max(1, floor.p99) <= 3;
  const pages = rows.filter((r) => !r.isFloor && !r.town && r.status === 200 && floor);
  const meeting = pages.filter(atTarget);
  // The town's rows count apart (an HTTP error among them counts as not at the target).
  const townRows = rows.filter((r) => r.town);
  const townReading = !town ? `town pages: none measured (BENCH_ORGS=${ORGS})` : `town pages: ${townRows.filter(atTarget).length} of ${townRows.length} at the target`;
  lines.push(`Target (issue 8): at least 0.5 × the floor's requests/s and a p99 at most 3 × the floor's. ${meeting.length} of ${pages.length} pages of the large tenant meet it; ${townReading}.`);
  const townFloor = townRows.find((r) => r.isTownFloor && r.status === 200);
  const townDashboards = townRows.filter((r) => !r.isTownFloor);
  if (townFloor && townDashboards.length) {
    const short = (r) => r.url.slice(`/o/${town.slug}`.length);
    lines.push(
      `${town.slug}'s dashboards against the town's own floor (p50 ${fmt(townFloor.p50)} ms): ` +
        townDashboards.map((r) => (r.status === 200 ? `${short(r)} ${fmt(r.p50)} ms (${fmt(r.p50 / Math.max(1, townFloor.p50), 2)}×)` : `${short(r)} HTTP ${r.status}`)).join(", ") +
        (floor ? `; the town's floor itself is ${fmt(townFloor.p50 / Math.max(1, floor.p50), 2)}× Lakeshore's best floor p50 (${fmt(floor.p50)} ms).` : "."),
    );
  }
  const name = (r) => (r.label ?? r.url).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id");
  const changed = pages.filter((r) => afterChangeP50(r.afterChange) !== null).sort((a, b) => b.afterChange.p50 - a.afterChange.p50);
  const townChanged = townRows.filter((r) => r.status === 200 && afterChangeP50(r.afterChange) !== null).sort((a, b) => b.afterChange.p50 - a.afterChange.p50);
  if (changed.length) {
    lines.push(
      `First view after a change (p50): ${changed.filter((r) => r.afterChange.p50 > 1000).length} of ${changed.length} pages of the large tenant take more than 1 s alone; ` +
        `the slowest: ${changed.slice(0, 3).map((r) => `${name(r)} ${fmt(r.afterChange.p50)} ms`).join(", ")}` +
        (townChanged.length ? `; of the town's ${townChanged.length}, ${townChanged.filter((r) => r.afterChange.p50 > 1000).length} (the slowest: ${townChanged[0].url} ${fmt(townChanged[0].afterChange.p50)} ms).` : "."),
    );
  }
  lines.push("");
  lines.push(
    `"seq. ×n": slower than ${SLOW_MS} ms alone, so timed by n requests one after another (req/s is 1 ÷ their mean time, the best this page can do; p50 and p99 are their median and slowest). ` +
      "The floor is measured at the start, midway and at the end; the ratios use the best of the three (in bold), since the machine is shared and the least disturbed run is the fairest reference.",
  );
  lines.push("");
  lines.push(afterChangeNote(versioned));
  lines.push("");
  if (skipped.length) lines.push(`Not measured: ${skipped.map((s) => `${s.file} (${s.reason})`).join("; ")}.`, "");
  lines.push("| other measure | value |");
  lines.push("| --- | --- |");
  lines.push(`| server memory (RSS) after start, before load | ${fmt(memory.idle.rssMb)} MB |`);
  lines.push(`| server memory (RSS) after all pages / peak | ${fmt(memory.after.rssMb)} MB / ${fmt(memory.after.peakMb)} MB |`);
  lines.push(`| production build (remix build) | ${fmt(buildSeconds, 1)} s |`);
  lines.push(
    cold === null
      ? "| cold start of `npm run demo` | not measured (BENCH_COLD_START=0) |"
      : `| cold start of \`npm run demo\`: server start on a fresh PGlite folder (migrations, demo city) until /healthz answers | ${fmt(cold, 1)} s (plus the build above: ${fmt(cold + buildSeconds, 1)} s in all) |`,
  );
  lines.push(
    `| rollup refresh after a campaign closes (the largest one: ${rollup.responses} responses, ${rollup.answers} answers → ${rollup.tallies} rollup rows; median of ${rollup.runs.length}) / after a budget import | ${fmt(rollup.seconds, 2)} s / no rollup to refresh: the budget pages sum 2,000 lines by index, and after an import (a change) each is computed at its first view — the "after a change" column of /budget and /budget/lines |`,
  );
  lines.push(`| whole benchmark run | ${fmt(totalSeconds / 60, 1)} min |`);
  return lines.join("\n");
}

/** Growth mode: one table, the scales side by side (see growthReport). */
function growthReport(runs, { buildSeconds, totalSeconds }) {
  const first = runs[0];
  const last = runs[runs.length - 1];
  const name = (r) => (r.label ?? r.url).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id");
  const ratio = (a, b) => (a > 0 && b > 0 ? a / b : null);
  const times = (x) => (x === null ? "—" : `${fmt(x, 2)}×`);
  const answersRatio = ratio(last.counts.assessment_answers, first.counts.assessment_answers);
  const lines = [];
  lines.push(`Measured ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} on ${machine()}, source: ${sourceDescription()}.`);
  lines.push("");
  lines.push(
    `The large tenant at scales ${runs.map((r) => r.scale).join(", ")} (seed ${SEED}), each in its own fresh database beside ${ORGS} small organizations; per scale, the floor ` +
      `(best of three runs: start, midway, end) and the dashboard pages under autocannon, ${CONNECTIONS} connections, ${SECONDS} s per page after 2 warm-up requests ` +
      `(${Number.isFinite(SLOW_MS) ? `pages slower than ${SLOW_MS} ms alone, or finishing fewer requests than connections,` : `a page finishing fewer requests than connections gets a run of ${SECONDS * 3} s, and if that is still too few is`} timed by sequential requests instead: "seq. ×n"), then the rollup refresh of the largest campaign with the server stopped (median of ${last.rollup.runs.length} runs, each its own transaction). ` +
      `Load average of the machine (other work shares it): ${LOAD_AT_START} (1 / 5 / 15 min) at the start, ${loadNow()} at the end; per scale below. ` +
      `View cache: ${viewCacheDescription()}. ` +
      `Whole run: ${fmt(totalSeconds / 60, 1)} min (build ${fmt(buildSeconds, 1)} s).`,
  );
  lines.push("");
  lines.push(`| | ${runs.map((r) => `scale ${r.scale}`).join(" | ")} | scale ${last.scale} ÷ scale ${first.scale} |`);
  lines.push(`| --- | ${runs.map(() => "---:").join(" | ")} | ---: |`);
  const row = (label, cell, growth) => lines.push(`| ${label} | ${runs.map(cell).join(" | ")} | ${growth} |`);
  row("answers of the tenant (all campaigns)", (r) => String(r.counts.assessment_answers), times(answersRatio));
  row(
    "the largest campaign: responses / answers",
    (r) => `${r.rollup.responses} / ${r.rollup.answers}`,
    times(ratio(last.rollup.answers, first.rollup.answers)),
  );
  const refreshRatio = ratio(last.rollup.seconds, first.rollup.seconds);
  const campaignRatio = ratio(last.rollup.answers, first.rollup.answers);
  row("**rollup refresh of the largest campaign**", (r) => `${fmt(r.rollup.seconds, 2)} s`, times(refreshRatio));
  row("rollup refresh per 100 k answers", (r) => `${fmt((r.rollup.seconds / r.rollup.answers) * 1e5, 3)} s`, times(ratio(last.rollup.seconds / last.rollup.answers, first.rollup.seconds / first.rollup.answers)));
  row(
    "rollups of all closed campaigns while seeding",
    (r) => (r.seedRollups ? `${fmt(r.seedRollups.seconds, 2)} s (${r.seedRollups.campaigns} campaigns, ${r.seedRollups.tallies} rows)` : "—"),
    times(ratio(last.seedRollups?.seconds, first.seedRollups?.seconds)),
  );
  // A page is the same route file at every scale (the largest department may not be the same one).
  const rowOf = (run, page) => run.rows.find((x) => !x.isFloor && x.file === page.file);
  const p50Of = (run, page) => (rowOf(run, page)?.status === 200 ? rowOf(run, page).p50 : null);
  row("**floor** /o/lakeshore: p50 / p99 ms · req/s", (r) => (r.floor ? `${fmt(r.floor.p50)} / ${fmt(r.floor.p99)} · ${fmt(r.floor.rps, 1)}` : "—"), `p50 ${times(ratio(last.floor?.p50, first.floor?.p50))}`);
  // First views after a change: how their p50 grows with the tenant's answers, as an exponent.
  const exponentOf = (growth) => (growth !== null && answersRatio && answersRatio !== 1 ? Math.log(growth) / Math.log(answersRatio) : null);
  const kindOf = (e) => (e === null ? null : e < 0.85 ? "sub-linear" : e <= 1.15 ? "about linear" : "worse than linear");
  const afterChangeGrowth = (a, b) => {
    const growth = ratio(afterChangeP50(a), afterChangeP50(b));
    const e = exponentOf(growth);
    return { growth, exponent: e, kind: kindOf(e), text: growth === null ? "—" : `p50 ${times(growth)}${e === null ? "" : `, exponent ${fmt(e, 2)} in the answers: ${e < 0.85 ? "sub-linear" : `**${kindOf(e)}**`}`}` };
  };
  const floorChange = afterChangeGrowth(last.floor?.afterChange, first.floor?.afterChange);
  row("floor /o/lakeshore, first view after a change: p50 / max ms", (r) => afterChangeCell(r.floor?.afterChange), floorChange.text);
  const verdicts = [];
  const changeVerdicts = [];
  for (const page of first.rows.filter((r) => !r.isFloor)) {
    const cell = (run) => {
      const x = rowOf(run, page);
      if (!x) return "not measured";
      if (x.status !== 200) return `HTTP ${x.status}`;
      const rpsRatio = run.floor ? x.rps / run.floor.rps : null;
      const p99Ratio = run.floor ? x.p99 / Math.max(1, run.floor.p99) : null;
      return `${fmt(x.p50)} / ${fmt(x.p99)} · ${fmt(x.rps, x.rps < 10 ? 2 : 1)}${x.sequential ? ` (seq. ×${x.sequential})` : ""} · ${fmt(rpsRatio, 2)}× / ${fmt(p99Ratio, 1)}×`;
    };
    const growth = ratio(p50Of(last, page), p50Of(first, page));
    const againstFloor = growth === null ? null : ratio(growth, ratio(last.floor?.p50, first.floor?.p50));
    const flat = growth !== null && growth <= 1.5;
    const method = (run) => Boolean(rowOf(run, page)?.sequential);
    const mixed = method(first) !== method(last);
    verdicts.push({ name: name(page), growth, againstFloor, flat, mixed });
    row(
      name(page),
      cell,
      growth === null ? "—" : `p50 ${times(growth)} ${flat ? "flat" : "**grows**"} (${times(againstFloor)} against the floor)${mixed ? ", timed differently" : ""}`,
    );
    const change = afterChangeGrowth(rowOf(last, page)?.afterChange, rowOf(first, page)?.afterChange);
    changeVerdicts.push({ name: name(page), ...change });
    row(
      `${name(page)}, first view after a change: p50 / max ms`,
      (run) => {
        const x = rowOf(run, page);
        return !x ? "not measured" : x.status !== 200 ? `HTTP ${x.status}` : afterChangeCell(x.afterChange);
      },
      change.text,
    );
  }
  row("load average at the start / end of the scale's run (1 min)", (r) => `${r.loadAtStart.split(" / ")[0]} / ${r.loadAtEnd.split(" / ")[0]}`, "");
  row("seeded in / server memory peak", (r) => `${fmt(r.seedSeconds, 0)} s / ${fmt(r.memory.after.peakMb)} MB`, "");
  lines.push("");
  lines.push(
    "Page cells: p50 / p99 ms · req/s · req/s × the floor's / p99 ÷ the floor's p99, against that scale's own floor (repeat views: with the view cache on, served from it). " +
      `The last column divides the largest scale's figure by the smallest's: for pages, the p50 ("flat" when it is at most 1.5), and in brackets the same divided by the floor's, which takes out the load other work put on the machine during each scale's run. ` +
      `For first views after a change, it gives the exponent log(p50 ratio) ÷ log(answers ratio): "sub-linear" below 0.85, "about linear" up to 1.15.`,
  );
  lines.push("");
  lines.push(afterChangeNote(first.versioned && last.versioned));
  lines.push("");
  // The reading, computed from the figures above.
  const measured = verdicts.filter((v) => v.growth !== null);
  const grows = measured.filter((v) => !v.flat);
  const worst = [...measured].sort((a, b) => b.growth - a.growth)[0];
  const dashboards =
    measured.length === 0
      ? "no dashboard page was measured at both ends"
      : grows.length === 0
        ? `**flat**: every dashboard page's p50 at scale ${last.scale} is within 1.5× of scale ${first.scale} (${measured.length} of ${measured.length}; the largest change ${times(worst.growth)}, ${worst.name})`
        : `**not flat**: ${grows.length} of ${measured.length} pages' p50 at scale ${last.scale} exceeds 1.5× scale ${first.scale}'s (${grows.map((v) => `${v.name} ${times(v.growth)}`).join(", ")})`;
  const exponent = refreshRatio && campaignRatio && campaignRatio !== 1 ? Math.log(refreshRatio) / Math.log(campaignRatio) : null;
  const refresh =
    exponent === null
      ? "rollup refresh: not comparable"
      : `rollup refresh ${times(refreshRatio)} for ${times(campaignRatio)} the campaign's answers, exponent ${fmt(exponent, 2)}: **${exponent <= 1 ? "linear or better" : exponent <= 1.15 ? "about linear (within 15 %)" : "worse than linear"}**`;
  const mixed = measured.filter((v) => v.mixed);
  const flatAgainstFloor = measured.filter((v) => v.againstFloor !== null && v.againstFloor <= 1.5);
  const caveat = mixed.length ? ` Not comparable as measured: ${mixed.map((v) => v.name).join(", ")} (timed sequentially at one end, under load at the other).` : "";
  const changed = changeVerdicts.filter((v) => v.exponent !== null);
  const subLinear = changed.filter((v) => v.exponent < 0.85);
  const steepest = [...changed].sort((a, b) => b.exponent - a.exponent)[0];
  const firstViews =
    COLD_SAMPLES === 0
      ? "First views after a change: not measured (BENCH_COLD_SAMPLES=0)."
      : !(first.versioned && last.versioned)
        ? "First views after a change: n/a (no org_data_versions in the measured commit)."
        : changed.length === 0
          ? "First views after a change: no page measured at both ends."
          : `First views after a change: sub-linear in the answers for ${subLinear.length} of ${changed.length} pages (${subLinear.length === changed.length ? "**all**" : "**not all**"}; the steepest ${steepest.name}, p50 ${times(steepest.growth)}, exponent ${fmt(steepest.exponent, 2)}).`;
  lines.push(`Reading (computed): ${dashboards}, with ${times(answersRatio)} the answers; ${refresh}. The floor's p50 went from ${fmt(first.floor?.p50)} to ${fmt(last.floor?.p50)} ms over the same runs; divided by it, ${flatAgainstFloor.length} of ${measured.length} pages are within 1.5×.${caveat} ${firstViews}`);
  return lines.join("\n");
}

function writeDoc(section, name = "bench", heading = "Latest benchmark") {
  const file = path.join(root, "docs", "performance.md");
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Performance\n";
  if (!text.includes(start)) text = `${text.trimEnd()}\n\n## ${heading}\n\n${start}\n${end}\n`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  fs.writeFileSync(file, `${before}\n${section}\n${after}`);
  log(`wrote ${path.relative(root, file)} (${name} section)`);
}

// ------------------------------------------------------------------------------------------------
// Runs

const FLOOR_PAGE = { file: "o.$org._index", url: "/o/lakeshore", isFloor: true };

/** The pages of the growth table (route file → label): every dashboard, the latest campaign's
 * results, the largest department and a practice, with parameters as pagesToMeasure fills them. */
const GROWTH_PAGES = {
  "o.$org.dashboards._index": "/o/lakeshore/dashboards",
  "o.$org.dashboards.equity": "/o/lakeshore/dashboards/equity",
  "o.$org.dashboards.staff-effectiveness": "/o/lakeshore/dashboards/staff-effectiveness",
  "o.$org.dashboards.service-delivery": "/o/lakeshore/dashboards/service-delivery",
  "o.$org.assessments.$campaignId.results": "/o/lakeshore/assessments/(latest closed)/results",
  "o.$org.departments.$departmentId": "/o/lakeshore/departments/(largest)",
  "o.$org.practices.$number": "/o/lakeshore/practices/3",
};

/** The small town measured beside the large tenant: the one in the middle of the seed's list
 * (town-100 of 200, town-002 of 3), with its administrator's sign-in and its size; null without
 * small organizations. Read as the owner (no tenant set): the sign-in comes from the seed's data. */
async function townOf(sql) {
  if (!(ORGS >= 1)) return null;
  const slug = `town-${String(Math.ceil(ORGS / 2)).padStart(3, "0")}`;
  const [town] = await sql`
    select o.id::text as id, o.slug, u.email,
      (select count(*)::int from staff_members s where s.org_id = o.id) as staff,
      (select count(*)::int from assessment_answers a where a.org_id = o.id) as answers
    from organizations o
    join memberships m on m.org_id = o.id and m.role = 'admin'
    join users u on u.id = m.user_id
    where o.slug = ${slug}
    order by u.email
    limit 1`;
  return town ?? null;
}

/** The town's pages: its floor (the same trivial page as Lakeshore's floor, but of the town) and its
 * four dashboards, as BENCH_PAGES keeps them (the town's floor always, like Lakeshore's). */
function townPages(slug) {
  const label = (u) => `${slug} (small town beside the large one) ${u}`;
  const floorUrl = `/o/${slug}`;
  const dashboards = [
    ["o.$org.dashboards._index", `${floorUrl}/dashboards`],
    ["o.$org.dashboards.equity", `${floorUrl}/dashboards/equity`],
    ["o.$org.dashboards.service-delivery", `${floorUrl}/dashboards/service-delivery`],
    ["o.$org.dashboards.staff-effectiveness", `${floorUrl}/dashboards/staff-effectiveness`],
  ]
    .map(([file, u]) => ({ file, url: u, label: label(u), town: slug }))
    .filter((p) => !PAGE_FILTER || PAGE_FILTER.test(p.url) || PAGE_FILTER.test(p.file));
  return [{ file: FLOOR_PAGE.file, url: floorUrl, label: label(`${floorUrl} (the town's floor)`), town: slug, isTownFloor: true }, ...dashboards];
}

function seed(dir, databaseUrl, scale) {
  const out = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["app/cli/seed-large.ts", "--scale", String(scale), "--orgs", String(ORGS), "--seed", String(SEED), "--json"],
    { cwd: dir, env: { ...env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 2 ** 20 },
  ).toString();
  return JSON.parse(out.trim().split("\n").pop());
}

/** Times refreshAssessmentRollups on the largest campaign (app/cli/refresh-rollups.ts). */
function refreshRollups(dir, databaseUrl) {
  const out = execFileSync(path.join(root, "node_modules", ".bin", "tsx"), ["app/cli/refresh-rollups.ts", "--runs", String(Number(env.BENCH_REFRESH_RUNS ?? 3))], {
    cwd: dir,
    env: { ...env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  }).toString();
  return JSON.parse(out.trim().split("\n").pop());
}

/**
 * One run on a fresh database: seeds the large tenant at `scale`, starts the production server
 * built in `dir`, signs in, measures the floor (at the start, midway and at the end) and the pages
 * `choose` keeps of those found in app/routes, then, with the server stopped, times the rollup
 * refresh of the largest campaign. Drops the database whatever happens.
 */
async function benchRun(dir, { scale, choose, jsOf = null, withTown = false }) {
  const dbName = `praxis_bench_${Date.now()}_${process.pid}`;
  const admin = postgres({ ...PG, database: "postgres", onnotice: () => {}, max: 1 });
  const databaseUrl = `postgres://${PG.user}@${PG.host}:${PG.port}/${dbName}`;
  const loadAtStart = loadNow();
  let server = null;
  let data = null;
  try {
    log(`creating database ${dbName}; seeding the large tenant at scale ${scale} with ${ORGS} small organizations`);
    await admin.unsafe(`create database ${dbName}`);
    const seedStarted = Date.now();
    const summary = seed(dir, databaseUrl, scale);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    log(`seeded in ${seedSeconds.toFixed(1)} s: ${summary.counts.assessment_answers} answers`);

    data = postgres(databaseUrl, { onnotice: () => {}, max: 1 });
    const values = await parameterValues(data, summary.orgId);
    summary.counts.measures = Number((await data`select count(*)::int as n from measures where org_id = ${summary.orgId}`)[0].n);
    // A change of the tenant's data as the view cache sees it: a new version in org_data_versions,
    // written as the owner (the triggers do the same at the commit of any tenant row). Null on a
    // commit without the table.
    const [{ versioned }] = await data`select to_regclass('org_data_versions') is not null as versioned`;
    const bumpOf = (orgId) =>
      versioned
        ? async () => {
            await data`
              insert into org_data_versions (org_id, version) values (${orgId}, 1)
              on conflict (org_id) do update set version = org_data_versions.version + 1`;
          }
        : null;
    const bump = bumpOf(summary.orgId);
    log(versioned ? `first view after a change: ${COLD_SAMPLES} per page, each after a bump of org_data_versions` : "first view after a change: n/a (no org_data_versions in this commit)");

    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    server = startServer(dir, { DATABASE_URL: databaseUrl, PORT: String(port) });
    await waitForHealth(base, server, 120_000);
    await sleep(500);
    const memory = { idle: memoryOf(server.pid) };
    const cookie = await signIn(base, summary.signIns.find((s) => s.role === "admin").email, summary.password);
    log(`server on ${base}, signed in`);

    const { pages, skipped } = pagesToMeasure(values);
    const list = [FLOOR_PAGE, ...choose(pages.filter((p) => p.url !== FLOOR_PAGE.url))];
    const jsKbOf = (file) => (jsOf ? jsOf(file) / 1024 : null);
    const idle = () => waitIdle(server.pid, data, dbName);
    // Warm the server (JIT, connection pool, caches) on the floor before measuring anything.
    await autocannon({ url: base + FLOOR_PAGE.url, connections: CONNECTIONS, duration: Number(env.BENCH_WARMUP_SECONDS ?? 5), headers: { cookie } });
    const rows = [];
    const floorAgain = async (label) => {
      const again = await measure(base, cookie, FLOOR_PAGE.url, idle, bump);
      rows.push({ ...FLOOR_PAGE, ...again, isFloor: true, label, jsKb: jsKbOf(FLOOR_PAGE.file) });
      log(`${label}: ${fmt(again.rps, 1)} req/s  p50 ${fmt(again.p50)} ms  p99 ${fmt(again.p99)} ms  after a change ${afterChangeCell(again.afterChange)} ms`);
    };
    const middle = Math.floor(list.length / 2);
    for (const [i, page] of list.entries()) {
      if (i === middle && i > 0) await floorAgain("/o/lakeshore (floor again, midway)");
      const r = await measure(base, cookie, page.url, idle, bump);
      rows.push({ ...page, ...r, jsKb: jsKbOf(page.file) });
      log(`${(page.label ?? page.url).padEnd(60)} ${r.status === 200 ? `${fmt(r.rps, 1).padStart(7)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  after a change ${afterChangeCell(r.afterChange)} ms` : `HTTP ${r.status}`}`);
    }
    // A small town beside the large one, on the same server: its own administrator, its own bumps.
    const town = withTown ? await townOf(data) : null;
    if (town) {
      const townCookie = await signIn(base, town.email, summary.password);
      log(`signed in as ${town.email}: the pages of /o/${town.slug} (${town.staff} staff, ${town.answers} answers)`);
      for (const page of townPages(town.slug)) {
        const r = await measure(base, townCookie, page.url, idle, bumpOf(town.id));
        rows.push({ ...page, ...r, jsKb: jsKbOf(page.file) });
        log(`${page.label.padEnd(60)} ${r.status === 200 ? `${fmt(r.rps, 1).padStart(7)} req/s  p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  after a change ${afterChangeCell(r.afterChange)} ms` : `HTTP ${r.status}`}`);
      }
    } else if (withTown) {
      log(`no small town to measure (BENCH_ORGS=${ORGS})`);
    }
    await floorAgain("/o/lakeshore (floor again, at the end)");
    memory.after = memoryOf(server.pid);
    await stopServer(server);
    server = null;

    // Refreshing the largest campaign's rollups, on the same database once the server has stopped.
    const rollup = refreshRollups(dir, databaseUrl);
    log(`rollup refresh of the largest campaign (${rollup.answers} answers): ${rollup.seconds.toFixed(2)} s`);

    // The reference is the best of the three floor runs: the machine is shared, and the best run is
    // the one least disturbed; comparing every page with it can only make pages look worse.
    const floor = rows.filter((r) => r.isFloor && r.status === 200).sort((a, b) => b.rps - a.rps)[0] ?? null;
    return { scale, rows, floor, town, skipped, counts: summary.counts, seedRollups: summary.rollups ?? null, seedSeconds, memory, rollup, loadAtStart, loadAtEnd: loadNow(), versioned };
  } finally {
    if (server) await stopServer(server);
    if (data) await data.end({ timeout: 5 });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => console.error(`could not drop ${dbName}: ${e.message}`));
    await admin.end({ timeout: 5 });
  }
}

/** `npm run bench`: every page at one scale, with JavaScript per page and the demo's cold start. */
async function benchAll(dir, buildSeconds) {
  const run = await benchRun(dir, {
    scale: SCALE,
    jsOf: jsBytesFor(dir),
    withTown: true,
    choose: (pages) =>
      [{ file: "account", url: "/account", label: "/account (no organization)" }, ...pages].filter((p) => !PAGE_FILTER || PAGE_FILTER.test(p.url) || PAGE_FILTER.test(p.file)),
  });
  const cold = COLD_START ? await coldStart(dir) : null;
  if (cold !== null) log(`cold start of the demo: ${cold.toFixed(1)} s`);
  const section = report({ ...run, buildSeconds, cold, totalSeconds: (Date.now() - started) / 1000 });
  console.log("\n" + section + "\n");
  if (WRITE) writeDoc(section);
}

/** `npm run bench:growth`: the dashboard pages and the rollup refresh at each scale of GROWTH. */
async function benchGrowth(dir, buildSeconds) {
  const runs = [];
  for (const scale of GROWTH) {
    log(`growth: scale ${scale} (${runs.length + 1} of ${GROWTH.length})`);
    runs.push(
      await benchRun(dir, {
        scale,
        choose: (pages) =>
          Object.entries(GROWTH_PAGES)
            .map(([file, label]) => pages.find((p) => p.file === file && !p.label) && { ...pages.find((p) => p.file === file && !p.label), label })
            .filter(Boolean),
      }),
    );
  }
  const section = growthReport(runs, { buildSeconds, totalSeconds: (Date.now() - started) / 1000 });
  console.log("\n" + section + "\n");
  if (WRITE) writeDoc(section, "growth", "Cost growth");
}

async function main() {
  const dir = prepareWorkdir();
  try {
    const admin = postgres({ ...PG, database: "postgres", onnotice: () => {}, max: 1 });
    try {
      env.__PG_VERSION = (await admin`select split_part(version(), ' on ', 1) as v`)[0].v;
    } finally {
      await admin.end({ timeout: 5 });
    }
    sourceHasViewCache = knowsViewCache(dir);
    log(`view cache: ${viewCacheDescription().replace(/\*/g, "")}`);
    log(`building in ${dir}`);
    const buildSeconds = build(dir);
    log(`built in ${buildSeconds.toFixed(1)} s`);
    if (GROWTH) await benchGrowth(dir, buildSeconds);
    else await benchAll(dir, buildSeconds);
  } finally {
    // The link first, so that removing the scratch folder can never reach the real node_modules.
    fs.unlinkSync(path.join(dir, "node_modules"));
    fs.rmSync(dir, { recursive: true, force: true });
    log("done");
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
