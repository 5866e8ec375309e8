import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { unzipSync } from "fflate";
import { DEMO, expect, expectAccessible, signIn, test, unique, visit } from "./fixtures";
import { allMail, allTokens, waitForMail, type Mail } from "./mailbox";

// Issue 14, part A, through HTTP against the real server, as the organization's own
// administrator and department head (docs/decisions/018-anonymity-against-insiders.md). Each
// attack first shows what it would have read — the data exists and its owner reaches it — then
// that the insider cannot. Attacks: 2 (a self-assessment through a regenerated link), 3 (drafts
// through the links CSV, and submitting in someone's name), 4 (who answered, and when). Then a
// crawler signs in as each role, follows every link from the campaign pages and the navigation,
// downloads every file it finds (and the full export), and finds no survey link or token.

const ORG = `/o/${DEMO.slug}`;
const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const RESPOND_LINK = /\/respond\/[A-Za-z0-9_-]{20,}/;

async function newPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** Creates a campaign of one practice (or two for a self-assessment), invites one department,
 * opens it and has Praxis email the links; returns its address and the delivered mail. */
async function campaignWithMail(admin: Page, title: string, department: string, self = false): Promise<{ url: string; mail: Mail[] }> {
  await admin.goto(`${ORG}/assessments/new`);
  await admin.getByLabel("Title").fill(title);
  if (self) await admin.getByLabel(/^Self-assessment/).check();
  else await admin.getByLabel("Offer an optional comment box for each practice").check();
  const practices = admin.getByRole("group", { name: "Practices included" }).getByRole("checkbox");
  for (let i = self ? 2 : 1; i < 14; i += 1) await practices.nth(i).uncheck();
  await admin.getByRole("button", { name: "Create campaign" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const url = new URL(admin.url()).pathname;
  await admin.getByLabel("Only people in these departments:").check();
  await admin.getByLabel(department).check();
  await admin.getByRole("button", { name: "Create invitations" }).click();
  await expect(admin.getByRole("heading", { name: /^\d+ invitations? created$/ })).toBeVisible();
  await admin.getByRole("link", { name: "Open the campaign" }).click();
  await admin.getByRole("button", { name: "Open the campaign" }).click();
  await expect(admin.getByRole("status")).toContainText("The campaign is open.");
  const before = allMail();
  await admin.getByRole("link", { name: "Send invitations by email" }).click();
  await admin.getByRole("button", { name: "Send invitations" }).click();
  const status = admin.getByRole("status").filter({ hasText: "sent by email" });
  await expect(status).toBeVisible();
  const n = Number(/(\d+) invitations? sent/.exec((await status.textContent()) ?? "")![1]);
  return { url, mail: await waitForMail(before, (m) => m.path !== null && m.subject.includes(title), n) };
}

/** The first step's form of a survey page, read from its HTML (radio names and the comment box). */
async function firstStep(request: APIRequestContext, path: string): Promise<{ item: string; comment: string | null }> {
  const html = await (await request.get(path)).text();
  return { item: /name="(answer\.[0-9a-f-]{36})"/.exec(html)![1]!, comment: /name="(comment\.\d+)"/.exec(html)?.[1] ?? null };
}

function post(request: APIRequestContext, path: string, form: Record<string, string>) {
  return request.post(path, { form, headers: { Origin: ORIGIN }, maxRedirects: 0 });
}

test.describe("anonymity against the organization's own insiders", () => {
  test("attack 3: an administrator can neither read a person's saved answers nor submit in their name", async ({ page, playwright }) => {
    test.setTimeout(180_000);
    const title = unique("Drafts survey");
    await signIn(page, DEMO.admin);
    const { url, mail } = await campaignWithMail(page, title, "Library");
    const owner = mail[0]!;

    // The owner saves an answer and a comment with their link, and reads them back.
    const person = await playwright.request.newContext({ baseURL: ORIGIN });
    const { item, comment } = await firstStep(person, owner.path!);
    const secret = unique("The manager ignores safety reports");
    const saved = await post(person, owner.path!, { step: "1", intent: "next", [item]: "1", ...(comment ? { [comment]: secret } : {}) });
    expect(saved.status()).toBe(302);
    const back = await (await person.get(`${owner.path}?step=1`)).text();
    expect(back).toContain(secret);

    // The administrator's ways to a link are gone: no links CSV, no "new links" intent, and the
    // campaign page never shows one.
    expect((await page.request.post(`${url}/links.csv`, { form: { intent: "regenerate", audience: "all" }, headers: { Origin: ORIGIN }, maxRedirects: 0 })).status()).toBe(404);
    expect((await page.request.get(`${url}/links.csv`, { maxRedirects: 0 })).status()).toBe(404);
    const regenerate = await page.request.post(url, { form: { intent: "regenerate", audience: "all" }, headers: { Origin: ORIGIN }, maxRedirects: 0 });
    expect(regenerate.status()).toBe(400);
    expect(await regenerate.text()).not.toMatch(RESPOND_LINK);
    const campaignHtml = await (await page.request.get(url)).text();
    expect(campaignHtml).not.toMatch(RESPOND_LINK);
    expect(campaignHtml).not.toContain(secret);
    // Nor does the in-app survey open for them: the invitation belongs to its owner's address.
    expect((await page.request.get(`${url}/answer`)).status()).toBe(404);
    expect((await post(page.request, `${url}/answer`, { step: "1", intent: "submit" })).status()).toBe(404);

    // A resend (the one thing an administrator can do to a person's link) goes to the owner only,
    // and the new link cannot open what was saved with the old one.
    await page.goto(url);
    const options = await page.locator("#resend-person option").evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => ({ value: o.value, text: o.textContent ?? "" })));
    expect(options.length).toBe(mail.length);
    const before = allMail();
    for (const o of options.slice(0, 3)) {
      await page.goto(`${url}?confirm=resend&person=${o.value}`);
      await page.getByRole("button", { name: "Send a new link" }).click();
      await expect(page.getByRole("status")).toContainText("This message is the same either way.");
      expect(await page.content()).not.toMatch(RESPOND_LINK);
    }
    const resent = await waitForMail(before, (m) => m.subject.includes(title), 3);
    const invited = new Set(mail.map((m) => m.to));
    expect(resent.every((m) => invited.has(m.to))).toBe(true);
    expect(resent.map((m) => m.to)).not.toContain(DEMO.admin);
    await person.dispose();
  });

  test("attack 2: a self-assessment is read by its person only, never through a new link", async ({ page, playwright }) => {
    test.setTimeout(180_000);
    const title = unique("Self check");
    await signIn(page, DEMO.admin);
    const { url, mail } = await campaignWithMail(page, title, "City Clerk", true);
    const owner = mail[0]!;
    const person = await playwright.request.newContext({ baseURL: ORIGIN });
    for (let step = 1; step <= 2; step += 1) {
      const { item } = await firstStep(person, `${owner.path}?step=${step}`);
      expect((await post(person, owner.path!, { step: String(step), intent: "next", [item]: step === 1 ? "2" : "4" })).status()).toBe(302);
    }
    const done = await post(person, owner.path!, { step: "review", intent: "submit" });
    expect(done.headers()["location"]).toContain("submitted=self");
    // What the attack would read: the person's own results, by their own link.
    const results = await person.get(`${owner.path}/results`);
    expect(results.status()).toBe(200);
    expect(await results.text()).toContain(title);

    // The administrator asks for a new link for that person: the same reply as for anyone, and
    // nothing is sent (they answered), so no link exists that reads the results but the owner's.
    await page.goto(url);
    const ownerOption = (await page.locator("#resend-person option").evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value)))[0]!;
    const before = allMail();
    const reply = await post(page.request, url, { intent: "resend", staffMemberId: ownerOption });
    expect(reply.status()).toBe(302);
    expect(reply.headers()["location"]).toMatch(/\?sent=resent$/);
    // Every invited person of the City Clerk's office was asked for: only those who had not answered got mail.
    for (const other of (await page.locator("#resend-person option").evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => o.value))).slice(1)) {
      const r = await post(page.request, url, { intent: "resend", staffMemberId: other });
      expect([r.status(), r.headers()["location"]]).toEqual([reply.status(), reply.headers()["location"]]);
    }
    await expect.poll(() => allMail().length - before.length, { timeout: 15_000 }).toBe(mail.length - 1);
    expect(allMail().slice(before.length).map((m) => m.to)).not.toContain(owner.to);
    expect((await person.get(`${owner.path}/results`)).status()).toBe(200);
    // Nor through the app: the self-assessment belongs to the account the invitation was made for.
    expect((await page.request.get(`${url}/my-results`)).status()).toBe(404);
    for (const m of allMail().slice(before.length)) expect((await page.request.get(`${m.path}/results`)).status()).toBe(404);
    await person.dispose();
  });

  test("attack 4: nothing an administrator or department head can request tells who answered, or when", async ({ page, browser, playwright }) => {
    test.setTimeout(180_000);
    const title = unique("Who answered");
    await signIn(page, DEMO.admin);
    const { url, mail } = await campaignWithMail(page, title, "Library");
    const [answerer, waiter] = [mail[0]!, mail[1]!];
    const person = await playwright.request.newContext({ baseURL: ORIGIN });
    const { item } = await firstStep(person, answerer.path!);
    await post(person, answerer.path!, { step: "1", intent: "next", [item]: "4" });
    expect((await post(person, answerer.path!, { step: "review", intent: "submit" })).headers()["location"]).toContain("submitted=organizational");
    // What the attack would read: the answerer's link now says so (410) and the other's does not.
    expect((await person.get(answerer.path!)).status()).toBe(410);
    expect((await person.get(waiter.path!)).status()).toBe(200);

    // The administrator has neither link. The requests they can make answer the same for both people.
    await page.goto(url);
    const options = await page.locator("#resend-person option").evaluateAll((os) => (os as HTMLOptionElement[]).map((o) => ({ value: o.value, text: o.textContent ?? "" })));
    // A resend for every invited person, the answerer among them: one and the same reply.
    const replies = new Set<string>();
    for (const o of options) {
      const r = await post(page.request, url, { intent: "resend", staffMemberId: o.value });
      replies.add(JSON.stringify([r.status(), r.headers()["location"]]));
    }
    expect([...replies]).toEqual([JSON.stringify([302, `${url}?sent=resent`])]);
    const shown = await (await page.request.get(`${url}?sent=resent`)).text();
    expect(shown).toContain("This message is the same either way.");
    expect(shown).not.toContain(answerer.to);
    const remind = await post(page.request, url, { intent: "remind" });
    expect(remind.headers()["location"]).toMatch(/\?sent=reminded$/);
    // The campaign page, its participation file and the audit log hold no one's status.
    for (const path of [url, `${url}/participation.csv`, `${ORG}/audit`]) {
      const body = await (await page.request.get(path)).text();
      expect(body).not.toContain(answerer.to);
      expect(body).not.toMatch(RESPOND_LINK);
    }
    const participation = await (await page.request.get(`${url}/participation.csv`)).text();
    expect(participation).not.toMatch(/Library,\d+,1,/);
    // A department head cannot even ask.
    const head = await newPage(browser, DEMO.departmentHead);
    expect((await post(head.request, url, { intent: "resend", staffMemberId: options[0]!.value })).status()).toBe(403);
    await head.context().close();
    await person.dispose();
  });

  test("a crawler as each role finds no survey link or token on any page or file it can reach", async ({ browser }) => {
    test.setTimeout(900_000);
    const tokens = allTokens();
    expect(tokens.length).toBeGreaterThan(10);
    for (const email of [DEMO.admin, DEMO.departmentHead, DEMO.staff, DEMO.elected]) {
      const page = await newPage(browser, email);
      const request = page.request;
      const campaigns = [...new Set([...(await (await request.get(`${ORG}/assessments`)).text()).matchAll(/href="(\/o\/[^"]+\/assessments\/[0-9a-f-]{36})"/g)].map((m) => m[1]!))];
      const queue = [`${ORG}`, `${ORG}/assessments`, ...campaigns];
      const seen = new Set<string>();
      const perPath = new Map<string, number>();
      let fetched = 0;
      while (queue.length > 0 && fetched < 70) {
        const next = queue.shift()!;
        if (seen.has(next)) continue;
        seen.add(next);
        // One or two of each kind of page: ids and numbers in the path are the same kind.
        const path = next.split("?")[0]!.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id").replace(/\/\d+(?=\/|$|_|\.)/g, "/:n");
        if ((perPath.get(path) ?? 0) >= 2) continue;
        perPath.set(path, (perPath.get(path) ?? 0) + 1);
        const res = await request.get(next, { maxRedirects: 0 });
        fetched += 1;
        const body = await res.text();
        for (const t of tokens) expect(body.includes(t), `${email} ${next} holds a survey token`).toBe(false);
        expect(body, `${email} ${next}`).not.toMatch(RESPOND_LINK);
        if (!(res.headers()["content-type"] ?? "").includes("text/html")) continue;
        for (const m of body.matchAll(/href="(\/o\/riverton[^"#]*)"/g)) {
          const href = m[1]!.replace(/&amp;/g, "&");
          if (/sign-out|\/delete|confirm=|\.pdf/.test(href) || seen.has(href)) continue;
          queue.push(href);
        }
      }
      expect(fetched, `${email} crawled`).toBeGreaterThan(10);
      if (email === DEMO.admin) {
        // The full export: every file in it.
        const zip = await request.post(`${ORG}/export.zip`, { form: { confirm: "yes" }, headers: { Origin: ORIGIN } });
        expect(zip.status()).toBe(200);
        const files = unzipSync(new Uint8Array(await zip.body()));
        expect(Object.keys(files).length).toBeGreaterThan(10);
        for (const [name, bytes] of Object.entries(files)) {
          const text = new TextDecoder().decode(bytes);
          expect(text, name).not.toMatch(RESPOND_LINK);
          for (const t of tokens) expect(text.includes(t), `${name} holds a survey token`).toBe(false);
        }
      }
      await page.context().close();
    }
  });

  test("the respondent's page on anonymity: numbers for their group, linked from every step, keyboard and 320 px", async ({ page }) => {
    const title = unique("Anonymity page");
    await signIn(page, DEMO.admin);
    const { mail } = await campaignWithMail(page, title, "Library");
    const respondent = await page.context().browser()!.newContext({ viewport: { width: 320, height: 640 } });
    const tab = await respondent.newPage();
    await visit(tab, mail[0]!.path!);
    await tab.getByRole("link", { name: "How your anonymity is protected in this survey" }).focus();
    await tab.keyboard.press("Enter");
    await expect(tab.getByRole("heading", { level: 1, name: "How your anonymity is protected" })).toBeVisible();
    await expect(tab.getByText(/Smallest group ever shown/)).toBeVisible();
    await expect(tab.getByText(/Library( [0-9a-f]+)?: \d+ people were invited/)).toBeVisible();
    await expectAccessible(tab, "anonymity page (320 px)");
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await tab.screenshot({ path: "test-results/anonymity-page-320.png", fullPage: true });
    await tab.getByRole("link", { name: "Back to the survey" }).first().click();
    await expect(tab.getByText("Step 1 of")).toBeVisible();
    await respondent.close();
    // In the app, for the staff member the demo invites to its open pulse.
    const staff = await (await page.context().browser()!.newContext()).newPage();
    await signIn(staff, DEMO.staff);
    await expect(staff.getByRole("heading", { name: /surveys? for you to answer/ })).toBeVisible();
    await expectAccessible(staff, "home with a survey to answer");
    await staff.getByRole("link", { name: "Staff effectiveness pulse" }).click();
    await staff.getByRole("link", { name: "How your anonymity is protected in this survey" }).click();
    await expect(staff.getByRole("heading", { level: 1, name: "How your anonymity is protected" })).toBeVisible();
    await expectAccessible(staff, "anonymity page (in the app)");
  });
});
