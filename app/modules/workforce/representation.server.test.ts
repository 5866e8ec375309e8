// Workforce representation against the community, end to end through the database: the community
// figures as the settings page saves them (with their validation), the dashboard's numbers for a
// hand-computed roster, who may see them, and that the equity page's loader sends no person and
// no small group's name to the browser.
import { and, eq } from "drizzle-orm";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents } from "#db/schema";
import { cookieFrom, createTestOrg, fakeRequest, type TestOrg } from "#db/test/factories";
import { startSession } from "~/modules/auth/session.server";
import { getEquityDashboard } from "~/modules/dashboards/focus.server";
import { representationCsv } from "~/modules/dashboards/representation-csv.server";
import { listCommunityDemographics, removeCommunityShare, saveCommunityShare } from "~/modules/orgs/community.server";
import { statusOf } from "~/modules/plans/plans.test-helpers";
import { FieldErrors } from "~/utils/http.server";
import { SMALLER_GROUPS_ROW } from "./representation";
import { getWorkforceRepresentation } from "./representation.server";
import { commitRosterImport } from "./roster-import.server";

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error("expected FieldErrors, but the call succeeded");
}

const ACS = { source: "US Census Bureau, ACS 2023 5-year", year: 2023 };

describe("community demographics in the organization settings", () => {
  it("saves, changes and removes a group's share, each audited; refuses other roles", async () => {
    const org = await createTestOrg("community");
    const female = await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: " Female ", share: "50.8", ...ACS });
    expect(female).toMatchObject({ groupLabel: "Female", shareBasisPoints: 5080, sharePercent: "50.8" });
    await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Male", share: "49,15", ...ACS });
    const edited = await saveCommunityShare(org.ctx.admin, { id: female.id, category: "gender", groupLabel: "Female", share: "50.85", ...ACS });
    expect(edited.shareBasisPoints).toBe(5085);
    const gender = (await listCommunityDemographics(org.ctx.admin)).find((c) => c.category === "gender")!;
    expect(gender.rows.map((r) => [r.groupLabel, r.sharePercent])).toEqual([
      ["Female", "50.85"],
      ["Male", "49.15"],
    ]);
    expect(gender.totalPercent).toBe("100");
    await removeCommunityShare(org.ctx.admin, female.id);
    expect((await listCommunityDemographics(org.ctx.admin)).find((c) => c.category === "gender")!.rows).toHaveLength(1);
    const actions = await getDb()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.entityType, "community_demographics")));
    expect(actions.map((a) => a.action).sort()).toEqual([
      "community_demographics.create",
      "community_demographics.create",
      "community_demographics.delete",
      "community_demographics.update",
    ]);
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      expect(await statusOf(listCommunityDemographics(org.ctx[role]))).toBe(403);
      expect(await statusOf(saveCommunityShare(org.ctx[role], { category: "gender", groupLabel: "X", share: "1", ...ACS }))).toBe(403);
    }
    // Another organization's row is not found, never changed.
    const other = await createTestOrg("community-other");
    expect(await statusOf(removeCommunityShare(other.ctx.admin, edited.id))).toBe(404);
  });

  it("says beside the field what is wrong: a share outside 0–100, a category over 100%, a group entered twice, a bad year", async () => {
    const org = await createTestOrg("community-invalid");
    for (const share of ["101", "-3", "12.345", "abc", ""]) {
      expect(Object.keys(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Female", share, ...ACS }))), share).toEqual(["share"]);
    }
    expect((await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Female", share: "100", ...ACS })).shareBasisPoints).toBe(10_000);
    const male = await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Male", share: "0", ...ACS });
    expect(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Non-binary", share: "0.5", ...ACS }))).toEqual({
      share: ["Gender's shares would add up to 100.5%, more than 100%. The other groups already hold 100%, so at most 0% is left for this one."],
    });
    // Editing a row counts the others only: Male may stay at 0, not grow.
    expect((await saveCommunityShare(org.ctx.admin, { id: male.id, category: "gender", groupLabel: "Male", share: "0", ...ACS })).shareBasisPoints).toBe(0);
    expect(Object.keys(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { id: male.id, category: "gender", groupLabel: "Male", share: "1", ...ACS })))).toEqual(["share"]);
    // Another category has its own 100%.
    expect((await saveCommunityShare(org.ctx.admin, { category: "veteran", groupLabel: "Veteran", share: "7", ...ACS })).category).toBe("veteran");
    expect(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "female", share: "0", ...ACS }))).toEqual({
      groupLabel: ["Gender already has a figure for “Female”: change that one instead."],
    });
    expect(Object.keys(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "X", share: "0", source: "ACS", year: 1850 })))).toEqual(["year"]);
    expect(Object.keys(await fieldErrorsOf(saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: " ", share: "0", source: " ", year: 2023 }))).sort()).toEqual(["groupLabel", "source"]);
  });
});

// 24 active people, threshold 5 (one person has left and counts nowhere):
//   level       Female  Male  rare  total
//   executive      0      1     0      1   (under 5: hidden)
//   manager        5      5     0     10
//   staff          6      6     1     13
//   all           11     12     1     24
const HEADER = "employee_number,name,department,job_title,supervisory_level,hire_date,race_ethnicity,gender,age_band,veteran,disability";
let n = 0;
const person = (level: string, gender: string) => {
  n += 1;
  return `${n},Person ${n},PW,Clerk,${level},2020-01-01,Group Common Race,${gender},Band,Not a veteran,No disability`;
};
const ROSTER = [
  HEADER,
  person("executive", "Male"),
  ...Array.from({ length: 5 }, () => person("manager", "Female")),
  ...Array.from({ length: 5 }, () => person("manager", "Male")),
  ...Array.from({ length: 6 }, () => person("staff", "Female")),
  ...Array.from({ length: 6 }, () => person("staff", "male")),
  person("staff", "Rare Gender Marker"),
].join("\n");

