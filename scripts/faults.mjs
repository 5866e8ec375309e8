// `npm run faults`: faults under load (issue 9, part 5). docs/reliability.md says how to read it.
//
// 1. Starts a private PostgreSQL 15 cluster in a temporary folder on a free loopback port (the
//    machine's shared PostgreSQL is never touched), builds the app in a scratch copy of the
//    sources (or reuses FAULTS_BUILD_DIR), starts the production server against the private
//    cluster with the demo city, signs in as the demo administrator, creates and opens a campaign
//    with comments and issues its personal links.
// 2. Load, loopback only and bounded: FAULTS_WRITERS closed-loop writers for FAULTS_SECONDS record
//    measurements (the objective page's "record a value" form) and submit surveys (the respond
//    link's form), each write carrying a unique marker (the measurement's note, the survey's
//    comment). Every answer is kept: acknowledged (the redirect the form gets on success) or not,
//    with its status.
// 3. FAULTS_AT seconds in, the private PostgreSQL is stopped (fast shutdown: sessions are cut),
//    kept down FAULTS_OUTAGE seconds and started again, while /healthz and /readyz are polled
//    every 200 ms.
// 4. After the load: how many unacknowledged writes were written anyway (ambiguous), then each of
//    them is submitted once more, as a person who saw an error page would (same content, same
//    marker). Then the app server is restarted while PostgreSQL is down: it must listen (/healthz
//    200, /readyz 503) and become ready by itself once PostgreSQL is back. Then the database is
//    read directly: every acknowledged write present, none twice.
// 5. Writes the result into docs/reliability.md between the faults markers; removes the server,
//    the cluster and the scratch folder (also on an error or Ctrl-C). Exits 1 if a write was lost
//    or duplicated or the app did not recover.
//
// Settings (environment): FAULTS_SECONDS (36), FAULTS_WRITERS (8), FAULTS_AT (12), FAULTS_OUTAGE
// (5), FAULTS_STOP_MODE (fast; immediate stops PostgreSQL as a crash would), FAULTS_SOURCE=worktree
// (build the files as they are, uncommitted changes included; default: the committed HEAD),
// FAULTS_BUILD_DIR (a folder with a built copy to reuse as is), FAULTS_WRITE (1; 0 prints without
// writing the doc), FAULTS_COLD_START (1; 0 skips restarting the app server while PostgreSQL is
// down), PG_BIN (/usr/lib/postgresql/15/bin).
import { execFile, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import url from "node:url";
import postgres from "postgres";

const root = path.resolve(path.dirname(url.fileURLToPath(import.meta.url)), "..");
const env = process.env;
const SECONDS = Number(env.FAULTS_SECONDS ?? 36);
const WRITERS = Number(env.FAULTS_WRITERS ?? 8);
const FAULT_AT = Number(env.FAULTS_AT ?? 12);
const OUTAGE = Number(env.FAULTS_OUTAGE ?? 5);
/** fast: PostgreSQL cuts the sessions and shuts down cleanly; immediate: it stops at once, like a
 * crash, and replays its WAL when started again. */
const STOP_MODE = env.FAULTS_STOP_MODE === "immediate" ? "immediate" : "fast";
const WRITE = env.FAULTS_WRITE !== "0";
const COLD_START = env.FAULTS_COLD_START !== "0";
const FROM_WORKTREE = env.FAULTS_SOURCE === "worktree";
const PG_BIN = env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** Where the app server writes its email (MAIL_FILE_DIR): the survey links come from there. */
const MAIL_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-faults-mail-"));
const HOST = "127.0.0.1";
const ORG = "riverton";
const ADMIN = { email: "manager@riverton.example", password: "Riverton-demo-2026" };
const POLL_MS = 200;
/** How long a health probe may take: 5 s, the default of common load balancers' health checks. */
const PROBE_TIMEOUT_MS = 5000;
const RUN = crypto.randomBytes(4).toString("hex");
const started = Date.now();

const log = (msg) => console.log(`[faults ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort(from) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once("error", () => resolve(null));
      srv.listen(port, HOST, () => srv.close(() => resolve(port)));
    });
  return (async () => {
    for (let p = from; p < from + 200; p++) if (await tryPort(p)) return p;
    throw new Error(`no free port from ${from}`);
  })();
}

// ------------------------------------------------------------------------------------------------
// Cleanup that runs once, whatever happens (error, Ctrl-C, normal end).

const cleanups = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`cleanup: ${e.message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

// ------------------------------------------------------------------------------------------------
// The private PostgreSQL cluster

const asRoot = process.getuid?.() === 0;
function pgTool(tool, args, options = {}) {
  const bin = path.join(PG_BIN, tool);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], ...options }).toString();
}
/** The same, without blocking this process: the writers and the health probes go on meanwhile. */
function pgToolAsync(tool, args) {
  const bin = path.join(PG_BIN, tool);
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return new Promise((resolve, reject) => execFile(cmd, argv, (error, stdout) => (error ? reject(error) : resolve(String(stdout)))));
}

