// The production server: Express in front of the Remix build. It owns what must hold for every
// response and every request before Remix sees it: security headers (with a per-request CSP
// nonce), the same-origin check on mutations, health endpoints, migrations at start-up and a
// graceful shutdown. See docs/decisions/004-express-server.md.
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
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
const started = Date.now();
await startup.startServer({ seedDemo: process.env.PRAXIS_SEED_DEMO === "1" });

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "true" ? true : process.env.TRUST_PROXY);

/** Paths whose last segment is a secret token: /invite/<token>, and later survey links. */
const TOKEN_PATHS = /^\/(invite|respond)\/[^/]+/;
function redactPath(p) {
  return p.replace(TOKEN_PATHS, "/$1/[token]");
}

// Request id, for logs and for the error page a user can quote to IT staff.
app.use((req, res, next) => {
  const incoming = req.get("x-request-id");
  res.locals.requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : crypto.randomUUID();
  res.set("X-Request-Id", res.locals.requestId);
  const t0 = process.hrtime.bigint();
  res.on("finish", () => {
    if (process.env.LOG_REQUESTS === "0") return;
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (req.path.startsWith("/build/") || req.path === "/healthz") return;
    process.stdout.write(
      JSON.stringify({
        level: res.statusCode >= 500 ? "error" : "info",
        time: new Date().toISOString(),
        msg: "request",
        requestId: res.locals.requestId,
        method: req.method,
        // Never the query string, and never a token in the path (invitation links are credentials).
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      }) + "\n",
    );
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
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

app.get("/healthz", (_req, res) => {
  res.set("Cache-Control", "no-store").json({ status: "ok", uptimeSeconds: Math.round((Date.now() - started) / 1000) });
});
app.get("/readyz", async (_req, res) => {
  const ok = await startup.databaseReady().catch(() => false);
  res.set("Cache-Control", "no-store").status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unavailable" });
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

app.use(compression());
app.use("/build", express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build: isProduction ? build : async () => (build = await loadBuild()),
    mode: isProduction ? "production" : "development",
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      requestId: res.locals.requestId,
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const server = app.listen(port, host, async () => {
  const address = `http://localhost:${port}`;
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg: "listening", url: address, database: startup.databaseDescription() }));
  if (process.env.PRAXIS_SEED_DEMO === "1") startup.printDemoSignIns(address);
  if (!isProduction && process.env.REMIX_DEV_ORIGIN) {
    const { broadcastDevReady } = await import("@remix-run/node");
    broadcastDevReady(build);
  }
});

let closing = false;
async function shutdown(signal) {
  if (closing) return;
  closing = true;
  console.log(JSON.stringify({ level: "info", time: new Date().toISOString(), msg: "shutting down", signal }));
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close();
  server.closeAllConnections?.();
  await startup.stopServer().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
