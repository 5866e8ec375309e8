import { Link, useParams, useRouteError } from "@remix-run/react";
import { ErrorMessage } from "~/root";

export function ReportError() {
  const { org } = useParams();
  return (
    <>
      <ErrorMessage error={useRouteError()} />
      <p>
        <Link to={org ? `/o/${org}/reports` : "/orgs"}>See the reports</Link>
      </p>
    </>
  );
}
