import fs from "node:fs";
import { unzipSync } from "fflate";
import { DEMO, expect, expectAccessible, newSignedInPage, signIn, test, unique, visit } from "./fixtures";

const parseCsv = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter((l) => l !== "");

test.describe("audit log and organization export", () => {
  test("an admin changes a department, finds it in the audit log, reads before and after, downloads the CSV and the organization export", async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, DEMO.admin);
    const name = `Audit Trail Office ${unique("d")}`;
    const renamed = `${name} renamed`;
    const code = `AT${Math.floor(Math.random() * 1e6)}`;

    // A change to audit: a department created, then renamed.
    await visit(page, `/o/${DEMO.slug}/departments`);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Add department" }).click();
    await expect(page.getByRole("status")).toHaveText(`Added ${name}.`);
    await page.getByRole("table").getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    // The edit form is hydrated (conform sets its fields) before typing into it.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Name", { exact: true }).fill(renamed);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(renamed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();

    // The audit log, filtered by person, kind of record, action and today's date.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await expectAccessible(page, "audit log");
    const adminOption = page.getByLabel("Person").locator("option", { hasText: DEMO.admin });
    await page.getByLabel("Person").selectOption((await adminOption.getAttribute("value"))!);
    await page.getByLabel("Kind of record").selectOption("department");
    await page.getByLabel("Action").selectOption("department.update");
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel("From (date)").fill(today);
    await page.getByLabel("To (date)").fill(today);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/entity=department/);
    await expect(page).toHaveURL(/action=department\.update/);
    await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
    const rows = page.getByRole("table").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    for (const action of await rows.locator("th").allTextContents()) expect(action).toBe("Department update");
    await expectAccessible(page, "audit log filtered");

    // The newest event is the rename: before and after, field by field.
    await rows.first().getByRole("link", { name: "Department update" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Department update: Department" })).toBeVisible();
    const nameRow = page.getByRole("row", { name: /^name\b/ });
    await expect(nameRow.getByRole("cell").nth(0)).toHaveText(name);
    await expect(nameRow.getByRole("cell").nth(1)).toHaveText(renamed);
    await expect(nameRow.getByRole("cell").nth(2)).toHaveText("Changed");
    await expect(page.getByRole("row", { name: /^code\b/ }).getByRole("cell").nth(2)).toHaveText("Unchanged");
    await expectAccessible(page, "audit event");

    // Back to the filtered list, and its CSV.
    await page.getByRole("link", { name: "Back to the audit log" }).click();
    await expect(page).toHaveURL(/action=department\.update/);
    const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV of these events" }).click()]);
    expect(csvDownload.suggestedFilename()).toMatch(/^riverton-audit-log-.*\.csv$/);
    const lines = parseCsv(fs.readFileSync((await csvDownload.path())!, "utf8"));
    expect(lines[0]).toBe("time_utc,actor_user_id,actor_name,actor_email,action,entity_type,entity_id,before,after,event_id");
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines.slice(1)) expect(l).toContain(",department.update,department,");
    expect(lines.some((l) => l.includes(renamed))).toBe(true);

    // The organization export: explained, confirmed, downloaded.
    await page.getByRole("link", { name: "Export the whole organization" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Export the organization" })).toBeVisible();
    await expectAccessible(page, "export");
    await page.getByRole("button", { name: "Download the export (.zip)" }).click();
    await expect(page.getByText("Confirm that you understand what the file contains")).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "export without confirmation");
    await page.getByRole("checkbox").check();
    const [zipDownload] = await Promise.all([page.waitForEvent("download", { timeout: 120_000 }), page.getByRole("button", { name: "Download the export (.zip)" }).click()]);
    expect(zipDownload.suggestedFilename()).toMatch(/^praxis-riverton-export-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = unzipSync(new Uint8Array(fs.readFileSync((await zipDownload.path())!)));
    const manifest = JSON.parse(new TextDecoder().decode(zip["manifest.json"])) as {
      organization: { slug: string };
      frameworkVersion: string;
      files: { path: string; rowCount: number }[];
      tables: Record<string, { decision: string }>;
    };
    expect(manifest.organization.slug).toBe(DEMO.slug);
    expect(manifest.frameworkVersion).toBe("ICMA-2017");
    expect(Object.keys(zip).filter((p) => p !== "manifest.json").sort()).toEqual(manifest.files.map((f) => f.path).sort());
    expect(manifest.tables.assessment_answers!.decision).toBe("aggregate");
    expect(manifest.files.find((f) => f.path === "tables/staff_members.csv")!.rowCount).toBeGreaterThan(100);
    const departmentsCsv = new TextDecoder().decode(zip["tables/departments.csv"]);
    expect(departmentsCsv).toContain(renamed);
    expect(parseCsv(new TextDecoder().decode(zip["tables/staff_members.csv"]))[0]).not.toMatch(/gender|race|age_band|veteran|disability/);
    expect(Object.keys(zip).some((p) => p.startsWith("assessment-results/") && p.endsWith("results-by-department.csv"))).toBe(true);

    // The export is in the audit log.
    await visit(page, `/o/${DEMO.slug}/audit?action=organization.export`);
    await expect(page.getByRole("table").getByRole("link", { name: "Organization export" }).first()).toBeVisible();
  });

  test("other roles are refused the audit log, its CSV and the export", async ({ browser }) => {
    for (const who of [DEMO.departmentHead, DEMO.staff, DEMO.elected]) {
      const page = await newSignedInPage(browser, who);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
      await visit(page, `/o/${DEMO.slug}/audit`, 403);
      await visit(page, `/o/${DEMO.slug}/export`, 403);
      expect((await page.request.get(`/o/${DEMO.slug}/audit.csv`)).status()).toBe(403);
      const origin = new URL(page.url()).origin;
      const post = await page.request.post(`/o/${DEMO.slug}/export.zip`, { form: { confirm: "yes" }, headers: { Origin: origin } });
      expect(post.status()).toBe(403);
      await page.context().close();
    }
  });

  test("every list CSV downloads as an attachment, the roster without demographics", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const firstLink = async (pattern: RegExp) =>
      (await page.locator("main a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))).find((h) => pattern.test(h));
    const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    await visit(page, `/o/${DEMO.slug}/workforce`);
    const goalHref = await firstLink(new RegExp(`^/o/${DEMO.slug}/workforce/${UUID}$`));
    await visit(page, `/o/${DEMO.slug}/plans`);
    await page.goto((await firstLink(new RegExp(`^/o/${DEMO.slug}/plans/${UUID}$`)))!);
    const objectiveHref = await firstLink(new RegExp(`^/o/${DEMO.slug}/objectives/${UUID}$`));
    expect(goalHref && objectiveHref).toBeTruthy();
    const paths = [
      "members.csv",
      "members/invitations.csv",
      "departments.csv",
      "plans.csv",
      "plans/stale.csv",
      "workforce.csv",
      "roster.csv",
      "roster/demographics.csv",
      "budget/lines.csv",
      "audit.csv",
    ].map((p) => `/o/${DEMO.slug}/${p}`);
    paths.push(`${goalHref!}/history.csv`, `${objectiveHref!}/history.csv`);
    for (const path of paths) {
      const res = await page.request.get(path);
      expect({ path, status: res.status() }).toEqual({ path, status: 200 });
      expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="[a-z0-9.-]+\.csv"$/);
      expect(res.headers()["cache-control"]).toBe("private, no-store");
      const lines = parseCsv(await res.text());
      expect({ path, header: lines.length > 0 }).toEqual({ path, header: true });
      if (path.endsWith("/roster.csv")) {
        expect(lines[0]).toBe("employee_number,full_name,email,department,job_title,supervisory_level,hire_date,active,left_on");
        expect(lines.length).toBeGreaterThan(100);
      }
    }
  });

  test("every page table's CSV link downloads the table, for the roles that may read it", async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signIn(page, DEMO.admin);
    const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    const hrefs = async (selector: string) => page.locator(selector).evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    const firstLink = async (pattern: RegExp) => (await hrefs("main a")).find((h) => pattern.test(h));
    const base = `/o/${DEMO.slug}`;
    await visit(page, `${base}/assessments`);
    const campaigns = page.getByRole("table", { name: /^Assessment campaigns/ }).locator("tbody tr");
    const campaignRows = await campaigns.count();
    // A campaign with participation to show (the list shows "—" for those without).
    const campaignHref = await campaigns.filter({ hasNotText: "—" }).first().getByRole("link").getAttribute("href");
    await visit(page, `${base}/reports`);
    const reportHref = await firstLink(new RegExp(`^${base}/reports/${UUID}$`));
    // A budget line linked to practice 9 (so its page has a linked practice), from the practice's page.
    await visit(page, `${base}/practices/9`);
    const lineHref = await firstLink(new RegExp(`^${base}/budget/lines/${UUID}$`));
    await visit(page, `${base}/departments`);
    const departmentHref = await page.getByRole("table").getByRole("link", { name: "Public Works", exact: true }).getAttribute("href");
    expect(campaignHref && reportHref && lineHref && departmentHref).toBeTruthy();
    const reportId = reportHref!.split("/").pop()!;
    const pages = [
      `${base}/assessments`,
      campaignHref!,
      `${base}/reports`,
      `${base}/reports/compare?a=${reportId}&b=${reportId}`,
      `${base}/practices/9`,
      lineHref!,
      `${base}/dashboards`,
      `${base}/dashboards/service-delivery`,
      `${base}/dashboards/equity`,
      `${base}/dashboards/staff-effectiveness`,
      departmentHref!,
    ];
    const csvs: string[] = [];
    for (const p of pages) {
      await visit(page, p);
      const links = (await hrefs("main a[download]")).filter((h) => h.includes(".csv"));
      expect({ page: p, links: links.length > 0 }).toEqual({ page: p, links: true });
      csvs.push(...links);
    }
    for (const path of csvs) {
      const res = await page.request.get(path);
      expect({ path, status: res.status() }).toEqual({ path, status: 200 });
      expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="[a-z0-9.-]+\.csv"$/);
      expect(res.headers()["cache-control"]).toBe("private, no-store");
      const lines = parseCsv(await res.text());
      expect({ path, header: lines.length > 0 }).toEqual({ path, header: true });
      // The campaigns file has a row per row of the page's table (no campaign title spans lines in the demo).
      if (path === `${base}/assessments.csv`) expect(lines.length - 1).toBe(campaignRows);
    }
    // The campaign's participation, the practice's linked items and a department's objectives are among them.
    expect(csvs.some((h) => h.endsWith("/participation.csv"))).toBe(true);
    expect(csvs).toContain(`${base}/reports/periods.csv`);
    expect(csvs.some((h) => h.includes("/dashboards.csv?") && h.includes("page=equity"))).toBe(true);
    expect(csvs.some((h) => h.includes("page=equity") && h.includes("table=assessments-groups"))).toBe(true);
    expect(csvs.some((h) => h.includes("/departments/") && h.includes("/dashboard.csv?table="))).toBe(true);
    expect((await page.request.get(`${base}/dashboards.csv?page=equity&table=people`)).status()).toBe(404);

    // A department head downloads their department's objectives; staff may not read campaigns,
    // dashboards or the budget, and get no file.
    const head = await newSignedInPage(browser, DEMO.departmentHead);
    await visit(head, `${base}/my-department`);
    const mine = (await head.locator("main a[download]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""))).find((h) => h.endsWith("/my-department.csv"));
    expect(mine).toBeTruthy();
    const rows = parseCsv(await (await head.request.get(mine!)).text());
    expect(rows.length - 1).toBe(await head.locator("main table tbody tr").count());
    await head.context().close();
    const staff = await newSignedInPage(browser, DEMO.staff);
    for (const path of [`${base}/assessments.csv`, `${campaignHref!}/participation.csv`, `${base}/dashboards.csv?page=equity&table=objectives`, `${lineHref!}/tables.csv?table=objectives`, `${base}/reports/periods.csv`]) {
      expect({ path, status: (await staff.request.get(path)).status() }).toEqual({ path, status: 403 });
    }
    await staff.context().close();
  });
});