async function startCluster() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-faults-pg-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (asRoot) execFileSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  pgTool("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  const port = await freePort(55432);
  const cluster = {
    dir,
    data,
    port,
    logFile: path.join(dir, "postgres.log"),
    start: (run = pgTool) =>
      run("pg_ctl", ["-D", data, "-l", path.join(dir, "postgres.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=${HOST}`, "start"]),
    stop: (mode = "fast", run = pgTool) => run("pg_ctl", ["-D", data, "-w", "-t", "60", "-m", mode, "stop"]),
    running: () => {
      try {
        pgTool("pg_ctl", ["-D", data, "status"]);
        return true;
      } catch {
        return false;
      }
    },
  };
  cluster.start();
  cleanups.push(() => {
    if (cluster.running()) cluster.stop("immediate");
  });
  return cluster;
}

// ------------------------------------------------------------------------------------------------
// Build in a scratch copy (as scripts/bench.mjs does), unless a built folder is given

const COPY = ["app", "db", "drizzle", "public", "server.mjs", "remix.config.js", "tsconfig.json", "package.json"];

function commitDescription() {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).toString().trim();
  if (env.FAULTS_BUILD_DIR) return `the build in ${env.FAULTS_BUILD_DIR} (checkout at ${commit})`;
  return FROM_WORKTREE ? `the working tree at ${commit} (uncommitted changes included)` : `commit ${commit}`;
}

function prepareBuild() {
  if (env.FAULTS_BUILD_DIR) return path.resolve(env.FAULTS_BUILD_DIR);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "praxis-faults-app-"));
  cleanups.push(() => {
    // The link first, so that removing the scratch folder can never reach the real node_modules.
    if (fs.existsSync(path.join(dir, "node_modules"))) fs.unlinkSync(path.join(dir, "node_modules"));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  if (FROM_WORKTREE) {
    for (const entry of COPY) {
      fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true, filter: (src) => !src.startsWith(path.join(root, "public", "build")) });
    }
  } else {
    const archive = execFileSync("git", ["archive", "--format=tar", "HEAD", ...COPY], { cwd: root, maxBuffer: 512 * 2 ** 20 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  log(`building in ${dir}`);
  execFileSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], env: { ...env, NODE_ENV: "production" } });
  return dir;
}

// ------------------------------------------------------------------------------------------------
// The app server

