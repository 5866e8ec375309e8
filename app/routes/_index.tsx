import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PublicHeader } from "~/components/layout";
import { getOptionalSession } from "~/modules/auth/auth.server";
import { listMyOrganizations } from "~/modules/auth/tenant.server";

export const meta: MetaFunction = () => [{ title: "Praxis — strategy, budget, workforce and staff voice, tied to the ICMA practices" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getOptionalSession(request);
  if (session) {
    const orgs = await listMyOrganizations(session.user.id);
    if (orgs.length === 1) throw redirect(`/o/${orgs[0]!.slug}`);
    throw redirect("/orgs");
  }
  return json({});
}

export default function Index() {
  useLoaderData<typeof loader>();
  return (
    <>
      <PublicHeader />
      <main id="main" className="page medium">
        <h1>Lead your government by the ICMA practices</h1>
        <p>
          Praxis maps your strategic plan, your budget and your workforce goals to the 14 ICMA Practices for Effective
          Local Government Leadership, gathers anonymous staff assessments against the same practices, and shows the
          city manager, department heads and elected officials where the organization stands.
        </p>
        <div className="actions">
          <Link to="/sign-up" className="button">
            Create an organization
          </Link>
          <Link to="/sign-in" className="button secondary">
            Sign in
          </Link>
        </div>
      </main>
    </>
  );
}
