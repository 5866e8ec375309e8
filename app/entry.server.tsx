import { PassThrough, Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { renderCached, VIEW_HEADER } from "~/modules/cache/view-cache.server";
import { NonceProvider } from "~/utils/nonce";
import { RETRY_AFTER_SECONDS } from "./startup.server";

export { answerDatabaseOutages, databaseDescription, databaseReady, databaseUnavailable, printDemoSignIns, startServer, stopServer } from "./startup.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  // The database is away (startup.server.ts answerDatabaseOutages): the page says to try again,
  // and the header says when. A route without a headers function drops the thrown response's own.
  if (responseStatusCode === 503) responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
  if (viewCacheable(request, responseStatusCode, remixContext)) {
    return renderDocumentCached(request, responseStatusCode, responseHeaders, remixContext, loadContext, nonce);
  }
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Before the shell, handleError below has logged it already.
          if (shellRendered) logError("render failed", request, loadContext, error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/** Pages whose route says `handle: { viewCache: true }` (the dashboards and other pages that
 * aggregate much and change seldom), answered 200 to a GET without errors. */
function viewCacheable(request: Request, status: number, remixContext: EntryContext): boolean {
  const ctx = remixContext.staticHandlerContext;
  if (request.method !== "GET" || status !== 200 || ctx.errors || ctx.actionData) return false;
  const leaf = ctx.matches[ctx.matches.length - 1];
  const handle = leaf ? (remixContext.routeModules[leaf.route.id]?.handle as { viewCache?: unknown } | undefined) : undefined;
  return handle?.viewCache === true;
}

/**
 * The whole document rendered once per distinct input (the view cache, app/modules/cache): the
 * URL, the build and every route's loader data are all the render reads, so the same inputs make
 * the same HTML, whose nonce is then this response's.
 */
async function renderDocumentCached(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
  nonce: string,
): Promise<Response> {
  const { loaderData, loaderHeaders, matches } = remixContext.staticHandlerContext;
  // Each route's data, or the name of a cached loader's data (the same name is the same JSON: no
  // need to serialize it again to know).
  const inputs = [
    request.url,
    remixContext.manifest.version,
    matches.map((m) => [m.route.id, loaderHeaders[m.route.id]?.get(VIEW_HEADER) ?? loaderData[m.route.id] ?? null]),
  ];
  const html = await renderCached(inputs, nonce, (placeholder) => renderToHtml(request, remixContext, loadContext, placeholder));
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(html, { headers: responseHeaders, status: responseStatusCode });
}

/** The complete document as one string (every Suspense boundary resolved). */
function renderToHtml(request: Request, remixContext: EntryContext, loadContext: AppLoadContext, nonce: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failed: unknown = null;
    const sink = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
        done();
      },
      final(done) {
        if (failed) reject(failed);
        else resolve(Buffer.concat(chunks).toString("utf8"));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          // A failed render is never kept: the promise rejects and handleError logs it.
          failed = error;
          logError("render failed", request, loadContext, error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY).unref();
  });
}

/** Data requests (client navigations) get the loader's own response: the view cache's internal
 * header stays inside the server. */
export function handleDataRequest(response: Response): Response {
  if (response.headers.has(VIEW_HEADER)) response.headers.delete(VIEW_HEADER);
  return response;
}

export function handleError(error: unknown, { request, context }: { request: Request; context?: AppLoadContext }) {
  if (request.signal.aborted) return;
  // Remix reports thrown responses of data requests here too: they are answers, not faults.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError("unhandled", request, context, error);
}

/** One JSON line on stderr, in the shape of server.mjs's request log, with its request id. */
function logError(msg: string, request: Request, context: AppLoadContext | undefined, error: unknown): void {
  const url = new URL(request.url);
  console.error(
    JSON.stringify({
      level: "error",
      time: new Date().toISOString(),
      msg,
      requestId: typeof context?.requestId === "string" ? context.requestId : undefined,
      method: request.method,
      // Never the query string, and never a token in the path (see server.mjs).
      path: url.pathname.replace(/^\/(invite|respond)\/[^/]+/, "/$1/[token]"),
      error: describeError(error),
    }),
  );
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
