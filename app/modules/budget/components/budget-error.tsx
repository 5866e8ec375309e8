import { Link, useParams, useRouteError } from "@remix-run/react";
import { ErrorMessage } from "~/root";

/** The budget pages' error boundary: a wrong or foreign id (404) or a role that may not do this
 * (403) keeps the navigation around it, with a way back to the budget. */
export function BudgetError() {
  const { org } = useParams();
  return (
    <>
      <ErrorMessage error={useRouteError()} />
      <p>
        <Link to={org ? `/o/${org}/budget` : "/orgs"}>See the budget</Link>
      </p>
    </>
  );
}
