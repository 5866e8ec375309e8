import { OrganizationPageError } from "~/components/error-message";

/** The error boundary of the objective and measure pages. */
export function PlanItemError() {
  return <OrganizationPageError back="plans" label="See the plans" />;
}