function startServer(dir, extraEnv) {
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: dir,
    env: { ...env, NODE_ENV: "production", LOG_REQUESTS: "0", HOST, PRAXIS_SEED_DEMO: "1", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const errorLines = [];
  const keep = (d) => {
    output = (output + d).slice(-6000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", (d) => {
    keep(d);
    for (const line of String(d).split("\n")) if (line.trim()) errorLines.push(line);
  });
  child.outputTail = () => output;
  child.errorLines = errorLines;
  cleanups.push(() => stopServer(child));
  return child;
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

async function waitReady(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${child.outputTail()}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${child.outputTail()}`);
}

// ------------------------------------------------------------------------------------------------
// HTTP as a browser's form post would be

function formHeaders(base, cookie) {
  return { Origin: base, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) };
}

async function post(base, pathname, fields, cookie) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, String(x));
  return fetch(base + pathname, { method: "POST", body, redirect: "manual", headers: formHeaders(base, cookie), signal: AbortSignal.timeout(30_000) });
}

async function signIn(base, email, password) {
  const res = await post(base, "/sign-in", { email, password, redirectTo: "/" });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("praxis_session="));
  if (res.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed: HTTP ${res.status}`);
  return cookie;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A campaign of one practice with comments, opened, with a personal link for everyone on the
 * roster: each link is one survey to submit, its comment the marker. */
async function prepareCampaign(base, cookie) {
  const created = await post(
    base,
    `/o/${ORG}/assessments/new`,
    {
      title: `Fault run ${RUN}`,
      description: "Written by npm run faults.",
      kind: "organizational",
      depth: "practice",
      practiceNumbers: 4,
      commentsEnabled: "on",
      opensOn: today(),
      closesOn: inDays(14),
    },
    cookie,
  );
  const location = created.headers.get("location") ?? "";
  const campaignId = /assessments\/([0-9a-f-]{36})/.exec(location)?.[1];
  if (created.status !== 302 || !campaignId) throw new Error(`Creating the campaign failed: HTTP ${created.status} ${await created.text()}`);
  // Links reach only their owners, by Praxis's email (issue 14): the server writes its mail to
  // MAIL_DIR and the run reads each link there, as its owner would.
  const invited = await post(base, `/o/${ORG}/assessments/${campaignId}`, { intent: "invite", audience: "everyone" }, cookie);
  if (invited.status !== 200) throw new Error(`Inviting failed: HTTP ${invited.status} ${await invited.text()}`);
  const opened = await post(base, `/o/${ORG}/assessments/${campaignId}`, { intent: "open" }, cookie);
  if (opened.status !== 302) throw new Error(`Opening the campaign failed: HTTP ${opened.status}`);
  const emailed = await post(base, `/o/${ORG}/assessments/${campaignId}`, { intent: "email" }, cookie);
  if (emailed.status !== 302) throw new Error(`Sending the invitations failed: HTTP ${emailed.status}`);
  let tokens = [];
  for (let wait = 0; wait < 120 && tokens.length === 0; wait++) {
    await new Promise((r) => setTimeout(r, 500));
    tokens = fs
      .readdirSync(MAIL_DIR)
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => [...JSON.parse(fs.readFileSync(path.join(MAIL_DIR, f), "utf8")).text.matchAll(/\/respond\/([A-Za-z0-9_-]{20,100})/g)].map((m) => m[1]));
  }
  const page = await (await fetch(`${base}/respond/${tokens[0]}`)).text();
  const itemIds = [...new Set([...page.matchAll(/name="answer\.([0-9a-f-]{36})"/g)].map((m) => m[1]))];
  if (tokens.length === 0 || itemIds.length === 0) throw new Error(`No links (${tokens.length}) or no statements (${itemIds.length}) in the campaign`);
  return { campaignId, tokens, itemIds, practiceNumber: 4 };
}

/** Monthly measures of plans that are not archived, each with its objective (whose page records). */
async function editableMeasures(sql) {
  return sql`
    select m.id, m.objective_id from measures m
    join plans p on p.org_id = m.org_id and p.id = m.plan_id
    join organizations o on o.id = m.org_id
    where o.slug = ${ORG} and p.status <> 'archived' and m.reporting_frequency = 'monthly'
    order by m.code`;
}

// ------------------------------------------------------------------------------------------------
// Writes

/**
 * One write: what was sent (so it can be sent again), its marker, and each attempt's outcome.
 * A measurement is acknowledged by the redirect to its objective with notice=recorded (or
 * =unchanged when the same value was already there); a survey by the redirect to ?submitted=, or,
 * when sent again, by the link's page saying the answers were already submitted.
 */
function makeWriter(base, cookie, work) {
  async function attempt(w) {
    const t = performance.now();
    try {
      if (w.kind === "measurement") {
        const res = await post(
          base,
          `/o/${ORG}/objectives/${w.objectiveId}`,
          { intent: "measurement", measureId: w.measureId, period: w.period, value: w.value, note: w.marker },
          cookie,
        );
        await res.arrayBuffer();
        const location = res.headers.get("location") ?? "";
        const ok = res.status === 302 && /[?&]notice=(recorded|unchanged)\b/.test(location);
        return { t, status: res.status, ok, how: ok ? /unchanged/.test(location) ? "unchanged" : "recorded" : null };
      }
      const fields = { step: "1", intent: "submit", [`comment.${work.practiceNumber}`]: w.marker };
      for (const id of work.itemIds) fields[`answer.${id}`] = w.answer;
      const res = await post(base, `/respond/${w.token}`, fields);
      await res.arrayBuffer();
      const location = res.headers.get("location") ?? "";
      if (res.status === 302 && /[?&]submitted=/.test(location)) return { t, status: res.status, ok: true, how: "submitted" };
      if (res.status === 302 && location.endsWith(`/respond/${w.token}`)) {
        // Refused as unavailable: the link's page says why (410 "already submitted" when it was).
        const page = await fetch(base + location, { signal: AbortSignal.timeout(30_000) });
        const text = await page.text();
        const used = page.status === 410 && /already submitted/i.test(text);
        return { t, status: used ? 410 : page.status, ok: used, how: used ? "already submitted" : null };
      }
      return { t, status: res.status, ok: false, how: null };
    } catch (e) {
      const cause = e.cause?.code ?? e.name ?? "error";
      return { t, status: `network ${cause}`, ok: false, how: null };
    }
  }
  return attempt;
}

// ------------------------------------------------------------------------------------------------
// Health polling

function pollHealth(base, t0) {
  const samples = [];
  let stop = false;
  // A new connection per probe, as a load balancer's health check makes: a kept-alive socket that
  // the server closes as idle at the moment it is reused would fail the probe for no fault of the
  // app (the writers' fetch pool has such sockets).
  const probe = (p) =>
    new Promise((resolve) => {
      const t = performance.now() - t0;
      const done = (status) => resolve({ t, status, ms: performance.now() - t0 - t });
      const req = http.get(base + p, { agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode));
        res.on("error", (e) => done(`network ${e.code ?? e.name}`));
      });
      req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
      req.on("error", (e) => done(`network ${e.code ?? e.name}`));
    });
  const done = (async () => {
    while (!stop) {
      const next = sleep(POLL_MS);
      const [health, ready] = await Promise.all([probe("/healthz"), probe("/readyz")]);
      samples.push({ t: health.t, health, ready });
      await next;
    }
  })();
  return {
    samples,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

// ------------------------------------------------------------------------------------------------

const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? "—" : Number(x).toFixed(d));

