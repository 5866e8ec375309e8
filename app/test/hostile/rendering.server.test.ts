// Issue 9, item 3, rendering: text that is valid and gets stored — a title such as
// <script>alert(1)</script> — comes back on the pages that show it as text, escaped, never as a
// live tag. Each page is its route's real loader (with a real session) and component, rendered to
// HTML on the server as Remix does. The sweep (actions.server.test.ts) proves the same payloads are
// accepted through the forms; here they are put in place directly, in the main free-text fields.
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import * as campaignPage from "~/routes/o.$org.assessments.$campaignId._index";
import * as departmentsPage from "~/routes/o.$org.departments._index";
import * as objectivePage from "~/routes/o.$org.objectives.$objectiveId";
import * as planPage from "~/routes/o.$org.plans.$planId._index";
import * as reportPreviewPage from "~/routes/o.$org.reports.preview";
import * as workforceGoalPage from "~/routes/o.$org.workforce.$goalId";
import { buildFixture, type Fixture } from "./harness";
import { renderRoute } from "./render";

const SCRIPT = "<script>alert(1)</script>";
const BREAK_OUT = '"><img src=x onerror=alert(1)>';
/** How React writes text: & < > " ' escaped. */
const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

type Page = { name: string; module: Parameters<typeof renderRoute>[0]; pattern: string; url: (fx: Fixture) => string; shows: string[] };

const PAGES: Page[] = [
  { name: "plan page", module: planPage, pattern: "/o/:org/plans/:planId", url: (fx) => `/o/${fx.org.slug}/plans/${fx.planId}`, shows: ["plan title", "goal title", "objective title"] },
  {
    name: "objective page",
    module: objectivePage,
    pattern: "/o/:org/objectives/:objectiveId",
    url: (fx) => `/o/${fx.org.slug}/objectives/${fx.objectiveId}`,
    shows: ["objective title", "measure name", "status update narrative"],
  },
  { name: "departments", module: departmentsPage, pattern: "/o/:org/departments", url: (fx) => `/o/${fx.org.slug}/departments`, shows: ["department name"] },
  {
    name: "campaign page",
    module: campaignPage,
    pattern: "/o/:org/assessments/:campaignId",
    url: (fx) => `/o/${fx.org.slug}/assessments/${fx.draftCampaignId}`,
    shows: ["campaign title"],
  },
  { name: "report preview", module: reportPreviewPage, pattern: "/o/:org/reports/preview", url: (fx) => `/o/${fx.org.slug}/reports/preview?period=FY2026`, shows: ["report note"] },
  {
    name: "workforce goal page",
    module: workforceGoalPage,
    pattern: "/o/:org/workforce/:goalId",
    url: (fx) => `/o/${fx.org.slug}/workforce/${fx.workforceGoalId}`,
    shows: ["workforce goal name"],
  },
];

describe("stored HTML and script payloads render as text", () => {
  let fx: Fixture;
  /** The payload each field holds: a tag, or an attribute break-out, each with a marker. */
  const payloads = new Map<string, string>();

  beforeAll(async () => {
    fx = await buildFixture("render");
    const put = async (field: string, table: string, column: string, where: string, params: unknown[], kind: "script" | "break-out") => {
      const value = `${kind === "script" ? SCRIPT : BREAK_OUT} ${field}`;
      payloads.set(field, value);
      const rows = await rawQuery(`update "${table}" set "${column}" = $1 where org_id = $2 and ${where} returning 1`, [value, fx.org.orgId, ...params]);
      expect(rows.length, field).toBeGreaterThan(0);
    };
    await put("plan title", "plans", "title", "id = $3", [fx.planId], "script");
    await put("goal title", "goals", "title", "id = $3", [fx.goalId], "break-out");
    await put("objective title", "objectives", "title", "id = $3", [fx.objectiveId], "script");
    await put("measure name", "measures", "name", "id = $3", [fx.measureId], "break-out");
    await put("status update narrative", "objective_updates", "narrative", "objective_id = $3", [fx.objectiveId], "script");
    await put("department name", "departments", "name", "id = $3", [fx.org.departmentIds[1]], "script");
    await put("campaign title", "assessment_campaigns", "title", "id = $3", [fx.draftCampaignId], "script");
    await put("report note", "reports", "manager_note", "period_key = $3 and status = 'draft'", ["FY2026"], "break-out");
    await put("workforce goal name", "workforce_goals", "name", "id = $3", [fx.workforceGoalId], "script");
  });

  for (const page of PAGES) {
    it(`${page.name}: ${page.shows.join(", ")} escaped, no live tag`, { timeout: 60_000 }, async () => {
      const html = await renderRoute(page.module, page.pattern, `http://localhost${page.url(fx)}`, fx.cookies.admin);
      for (const field of page.shows) {
        const value = payloads.get(field)!;
        expect(html, field).toContain(escaped(value));
      }
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toMatch(/<img src=x onerror/i);
    });
  }
});
