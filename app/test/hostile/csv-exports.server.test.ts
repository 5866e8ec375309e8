/// <reference types="vite/client" />
// Issue 9, item 3, exports: spreadsheet formula injection. Every text column of every tenant table
// of an organization is given a formula prefix (=, +, -, @, tab, carriage return), then every CSV
// route of the app (found from app/routes, not a hand list) and the full export's zip are
// downloaded: no cell may start with a formula character, unless it is a plain number.
import { parse } from "csv-parse/sync";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { closeNow, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { publishReport } from "~/modules/reports/reports.server";
import * as exportZipRoute from "~/routes/o.$org.export[.]zip";
import { buildFixture, postRequest, type Fixture } from "./harness";

type RouteModule = { loader?(args: { request: Request; params: Record<string, string>; context: unknown }): unknown };
const modules = import.meta.glob<RouteModule>("/app/routes/*.tsx", { eager: true });
const csvRoutes = Object.entries(modules)
  .filter(([path]) => path.endsWith("[.]csv.tsx"))
  .map(([path, m]) => ({ file: path.slice(path.lastIndexOf("/") + 1), loader: m.loader! }));

/** Prefixes put on stored text: each would start a formula in a spreadsheet. */
export const FORMULA_PREFIXES = ["=cmd|' /C calc'!A0 ", "+1+1 ", "-2+3 ", "@SUM(1) ", "\t=1+1 ", "\r=1+1 "];
/** Columns that hold keys the app parses, not text people typed. */
const NOT_TEXT = /(^|_)(framework_code|token_hash|cell_key|cut_key|dimension_letter|line_key|header_signature|period_key|entity_id|demographic_field|url)$/;

/** A cell a spreadsheet would run as a formula. Plain numbers (-12.5) start with "-" but are read
 * as numbers, never as formulas: numeric columns keep their sign (see csv.ts, neutralizeCell). */
export function isLiveFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);
}

function liveCells(csv: string): string[] {
  const rows = parse(csv, { bom: true, relax_column_count: true }) as string[][];
  return rows.flat().filter(isLiveFormula);
}

type Download = { query?: string; params?: (fx: Fixture) => Record<string, string> };
const reportIds: string[] = [];
let closedCampaignId = "";
const org = (fx: Fixture) => ({ org: fx.org.slug });
const dashboardTables = ["objectives-by-practice", "objectives-by-department", "budget-by-department", "budget-by-practice", "assessments-heatmap", "assessments-participation"];
// A department's or a practice's own page has no budget-by-practice table (the page is one of them).
const pageTables = ["objectives", "measures", "workforce-goals", "budget-by-department", "budget-by-category", "budget-by-program", "budget-top-lines"];
const focusTables = ["objectives", "measures", "workforce-goals", "budget-by-practice", "budget-by-department", "budget-by-category", "budget-by-program", "budget-top-lines"];

/** What each CSV route needs to answer: its params and the tables (?table=…) it offers. */
const DOWNLOADS: Record<string, Download[]> = {
  "o.$org.assessments.$campaignId.participation[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), campaignId: fx.openCampaignId }) }],
  "o.$org.assessments.$campaignId.results[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), campaignId: closedCampaignId }) }],
  "o.$org.assessments[.]csv.tsx": [{}],
  "o.$org.audit[.]csv.tsx": [{}],
  "o.$org.budget.lines.$lineId_.tables[.]csv.tsx": ["practices", "objectives"].map((t) => ({ query: `table=${t}`, params: (fx: Fixture) => ({ ...org(fx), lineId: fx.budgetLineId }) })),
  "o.$org.budget.lines[.]csv.tsx": [{ query: "fy=2026" }],
  "o.$org.budget[.]csv.tsx": ["department", "category", "fund", "program", "practice"].map((by) => ({ query: `fy=2026&by=${by}` })),
  "o.$org.dashboards.representation[.]csv.tsx": [{ query: "category=gender" }],
  "o.$org.dashboards[.]csv.tsx": [
    ...dashboardTables.map((t) => ({ query: `fy=2026&table=${t}` })),
    ...focusTables.map((t) => ({ query: `fy=2026&page=service-delivery&table=${t}` })),
    { query: "fy=2026&page=staff-effectiveness&table=workforce-metrics" },
  ],
  "o.$org.departments.$departmentId_.dashboard[.]csv.tsx": pageTables.map((t) => ({ query: `fy=2026&table=${t}`, params: (fx: Fixture) => ({ ...org(fx), departmentId: fx.org.departmentIds[0]! }) })),
  "o.$org.departments.$departmentId_.scores[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), departmentId: fx.org.departmentIds[0]! }) }],
  "o.$org.departments[.]csv.tsx": [{ query: "archived=1" }],
  "o.$org.members.invitations[.]csv.tsx": [{}],
  "o.$org.members[.]csv.tsx": [{}],
  "o.$org.my-department[.]csv.tsx": [{}],
  "o.$org.objectives.$objectiveId_.history[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), objectiveId: fx.objectiveId }) }],
  "o.$org.plans.$planId.measurements[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), planId: fx.planId }) }],
  "o.$org.plans.$planId.objectives[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), planId: fx.planId }) }],
  "o.$org.plans.stale[.]csv.tsx": [{}],
  "o.$org.plans[.]csv.tsx": [{}],
  "o.$org.practices.$number_.dashboard[.]csv.tsx": pageTables.map((t) => ({ query: `fy=2026&table=${t}`, params: (fx: Fixture) => ({ ...org(fx), number: "3" }) })),
  "o.$org.practices.$number_.linked[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), number: "3" }) }],
  "o.$org.practices.$number_.scores[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), number: "3" }) }],
  "o.$org.reports.compare[.]csv.tsx": [{ query: "", params: org }],
  "o.$org.reports.periods[.]csv.tsx": [{}],
  "o.$org.reports[.]csv.tsx": [{}],
  "o.$org.roster.demographics[.]csv.tsx": [{}],
  "o.$org.roster[.]csv.tsx": [{}, { query: "status=left" }],
  "o.$org.workforce.$goalId_.history[.]csv.tsx": [{ params: (fx) => ({ ...org(fx), goalId: fx.workforceGoalId }) }],
  "o.$org.workforce[.]csv.tsx": [{}],
};

