import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce";

export { databaseDescription, databaseReady, databaseUnavailable, printDemoSignIns, startServer, stopServer } from "./startup.server";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
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