async function representedOrg(): Promise<TestOrg> {
  const org = await createTestOrg("representation");
  expect((await commitRosterImport(org.ctx.admin, { csv: ROSTER })).ok).toBe(true);
  await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Female", share: "50", ...ACS });
  await saveCommunityShare(org.ctx.admin, { category: "gender", groupLabel: "Male", share: "49", ...ACS });
  return org;
}

describe("workforce representation on the equity dashboard", () => {
  it("compares the roster's shares with the community's, overall and by level, with small groups and what would reveal them hidden", async () => {
    const org = await representedOrg();
    const v = await getWorkforceRepresentation(org.ctx.admin, null);
    // The first field with community figures is chosen when the address names none.
    expect(v.category).toBe("gender");
    expect(v.sources).toEqual(["US Census Bureau, ACS 2023 5-year (2023)"]);
    const row = (b: { rows: { group: string; count: number | null; workforcePercent: number | null; gapPoints: number | null; hidden: unknown }[] }) =>
      b.rows.map((r) => [r.group, r.count, r.workforcePercent, r.gapPoints, r.hidden]);
    // All: the rare group (1) is hidden and unnamed; Female (11, the smaller of the two) with it,
    // or 24 − 12 would give it away. Male: 12/24 = 50.0%, against 49%: +1.0.
    expect(v.table.overall.total).toBe(24);
    expect(row(v.table.overall)).toEqual([
      ["Female", null, null, null, "complementary"],
      ["Male", 12, 50, 1, false],
      [SMALLER_GROUPS_ROW, null, null, null, "small"],
    ]);
    const [executive, manager, supervisor, staff] = v.table.levels;
    expect([executive!.total, supervisor!.total]).toEqual([null, null]);
    // Staff: Male 6/13 = 46.15%, −2.85 points; Female hidden with the rare group (6 + 1).
    expect(staff!.total).toBe(13);
    expect(row(staff!)).toEqual([
      ["Female", null, null, null, "complementary"],
      ["Male", 6, 46.2, -2.8, false],
      [SMALLER_GROUPS_ROW, null, null, null, "small"],
    ]);
    // Manager: the executive's one Male would be 12 − 5 − 6, so the manager's Male is hidden, and
    // then the manager's Female (10 − 5) too.
    expect(manager!.total).toBe(10);
    expect(row(manager!)).toEqual([
      ["Female", null, null, null, "complementary"],
      ["Male", null, null, null, "complementary"],
      [SMALLER_GROUPS_ROW, null, null, null, "small"],
    ]);
    // The CSV holds the same numbers.
    const csv = (await representationCsv(org.ctx.admin, "gender")).csv;
    expect(csv).toContain("All active staff,24,Male,12,50.0,49,1.0,");
    expect(csv).toContain("Staff,13,Male,6,46.2,49,-2.8,");
    expect(csv).not.toContain("Rare Gender Marker");
    // An unknown field is a 404, like any unknown filter.
    expect(await statusOf(getWorkforceRepresentation(org.ctx.admin, "shoeSize"))).toBe(404);
  });

  it("is for those who read the roster's organization-wide counts; others get an explanation", async () => {
    const org = await representedOrg();
    const head = await getEquityDashboard(org.ctx.department_head, {});
    expect(head.representation).toEqual({ available: false, reason: expect.stringMatching(/administrators only/) });
    const official = await getEquityDashboard(org.ctx.elected_official, {});
    expect(official.representation.available).toBe(false);
    expect(await statusOf(getWorkforceRepresentation(org.ctx.department_head, "gender"))).toBe(403);
    expect(await statusOf(representationCsv(org.ctx.elected_official, "gender"))).toBe(403);
    const admin = await getEquityDashboard(org.ctx.admin, {}, { category: "gender" });
    expect(admin.representation).toMatchObject({ available: true, canEditCommunity: true, category: "gender" });
  });

  it("sends no person and no small group's name to the browser from the equity page's loader", async () => {
    const org = await representedOrg();
    const mod = (await import(path.resolve(import.meta.dirname, "../../routes/o.$org.dashboards.equity.tsx"))) as { loader: (args: unknown) => Promise<Response> };
    for (const role of ["admin", "department_head", "elected_official"] as const) {
      const cookie = cookieFrom(await startSession(org.ctx[role].userId, fakeRequest()));
      for (const search of ["", "?category=gender", "?category=raceEthnicity"]) {
        const response = await mod.loader({ request: fakeRequest(`/o/${org.slug}/dashboards/equity${search}`, { cookie }), params: { org: org.slug }, context: {} });
        const text = JSON.stringify(await response.json());
        expect(text, `${role}${search}`).not.toContain("Rare Gender Marker");
        expect(text, `${role}${search}`).not.toContain("Person 1");
        expect(text, `${role}${search}`).not.toContain("employeeNumber");
        if (role !== "admin") expect(text).not.toContain("Group Common Race");
      }
    }
  });
});