describe("no CSV the app produces starts a cell with a live formula", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await buildFixture("formulas");
    // A closed campaign, whose results every scores table and results CSV shows.
    const closed = await openWithInvitations(fx.org, { title: "Closed survey" });
    await closeNow(fx.org, closed.campaign.id);
    closedCampaignId = closed.campaign.id;
    // Two published versions of a report (before the text is poisoned: publishing reads the
    // period keys).
    for (const period of ["FY2026", "FY2026"]) reportIds.push((await publishReport(fx.org.ctx.admin, { period })).id);
    DOWNLOADS["o.$org.reports.compare[.]csv.tsx"] = [{ query: `a=${reportIds[0]}&b=${reportIds[1]}` }];
    const columns = await rawQuery<{ t: string; c: string }>(
      `select c.table_name as t, c.column_name as c
         from information_schema.columns c
         join information_schema.columns o on o.table_schema = 'public' and o.table_name = c.table_name and o.column_name = 'org_id'
        where c.table_schema = 'public' and c.data_type in ('text', 'character varying')
        order by 1, 2`,
    );
    let i = 0;
    for (const { t, c } of columns.filter((col) => !NOT_TEXT.test(col.c))) {
      const prefix = FORMULA_PREFIXES[i++ % FORMULA_PREFIXES.length]!;
      // Published reports and the audit log refuse changes (triggers): their text stays as written.
      const immutable = t === "reports" ? " and status <> 'published'" : "";
      if (t === "audit_events") continue;
      await rawQuery(`update "${t}" set "${c}" = $1 || "${c}" where org_id = $2 and "${c}" is not null and "${c}" <> ''${immutable}`, [prefix, fx.org.orgId]);
    }
    // The audit log is append-only: a new event whose text starts formulas.
    await rawQuery(`insert into audit_events (org_id, actor_user_id, action, entity_type, entity_id) values ($1, $2, '=cmd|'' /C calc''!A0', '@SUM(1)', '-2+3')`, [
      fx.org.orgId,
      fx.org.ctx.admin.userId,
    ]);
    const members = Object.values(fx.org.ctx).map((c) => c.userId);
    await rawQuery(`update users set display_name = '=HYPERLINK("http://evil.example","Click") ' || display_name where id = any($1::uuid[])`, [members]);
  });

  it("knows every CSV route (a new one must be added to DOWNLOADS)", () => {
    const files = csvRoutes.map((r) => r.file).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.filter((f) => !(f in DOWNLOADS))).toEqual([]);
    expect(Object.keys(DOWNLOADS).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const { file, loader } of csvRoutes) {
    it(`${file}: every download neutralizes formulas`, { timeout: 120_000 }, async () => {
      const downloads = DOWNLOADS[file] ?? [];
      const problems: string[] = [];
      for (const d of downloads) {
        const params = d.params?.(fx) ?? org(fx);
        const url = `http://localhost/o/${fx.org.slug}/${file}?${d.query ?? ""}`;
        let res: unknown;
        try {
          res = await loader({ request: new Request(url, { headers: { Cookie: fx.cookies.admin } }), params, context: {} });
        } catch (error) {
          res = error;
        }
        if (!(res instanceof Response) || res.status !== 200) {
          problems.push(`${d.query ?? ""}: ${res instanceof Response ? `${res.status} ${await res.text()}` : String(res)}`);
          continue;
        }
        const live = liveCells(await res.text());
        if (live.length > 0) problems.push(`${d.query ?? ""}: ${JSON.stringify(live.slice(0, 5))}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("the poisoned text does reach the exports, neutralized (so the checks above test something)", async () => {
    const plans = modules["/app/routes/o.$org.plans[.]csv.tsx"]!.loader!;
    const res = (await plans({ request: new Request(`http://localhost/o/${fx.org.slug}/plans.csv`, { headers: { Cookie: fx.cookies.admin } }), params: org(fx), context: {} })) as Response;
    const cells = (parse(await res.text(), { bom: true }) as string[][]).flat();
    expect(cells.some((c) => c.startsWith("'=cmd|' /C calc'!A0 ") || c.startsWith("'+1+1 ") || c.startsWith("'-2+3 ") || c.startsWith("'@SUM(1) ") || c.startsWith("'\t=1+1") || c.startsWith("'\r=1+1"))).toBe(true);
  });

  it("every CSV in the full organization export neutralizes formulas", { timeout: 120_000 }, async () => {
    const res = (await exportZipRoute.action({
      request: postRequest(`/o/${fx.org.slug}/export.zip`, { confirm: "yes" }, fx.cookies.admin),
      params: org(fx),
      context: {},
    })) as Response;
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const csvs = Object.entries(files).filter(([name]) => name.endsWith(".csv"));
    expect(csvs.length).toBeGreaterThan(10);
    const problems = csvs.flatMap(([name, bytes]) => liveCells(strFromU8(bytes)).slice(0, 3).map((c) => `${name}: ${JSON.stringify(c)}`));
    expect(problems).toEqual([]);
  });
});
