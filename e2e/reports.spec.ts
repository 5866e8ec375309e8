import fs from "node:fs/promises";
import { DEMO, expect, expectAccessible, signIn, test, visit } from "./fixtures";

// Summary reports in the demo city: the manager previews this fiscal year's report, edits the
// note and publishes; the mayor reads the published reports (newest first), prints one (print
// media: no navigation, a print header, a new page per topic, charts as pictures), downloads its
// PDF and compares two reports. In order: the mayor reads what the manager published.

const ORG = `/o/${DEMO.slug}`;

test.describe.serial("summary reports", () => {
  let publishedUrl = "";

  test("the city manager previews this year's report, writes a note and publishes it", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await expect(page).toHaveURL(`${ORG}/reports`);
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    await expectAccessible(page, "reports (admin)");
    // The demo's report of last fiscal year is published; this year's has a draft note.
    const periods = page.getByRole("table", { name: "Periods to report on" });
    const currentRow = periods.getByRole("row").nth(1);
    await expect(currentRow).toContainText("Note written");
    await currentRow.getByRole("link", { name: /^Preview the report for FY\d{4} \(/ }).click();
    await expect(page).toHaveURL(/\/reports\/preview\?period=FY\d{4}$/);
    // The address changes before the new page is on screen: wait for its heading, then read it.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Summary report: FY\d{4} \(/);
    const title = await page.getByRole("heading", { level: 1 }).innerText();
    await expect(page.getByText("Preview, not published.")).toBeVisible();
    await expectAccessible(page, "preview");

    // The narrative states the numbers of the figures beside it.
    const brief = page.getByRole("region", { name: "In brief" });
    await expect(brief).toContainText(/\d+ of \d+ objectives (is|are) on track or done\./);
    await expect(brief).toContainText(/amended budget for FY\d{4} \(\d+\.\d%\)\./);
    await expect(brief).toContainText(/Staff rate .+ lowest of the \d+ practices assessed: \d+% favorable/);

    // The note: edited and saved, then shown in the preview.
    const note = page.getByLabel("Note to the council (optional)");
    await expect(note).toHaveValue(/^Draft: first half of the year\./);
    await note.fill("Halfway through the year: permits are faster, hiring is still slow.");
    await page.getByRole("button", { name: "Save note" }).click();
    await expect(page.getByRole("status")).toContainText("The note is saved.");
    await expect(page.getByRole("region", { name: "From the manager" })).toContainText("permits are faster");
    await expectAccessible(page, "preview after saving the note");

    // Publishing asks for confirmation first.
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText("Tick the box to confirm that you want to publish this report.")).toBeVisible();
    await page.getByLabel(/I have read this preview\. Publish it/).check();
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page).toHaveURL(/\/reports\/[0-9a-f-]{36}\?published=1$/);
    await expect(page.getByRole("status")).toContainText("The report is published.");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByText(/^Published on .+ \(version 1\)\./)).toBeVisible();
    await expectAccessible(page, "published report (admin)");
    publishedUrl = new URL(page.url()).pathname;
  });

  test("the mayor reads the published reports, prints one, downloads its PDF and compares two", async ({ page }) => {
    expect(publishedUrl).not.toBe("");
    await signIn(page, DEMO.elected);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
    // No previews or periods for elected officials: published reports only, newest first.
    await expect(page.getByRole("heading", { name: "Preview and publish" })).toHaveCount(0);
    const list = page.locator(".report-published li");
    await expect(list).toHaveCount(2);
    const years = (await list.allInnerTexts()).map((t) => Number(/FY(\d{4})/.exec(t)![1]));
    expect(years[0]).toBe(years[1]! + 1);
    await expectAccessible(page, "reports (elected official)");

    await list.first().getByRole("link").click();
    await expect(page).toHaveURL(publishedUrl);
    await expect(page.getByRole("region", { name: "From the manager" })).toContainText("permits are faster");
    await expect(page.getByRole("table", { name: "Objectives by status" })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Budget by practice/ })).toContainText(/\$\d/);
    await expectAccessible(page, "published report (elected official)");

    // Print: the navigation and the page's buttons go, a print header names the organization and
    // the period, each topic starts a new page, and charts print as their static picture.
    await page.emulateMedia({ media: "print" });
    const style = (selector: string, property: string) =>
      page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
    expect(await style(".sidebar", "display")).toBe("none");
    expect(await style(".topbar", "display")).toBe("none");
    expect(await style(".report-actions", "display")).toBe("none");
    expect(await style(".print-header", "display")).toBe("flex");
    await expect(page.locator(".print-header")).toContainText(/City of Riverton.*Summary report · FY\d{4}/);
    expect(await style(".report-section.page-start", "break-before")).toBe("page");
    expect(await style(".report-section h2", "break-after")).toBe("avoid");
    expect(await style(".report-chart .chart-static", "display")).toBe("block");
    expect(await style(".report-chart .chart-live", "display")).toBe("none");
    await page.emulateMedia({ media: "screen" });
    expect(await style(".print-header", "display")).toBe("none");

    // The PDF, printed on the server.
    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download PDF" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^riverton-summary-report-FY\d{4}-v1\.pdf$/);
    const bytes = await fs.readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(20_000);

    // Compare the two published reports.
    await visit(page, `${ORG}/reports`);
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(/\/reports\/compare\?a=[0-9a-f-]{36}&b=[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Compare reports" })).toBeVisible();
    const table = page.getByRole("table", { name: "Key figures compared" });
    await expect(table.getByRole("row", { name: /^Objectives on track or done/ })).toBeVisible();
    await expect(table.getByRole("row", { name: /^Amended budget/ })).toContainText(/[+−]\$\d|No change/);
    await expectAccessible(page, "compare");

    // A preview is never shown to an elected official.
    const preview = await page.goto(`${ORG}/reports/preview`);
    expect(preview?.status()).toBe(403);
  });
});
