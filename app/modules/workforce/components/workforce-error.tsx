import { Link, useParams, useRouteError } from "@remix-run/react";
import { ErrorMessage } from "~/root";

/** The error boundary of the workforce and roster pages: a wrong or foreign id (404) or a role
 * that may not do this (403) keeps the navigation around it, with a way back. */
export function WorkforceError({ back = "workforce", label = "See the workforce goals" }: { back?: string; label?: string }) {
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
