import { DEMO, expect, expectAccessible, signIn, test, unique, visit } from "./fixtures";

// Workforce goals and the staff roster, as the demo city's people use them. The demo city (with
// its 600-person roster and 12 workforce goals) is seeded fresh for each run of the e2e server.

const ORG = `/o/${DEMO.slug}`;
const PW_GOAL = "Reduce Public Works turnover to 8%";
const PD_GOAL = "Cut sworn officer vacancies to 5%";

test.describe("staff roster", () => {
  test("an admin imports a roster CSV through the column mapping and the preview, fixing a bad row", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await visit(page, `${ORG}/roster`);
    await expect(page.getByRole("heading", { level: 1, name: "Staff roster" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Gender" })).toBeVisible();
    await page.getByRole("link", { name: "Import the roster" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Import the staff roster" })).toBeVisible();
    await expectAccessible(page, "roster import");

    const surname = unique("Aaberg").replace(/-/g, "");
    // "Staff No" is not a name the import knows: the mapping step must be used.
    const csv = (dept: string) =>
      ["Staff No,Full Name,Department,Title,Level,Gender", `T${surname},Ada ${surname},PW,Engineer,staff,Female`, `U${surname},Ben ${surname},${dept},Accountant,supervisor,Male`].join("\n");
    await page.getByLabel("Or paste the CSV text").fill(csv("Nowhere"));
    await page.getByRole("button", { name: "Preview import" }).click();
    const problems = page.getByRole("alert");
    await expect(problems).toContainText("Map the Employee number column: people are matched by it.");
    await expectAccessible(page, "roster import: mapping step");

    await page.getByLabel("Employee number (required)").selectOption("staff_no");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("full_name");
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(problems).toContainText("Row 3, column Department: No department has the code or name “Nowhere”.");
    await expect(page.getByRole("button", { name: /^Import \d+/ })).toHaveCount(0);
    await expectAccessible(page, "roster import: preview with a bad row");

    // Fixed in the box (the text and the mapping were kept), previewed as the whole roster first:
    // the preview says how many people would be marked as having left.
    await expect(page.getByLabel("Or paste the CSV text")).toHaveValue(csv("Nowhere"));
    await page.getByLabel("Or paste the CSV text").fill(csv("FIN"));
    await page.getByRole("button", { name: "Preview import" }).click();
    await expect(page.getByRole("status").filter({ hasText: "The file is ready" })).toContainText(/\d{3} people will be marked as having left/);
    await expectAccessible(page, "roster import: full-roster preview");

    await page.getByLabel(/Only some people/).check();
    await page.getByRole("button", { name: "Preview import" }).click();
    const ready = page.getByRole("status").filter({ hasText: "The file is ready" });
    await expect(ready).toContainText("2 to add");
    await expect(ready).not.toContainText("marked as having left");
    const sample = page.getByRole("table", { name: /valid rows of the file/ });
    await expect(sample.getByRole("row", { name: new RegExp(`Ben ${surname}`) })).toContainText("Finance");
    // Demographics are never echoed per person in the preview.
    await expect(sample).not.toContainText("Female");
    await page.getByRole("button", { name: "Import 2 people" }).click();
    await expect(page.getByRole("status")).toContainText("Import complete. 2 added, 0 updated");
    await expectAccessible(page, "roster import: done");

    await page.getByRole("link", { name: "See the roster" }).click();
    await expect(page.getByRole("row", { name: new RegExp(`Ada ${surname}`) })).toContainText("Public Works");
  });

  test("a department head reads their department's roster without demographics", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    await visit(page, `${ORG}/roster`);
    await expect(page.getByText("The staff of your department")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Demographics of active staff" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Import the roster" })).toHaveCount(0);
    const response = await page.goto(`${ORG}/roster/import`);
    expect(response?.status()).toBe(403);
  });
});

test.describe("workforce goals", () => {
  test("a department head records a value and a status update on their goal, and sees them", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    await visit(page, `${ORG}/workforce`);
    await expect(page.getByRole("heading", { level: 1, name: "Workforce goals" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Workforce goals/ }).getByRole("row", { name: new RegExp(PW_GOAL) })).toBeVisible();

    // Another department's goal is read-only.
    await page.getByRole("link", { name: PD_GOAL }).click();
    await expect(page.getByText("You can read this goal.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Record value" })).toHaveCount(0);
    await expectAccessible(page, "workforce goal of another department");

    await page.goto(`${ORG}/workforce`);
    await page.getByRole("link", { name: PW_GOAL }).click();
    await expect(page.getByRole("heading", { level: 1, name: PW_GOAL })).toBeVisible();
    await expect(page.getByTestId("workforce-chart").locator("canvas")).toBeVisible();
    await expectAccessible(page, "workforce goal page");

    // A value that is not a number is refused beside the field, and what was typed is kept.
    await page.getByLabel("Value (%)").fill("ten");
    await page.getByRole("button", { name: "Record value" }).click();
    await expect(page.getByText("Enter a plain number like 12 or 1,250.5 (no units, letters or symbols).")).toBeVisible();
    await expect(page.getByLabel("Value (%)")).toHaveValue("ten");
    await expect(page.getByLabel("Value (%)")).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "workforce goal page with an error");

    await page.getByLabel("Value (%)").fill("10.6");
    await page.getByLabel("Note (optional)").fill("Two retirements, no resignations");
    await page.getByRole("button", { name: "Record value" }).click();
    await expect(page.getByRole("status")).toHaveText("Value recorded.");
    const values = page.getByRole("table", { name: /Values of Reduce Public Works turnover/ });
    await expect(values.getByRole("row").nth(1)).toContainText("10.6");
    await expect(values.getByRole("row").nth(1)).toContainText("Two retirements, no resignations");

    const narrative = `Exit interviews point to pay; ${unique("update")}`;
    await page.getByLabel("Status", { exact: true }).selectOption({ label: "At risk" });
    await page.getByLabel("What happened since the last update").fill(narrative);
    await page.getByRole("button", { name: "Add status update" }).click();
    await expect(page.getByRole("status")).toHaveText("Status update added.");
    const history = page.getByRole("table", { name: /Status update history/ });
    await expect(history.getByRole("row").nth(1)).toContainText(narrative);
    await expect(history.getByRole("row").nth(1)).toContainText("At risk");
    await expect(page.locator(".objective-meta")).toContainText("At risk");
    await expectAccessible(page, "workforce goal page after the update");

    // The practice picker for the goal.
    await page.getByRole("link", { name: "Edit linked practices" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: `Linked practices of ${PW_GOAL}` })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Practice 13: Human Resources Management and Workforce Engagement" })).toBeChecked();
    await expectAccessible(page, "workforce goal practice picker");
  });

  test("staff and elected officials have no workforce pages", async ({ page }) => {
    await signIn(page, DEMO.elected);
    for (const url of [`${ORG}/workforce`, `${ORG}/roster`]) {
      const response = await page.goto(url);
      expect(response?.status()).toBe(403);
      await expectAccessible(page, url);
    }
    await expect(page.getByRole("link", { name: "Workforce" })).toHaveCount(0);
  });
});
