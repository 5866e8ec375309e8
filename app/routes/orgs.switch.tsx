import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireSession } from "~/modules/auth/auth.server";
import { listMyOrganizations } from "~/modules/auth/tenant.server";

// The organization switcher's target: only an organization of the user's own is followed.
export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  const to = new URL(request.url).searchParams.get("to") ?? "";
  const orgs = await listMyOrganizations(session.user.id);
  const match = orgs.find((o) => o.slug === to);
  return redirect(match ? `/o/${match.slug}` : "/orgs");
}
