import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { commitBudgetImport } from "~/modules/budget/budget-import.server";
import { organizationToday } from "~/modules/core/today";
import { currentFiscalYear } from "~/modules/core/periods";
import { addStatusUpdate, createGoal, createObjective, createPlan } from "~/modules/plans/plans.server";
import { findChromium, PdfUnavailable, renderReportPdf, reportHtml } from "./pdf.server";
import { getPublishedReport, listPublishedReports, publishReport, saveManagerNote } from "./reports.server";

// A real Chromium prints a published report; pdf.js reads the text back, page by page.

const TODAY = organizationToday({ timeZone: TEST_TIME_ZONE });
const FY = currentFiscalYear(7, TODAY);
const CSS = ["app/styles/app.css", "app/styles/reports.css"].map((f) => fs.readFileSync(f, "utf8")).join("\n");

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" ").replace(/\s+/g, " "));
  }
  await doc.destroy();
  return pages;
}

let org: TestOrg;

beforeAll(async () => {
  org = await createTestOrg("report-pdf");
  const admin = org.ctx.admin;
  const [pw, fin] = org.departmentIds as [string, string];
  const { id: planId } = await createPlan(admin, { title: "Strategic Plan", startFiscalYear: FY, endFiscalYear: FY + 3, status: "adopted" });
  const { id: goalId } = await createGoal(admin, planId, { title: "Safe streets", description: "" });
  for (const [title, dept, status] of [
    ["Repave arterials", pw, "on_track"],
    ["Faster permits", fin, "at_risk"],
    ["Fix potholes", pw, "off_track"],
  ] as const) {
    const { id } = await createObjective(admin, goalId, { title, ownerDepartmentId: dept, reportingFrequency: "monthly" });
    await addStatusUpdate(admin, id, { status, narrative: "Update.", asOf: TODAY });
  }
  const csv = ["Fund,Department,Account,Category,Adopted,Amended,Actual", "100,PW,5100,personnel,1500000,1600000,1234567.89", "100,FIN,5100,personnel,400000,400000,100000"].join("\n");
  await commitBudgetImport(admin, {
    fiscalYear: FY,
    csv,
    mapping: {
      columns: { fund_code: "Fund", department: "Department", account_code: "Account", category: "Category", adopted: "Adopted", amended: "Amended", actual: "Actual" },
      keyFields: ["fund_code", "department", "account_code"],
      category: { source: "column" },
      unmatchedDepartment: "unassigned",
    },
  });
  await saveManagerNote(admin, { period: `FY${FY}`, note: "Permits are the one area to watch this year." });
});

describe("report PDF", () => {
  it("finds a browser the way the end-to-end tests do", async () => {
    const path = await findChromium();
    expect(path, "a Chromium (CHROMIUM_PATH, /usr/bin/chromium or Playwright's) must be installed for this test").not.toBeNull();
    expect(fs.existsSync(path!)).toBe(true);
  });

  it("prints the published report with the organization, the period, the key figures and page numbers", async () => {
    const published = await publishReport(org.ctx.admin, { period: `FY${FY}` });
    const { report, version, publishedAt } = await getPublishedReport(org.ctx.elected_official, published.id);
    // $1,334,568 of $2,000,000 (1,334,567.89 → rounded to the dollar); 66.7 %.
    expect(report.narrative).toContain(`The organization has spent $1,334,568 of its $2,000,000 amended budget for FY${FY} (66.7%).`);

    const bytes = await renderReportPdf(report, { kind: "published", version, publishedAt }, CSS);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const pages = await pdfPages(bytes);
    // A cover page (summary, figures, note), plan progress, budget, staff views and notes: 4 to 7 pages.
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(pages.length).toBeLessThanOrEqual(7);
    const all = pages.join("\n");
    // The header on every page names the organization and the period; the footer numbers the pages.
    pages.forEach((text, i) => {
      expect(text).toContain(org.name);
      expect(text).toContain(report.period.label);
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
    });
    expect(pages[0]).toContain("1 of 3 objectives is on track or done.");
    expect(pages[0]).toContain("$2,000,000");
    expect(pages[0]).toContain("$1,334,568");
    expect(pages[0]).toContain("66.7%");
    expect(pages[0]).toContain("Permits are the one area to watch this year.");
    expect(all).toContain("Faster permits");
    expect(all).toContain("Fix potholes");
    expect(all).toContain(`Budget, FY${FY}`);
  });

  it("prints one report at a time and turns away requests beyond the few that may wait", async () => {
    const [latest] = await listPublishedReports(org.ctx.admin);
    const { report, version, publishedAt } = await getPublishedReport(org.ctx.admin, latest!.id);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => renderReportPdf(report, { kind: "published", version, publishedAt }, CSS)));
    const busy = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof PdfUnavailable && o.reason.reason === "busy");
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(4);
    expect(busy).toHaveLength(2);
  }, 60_000);

  it("says plainly that PDFs are unavailable where the server has no browser (or they are turned off)", async () => {
    const [latest] = await listPublishedReports(org.ctx.admin);
    const { report } = await getPublishedReport(org.ctx.admin, latest!.id);
    process.env.PRAXIS_PDF = "off";
    try {
      expect(await findChromium()).toBeNull();
      const failure = await renderReportPdf(report, { kind: "preview" }, CSS).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(PdfUnavailable);
      expect((failure as PdfUnavailable).reason).toBe("no_browser");
      expect((failure as PdfUnavailable).message).toMatch(/^PDF download is not available on this server because no Chromium browser is installed\. .*Print/);
    } finally {
      delete process.env.PRAXIS_PDF;
    }
    expect(await findChromium()).not.toBeNull();
  });

  it("inlines the stylesheet and nothing that runs or loads", () => {
    const html = reportHtml(
      {
        format: 1,
        orgName: "A <b>town</b>",
        period: { key: "FY2026", kind: "fiscal_year", fiscalYear: 2026, quarter: null, startsOn: "2025-07-01", endsOn: "2026-06-30", label: "FY2026 (Jul 2025 – Jun 2026)" },
        asOf: "2026-01-02",
        managerNote: "",
        narrative: [],
        keyFigures: [],
        objectives: { total: 0, statusCounts: { not_started: 0, on_track: 0, at_risk: 0, off_track: 0, done: 0 }, byPractice: [] },
        budget: { fiscalYear: 2026, total: { key: "total", label: "Total", adoptedCents: "0", amendedCents: "0", actualCents: "0", executionPercent: null }, byPrimaryPractice: [], byDepartment: [] },
        workforce: null,
        staffViews: null,
        topPractices: [],
        bottomPractices: [],
        objectivesAtRisk: [],
      },
      { kind: "preview" },
      "body { color: black } </style><script>alert(1)</script>",
    );
    // The only end of a style element is the real one: the stylesheet cannot close it early.
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(html.slice(html.indexOf("</style>"))).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain("A &lt;b&gt;town&lt;/b&gt;");
  });
});
