import { OrganizationPageError } from "~/components/error-message";

/** The error boundary of the workforce and roster pages. */
export function WorkforceError({ back = "workforce", label = "See the workforce goals" }: { back?: string; label?: string }) {
  return <OrganizationPageError back={back} label={label} />;
}
