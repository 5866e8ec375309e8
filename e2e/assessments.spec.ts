import type { APIRequestContext, Page } from "@playwright/test";
import { DEMO, expect, expectAccessible, signIn, test, unique, visit, watchConsole } from "./fixtures";
import { allMail, waitForMail } from "./mailbox";

// Staff assessments end to end: an administrator creates and opens a campaign and Praxis emails
// the links (read here from the delivered mail, as their owners read them);
// a staff member answers from a link with the keyboard only, closes the tab midway and resumes,
// and submits; others answer through the same plain forms; the administrator closes the campaign
// and reads results in which a small department is hidden. axe runs on every page visited.

const ASSESSMENTS = `/o/${DEMO.slug}/assessments`;
const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

type Link = { name: string; department: string; url: string };

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabUntil(page: Page, matches: (el: { tag: string; type: string; name: string; text: string; value: string }) => boolean, limit = 40) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { tag: a?.tagName.toLowerCase() ?? "", type: a?.type ?? "", name: a?.name ?? "", text: (a?.textContent ?? "").trim(), value: a?.value ?? "" };
    });
    if (matches(el)) return;
  }
  throw new Error("The element was not reached with Tab.");
}

/** Answers the statement group that Tab reaches next: Space picks the first answer, each arrow the next. */
async function answerNextGroupWithKeyboard(page: Page, value: number) {
  await tabUntil(page, (el) => el.type === "radio" && el.name.startsWith("answer."));
  await page.keyboard.press("Space");
  for (let i = 1; i < value; i += 1) await page.keyboard.press("ArrowDown");
}

async function pressButton(page: Page, label: string) {
  await tabUntil(page, (el) => el.tag === "button" && el.text === label);
  await page.keyboard.press("Enter");
}

/** One respondent's whole survey through the respond page's plain form posts (no JavaScript needed). */
async function answerByForms(request: APIRequestContext, url: string, itemsByStep: string[][], value: (step: number) => string, comment?: string) {
  const path = new URL(url).pathname;
  for (let s = 0; s < itemsByStep.length; s += 1) {
    const form: Record<string, string> = { step: String(s + 1), intent: "next" };
    for (const item of itemsByStep[s]!) form[`answer.${item}`] = value(s);
    if (comment) form[`comment.${practiceNumbers[s]}`] = comment;
    const res = await request.post(path, { form, headers: { Origin: ORIGIN }, maxRedirects: 0 });
    expect(res.status(), `step ${s + 1} of ${path.slice(0, 12)}…`).toBe(302);
  }
  const review = await request.post(path, { form: { step: "about-you", intent: "next" }, headers: { Origin: ORIGIN }, maxRedirects: 0 });
  expect(review.headers()["location"]).toContain("step=review");
  const submit = await request.post(path, { form: { step: "review", intent: "submit" }, headers: { Origin: ORIGIN }, maxRedirects: 0 });
  expect(submit.status()).toBe(302);
  expect(submit.headers()["location"]).toContain("submitted=organizational");
}

const practiceNumbers = [1, 3, 4];

