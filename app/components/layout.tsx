import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { can, ROLE_LABELS, type Permission, type Role } from "~/modules/auth/permissions";

export function Brand({ to = "/" }: { to?: string }) {
  return (
    <Link to={to} className="brand">
      <span className="brand-mark" aria-hidden="true">
        P
      </span>
      Praxis
    </Link>
  );
}

export function PublicHeader({ signedIn }: { signedIn?: boolean }) {
  return (
    <header className="public-header">
      <div className="inner">
        <Brand />
        <nav aria-label="Account">
          {signedIn ? (
            <Link to="/orgs">Your organizations</Link>
          ) : (
            <span className="actions">
              <Link to="/sign-in">Sign in</Link>
              <Link to="/sign-up" className="button secondary">
                Create an organization
              </Link>
            </span>
          )}
        </nav>
      </div>
    </header>
  );
}

export type ShellOrg = { slug: string; name: string };
export type ShellUser = { displayName: string; email: string };

const NAV: { to: string; label: string; permission: Permission; end?: boolean; roles?: Role[] }[] = [
  { to: "", label: "Home", permission: "org.read", end: true },
  { to: "dashboards", label: "Dashboards", permission: "dashboards.read" },
  { to: "reports", label: "Reports", permission: "reports.read" },
  { to: "my-department", label: "My department", permission: "objectives.edit", roles: ["department_head"] },
  { to: "plans", label: "Plans", permission: "plans.read" },
  { to: "budget", label: "Budget", permission: "budget.read" },
  { to: "workforce", label: "Workforce", permission: "workforce.read" },
  { to: "roster", label: "Roster", permission: "roster.read" },
  { to: "assessments", label: "Assessments", permission: "assessments.respond" },
  { to: "practices", label: "Practices", permission: "catalog.read" },
  { to: "departments", label: "Departments", permission: "departments.read" },
  { to: "members", label: "Members", permission: "members.read" },
  { to: "settings", label: "Settings", permission: "org.settings.manage" },
  { to: "audit", label: "Audit log", permission: "audit.read" },
];

export function AppShell({
  org,
  role,
  user,
  otherOrgs,
  children,
}: {
  org: ShellOrg;
  role: Role;
  user: ShellUser;
  otherOrgs: ShellOrg[];
  children: ReactNode;
}) {
  const base = `/o/${org.slug}`;
  return (
    <div className="app-shell">
      <aside className="sidebar">
        <Brand to={base} />
        <p className="org-name">
          <strong>{org.name}</strong>
          {ROLE_LABELS[role]}
        </p>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => can(role, item.permission) && (!item.roles || item.roles.includes(role))).map((item) => (
              <li key={item.label}>
                <NavLink to={item.to ? `${base}/${item.to}` : base} end={item.end} prefetch="intent">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main-area">
        <header className="topbar">
          {otherOrgs.length > 0 ? <OrgSwitcher current={org} others={otherOrgs} /> : null}
          <span className="small">
            Signed in as <strong>{user.displayName}</strong> <span className="muted">({user.email})</span>
          </span>
          <Link to="/account" className="small">
            Account
          </Link>
          <Form method="post" action="/sign-out">
            <button type="submit" className="link">
              Sign out
            </button>
          </Form>
        </header>
        <main id="main" className="page">
          {children}
        </main>
      </div>
    </div>
  );
}

/** A plain GET form: works without JavaScript, and by keyboard. */
function OrgSwitcher({ current, others }: { current: ShellOrg; others: ShellOrg[] }) {
  return (
    <Form method="get" action="/orgs/switch" className="row" style={{ alignItems: "center" }}>
      <label htmlFor="org-switch" className="small">
        Organization
      </label>
      <select id="org-switch" name="to" defaultValue={current.slug} style={{ width: "auto" }}>
        <option value={current.slug}>{current.name}</option>
        {others.map((o) => (
          <option key={o.slug} value={o.slug}>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary">
        Switch
      </button>
    </Form>
  );
}
