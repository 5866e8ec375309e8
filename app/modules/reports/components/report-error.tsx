import { OrganizationPageError } from "~/components/error-message";

export function ReportError() {
  return <OrganizationPageError back="reports" label="See the reports" />;
}
