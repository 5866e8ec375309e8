import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";

/** What went wrong, in plain words: a thrown Response's own message (404, 403, 400) or, for
 * anything unexpected, a message that promises nothing was half-saved. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "Page not found"
        : error.status === 403
          ? "Not allowed"
          : error.status === 400
            ? "Something in the request was wrong"
            : error.status === 503
              ? "Try again in a moment"
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

/** A page's error boundary inside the organization: a wrong or foreign id (404) or a role that may
 * not do this (403) keeps the navigation around it, with a way back (`back` is the path below
 * /o/:org, empty for the organization's home). */
export function OrganizationPageError({ back, label }: { back: string; label: string }) {
  const { org } = useParams();
  return (
    <>
      <ErrorMessage error={useRouteError()} />
      <p>
        <Link to={org ? `/o/${org}${back ? `/${back}` : ""}` : "/orgs"}>{label}</Link>
      </p>
    </>
  );
}
