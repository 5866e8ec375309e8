// Test data made through the owner connection (as the migrator and seeders do), so that each
// test can build exactly the organization it needs. Services under test are always called with
// a TenantContext, exactly as routes call them.
import { randomUUID } from "node:crypto";
import { getDb, rawQuery } from "../client.server";
import { departments, memberships, organizations, users } from "../schema";
import { enterTenant } from "../tenant.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import type { Role } from "~/modules/auth/permissions";

let counter = 0;
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// A fixed argon2id hash of "correct horse battery staple 1" (hashing in every test is slow).
export const TEST_PASSWORD = "correct horse battery staple 1";
let testHash: Promise<string> | undefined;
async function passwordHash(): Promise<string> {
  const { hashPassword } = await import("~/modules/auth/password.server");
  testHash ??= hashPassword(TEST_PASSWORD);
  return testHash;
}

export async function createUser(label = "user"): Promise<{ id: string; email: string; displayName: string }> {
  const email = `${label}-${uniqueSuffix()}@example.test`;
  const displayName = `Test ${label}`;
  const [u] = await getDb()
    .insert(users)
    .values({ email, displayName, passwordHash: await passwordHash(), passwordChangedAt: new Date(Date.now() - 1000) })
    .returning({ id: users.id });
  return { id: u!.id, email, displayName };
}

export type TestOrg = {
  orgId: string;
  slug: string;
  name: string;
  departmentIds: string[];
  /** One member per role; department heads and staff belong to departmentIds[0]. */
  ctx: Record<Role, TenantContext>;
};

/** An organization with two departments and one member of each role. */
export async function createTestOrg(label = "org"): Promise<TestOrg> {
  const orgId = randomUUID();
  const slug = `${label}-${uniqueSuffix()}`.toLowerCase().slice(0, 48);
  const name = `Test ${label} ${slug}`;
  const roles: Role[] = ["admin", "department_head", "staff", "elected_official"];
  const people = await Promise.all(roles.map((r) => createUser(r)));
  const departmentIds = [randomUUID(), randomUUID()];
  const membershipIds = roles.map(() => randomUUID());
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId, userId: people[0]!.id });
    await tx.insert(organizations).values({ id: orgId, slug, name, kind: "city", state: "OR" });
    await tx.insert(departments).values([
      { orgId, id: departmentIds[0]!, name: "Public Works", code: "PW" },
      { orgId, id: departmentIds[1]!, name: "Finance", code: "FIN" },
    ]);
    await tx.insert(memberships).values(
      roles.map((role, i) => ({
        orgId,
        id: membershipIds[i]!,
        userId: people[i]!.id,
        role,
        departmentId: role === "department_head" || role === "staff" ? departmentIds[0]! : null,
      })),
    );
  });
  const ctx = Object.fromEntries(
    roles.map((role, i) => [
      role,
      {
        orgId,
        orgSlug: slug,
        orgName: name,
        userId: people[i]!.id,
        role,
        membershipId: membershipIds[i]!,
        departmentId: role === "department_head" || role === "staff" ? departmentIds[0]! : null,
        user: people[i]!,
      } satisfies TenantContext,
    ]),
  ) as Record<Role, TenantContext>;
  return { orgId, slug, name, departmentIds, ctx };
}

/** A request as the browser would send it, for services that read or set cookies. */
export function fakeRequest(path = "/", init: { cookie?: string; method?: string } = {}): Request {
  const headers = new Headers({ Origin: "http://localhost" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`http://localhost${path}`, { method: init.method ?? "GET", headers });
}

/** The name=value part of a Set-Cookie header. */
export function cookieFrom(setCookie: string): string {
  return setCookie.split(";")[0]!;
}

/** Tables of the public schema with an org_id column, from the catalog (so a new table is covered
 * by every test that walks them: RLS, export, hostile input, query plans). */
export async function tenantTables(): Promise<string[]> {
  const rows = await rawQuery<{ table_name: string }>(
    `select c.relname as table_name
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`,
  );
  return rows.map((r) => r.table_name);
}

/** The context of an organization's administrator, read from the database (for organizations a
 * seeder made, not createTestOrg). */
export async function adminContextOf(orgId: string, orgSlug: string, orgName: string): Promise<TenantContext> {
  const [admin] = await rawQuery<{ user_id: string; membership_id: string; email: string }>(
    `select m.user_id, m.id as membership_id, u.email from memberships m join users u on u.id = m.user_id where m.org_id = $1 and m.role = 'admin' order by u.email limit 1`,
    [orgId],
  );
  if (!admin) throw new Error(`No administrator in organization ${orgSlug}`);
  return {
    orgId,
    orgSlug,
    orgName,
    userId: admin.user_id,
    role: "admin",
    membershipId: admin.membership_id,
    departmentId: null,
    user: { id: admin.user_id, email: admin.email, displayName: "Admin" },
  };
}
