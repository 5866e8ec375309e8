import fs from "node:fs/promises";
import { DEMO, expect, expectAccessible, signIn, test, visit } from "./fixtures";

// Workforce representation: the city manager keeps the community's figures in the settings and
// reads the roster against them on the equity dashboard, small groups hidden; a department head
// is told why the section is not theirs.

const ORG = `/o/${DEMO.slug}`;

test.describe("workforce representation against the community", () => {
  test("the city manager enters community shares in settings and reads representation, with small groups hidden, on the equity dashboard", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await visit(page, `${ORG}/settings`);
    await page.getByRole("link", { name: "Enter or change the community demographics" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Community demographics" })).toBeVisible();
    await expectAccessible(page, "community demographics");
    const gender = page.getByRole("table", { name: "Community share by gender" });
    await expect(gender).toContainText("Female");
    await expect(gender).toContainText("100%");

    // Gender already adds up to 100%: one more group is refused beside the share, input kept.
    const form = page.locator("#community-form");
    await form.getByLabel("Demographic field").selectOption("gender");
    await form.getByLabel("Group", { exact: true }).fill("Non-binary");
    await form.getByLabel("Share of the community (%)").fill("0.5");
    await form.getByRole("button", { name: "Add the group" }).click();
    await expect(form.getByText(/Gender's shares would add up to 100\.5%, more than 100%/)).toBeVisible();
    await expect(form.getByLabel("Share of the community (%)")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Group", { exact: true })).toHaveValue("Non-binary");
    await expectAccessible(page, "community demographics, share refused");

    // Male down to 48.7%, then Non-binary fits.
    await gender.getByRole("link", { name: "Edit Male" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Edit “Male”" })).toBeVisible();
    await page.getByLabel("Share of the community (%)").fill("48.7");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toHaveText("Community figure saved.");
    await page.locator("#community-form").getByLabel("Demographic field").selectOption("gender");
    await page.locator("#community-form").getByLabel("Group", { exact: true }).fill("Non-binary");
    await page.locator("#community-form").getByLabel("Share of the community (%)").fill("0.5");
    await page.getByRole("button", { name: "Add the group" }).click();
    await expect(page.getByRole("status")).toHaveText("Community figure saved.");
    await expect(gender).toContainText("Non-binary");
    await expect(gender).toContainText("0.5%");
    await expectAccessible(page, "community demographics, saved");

    // The equity dashboard, gender chosen in the address.
    await visit(page, `${ORG}/dashboards/equity`);
    const chooser = page.getByRole("form", { name: "Field of the representation tables" });
    await chooser.getByRole("combobox", { name: "Demographic field" }).selectOption("gender");
    await chooser.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/[?&]category=gender/);
    await expectAccessible(page, "equity, gender");
    const all = page.getByRole("table", { name: /^All active staff: workforce and community share by gender, \d+ people$/ });
    await expect(all.getByRole("row", { name: /^Female \d+ \d+\.\d% 50\.8% [+−]?\d+\.\d$/ })).toBeVisible();
    await expect(all.getByRole("row", { name: /^Male \d+ \d+\.\d% 48\.7% [+−]?\d+\.\d$/ })).toBeVisible();
    await expect(all.getByRole("row", { name: /^Non-binary/ })).toContainText("0.5%");
    // By level: the executives (13, one per department) are too few for a small group to show.
    const executive = page.getByRole("table", { name: /^Executive level: workforce and community share by gender/ });
    await expect(executive).toBeVisible();
    await expect(page.getByRole("table", { name: /^Staff level:/ })).toBeVisible();

    // Race/ethnicity: "Some other race" is in the census figures and nobody's on the roster: its
    // community share shows, its workforce cell is hidden like any small group.
    await chooser.getByRole("combobox", { name: "Demographic field" }).selectOption("raceEthnicity");
    await chooser.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/[?&]category=raceEthnicity/);
    await expectAccessible(page, "equity, race/ethnicity");
    const race = page.getByRole("table", { name: /^All active staff: workforce and community share by race\/ethnicity/ });
    await expect(race.getByRole("row", { name: /^Some other race Hidden \(fewer than 5\)/ })).toContainText("1.0%");
    await expect(race.getByRole("row", { name: /^White \d+ \d+\.\d% 54\.1%/ })).toBeVisible();
    await expect(page.getByText(/is a group with fewer than 5 people at that level — possibly nobody/)).toBeVisible();
    await expect(page.getByRole("table", { name: /^Executive level:/ })).toContainText("Hidden");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the representation tables as CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/workforce-representation-raceethnicity\.csv$/i);
    const csv = (await fs.readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    expect(csv.split(/\r?\n/)[0]).toBe("level,level_active_staff,group,people,workforce_share_percent,community_share_percent,gap_points,hidden");
    expect(csv).toMatch(/All active staff,\d+,Some other race,,,1,,fewer than the threshold/);

    // Put the demo back as it was, removing after confirming.
    await visit(page, `${ORG}/settings/community`);
    await page.getByRole("table", { name: "Community share by gender" }).getByRole("link", { name: "Remove Non-binary" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Remove “Non-binary” (0.5%)?" })).toBeFocused();
    await expectAccessible(page, "community demographics, confirm removal");
    await page.getByRole("button", { name: "Remove the figure" }).click();
    await expect(page.getByRole("status")).toHaveText("Community figure removed.");
    await page.getByRole("table", { name: "Community share by gender" }).getByRole("link", { name: "Edit Male" }).click();
    await page.getByLabel("Share of the community (%)").fill("49.2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toHaveText("Community figure saved.");
    await expect(page.getByRole("table", { name: "Community share by gender" })).not.toContainText("Non-binary");
  });

  test("a department head reads the equity dashboard without representation, and why", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    await visit(page, `${ORG}/dashboards/equity`);
    await expect(page.getByRole("heading", { level: 2, name: "Workforce representation" })).toBeVisible();
    await expect(page.getByText(/Workforce representation is shown to administrators only/)).toBeVisible();
    await visit(page, `${ORG}/settings/community`, 403);
  });
});
