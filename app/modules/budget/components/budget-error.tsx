import { OrganizationPageError } from "~/components/error-message";

/** The budget pages' error boundary. */
export function BudgetError() {
  return <OrganizationPageError back="budget" label="See the budget" />;
}
