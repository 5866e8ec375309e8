// The demo city's summary reports: last fiscal year's, published with a manager's note, and a
// draft note for the current fiscal year, so an elected official has a report to read and the
// manager has one in progress. Made through the report services after the rest of the demo is
// committed (a report is built from the plans, budget and assessment results as stored).
import { and, eq } from "drizzle-orm";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear } from "~/modules/core/periods";
import { publishReport, saveManagerNote, type PublishedReportSummary } from "~/modules/reports/reports.server";
import { memberships, organizations, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";

export const DEMO_REPORT_NOTES = {
  lastYear:
    "Last year we kept most of our promises. Road repairs and the new permit system moved ahead, and spending stayed within the amended budget.\n\nTwo things need the council's attention this year: hiring in public safety, and how staff see our communication, which is where they rate us lowest.",
  currentYear: "Draft: first half of the year. I will add the mid-year budget adjustments before publishing.",
};

export async function seedDemoReports(input: { orgId: string; managerEmail: string; today?: string }): Promise<{ published: PublishedReportSummary; draftPeriod: string }> {
  const ctx = await withTenant({ orgId: input.orgId, userId: null }, async (tx) => {
    const [row] = await tx
      .select({
        orgSlug: organizations.slug,
        orgName: organizations.name,
        timeZone: organizations.timeZone,
        fyStart: organizations.fiscalYearStartMonth,
        membershipId: memberships.id,
        departmentId: memberships.departmentId,
        userId: users.id,
        email: users.email,
        displayName: users.displayName,
      })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, input.orgId), eq(memberships.role, "admin"), eq(users.email, input.managerEmail)));
    if (!row) throw new Error(`No administrator ${input.managerEmail} in the demo organization.`);
    return row;
  });
  const admin: TenantContext = {
    orgId: input.orgId,
    orgSlug: ctx.orgSlug,
    orgName: ctx.orgName,
    timeZone: ctx.timeZone,
    userId: ctx.userId,
    role: "admin",
    membershipId: ctx.membershipId,
    departmentId: ctx.departmentId,
    user: { id: ctx.userId, email: ctx.email, displayName: ctx.displayName },
  };
  const today = input.today ?? organizationToday(admin);
  const current = currentFiscalYear(ctx.fyStart, today);
  const lastYear = `FY${current - 1}`;
  await saveManagerNote(admin, { period: lastYear, note: DEMO_REPORT_NOTES.lastYear }, { today });
  const published = await publishReport(admin, { period: lastYear }, { today });
  await saveManagerNote(admin, { period: `FY${current}`, note: DEMO_REPORT_NOTES.currentYear }, { today });
  return { published, draftPeriod: `FY${current}` };
}
