// The fictional demo city (`npm run demo`). Later capabilities extend it; it is only seeded into
// an empty database, so a city's real data is never touched.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { hashPassword } from "~/modules/auth/password.server";
import { getDb } from "#db/client.server";
import { seedDemoBudget } from "./demo-budget.server";
import { seedDemoPlans } from "./demo-plans.server";
import { seedDemoWorkforce } from "./demo-workforce.server";
import { seedDemoAssessments } from "./demo-assessments.server";
import { seedDemoReports } from "./demo-reports.server";
import { auditEvents, departments, memberships, organizations, users } from "#db/schema";
import { enterTenant } from "#db/tenant.server";

export const DEMO_ORG = {
  slug: "riverton",
  name: "City of Riverton",
  kind: "city" as const,
  state: "OR",
  population: 84_300,
  fiscalYearStartMonth: 7,
  timeZone: "America/Los_Angeles",
};

export const DEMO_DEPARTMENTS: { code: string; name: string; parent?: string }[] = [
  { code: "CMO", name: "City Manager's Office" },
  { code: "FIN", name: "Finance" },
  { code: "HR", name: "Human Resources" },
  { code: "IT", name: "Information Technology" },
  { code: "PW", name: "Public Works" },
  { code: "PW-ST", name: "Streets and Traffic", parent: "PW" },
  { code: "UTIL", name: "Water and Sewer Utilities", parent: "PW" },
  { code: "PD", name: "Police" },
  { code: "FD", name: "Fire and Emergency Services" },
  { code: "PRK", name: "Parks and Recreation" },
  { code: "LIB", name: "Library" },
  { code: "CD", name: "Community Development" },
  { code: "CLK", name: "City Clerk" },
];

export const DEMO_SIGN_INS = {
  orgSlug: DEMO_ORG.slug,
  password: "Riverton-demo-2026",
  accounts: [
    { email: "manager@riverton.example", name: "Alex Morgan", role: "admin" as const, roleLabel: "City manager", dept: "CMO" },
    { email: "publicworks@riverton.example", name: "Jordan Lee", role: "department_head" as const, roleLabel: "Department head", dept: "PW" },
    { email: "staff@riverton.example", name: "Sam Rivera", role: "staff" as const, roleLabel: "Staff", dept: "PRK" },
    { email: "mayor@riverton.example", name: "Pat Chen", role: "elected_official" as const, roleLabel: "Elected official", dept: undefined },
  ],
};

export async function seedDemoIfEmpty(): Promise<boolean> {
  const db = getDb();
  const existing = await db.execute(sql`select count(*)::int as n from users`);
  const rows = Array.isArray(existing) ? existing : (existing as unknown as { rows: { n: number }[] }).rows;
  if (Number((rows[0] as { n: number } | undefined)?.n ?? 0) > 0) return false;
  await seedDemo();
  return true;
}

export async function seedDemo(): Promise<string> {
  const db = getDb();
  const orgId = randomUUID();
  const passwordHash = await hashPassword(DEMO_SIGN_INS.password);
  await db.transaction(async (tx) => {
    const userIds = new Map<string, string>();
    for (const a of DEMO_SIGN_INS.accounts) {
      const [u] = await tx
        .insert(users)
        .values({ email: a.email, displayName: a.name, passwordHash, passwordChangedAt: new Date() })
        .returning({ id: users.id });
      userIds.set(a.email, u!.id);
    }
    const managerId = userIds.get(DEMO_SIGN_INS.accounts[0]!.email)!;
    await enterTenant(tx, { orgId, userId: managerId });
    await tx.insert(organizations).values({ id: orgId, ...DEMO_ORG });
    const deptIds = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) deptIds.set(d.code, randomUUID());
    await tx.insert(departments).values(
      DEMO_DEPARTMENTS.map((d) => ({
        orgId,
        id: deptIds.get(d.code)!,
        code: d.code,
        name: d.name,
        parentId: d.parent ? deptIds.get(d.parent)! : null,
      })),
    );
    await tx.insert(memberships).values(
      DEMO_SIGN_INS.accounts.map((a) => ({
        orgId,
        userId: userIds.get(a.email)!,
        role: a.role,
        departmentId: a.dept ? deptIds.get(a.dept)! : null,
      })),
    );
    await seedDemoPlans(tx, {
      orgId,
      departmentIdsByCode: deptIds,
      userIdsByRole: Object.fromEntries(DEMO_SIGN_INS.accounts.map((a) => [a.role, userIds.get(a.email)!])),
    });
    await seedDemoBudget(tx, { orgId, departmentIdsByCode: deptIds });
    // The staff sign-in is on the roster too, and has the open campaign still to answer.
    const staffAccount = DEMO_SIGN_INS.accounts.find((a) => a.role === "staff")!;
    await seedDemoWorkforce(tx, {
      orgId,
      departmentIdsByCode: deptIds,
      authorUserId: managerId,
      rosterAccounts: [{ email: staffAccount.email, name: staffAccount.name, departmentCode: staffAccount.dept! }],
    });
    // After the roster: the campaigns invite its active people.
    await seedDemoAssessments(tx, { orgId, createdBy: managerId, notYetAnswered: [staffAccount.email] });
    await tx.insert(auditEvents).values({
      orgId,
      actorUserId: managerId,
      action: "organization.seed_demo",
      entityType: "organization",
      entityId: orgId,
      after: { name: DEMO_ORG.name, departments: DEMO_DEPARTMENTS.length },
    });
  });
  // Reports are built from the committed demo through the report services: last fiscal year's
  // published, this year's a draft note.
  await seedDemoReports({ orgId, managerEmail: DEMO_SIGN_INS.accounts[0]!.email });
  return orgId;
}
