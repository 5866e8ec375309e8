// The production server: Express in front of the Remix build. It owns what must hold for every
// response and every request before Remix sees it: security headers (with a per-request CSP
// nonce), the same-origin check on mutations, health endpoints, migrations at start-up and a
// graceful shutdown. See docs/decisions/004-express-server.md.
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { matchRoutes } from "@remix-run/react";
import compression from "compression";
import express from "express";

const root = path.dirname(url.fileURLToPath(import.meta.url));
const isProduction = process.env.NODE_ENV === "production";
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

process.env.PRAXIS_MIGRATIONS_DIR ??= path.join(root, "drizzle");
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= path.join(root, "data", "pglite");

async function loadBuild() {
  return import(url.pathToFileURL(path.join(root, "build", "index.js")).href + (isProduction ? "" : `?t=${Date.now()}`));
}

let build = await loadBuild();
const startup = build.entry.module;
// Pages and forms answer 503 with Retry-After while the database is away (app/startup.server.ts).
build = startup.answerDatabaseOutages(build);
const started = Date.now();
// Start-up (migrations, the demo city) needs the database. When it cannot be reached, the server
// listens all the same and tries again every 5 s: /healthz answers (the process is alive), /readyz
// and every page answer 503 until start-up is done. A cold start during a database outage then
// recovers by itself. Any other start-up error stops the process.
let startedUp = false;
async function startUp() {
  try {
    await startup.startServer({ seedDemo: process.env.PRAXIS_SEED_DEMO === "1" });
    startedUp = true;
    return true;
  } catch (error) {
    if (!startup.databaseUnavailable(error)) throw error;
    log("error", "database unreachable at start-up: trying again in 5 s", { error: String(error?.message ?? error) });
    return false;
  }
}
if (!(await startUp())) {
  (async () => {
    do await new Promise((r) => setTimeout(r, 5000));
    while (!(await startUp()));
    log("info", "started: the database answers", {});
  })().catch((error) => {
    log("error", "start-up failed", { error: String(error?.stack ?? error) });
    process.exit(1);
  });
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "true" ? true : process.env.TRUST_PROXY);

/** Paths whose last segment is a secret token: /invite/<token> and /respond/<token>. */
const TOKEN_PATHS = /^\/(invite|respond)\/[^/]+/;
function redactPath(p) {
  return p.replace(TOKEN_PATHS, "/$1/[token]").slice(0, 200);
}

// The route pattern a path matches ("/invite/:token", "/o/:org/members"), from the build's own
// route table: logs name the route, never the path's values (tokens, record ids).
function routeTree(routes, parentId) {
  return Object.values(routes)
    .filter((r) => r.parentId === parentId)
    .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: routeTree(routes, r.id) }));
}
let routes = routeTree(build.routes, undefined);
function routePattern(pathname) {
  let matches = null;
  try {
    matches = matchRoutes(routes, pathname);
  } catch {
    matches = null;
  }
  if (!matches) return null;
  const pattern = matches.map((m) => m.route.path).filter(Boolean).join("/");
  return "/" + pattern.replace(/^\/+/, "");
}

/** One JSON object per line on stdout (stderr for errors); see docs/operations.md. */
function log(level, msg, fields = {}) {
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields }) + "\n";
  if (level === "error") process.stderr.write(line);
  else process.stdout.write(line);
}

// Request id, for logs and for the error page a user can quote to IT staff.
app.use((req, res, next) => {
  const incoming = req.get("x-request-id");
  res.locals.requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
  res.set("X-Request-Id", res.locals.requestId);
  const t0 = process.hrtime.bigint();
  res.on("finish", () => {
    if (process.env.LOG_REQUESTS === "0") return;
    if (req.path.startsWith("/build/") || req.path === "/healthz") return;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const route = routePattern(req.path);
    // Never the query string, cookies, headers or bodies; the path only when no route matched
    // (a 404), and then with any token segment redacted.
    log(res.statusCode >= 500 ? "error" : "info", "request", {
      requestId: res.locals.requestId,
      method: req.method,
      route,
      ...(route ? {} : { path: redactPath(req.path) }),
      status: res.statusCode,
      durationMs: Math.round(ms * 10) / 10,
    });
  });
  next();
});

// Security headers on every response, static files included.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set({
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // Chart.js and React set style attributes; no inline <style> or script is needed beyond that.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'" + (isProduction ? "" : " ws://localhost:*"),
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  // Over HTTPS only (browsers ignore it over HTTP): the connection itself, or behind a proxy with
  // TRUST_PROXY set (X-Forwarded-Proto), or a public address in PRAXIS_ORIGIN that is https.
  if (req.secure || (process.env.PRAXIS_ORIGIN ?? "").startsWith("https:")) {
    res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
});

