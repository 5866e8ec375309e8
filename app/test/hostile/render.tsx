// Server-renders one route module as Remix would: its real loader (with the session cookie of the
// request), then its component, to HTML. Enough of Remix's context for route components (data,
// forms, links); no root document, no client scripts.
import { UNSAFE_RemixContext as RemixContext } from "@remix-run/react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { ComponentType } from "react";
import type { RouteObject } from "react-router-dom";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";

type RouteModule = {
  default?: ComponentType;
  loader?(args: LoaderFunctionArgs): unknown;
};

/** The HTML of `module` at `url`, or the thrown Response / error of its loader. */
export async function renderRoute(module: RouteModule, pattern: string, url: string, cookie: string): Promise<string> {
  const id = "routes/under-test";
  const routes: RouteObject[] = [
    {
      id,
      path: pattern,
      loader: module.loader ? async ({ request, params }) => (await module.loader!({ request, params, context: {} })) ?? null : undefined,
      Component: module.default,
    },
  ];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(url, { headers: { Cookie: cookie } }));
  if (context instanceof Response) throw context;
  if (context.errors) throw Object.values(context.errors)[0];
  const router = createStaticRouter(handler.dataRoutes, context);
  const remix = {
    manifest: {
      routes: { [id]: { id, path: pattern, module: "", hasLoader: Boolean(module.loader), hasAction: false, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false } },
      entry: { imports: [], module: "" },
      url: "",
      version: "test",
    },
    routeModules: { [id]: module },
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: false, unstable_optimizeDeps: false },
    isSpaMode: false,
  };
  return renderToString(
    <RemixContext.Provider value={remix as never}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </RemixContext.Provider>,
  );
}
