// What the Express server (server.mjs) calls around the Remix build: start-up (migrations, the
// demo city), readiness, shutdown.
import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { closeDb, databaseMode, getDb } from "#db/client.server";
import { migrateDatabase } from "#db/migrate.server";
import { DEMO_SIGN_INS, seedDemoIfEmpty } from "~/seed/demo.server";

export async function startServer(options: { seedDemo: boolean }): Promise<void> {
  await migrateDatabase();
  if (options.seedDemo) {
    const seeded = await seedDemoIfEmpty();
    console.log(seeded ? "Seeded the demo city." : "The database already has data: the demo city was not seeded again.");
  }
}

export async function stopServer(): Promise<void> {
  await closeDb();
}

/** Readiness: one real round trip to the database within `timeoutMs`. Unreachable, refusing,
 * starting up or too slow all read as not ready, and quickly: a load balancer polling /readyz must
 * not wait for a connection timeout (30 s) to hear it. Never throws. */
export async function databaseReady(timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([getDb().execute(sql`select 1`).then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/** Whether an error says the database cannot be reached right now (down, starting, restarting,
 * unreachable), rather than that something is wrong with the app or its data. drizzle wraps the
 * driver's error in `cause`. */
export function databaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const code = (e as { code?: unknown }).code;
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, cannot connect now).
    if (typeof code === "string" && (UNREACHABLE.has(code) || /^(08...|57P0[1-3])$/.test(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client is told to wait when the database is away (the pool reconnects at most 2 s
 * after it is back; /readyz is polled every few seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** What a page or a form gets while the database cannot be reached: 503, Retry-After, and words
 * that say nothing was saved and to try again (the error boundary shows them). */
export function databaseAwayResponse(): Response {
  return new Response("Praxis cannot reach its database right now, so nothing was saved. Wait a moment, then go back and try again.", {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Retry-After": String(RETRY_AFTER_SECONDS), "Content-Type": "text/plain; charset=utf-8" },
  });
}

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

/** A loader or action whose database-away errors become databaseAwayResponse(), logged once. */
function answeringOutages(handler: Handler, kind: "loader" | "action", routeId: string): Handler {
  return async (args) => {
    try {
      return await handler(args);
    } catch (error) {
      if (!databaseUnavailable(error)) throw error;
      const requestId = (args.context as { requestId?: unknown } | undefined)?.requestId;
      console.error(
        JSON.stringify({
          level: "error",
          time: new Date().toISOString(),
          msg: "database unavailable: answered 503",
          requestId: typeof requestId === "string" ? requestId : undefined,
          method: args.request.method,
          route: routeId,
          in: kind,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      throw databaseAwayResponse();
    }
  };
}

/**
 * The build with every route's loader and action answering 503 (Retry-After) instead of 500 when
 * the database cannot be reached: one place for all routes, so none can forget it. The write was
 * not made (its transaction did not commit, or never began), so trying again is safe; writes that
 * may have committed before the connection dropped are idempotent (docs/reliability.md).
 */
export function answerDatabaseOutages(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => {
      const { loader, action } = route.module;
      const module = {
        ...route.module,
        ...(loader ? { loader: answeringOutages(loader as Handler, "loader", id) } : {}),
        ...(action ? { action: answeringOutages(action as Handler, "action", id) } : {}),
      };
      return [id, { ...route, module }];
    }),
  );
  return { ...build, routes } as ServerBuild;
}

export function databaseDescription(): string {
  if (databaseMode() === "server") return "PostgreSQL (DATABASE_URL)";
  return `embedded PGlite (${process.env.PGLITE_DIR ?? "./data/pglite"})`;
}

export function printDemoSignIns(baseUrl: string): void {
  const lines = [
    "",
    `Praxis is running at ${baseUrl}`,
    "",
    "Demo sign-ins (all share one password):",
    ...DEMO_SIGN_INS.accounts.map((a) => `  ${a.roleLabel.padEnd(18)} ${a.email}`),
    `  password           ${DEMO_SIGN_INS.password}`,
    "",
    `The demo organization is at ${baseUrl}/o/${DEMO_SIGN_INS.orgSlug}`,
    "Stop the server with Ctrl+C.",
    "",
  ];
  console.log(lines.join("\n"));
}