// The Remix adapter appends a route's headers to those set above: a route repeating one of ours
// (a CSV download's nosniff) must not make it "nosniff, nosniff", which browsers do not honour.
// A route's own value replaces ours, except a Content-Security-Policy, which is added as a second
// policy (both are enforced, so a route can only tighten it).
// Every response (pages, data, CSV and other downloads, errors, 404s, refusals) is kept out of
// shared and browser caches unless its handler chose a Cache-Control itself (static files do):
// pages hold a signed-in user's tenant data. Set just before the headers leave.
const SECURITY_HEADERS = new Set(["x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy", "cross-origin-resource-policy", "strict-transport-security"]);
app.use((_req, res, next) => {
  const append = res.append;
  res.append = function (field, value) {
    if (SECURITY_HEADERS.has(String(field).toLowerCase())) return res.set(field, value);
    return append.call(this, field, value);
  };
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
    return writeHead.apply(this, args);
  };
  next();
});

app.get("/healthz", (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok", uptimeSeconds: Math.round((Date.now() - started) / 1000) });
});
app.get("/readyz", async (_req, res) => {
  const ok = startedUp && (await startup.databaseReady().catch(() => false));
  res.set("Cache-Control", "no-store").status(ok ? 200 : 503).json({ status: ok ? "ready" : startedUp ? "database unavailable" : "starting: database unavailable" });
});
app.use((_req, res, next) => {
  if (startedUp) return next();
  res.status(503).set({ "Retry-After": "5", "Cache-Control": "no-store" }).type("text/plain").send("Praxis is starting: its database cannot be reached yet. Try again in a minute.");
});

// Every mutation must come from our own pages: an Origin equal to ours, or, when a browser sends
// no Origin, Sec-Fetch-Site: same-origin. Remix's own check lets a request without Origin through.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const expected = process.env.PRAXIS_ORIGIN ?? `${req.protocol}://${req.get("host")}`;
  const origin = req.get("origin");
  const fetchSite = req.get("sec-fetch-site");
  const sameOrigin = origin ? origin === expected : fetchSite === "same-origin";
  if (!sameOrigin) {
    res.status(403).type("text/plain").send("Cross-origin request refused. Submit the form from Praxis itself.");
    return;
  }
  next();
});

// Every action reads a form: a mutation that carries none (no body, JSON, plain text) is a 400
// here, not a 500 from the action's request.formData().
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
app.use((req, res, next) => {
  if (SAFE_METHODS.has(req.method) || FORM_TYPE.test(req.get("content-type") ?? "")) return next();
  res.status(400).type("text/plain").send("A form was expected. Submit it from its page in Praxis.");
});

app.use(compression());
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build: isProduction
      ? build
      : async () => {
          const fresh = await loadBuild();
          build = fresh.entry.module.answerDatabaseOutages(fresh);
          routes = routeTree(build.routes, undefined);
          return build;
        },
    mode: isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

// What Remix could not turn into a response itself: logged with the request id, answered plainly
// (no stack trace), the security headers already set above.
app.use((error, req, res, _next) => {
  log("error", "unhandled", {
    requestId: res.locals.requestId,
    method: req.method,
    route: routePattern(req.path),
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  if (res.headersSent) return res.destroy();
  res.status(500).type("text/plain").send(`Something went wrong on our side. Reference: ${res.locals.requestId}`);
});

const server = app.listen(port, host, async () => {
  const address = `http://localhost:${port}`;
  log("info", "listening", { url: address, database: startup.databaseDescription() });
  if (process.env.PRAXIS_SEED_DEMO === "1") startup.printDemoSignIns(address);
  if (!isProduction && process.env.REMIX_DEV_ORIGIN) {
    const { broadcastDevReady } = await import("@remix-run/node");
    broadcastDevReady(build);
  }
});

// Graceful shutdown (SIGTERM from the process manager, Ctrl+C): stop accepting connections, let
// the requests in flight finish (at most SHUTDOWN_GRACE_MS), close the database, exit 0. If the
// grace period runs out, the remaining connections are cut, the database closed, and the exit
// code is 1 so the process manager can tell.
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  log("info", "shutting down", { signal, inFlightGraceMs: SHUTDOWN_GRACE_MS });
  const force = setTimeout(async () => {
    log("error", "shutdown grace period over: closing the connections still open", {});
    server.closeAllConnections();
    await startup.stopServer().catch(() => {});
    process.exit(1);
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  await new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections that are (or become) idle would otherwise hold close() open.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  });
  try {
    await startup.stopServer();
    log("info", "stopped", { database: "closed" });
    process.exit(0);
  } catch (error) {
    log("error", "closing the database failed", { error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