async function main() {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new Error(`No PostgreSQL at ${PG_BIN} (set PG_BIN)`);
  const cluster = await startCluster();
  log(`private PostgreSQL in ${cluster.dir} on ${HOST}:${cluster.port}`);
  const pgVersion = pgTool("postgres", ["--version"]).trim();
  const admin = postgres({ host: HOST, port: cluster.port, user: "postgres", database: "postgres", onnotice: () => {}, max: 1 });
  await admin.unsafe("create database praxis_faults");
  await admin.end({ timeout: 5 });
  const databaseUrl = `postgres://postgres@${HOST}:${cluster.port}/praxis_faults`;

  const dir = prepareBuild();
  const port = await freePort(3900);
  const base = `http://${HOST}:${port}`;
  const server = startServer(dir, { DATABASE_URL: databaseUrl, PORT: String(port), MAIL_FILE_DIR: MAIL_DIR });
  await waitReady(base, server, 240_000);
  log(`server on ${base} (migrated, demo city seeded)`);

  const cookie = await signIn(base, ADMIN.email, ADMIN.password);
  const work = await prepareCampaign(base, cookie);
  log(`campaign ${work.campaignId}: ${work.tokens.length} personal links, ${work.itemIds.length} statement(s)`);
  // Read again for each check: a connection of its own, opened after the restart as well.
  const db = () => postgres(databaseUrl, { onnotice: () => {}, max: 1 });
  let sql = db();
  const measures = await editableMeasures(sql);
  await sql.end({ timeout: 5 });
  if (measures.length === 0) throw new Error("No monthly measure of an open plan in the demo city");
  log(`${measures.length} monthly measures to record values of`);

  // Unique (measure, period) per write: months counted back from 30 years ago, far from the demo's
  // own values, so every write creates its row and its marker identifies it.
  const baseMonth = new Date().getUTCFullYear() * 12 + new Date().getUTCMonth() - 360;
  let nextMeasurement = 0;
  let nextToken = 0;
  const writes = [];
  const nextWrite = (kind) => {
    if (kind === "survey" && nextToken < work.tokens.length) {
      const n = writes.length;
      return { n, kind, token: work.tokens[nextToken++], answer: 1 + (n % 5), marker: `faults:${RUN}:${n}` };
    }
    const n = writes.length;
    const i = nextMeasurement++;
    const m = measures[i % measures.length];
    const month = baseMonth - Math.floor(i / measures.length);
    const period = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}-01`;
    return { n, kind: "measurement", measureId: m.id, objectiveId: m.objective_id, period, value: `${n}.25`, marker: `faults:${RUN}:${n}` };
  };
  const attempt = makeWriter(base, cookie, work);

  const t0 = performance.now();
  // How late this process's own timers ran: on a busy machine the load generator is starved too,
  // and a slow probe may be its delay, not the server's.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const poller = pollHealth(base, t0);
  const deadline = t0 + SECONDS * 1000;
  const fault = { stopAt: null, stoppedAt: null, startAt: null, startedAt: null };
  const faultRun = (async () => {
    await sleep(FAULT_AT * 1000);
    fault.stopAt = performance.now() - t0;
    log(`stopping PostgreSQL (${STOP_MODE} shutdown) at +${fmt(fault.stopAt / 1000)} s`);
    await cluster.stop(STOP_MODE, pgToolAsync);
    fault.stoppedAt = performance.now() - t0;
    await sleep(OUTAGE * 1000);
    fault.startAt = performance.now() - t0;
    await cluster.start(pgToolAsync);
    fault.startedAt = performance.now() - t0;
    log(`PostgreSQL started again at +${fmt(fault.startedAt / 1000)} s (down ${fmt((fault.startedAt - fault.stoppedAt) / 1000)} s)`);
  })();

  log(`load: ${WRITERS} writers for ${SECONDS} s; PostgreSQL stopped at +${FAULT_AT} s for ${OUTAGE} s`);
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, k) => {
      while (performance.now() < deadline) {
        const w = nextWrite(k % 2 === 0 ? "measurement" : "survey");
        writes.push(w);
        w.attempts = [await attempt(w)];
        w.attempts[0].t -= t0;
        w.attempts[0].end = performance.now() - t0;
      }
    }),
  );
  await faultRun;
  const loadSeconds = (performance.now() - t0) / 1000;
  log(`load over after ${fmt(loadSeconds)} s: ${writes.length} writes`);

  // The app must come back by itself: readiness within 60 s of the end of the load, no help.
  const readyBy = performance.now() + 60_000;
  while (performance.now() < readyBy && poller.samples.at(-1)?.ready.status !== 200) await sleep(POLL_MS);
  await sleep(1000);
  await poller.stop();
  lag.disable();

  // Before anything is sent again: which unacknowledged writes are in the database anyway.
  sql = db();
  const marked = async () => {
    const m = await sql`select note as marker, count(*)::int as n from measurements where note like ${`faults:${RUN}:%`} group by note`;
    const s = await sql`
      select c.body as marker, count(distinct r.id)::int as n, min(a.answers)::int as min_answers, max(a.answers)::int as max_answers
      from assessment_comments c
      join assessment_responses r on r.org_id = c.org_id and r.id = c.response_id
      cross join lateral (select count(*) as answers from assessment_answers x where x.org_id = r.org_id and x.response_id = r.id) a
      where c.body like ${`faults:${RUN}:%`}
      group by c.body`;
    return new Map([...m, ...s].map((r) => [r.marker, r]));
  };
  const first = await marked();
  const unacknowledged = writes.filter((w) => !w.attempts[0].ok);
  const ambiguous = unacknowledged.filter((w) => first.has(w.marker));

  // Each refused write once more, like a person who got an error page and submits again.
  for (const w of unacknowledged) {
    const r = await attempt(w);
    r.t -= t0;
    w.attempts.push(r);
  }

  // The app server started while PostgreSQL is down (both restarted after a power cut, say): it
  // must listen, say it is not ready, and become ready by itself once PostgreSQL is back.
  let cold = null;
  if (COLD_START) {
    await sql.end({ timeout: 5 });
    await stopServer(server);
    await cluster.stop("fast", pgToolAsync);
    const c0 = performance.now();
    const again = startServer(dir, { DATABASE_URL: databaseUrl, PORT: String(port), MAIL_FILE_DIR: MAIL_DIR });
    let health = null;
    while (performance.now() - c0 < 120_000 && again.exitCode === null) {
      health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => null);
      if (health === 200) break;
      await sleep(POLL_MS);
    }
    const listeningAfter = performance.now() - c0;
    const readyWhileDown = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e) => `network ${e.cause?.code ?? e.name}`);
    const pageWhileDown = await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e) => `network ${e.cause?.code ?? e.name}`);
    await sleep(OUTAGE * 1000);
    const back = performance.now();
    await cluster.start(pgToolAsync);
    let readyAfter = null;
    while (performance.now() - back < 60_000 && again.exitCode === null) {
      const status = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, () => null);
      if (status === 200) {
        readyAfter = performance.now() - back;
        break;
      }
      await sleep(POLL_MS);
    }
    const w = nextWrite("measurement");
    writes.push(w);
    const r = await attempt(w);
    r.t -= t0;
    w.attempts = [r];
    cold = { health, listeningAfter, readyWhileDown, pageWhileDown, readyAfter, write: r.ok ? r.how : r.status, exited: again.exitCode };
    log(`cold start while PostgreSQL was down: /healthz ${health} after ${fmt(listeningAfter / 1000)} s, /readyz ${readyWhileDown}; ready ${readyAfter === null ? "never" : `${fmt(readyAfter / 1000)} s`} after PostgreSQL was started`);
    sql = db();
  }

  const final = await marked();
  const [campaignCounts] = await sql`
    select
      (select count(*)::int from assessment_invitations where campaign_id = ${work.campaignId} and completed) as completed,
      (select count(*)::int from assessment_responses where campaign_id = ${work.campaignId}) as responses`;
  await sql.end({ timeout: 5 });

  const acknowledged = writes.filter((w) => w.attempts.some((a) => a.ok));
  const lost = acknowledged.filter((w) => !final.has(w.marker));
  const duplicated = writes.filter((w) => (final.get(w.marker)?.n ?? 0) > 1);
  const partial = writes.filter((w) => w.kind === "survey" && final.has(w.marker) && final.get(w.marker).min_answers !== work.itemIds.length);
  const neverAcknowledged = writes.filter((w) => !w.attempts.some((a) => a.ok));
  const writtenUnacknowledged = neverAcknowledged.filter((w) => final.has(w.marker));

  // The outage as the health endpoints saw it.
  const samples = poller.samples;
  const firstDown = samples.find((s) => s.t >= (fault.stopAt ?? Infinity) && s.ready.status !== 200);
  const backUp = firstDown ? samples.find((s) => s.t > firstDown.t && s.ready.status === 200) : null;
  const readyNon200 = samples.filter((s) => s.ready.status !== 200);
  const healthNon200 = samples.filter((s) => s.health.status !== 200);
  const healthSlowest = Math.max(...samples.map((s) => s.health.ms));
  const readyStatuses = tally(readyNon200.map((s) => s.ready.status));

  // Client errors, and when they happened relative to the outage.
  const firstAttempts = writes.map((w) => w.attempts[0]);
  const failed = firstAttempts.filter((a) => !a.ok);
  const outageEnd = backUp ? backUp.t : Infinity;
  const outsideOutage = failed.filter((a) => a.end < (fault.stopAt ?? 0) || a.t > outageEnd + 1000);
  const firstAckAfterRestart = firstAttempts.filter((a) => a.ok && a.t >= (fault.startAt ?? Infinity)).sort((a, b) => a.t - b.t)[0];
  const errorWindow = failed.length ? [Math.min(...failed.map((a) => a.t)), Math.max(...failed.map((a) => a.t)), Math.max(...failed.map((a) => a.end - a.t))] : null;

  const byKind = (kind) => {
    const ws = writes.filter((w) => w.kind === kind);
    return {
      attempted: ws.length,
      acknowledgedFirst: ws.filter((w) => w.attempts[0].ok).length,
      acknowledged: ws.filter((w) => w.attempts.some((a) => a.ok)).length,
      found: ws.filter((w) => w.attempts.some((a) => a.ok) && final.has(w.marker)).length,
      duplicated: ws.filter((w) => (final.get(w.marker)?.n ?? 0) > 1).length,
      lost: ws.filter((w) => w.attempts.some((a) => a.ok) && !final.has(w.marker)).length,
      failedFirst: ws.filter((w) => !w.attempts[0].ok).length,
      ambiguous: ws.filter((w) => ambiguous.includes(w)).length,
      resentOk: ws.filter((w) => w.attempts.length > 1 && w.attempts.at(-1).ok).length,
      resentHow: tally(ws.filter((w) => w.attempts.length > 1).map((w) => w.attempts.at(-1).how ?? w.attempts.at(-1).status)),
    };
  };
  const kinds = { measurement: byKind("measurement"), survey: byKind("survey") };
  const recovered = Boolean(backUp) && samples.at(-1).ready.status === 200 && Boolean(firstAckAfterRestart);
  const coldOk = !cold || (cold.health === 200 && cold.readyWhileDown === 503 && cold.pageWhileDown === 503 && cold.readyAfter !== null && cold.write === "recorded");
  const pass =
    lost.length === 0 && duplicated.length === 0 && partial.length === 0 && recovered && coldOk && healthNon200.length === 0 && campaignCounts.completed === campaignCounts.responses;

  const result = {
    when: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${pgVersion}, ${os.type()} ${os.release()}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" / ")}`,
    source: commitDescription(),
    loadSeconds,
    writes: writes.length,
    kinds,
    acknowledged: acknowledged.length,
    found: acknowledged.length - lost.length,
    lost: lost.length,
    duplicated: duplicated.length,
    partial: partial.length,
    ambiguous: ambiguous.length,
    unacknowledgedFirst: unacknowledged.length,
    neverAcknowledged: neverAcknowledged.length,
    writtenUnacknowledged: writtenUnacknowledged.length,
    campaignCounts,
    fault,
    firstDown,
    backUp,
    readyNon200: readyNon200.length,
    readyStatuses,
    samples: samples.length,
    healthNon200: healthNon200.length,
    healthSlowest,
    failedStatuses: tally(failed.map((a) => a.status)),
    outsideOutage: outsideOutage.length,
    errorWindow,
    firstAckAfterRestart,
    serverErrorLines: server.errorLines.length,
    lagMs: { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
    recovered,
    cold,
    pass,
  };
  const section = report(result);
  console.log("\n" + section + "\n");
  if (WRITE) writeDoc(section);
  if (!pass) {
    for (const w of lost.slice(0, 10)) console.error("lost:", JSON.stringify(w));
    for (const w of duplicated.slice(0, 10)) console.error("duplicated:", JSON.stringify(w));
    console.error(server.errorLines.slice(-20).join("\n"));
    process.exitCode = 1;
  }
}

