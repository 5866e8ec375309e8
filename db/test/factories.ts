// Test data made through the owner connection (as the migrator and seeders do), so that each
// test can build exactly the organization it needs. Services under test are always called with
// a TenantContext, exactly as routes call them.
import { randomUUID } from "node:crypto";
import { getDb, rawQuery } from "../client.server";
import { departments, memberships, organizations, users, type memberRole } from "../schema";
import { enterTenant } from "../tenant.server";

// db/ knows nothing of app/ (the schema knows no business rule), so the context a test passes to
// a service is spelled here by its shape; TypeScript checks it against the app's TenantContext
// wherever a test hands it to a service.
type Role = (typeof memberRole.enumValues)[number];
export type TestTenantContext = {
  orgId: string;
  orgSlug: string;
  orgName: string;
  timeZone: string;
  userId: string;
  role: Role;
  membershipId: string;
  departmentId: string | null;
  user: { id: string; email: string; displayName: string };
};

let counter = 0;
export function uniqueSuffix(): string {
  counter += 1;
  return `${Date.now().toString(36)}${counter}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// A fixed argon2id hash (m=19456, t=2, p=1, as the app hashes) of TEST_PASSWORD: hashing in
// every test is slow.
export const TEST_PASSWORD = "correct horse battery staple 1";
const TEST_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$tIcHfzRW69R2SRIdsTFzEA$0gH+fD1Ye9tcJPT5QCI57cEdefV1vJ6DIiq66MrZS8E";

export async function createUser(label = "user"): Promise<{ id: string; email: string; displayName: string }> {
  const email = `${label}-${uniqueSuffix()}@example.test`;
  const displayName = `Test ${label}`;
  const [u] = await getDb()
    .insert(users)
    .values({ email, displayName, passwordHash: TEST_PASSWORD_HASH, passwordChangedAt: new Date(Date.now() - 1000) })
    .returning({ id: users.id });
  return { id: u!.id, email, displayName };
}

export type TestOrg = {
  orgId: string;
  slug: string;
  name: string;
  departmentIds: string[];
  /** One member per role; department heads and staff belong to departmentIds[0]. */
  ctx: Record<Role, TestTenantContext>;
};

/** An organization with two departments and one member of each role. */
/** The zone of a test organization unless a test asks for another: not UTC (the server's clock
 * here), so a service that asks the server's clock instead of the organization's is caught. */
export const TEST_TIME_ZONE = "America/New_York";

export async function createTestOrg(label = "org", options: { timeZone?: string } = {}): Promise<TestOrg> {
  const timeZone = options.timeZone ?? TEST_TIME_ZONE;
  const orgId = randomUUID();
  const slug = `${label}-${uniqueSuffix()}`.toLowerCase().slice(0, 48);
  const name = `Test ${label} ${slug}`;
  const roles: Role[] = ["admin", "department_head", "staff", "elected_official"];
  const people = await Promise.all(roles.map((r) => createUser(r)));
  const departmentIds = [randomUUID(), randomUUID()];
  const membershipIds = roles.map(() => randomUUID());
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId, userId: people[0]!.id });
    await tx.insert(organizations).values({ id: orgId, slug, name, kind: "city", state: "OR", timeZone });
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
        timeZone,
        userId: people[i]!.id,
        role,
        membershipId: membershipIds[i]!,
        departmentId: role === "department_head" || role === "staff" ? departmentIds[0]! : null,
        user: people[i]!,
      } satisfies TestTenantContext,
    ]),
  ) as Record<Role, TestTenantContext>;
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
export async function adminContextOf(orgId: string, orgSlug: string, orgName: string): Promise<TestTenantContext> {
  const [admin] = await rawQuery<{ user_id: string; membership_id: string; email: string; time_zone: string }>(
    `select m.user_id, m.id as membership_id, u.email, o.time_zone from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.org_id
      where m.org_id = $1 and m.role = 'admin' order by u.email limit 1`,
    [orgId],
  );
  if (!admin) throw new Error(`No administrator in organization ${orgSlug}`);
  return {
    orgId,
    orgSlug,
    orgName,
    timeZone: admin.time_zone,
    userId: admin.user_id,
    role: "admin",
    membershipId: admin.membership_id,
    departmentId: null,
    user: { id: admin.user_id, email: admin.email, displayName: "Admin" },
  };
}
