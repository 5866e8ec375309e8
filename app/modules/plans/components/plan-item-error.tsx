import { Link, useParams, useRouteError } from "@remix-run/react";
import { ErrorMessage } from "~/root";

/** The error boundary of the objective and measure pages: a wrong or foreign id (404) or a role
 * that may not do this (403) keeps the navigation around it, with a way back to the plans. */
export function PlanItemError() {
  const { org } = useParams();
  return (
    <>
      <ErrorMessage error={useRouteError()} />
      <p>
        <Link to={org ? `/o/${org}/plans` : "/orgs"}>See the plans</Link>
      </p>
    </>
  );
}