function tally(values) {
  const m = new Map();
  for (const v of values) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}

const tallyText = (t) => (t.length ? t.map(([k, n]) => `${k} × ${n}`).join(", ") : "none");
const s = (ms) => (ms === null || ms === undefined ? "—" : `${fmt(ms / 1000)} s`);

function report(r) {
  const { measurement: m, survey: v } = r.kinds;
  const lines = [];
  lines.push(`Run ${r.when} on ${r.machine}; source: ${r.source}.`);
  lines.push("");
  lines.push(
    `Load: ${WRITERS} writers (half recording measurements, half submitting surveys from personal links), closed loop on loopback for ${fmt(r.loadSeconds)} s, ` +
      `against the production server on a private PostgreSQL cluster with the demo city. PostgreSQL was told to stop (${STOP_MODE === "fast" ? "fast shutdown: sessions cut" : "immediate shutdown: as a crash, WAL replayed at start"}) at +${s(r.fault.stopAt)}, ` +
      `was down from +${s(r.fault.stoppedAt)} and was started again at +${s(r.fault.startAt)} (\`pg_ctl start -w\`, which returns once it accepts connections, returned at +${s(r.fault.startedAt)}).`,
  );
  lines.push("");
  lines.push("| writes | measurements | surveys | all |");
  lines.push("| --- | ---: | ---: | ---: |");
  const row = (label, a, b) => lines.push(`| ${label} | ${a} | ${b} | ${typeof a === "number" ? a + b : ""} |`);
  row("attempted", m.attempted, v.attempted);
  row("acknowledged at once", m.acknowledgedFirst, v.acknowledgedFirst);
  row("refused or failed at first (during the outage)", m.failedFirst, v.failedFirst);
  row("… of which written anyway (ambiguous: committed, answer lost)", m.ambiguous, v.ambiguous);
  row("… sent again after recovery and acknowledged", m.resentOk, v.resentOk);
  row("**acknowledged in all**", m.acknowledged, v.acknowledged);
  row("**found in the database**", m.found, v.found);
  row("**lost** (acknowledged, not found)", m.lost, v.lost);
  row("**duplicated** (marker found more than once)", m.duplicated, v.duplicated);
  lines.push("");
  lines.push(
    `Answers to the writes sent again: measurements ${tallyText(m.resentHow)}; surveys ${tallyText(v.resentHow)}. ` +
      `Never acknowledged: ${r.neverAcknowledged} (of which in the database: ${r.writtenUnacknowledged}). ` +
      `Surveys with a missing answer (partial writes): ${r.partial}. Campaign: ${r.campaignCounts.completed} invitations completed, ${r.campaignCounts.responses} responses.`,
  );
  lines.push("");
  lines.push("| outage | value |");
  lines.push("| --- | --- |");
  lines.push(`| /readyz first not 200 | ${r.firstDown ? `+${s(r.firstDown.t)} (${r.firstDown.ready.status}), ${s(r.firstDown.t - r.fault.stopAt)} after the stop began` : "never"} |`);
  lines.push(`| /readyz 200 again | ${r.backUp ? `+${s(r.backUp.t)}` : "never"} |`);
  lines.push(
    `| time to recovery (PostgreSQL started → app ready) | ${r.backUp ? `${s(r.backUp.t - r.fault.startAt)}, of which PostgreSQL's own start-up is at most ${s(r.fault.startedAt - r.fault.startAt)}` : "did not recover"} |`,
  );
  lines.push(`| outage seen by /readyz | ${r.firstDown && r.backUp ? s(r.backUp.t - r.firstDown.t) : "—"} (${r.readyNon200} of ${r.samples} polls not 200: ${tallyText(r.readyStatuses)}) |`);
  lines.push(`| /healthz | ${r.healthNon200 === 0 ? "200 at every poll" : `${r.healthNon200} polls not 200`} (${r.samples} polls, each ${POLL_MS} ms after the previous one began or when it answered if later, a probe failing after ${PROBE_TIMEOUT_MS / 1000} s; slowest /healthz ${fmt(r.healthSlowest, 0)} ms) |`);
  lines.push(`| first write acknowledged after the restart | ${r.firstAckAfterRestart ? `+${s(r.firstAckAfterRestart.t)}` : "none"} |`);
  lines.push(`| what clients got for the failed writes | ${tallyText(r.failedStatuses)} |`);
  lines.push(
    `| when the failed writes were sent | ${r.errorWindow ? `from +${s(r.errorWindow[0])} to +${s(r.errorWindow[1])} (the slowest answered after ${s(r.errorWindow[2])})` : "no failure"}; failures outside the outage: ${r.outsideOutage} |`,
  );
  lines.push(`| server error log lines (stderr) | ${r.serverErrorLines} |`);
  lines.push(`| the load generator's own event-loop delay (p99 / max) | ${fmt(r.lagMs.p99, 0)} ms / ${fmt(r.lagMs.max, 0)} ms |`);
  if (r.cold) {
    lines.push(
      `| cold start while PostgreSQL is down (app server restarted, PostgreSQL started ${OUTAGE} s later) | listening after ${s(r.cold.listeningAfter)} (/healthz ${r.cold.health}, /readyz ${r.cold.readyWhileDown}, pages ${r.cold.pageWhileDown}); ` +
        `ready ${r.cold.readyAfter === null ? "never" : `${s(r.cold.readyAfter)} after PostgreSQL was started (its own start-up included; start-up is retried every 5 s)`}; next write: ${r.cold.write} |`,
    );
  }
  lines.push("");
  lines.push(`**Result: ${r.pass ? "pass" : "FAIL"}** — ${r.lost} lost, ${r.duplicated} duplicated, ${r.partial} partial; the app ${r.recovered ? "recovered by itself" : "did NOT recover by itself"}.`);
  return lines.join("\n");
}

function writeDoc(section) {
  const file = path.join(root, "docs", "reliability.md");
  const start = "<!-- faults:start -->";
  const end = "<!-- faults:end -->";
  let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : `# Reliability\n\n## Latest fault run\n\n${start}\n${end}\n`;
  if (!text.includes(start)) text += `\n## Latest fault run\n\n${start}\n${end}\n`;
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  fs.writeFileSync(file, `${before}\n${section}\n${after}`);
  log(`wrote ${path.relative(root, file)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    log("done");
  });
