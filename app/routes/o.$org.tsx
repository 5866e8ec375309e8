import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { AppShell } from "~/components/layout";
import { listMyOrganizations, requireTenant } from "~/modules/auth/tenant.server";
import { ErrorMessage } from "~/components/error-message";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenant(request, params);
  const mine = await listMyOrganizations(ctx.userId);
  return json({
    org: { slug: ctx.orgSlug, name: ctx.orgName },
    role: ctx.role,
    user: { displayName: ctx.user.displayName, email: ctx.user.email },
    otherOrgs: mine.filter((o) => o.slug !== ctx.orgSlug).map(({ slug, name }) => ({ slug, name })),
  });
}

export default function OrganizationLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppShell org={data.org} role={data.role} user={data.user} otherOrgs={data.otherOrgs}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main" className="page narrow">
      <ErrorMessage error={useRouteError()} />
      <p>
        <a href="/orgs">Your organizations</a>
      </p>
    </main>
  );
}
