import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PublicHeader } from "~/components/layout";
import { requireSession } from "~/modules/auth/auth.server";
import { ROLE_LABELS } from "~/modules/auth/permissions";
import { listMyOrganizations } from "~/modules/auth/tenant.server";

export const meta: MetaFunction = () => [{ title: "Your organizations — Praxis" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireSession(request);
  return json({ orgs: await listMyOrganizations(session.user.id), user: session.user });
}

export default function Organizations() {
  const { orgs, user } = useLoaderData<typeof loader>();
  return (
    <>
      <PublicHeader signedIn />
      <main id="main" className="page medium">
        <h1>Your organizations</h1>
        <p className="muted">
          Signed in as {user.displayName} ({user.email}). <Link to="/account">Account</Link>
        </p>
        {orgs.length === 0 ? (
          <div className="card empty">
            <p>You are not a member of any organization. Ask an administrator for an invitation link.</p>
          </div>
        ) : (
          <ul className="practice-list">
            {orgs.map((o) => (
              <li key={o.slug}>
                <Link to={`/o/${o.slug}`}>{o.name}</Link>
                <p className="small muted" style={{ margin: 0 }}>
                  {ROLE_LABELS[o.role]}
                </p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