test.describe("staff assessments", () => {
  test("an admin runs a campaign, staff answer by keyboard and by plain forms, and results hide a small department", async ({ page, browser, request }) => {
    test.setTimeout(240_000);
    const title = unique("Practices check-in");

    // --- The administrator creates the campaign.
    await signIn(page, DEMO.admin);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Assessments" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Assessment campaigns/ })).toContainText("Staff effectiveness pulse");
    await expectAccessible(page, "assessments");
    await page.getByRole("link", { name: "Create a campaign" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Create a campaign" })).toBeVisible();
    await expectAccessible(page, "create a campaign");
    const practices = page.getByRole("group", { name: "Practices included" }).getByRole("checkbox");
    await expect(practices).toHaveCount(14);
    for (let i = 0; i < 14; i += 1) await expect(practices.nth(i)).toBeChecked();
    for (let i = 0; i < 14; i += 1) if (!practiceNumbers.includes(i + 1)) await practices.nth(i).uncheck();
    await expect(page.getByLabel("Anonymity threshold")).toHaveValue("5");
    await expect(page.getByText("with the threshold below, 10 people")).toBeVisible();
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect(page.getByText("Give the campaign a title.")).toBeVisible();
    await expect(page.getByLabel("Title")).toBeFocused();
    await page.getByLabel("Title").fill(title);
    await page.getByRole("group", { name: "Questions about the respondent (optional)" }).getByLabel("Gender").check();
    // A closing day before the opening day is refused beside its field, and nothing typed is lost.
    const opens = await page.getByLabel("Opens on").inputValue();
    await page.getByLabel("Closes on").fill("2020-01-01");
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect(page.getByText("The closing date must be on or after the opening date.")).toBeVisible();
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await page.getByLabel("Closes on").fill(new Date(Date.parse(`${opens}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Campaign created as a draft");
    const campaignUrl = new URL(page.url()).pathname;
    await expectAccessible(page, "campaign (draft)");

    // --- Invitations for the Library: counts only, never a link.
    await page.getByLabel("Only people in these departments:").check();
    await page.getByLabel("Library").check();
    await page.getByRole("button", { name: "Create invitations" }).click();
    const created = page.getByRole("heading", { name: /^\d+ invitations created$/ });
    await expect(created).toBeVisible();
    // Everyone active in the Library (the demo roster has a few leavers).
    expect(Number((await created.textContent())!.split(" ")[0])).toBeGreaterThanOrEqual(25);
    await expect(page.locator("body")).not.toContainText("/respond/");
    await expectAccessible(page, "campaign with invitations");

    // --- Open, with a confirmation.
    await page.goto(campaignUrl);
    await page.getByRole("link", { name: "Open the campaign" }).click();
    await expect(page.getByRole("heading", { name: "Open this campaign?" })).toBeFocused();
    await expectAccessible(page, "confirm opening");
    await page.getByRole("button", { name: "Open the campaign" }).click();
    await expect(page.getByRole("status")).toContainText("The campaign is open.");
    await expect(page.getByRole("table", { name: /Participation by department/ })).toBeVisible();
    await expectAccessible(page, "campaign (open)");

    // --- Praxis emails each link to its owner; the tests read them as the owners do. Two more
    // departments are invited and emailed once the campaign is open.
    const links: Link[] = [];
    const emailInvitations = async (department: string) => {
      const before = allMail();
      await page.goto(campaignUrl);
      await page.getByRole("link", { name: "Send invitations by email" }).click();
      await expect(page.getByRole("heading", { name: "Email the invitations?" })).toBeFocused();
      await page.getByRole("button", { name: "Send invitations" }).click();
      const status = page.getByRole("status").filter({ hasText: "sent by email" });
      await expect(status).toBeVisible();
      const n = Number(/(\d+) invitations? sent by email/.exec((await status.textContent()) ?? "")![1]);
      expect(n).toBeGreaterThan(0);
      for (const m of await waitForMail(before, (m) => m.path !== null && m.subject.includes(title), n)) links.push({ name: m.to, department, url: m.link! });
      await expect(page.locator("body")).not.toContainText("/respond/");
    };
    await emailInvitations("Library");
    for (const department of ["Community Development", "Information Technology"]) {
      await page.getByLabel("Only people in these departments:").check();
      await page.getByLabel(department).check();
      await page.getByRole("button", { name: "Create invitations" }).click();
      await expect(page.getByRole("heading", { name: /^\d+ invitations? created$/ })).toBeVisible();
      await emailInvitations(department);
    }
    expect(links.every((l) => /\/respond\/[A-Za-z0-9_-]{20,}$/.test(l.url))).toBe(true);

    // --- A staff member answers from their link with the keyboard only.
    const library = links.filter((l) => l.department === "Library");
    const development = links.filter((l) => l.department === "Community Development");
    const it = links.filter((l) => l.department === "Information Technology");
    const mine = library[0]!.url;
    const respondent = await browser.newContext();
    let tab = await respondent.newPage();
    watchConsole(tab);
    await visit(tab, new URL(mine).pathname);
    await expect(tab.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(tab.getByText("Step 1 of 5")).toBeVisible();
    const itemsByStep: string[][] = [];
    const collectItems = async (p: Page) =>
      [...new Set(await p.locator('input[type=radio][name^="answer."]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name.slice(7))))];

    itemsByStep.push(await collectItems(tab));
    await answerNextGroupWithKeyboard(tab, 4);
    await tabUntil(tab, (el) => el.tag === "textarea");
    await tab.keyboard.type("Our values are posted but rarely discussed.");
    await pressButton(tab, "Save and continue");
    await expect(tab.getByText("Step 2 of 5")).toBeVisible();
    await expect(tab.getByRole("heading", { level: 2, name: /^Practice 3:/ })).toBeFocused();
    await expectAccessible(tab, "respond step 2");
    itemsByStep.push(await collectItems(tab));
    await answerNextGroupWithKeyboard(tab, 2);
    await pressButton(tab, "Save and continue");
    await expect(tab.getByText("Step 3 of 5")).toBeVisible();

    // The tab is closed midway; the same link opens where the person left off.
    await tab.close();
    tab = await respondent.newPage();
    watchConsole(tab);
    await visit(tab, new URL(mine).pathname);
    await expect(tab.getByText("Step 3 of 5")).toBeVisible();
    await expect(tab.getByRole("heading", { level: 2, name: /^Practice 4:/ })).toBeVisible();
    itemsByStep.push(await collectItems(tab));
    // Back shows the saved answer of step 2.
    await pressButton(tab, "Back");
    await expect(tab.getByText("Step 2 of 5")).toBeVisible();
    await expect(tab.getByRole("radio", { name: /^2 Disagree/ })).toBeChecked();
    await expectAccessible(tab, "respond step 2 again");
    await pressButton(tab, "Save and continue");
    await expect(tab.getByText("Step 3 of 5")).toBeVisible();
    await expectAccessible(tab, "respond step 3");
    await answerNextGroupWithKeyboard(tab, 5);
    await pressButton(tab, "Save and continue");
    await expect(tab.getByRole("heading", { level: 2, name: "About you (optional)" })).toBeFocused();
    await expect(tab.getByRole("group", { name: "Gender" }).getByRole("radio", { name: "Prefer not to say" })).toBeVisible();
    await expectAccessible(tab, "respond about you");
    await pressButton(tab, "Save and review");
    await expect(tab.getByRole("heading", { level: 2, name: "Check your answers" })).toBeFocused();
    await expect(tab.getByText("Our values are posted but rarely discussed.")).toBeVisible();
    await expect(tab.getByText("5 — Strongly agree")).toBeVisible();
    await expectAccessible(tab, "respond review");
    await pressButton(tab, "Submit my answers");
    await expect(tab.getByRole("heading", { level: 1, name: "Thank you: your answers were submitted" })).toBeVisible();
    await expectAccessible(tab, "respond thank you");
    // The link now explains that it was used.
    await visit(tab, new URL(mine).pathname, 410);
    await expect(tab.getByRole("heading", { level: 1, name: "This survey has already been answered" })).toBeVisible();
    await respondent.close();
    expect(itemsByStep.map((s) => s.length)).toEqual([1, 1, 1]);

    // --- More people answer through the same plain forms: 9 more in the Library, 7 in Community
    // Development and 2 in Information Technology (fewer than the threshold of 5).
    for (const [i, l] of library.slice(1, 10).entries()) await answerByForms(request, l.url, itemsByStep, (s) => String(((i + s) % 5) + 1), i < 4 ? `Comment ${i} from the library.` : undefined);
    for (const [i, l] of development.slice(0, 7).entries()) await answerByForms(request, l.url, itemsByStep, (s) => String(((i + 2 * s) % 5) + 1));
    for (const l of it.slice(0, 2)) await answerByForms(request, l.url, itemsByStep, () => "na");

    // Live participation: the small department's count is not shown.
    await page.goto(campaignUrl);
    const participation = page.getByRole("table", { name: /Participation by department/ });
    await expect(participation.getByRole("row", { name: /Library/ })).toContainText("10");
    await expect(participation.getByRole("row", { name: /Information Technology/ })).toContainText("Not shown");
    await expect(participation.getByRole("row", { name: /Information Technology/ })).not.toContainText(/\b2\b/);

    // The instrument is frozen now that answers arrived; the closing day can still move, later only.
    await visit(page, `${campaignUrl}/edit`);
    await expect(page.getByText(/People have started answering, so the questions, the scale and the anonymity threshold are frozen/)).toBeVisible();
    await page.goto(campaignUrl);
    const closesOn = page.getByLabel("New closing day");
    await closesOn.fill(opens);
    await page.getByRole("button", { name: "Extend" }).click();
    await expect(page.getByText(/Choose a day after the current closing day/)).toBeVisible();
    await expect(closesOn).toHaveAttribute("aria-invalid", "true");
    await closesOn.fill(new Date(Date.parse(`${opens}T00:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole("button", { name: "Extend" }).click();
    await expect(page.getByRole("status")).toContainText("The closing day was moved.");

    // --- The administrator closes the campaign and reads the results.
    await page.getByRole("link", { name: "Close early" }).click();
    await expect(page.getByRole("heading", { name: "Close this campaign now?" })).toBeFocused();
    await expectAccessible(page, "confirm closing");
    await page.getByRole("button", { name: "Close the campaign" }).click();
    await expect(page.getByRole("status")).toContainText("The campaign is closed.");
    await page.getByRole("link", { name: "See the results" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Results: ${title}` })).toBeVisible();
    await expect(page.getByRole("table", { name: /Scores by practice, all respondents \(19 people\)/ })).toBeVisible();
    await expectAccessible(page, "results");
    await page.getByLabel("Compare groups by").selectOption({ label: "Department" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/cut=department/);
    const byDepartment = page.getByRole("table", { name: /by practice and department/ });
    await expect(byDepartment.getByRole("row", { name: /Library/ })).toContainText("10");
    const itRow = byDepartment.getByRole("row", { name: /Information Technology/ });
    await expect(itRow).toContainText("No data shown");
    await expect(itRow).not.toContainText(/\d/);
    await expect(page.getByText(/Hidden to protect anonymity: fewer than 5 people responded/).first()).toBeVisible();
    await expectAccessible(page, "results by department");
    const comments = page.getByRole("region", { name: "Comments by practice" });
    await comments.locator("summary").first().click();
    await expect(comments.getByText("Our values are posted but rarely discussed.")).toBeVisible();
    await expect(comments.getByText("Comment 0 from the library.").first()).toBeVisible();
    // The CSV has the same suppression.
    const csvHref = await page.getByRole("link", { name: "Download these results (CSV)" }).getAttribute("href");
    const resultsCsv = parseCsv(await (await page.request.get(csvHref!)).text());
    const itCsv = resultsCsv.filter((r) => r[0] === "Information Technology");
    expect(itCsv).toHaveLength(1);
    expect(itCsv[0]!.slice(1, 11).every((c) => c === "")).toBe(true);
    expect(resultsCsv.filter((r) => r[0] === "Library" && r[1] === "10")).toHaveLength(3);

    // An unused link of the closed campaign, and a forged one, explain themselves.
    const unused = page.context().request;
    await visit(page, new URL(library[20]!.url).pathname, 410);
    await expect(page.getByRole("heading", { level: 1, name: "This survey is closed" })).toBeVisible();
    await visit(page, `/respond/${"x".repeat(43)}`, 404);
    await expect(page.getByRole("heading", { level: 1, name: "This survey link does not work" })).toBeVisible();
    const post = await unused.post(`/respond/${"x".repeat(43)}`, { form: { step: "1", intent: "next" }, headers: { Origin: ORIGIN }, maxRedirects: 0 });
    expect(post.status()).toBe(302);
  });

  test("a self-assessment's results go to its person only, with resources for their lowest practices", async ({ page, browser }) => {
    const title = unique("Leadership self-assessment");
    const resource = unique("Integrity coaching circle");
    await signIn(page, DEMO.admin);

    // The administrator adds a resource for practice 1 (a confirmation guards deleting it).
    await page.goto(`${ASSESSMENTS}/resources`);
    await expect(page.getByRole("heading", { level: 1, name: "Development resources" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "ICMA ethics advice, education and training" })).toBeVisible();
    await expectAccessible(page, "resources");
    await page.getByRole("button", { name: "Add resource" }).click();
    await expect(page.getByText("Give the resource a title.")).toBeVisible();
    await page.getByLabel("Title").fill(resource);
    await page.getByLabel("Description (optional)").fill("Monthly peer sessions on hard calls.");
    await page.getByRole("group", { name: "Practices it helps with" }).getByLabel("1. Personal and Professional Integrity").check();
    await page.getByRole("button", { name: "Add resource" }).click();
    await expect(page.getByRole("status")).toHaveText("Resource added.");
    await expect(page.getByRole("heading", { level: 2, name: resource })).toBeVisible();

    // A self-assessment of two practices for the City Clerk's office.
    await page.goto(`${ASSESSMENTS}/new`);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel(/^Self-assessment/).check();
    const practices = page.getByRole("group", { name: "Practices included" }).getByRole("checkbox");
    for (let i = 2; i < 14; i += 1) await practices.nth(i).uncheck();
    await page.getByRole("button", { name: "Create campaign" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await page.getByLabel("Only people in these departments:").check();
    await page.getByLabel("City Clerk").check();
    await page.getByRole("button", { name: "Create invitations" }).click();
    await expect(page.getByRole("heading", { name: /^\d+ invitations? created$/ })).toBeVisible();
    await page.getByRole("link", { name: "Open the campaign" }).click();
    await page.getByRole("button", { name: "Open the campaign" }).click();
    await expect(page.getByRole("status")).toContainText("The campaign is open.");
    const before = allMail();
    await page.getByRole("link", { name: "Send invitations by email" }).click();
    await page.getByRole("button", { name: "Send invitations" }).click();
    const [first, second] = await waitForMail(before, (m) => m.path !== null && m.subject.includes(title), 2);
    const mine = first!.path!;
    const someoneElse = second!.path!;
    // The results service refuses self-assessments: only participation is shown here.
    await visit(page, `${new URL(page.url()).pathname}/results`);
    await expect(page.getByText("Self-assessment results belong to each person")).toBeVisible();

    const person = await browser.newContext();
    const tab = await person.newPage();
    watchConsole(tab);
    await visit(tab, mine);
    await expect(tab.getByText("Step 1 of 3")).toBeVisible();
    await tab.getByRole("radio", { name: /^2 Developing/ }).check();
    await tab.getByRole("button", { name: "Save and continue" }).click();
    await expect(tab.getByText("Step 2 of 3")).toBeVisible();
    await tab.getByRole("radio", { name: /^4 Advanced/ }).check();
    await tab.getByRole("button", { name: "Save and continue" }).click();
    await expect(tab.getByRole("heading", { name: "Check your answers" })).toBeVisible();
    await tab.getByRole("button", { name: "Submit my answers" }).click();
    await tab.getByRole("link", { name: "See your self-assessment results" }).click();
    await expect(tab.getByRole("heading", { level: 1, name: `Your self-assessment: ${title}` })).toBeVisible();
    await expect(tab.getByRole("table", { name: /Your answers by practice/ }).getByRole("row", { name: /Personal and Professional Integrity/ })).toContainText("2 Developing");
    const growth = tab.getByRole("region", { name: "Where to grow" });
    await expect(growth).toContainText("1. Personal and Professional Integrity");
    await expect(growth.getByRole("heading", { name: resource })).toBeVisible();
    await expect(growth.getByRole("heading", { name: "ICMA ethics advice, education and training" })).toBeVisible();
    await expectAccessible(tab, "self-assessment results");
    // Another person's link shows nothing of it.
    await visit(tab, `${someoneElse}/results`, 404);
    await expect(tab.getByText("Your results appear here once you have submitted your self-assessment.")).toBeVisible();
    await person.close();

    // Deleting the resource asks first.
    await page.goto(`${ASSESSMENTS}/resources`);
    await page.getByRole("link", { name: `Delete ${resource}` }).click();
    await expect(page.getByRole("heading", { name: `Delete “${resource}”?` })).toBeFocused();
    await expectAccessible(page, "confirm deleting a resource");
    await page.getByRole("button", { name: "Delete the resource" }).click();
    await expect(page.getByRole("status")).toHaveText("Resource deleted.");
    await expect(page.getByRole("heading", { name: resource })).toHaveCount(0);
  });

  test("a department head reads a closed campaign's results for their own department and everyone else only", async ({ page }) => {
    await signIn(page, DEMO.departmentHead);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
    await page.getByRole("link", { name: /\d{4} Staff Assessment of the ICMA Practices/ }).first().click();
    await expect(page.getByRole("button", { name: "Create invitations" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Close early" })).toHaveCount(0);
    await expectAccessible(page, "campaign (department head)");
    await page.getByRole("link", { name: "See the results" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Results: / })).toBeVisible();
    // Their department and everyone else, never the organization's total (issue 14, attack 5).
    await expect(page.getByRole("table", { name: /^Scores by practice, Public Works with its divisions \(\d+ people\)$/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Everyone else" })).toBeVisible();
    await expect(page.getByRole("table", { name: /^Scores by practice, everyone else \(\d+ people\)$/ })).toBeVisible();
    await expect(page.getByRole("table", { name: /all respondents/ })).toHaveCount(0);
    // Organization-wide cuts are not offered.
    await expect(page.getByLabel("Compare groups by").locator("option", { hasText: /^Supervisory level$/ })).toHaveCount(0);
    await page.screenshot({ path: "test-results/results-department-head.png", fullPage: true });
    await page.getByLabel("Compare groups by").selectOption({ label: "Department" });
    await page.getByRole("button", { name: "Show" }).click();
    const rows = page.getByRole("table", { name: /by practice and department$/ }).locator("tbody tr");
    // Public Works and its two divisions, no other department.
    await expect(rows.locator("th")).toHaveText(["Public Works", "Streets and Traffic", "Water and Sewer Utilities"]);
    await expectAccessible(page, "results (department head)");
    // Last year's figures of their own group beside this year's.
    await page.getByLabel("Compare with the previous campaign").check();
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/compare=1/);
    await expect(page.getByRole("columnheader", { name: /^Mean in \d{4} Staff Assessment of the ICMA Practices$/ })).toBeVisible();
    await expect(page.getByLabel("Compare with the previous campaign")).toBeChecked();
    const staff = await page.context().browser()!.newContext();
    const staffPage = await staff.newPage();
    await signIn(staffPage, DEMO.staff);
    expect((await staffPage.request.get(page.url())).status()).toBe(403);
    await staff.close();
  });

  test("the respond page works without JavaScript, and staff see the Assessments page", async ({ browser, page }) => {
    await signIn(page, DEMO.staff);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Assessments" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Your surveys" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Campaigns", exact: true })).toHaveCount(0);
    await expectAccessible(page, "staff assessments");
    expect((await page.request.get(`${ASSESSMENTS}/new`)).status()).toBe(403);

    // A reminder brings a new link to those who have not answered (and have saved nothing).
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, DEMO.admin);
    await adminPage.goto(ASSESSMENTS);
    await adminPage.getByRole("link", { name: "Staff effectiveness pulse" }).click();
    const before = allMail();
    await adminPage.getByRole("link", { name: "Send reminders" }).click();
    await expect(adminPage.getByRole("heading", { name: "Send reminders?" })).toBeFocused();
    await adminPage.getByRole("button", { name: "Send reminders" }).click();
    await expect(adminPage.getByRole("status")).toContainText("How many is not shown");
    const candidates = (await waitForMail(before, (m) => m.path !== null && m.subject.startsWith("Reminder: Staff effectiveness pulse"), 1)).map((m) => m.link!);
    await admin.close();

    // Without JavaScript: plain forms and redirects.
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const tab = await noScript.newPage();
    let path = "";
    for (const c of candidates) {
      path = new URL(c).pathname;
      if ((await tab.goto(path))?.status() === 200) break;
    }
    await expect(tab.getByRole("heading", { level: 1, name: "Staff effectiveness pulse" })).toBeVisible();
    await expect(tab.getByText("Step 1 of 5")).toBeVisible();
    await tab.getByRole("radio", { name: /^4 Agree/ }).first().check();
    await tab.getByRole("button", { name: "Save and continue" }).click();
    await expect(tab.getByText("Step 2 of 5")).toBeVisible();
    await tab.getByRole("button", { name: "Back" }).click();
    await expect(tab.getByRole("radio", { name: /^4 Agree/ }).first()).toBeChecked();
    await noScript.close();
  });
});
