import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
} from "@remix-run/react";
import type { ReactNode } from "react";
import styles from "~/styles/app.css";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Praxis" }];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <main id="main" className="page narrow">
      <ErrorMessage error={error} />
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </main>
  );
}

export function ErrorMessage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "Page not found"
        : error.status === 403
          ? "Not allowed"
          : error.status === 400
            ? "Something in the request was wrong"
            : "Something went wrong";
    return (
      <div role="alert" className="error-panel">
        <h1>{title}</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : error.statusText}</p>
      </div>
    );
  }
  return (
    <div role="alert" className="error-panel">
      <h1>Something went wrong</h1>
      <p>An unexpected error stopped this page. Nothing you entered was half-saved. Try again, and if it happens again tell your IT staff the time it happened.</p>
    </div>
  );
}
