// Accounts a city's IT department will accept (issue 20): two-factor required by an
// organization, password reset without a mail server, and a lockout that cannot keep the owner
// out. Each test signs up an organization of its own, so the demo city is never changed.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible, test, unique, visit } from "./fixtures";

const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
const PASSWORD = "maple harbor seven 7";
const SHOTS = process.env.E2E_SCREENSHOTS;

async function signUpOrg(page: Page, name: string): Promise<{ slug: string; email: string }> {
  const slug = unique("acct");
  const email = `${slug}@example.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("city");
  await page.getByLabel("State or territory").selectOption("OR");
  await page.getByLabel("Your name").fill("Avery Stone");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);
  return { slug, email };
}

/** Invites someone as an elected official (no department needed), and
 * accepts with a new account from a cookie-less client. */
async function addMember(page: Page, accepting: APIRequestContext, slug: string, displayName: string): Promise<string> {
  const email = `${unique("m")}@example.test`;
  const invited = await page.request.post(`/o/${slug}/members?_data=${encodeURIComponent("routes/o.$org.members")}`, {
    form: { intent: "invite", email, role: "elected_official", departmentId: "" },
    headers: { Origin: ORIGIN },
  });
  expect(invited.status()).toBe(200);
  const { issued } = (await invited.json()) as { issued: { link: string } };
  const joined = await accepting.post(new URL(issued.link).pathname, {
    form: { intent: "create-account", displayName, password: PASSWORD },
    headers: { Origin: ORIGIN },
    maxRedirects: 0,
  });
  expect(joined.status()).toBe(302);
  return email;
}

/** What an authenticator app shows for the key on the page, `offset` 30-second steps from now. */
function totp(key: string, offset = 0): string {
  const step = Math.floor(Date.now() / 30_000) + offset;
  return generateHOTP(decodeBase32IgnorePadding(key.replace(/\s+/g, "")), BigInt(step), 6);
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

async function signInWithPassword(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("two-factor authentication", () => {
  test("an organization that requires it for administrators: no page opens without the code, from enrolment to the next sign-in", async ({ page }) => {
    const { slug, email } = await signUpOrg(page, "City of Cedar Falls");
    // The settings page opens before the policy…
    await visit(page, `/o/${slug}/settings`);
    await page.getByLabel("Two-factor authentication").selectOption("admins");
    await page.getByRole("button", { name: "Save settings" }).click();
    // …and after it, no page of the organization does: the administrator is asked to enrol.
    for (const path of [`/o/${slug}`, `/o/${slug}/settings`, `/o/${slug}/members`, `/o/${slug}/audit`]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/account\/two-factor\?required=/);
    }
    await expectAccessible(page, "two-factor enrolment");
    await expect(page.getByText("City of Cedar Falls requires two-factor authentication for your role.")).toBeVisible();
    await shoot(page, "two-factor-enrol");
    const key = (await page.locator("code", { hasText: /^[A-Z2-7 ]{20,}$/ }).first().textContent())!;
    // A wrong code is explained beside the field; the right one, typed and sent from the keyboard, turns it on.
    await page.getByLabel("Code from your app").fill("000000");
    await page.getByLabel("Code from your app").press("Enter");
    await expect(page.getByText("That code is not right.")).toBeVisible();
    await page.getByLabel("Code from your app").fill(totp(key));
    await page.getByLabel("Code from your app").press("Enter");
    await expect(page.getByRole("heading", { name: "Your recovery codes" })).toBeVisible();
    const codes = await page.getByRole("list", { name: "Recovery codes" }).locator("code").allTextContents();
    expect(codes).toHaveLength(10);
    await expectAccessible(page, "recovery codes");
    await shoot(page, "two-factor-recovery-codes");
    // On to the page that was asked for when the enrolment was required.
    await page.getByRole("link", { name: /I have saved them/ }).click();
    await expect(page).toHaveURL(`/o/${slug}/audit`);

    // The next sign-in: the password alone reaches no organization page.
    await signOut(page);
    await signInWithPassword(page, email);
    await expect(page).toHaveURL(/\/sign-in\/two-factor/);
    await expectAccessible(page, "two-factor sign-in");
    await shoot(page, "two-factor-sign-in");
    for (const path of ["/account", "/orgs", `/o/${slug}/members`, `/o/${slug}`]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/sign-in\/two-factor/);
    }
    const data = await page.request.get(`/o/${slug}/members?_data=${encodeURIComponent("routes/o.$org.members")}`, { maxRedirects: 0 });
    expect([204, 302]).toContain(data.status());
    expect(await data.text()).not.toContain("Avery Stone");
    // The code (the next step's: this step's was used to enrol, and a code counts once).
    await page.getByLabel("Code").fill(totp(key, 1));
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`/o/${slug}`);
    await expect(page.getByText("Signed in as")).toBeVisible();

    // A recovery code works once, and the page says how many are left.
    await signOut(page);
    await signInWithPassword(page, email);
    await page.getByLabel("Code").fill(codes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText("You signed in with a recovery code; 9 of 10 are left.")).toBeVisible();
    await expectAccessible(page, "two-factor management");
  });
});

test.describe("password reset without a mail server", () => {
  test("the sign-in page sends members to an administrator, whose one-time link lets them choose a new password once", async ({ page, browser, playwright }) => {
    const { slug } = await signUpOrg(page, "Town of Elm Grove");
    const accepting = await playwright.request.newContext({ baseURL: ORIGIN });
    const memberEmail = await addMember(page, accepting, slug, "Jordan Reyes");
    await accepting.dispose();

    const member = await (await browser.newContext()).newPage();
    await visit(member, "/sign-in");
    await member.getByRole("link", { name: "Forgot your password?" }).click();
    await expect(member.getByText("Ask an administrator of your organization")).toBeVisible();
    await expectAccessible(member, "forgot password");
    await shoot(member, "forgot-password");

    await visit(page, `/o/${slug}/members`);
    await page.getByRole("link", { name: "Sign-in help for Jordan Reyes" }).click();
    await expect(page.getByRole("heading", { name: "Help Jordan Reyes sign in" })).toBeVisible();
    await expectAccessible(page, "sign-in help");
    // Nothing happens without confirming who is asking.
    await page.getByRole("button", { name: "Make a reset link" }).click();
    await expect(page.getByText("Confirm that you checked it is really this member who is asking.")).toBeVisible();
    await page.getByLabel(/I checked that it is really Jordan Reyes/).check();
    await page.getByRole("button", { name: "Make a reset link" }).click();
    const link = (await page.locator("code", { hasText: "/reset-password/" }).textContent())!;
    await expectAccessible(page, "reset link shown");
    await shoot(page, "member-sign-in-help");
    // Shown once: the page opened again shows no link.
    await page.reload();
    await expect(page.locator("code", { hasText: "/reset-password/" })).toHaveCount(0);

    await visit(member, new URL(link).pathname);
    await expect(member.getByText(`For ${memberEmail}.`)).toBeVisible();
    await shoot(member, "reset-password");
    await member.getByLabel("New password", { exact: true }).fill("password1234");
    await member.getByLabel("Repeat the new password").fill("password1234");
    await member.getByRole("button", { name: "Set the new password" }).click();
    await expect(member.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await member.getByLabel("New password", { exact: true }).fill("cobalt river sings 42");
    await member.getByLabel("Repeat the new password").fill("cobalt river sings 42");
    await member.getByRole("button", { name: "Set the new password" }).click();
    await expect(member.getByText("Your password was changed and you were signed out everywhere.")).toBeVisible();
    await signInWithPassword(member, memberEmail, "cobalt river sings 42");
    await expect(member.getByText("Signed in as")).toBeVisible();
    // The corrected form goes through after a refusal on the account page too.
    await visit(member, "/account");
    await member.getByLabel("Current password").fill("cobalt river sings 42");
    await member.getByLabel("New password", { exact: true }).fill("password1234");
    await member.getByLabel("Repeat the new password").fill("password1234");
    await member.getByRole("button", { name: "Change password" }).click();
    await expect(member.getByText("This password is among the most commonly used passwords.")).toBeVisible();
    await member.getByLabel("Current password").fill("cobalt river sings 42");
    await member.getByLabel("New password", { exact: true }).fill("amber meadow drifts 8");
    await member.getByLabel("Repeat the new password").fill("amber meadow drifts 8");
    await member.getByRole("button", { name: "Change password" }).click();
    await expect(member.getByText("Your password was changed.")).toBeVisible();
    // Used once: the link is dead.
    await visit(member, new URL(link).pathname, 404);
    await expect(member.getByText("This link has expired or has already been used.")).toBeVisible();
  });
});

test.describe("a lockout nobody can abuse", () => {
  test("an attacker's failures lock the attacker's attempts, never the owner's known browser", async ({ page, browser }) => {
    const { email } = await signUpOrg(page, "Village of Oak Park");
    // The owner's browser has signed in (at sign-up too, but a sign-in is what makes it known).
    await signOut(page);
    await signInWithPassword(page, email);
    await expect(page.getByText("Signed in as")).toBeVisible();
    await signOut(page);

    const attacker = await (await browser.newContext()).newPage();
    for (let i = 0; i < 5; i++) await signInWithPassword(attacker, email, `wrong guess number ${i}`);
    await expect(attacker.getByText(/Too many failed sign-in attempts\. Wait \d+ minutes? and try again\./)).toBeVisible();
    await signInWithPassword(attacker, email, PASSWORD);
    await expect(attacker.getByText(/Too many failed sign-in attempts/)).toBeVisible();

    // Same machine, same address: the owner's browser signs in at once.
    await signInWithPassword(page, email);
    await expect(page.getByText("Signed in as")).toBeVisible();
  });
});

test.describe("verified email domains", () => {
  test("an administrator adds a domain from the keyboard, is told which TXT record proves it, and verification waits for it", async ({ page }) => {
    const { slug } = await signUpOrg(page, "City of Birch Lake");
    await visit(page, `/o/${slug}/settings`);
    await page.getByRole("link", { name: "Manage email domains" }).click();
    await expect(page.getByRole("heading", { name: "Email domains", level: 1 })).toBeVisible();
    await expectAccessible(page, "email domains, empty");
    await page.getByLabel("Domain").fill("gmail.com");
    await page.getByLabel("Domain").press("Enter");
    await expect(page.getByText("This is a public mail provider's domain")).toBeVisible();
    await page.getByLabel("Domain").fill("Birch-Lake.invalid");
    await page.getByLabel("Domain").press("Enter");
    await expect(page.getByText("The domain was added.")).toBeVisible();
    await expect(page.getByRole("heading", { name: /birch-lake\.invalid/ })).toContainText("Not verified yet");
    await expect(page.locator("code", { hasText: "_praxis-verification.birch-lake.invalid" })).toBeVisible();
    await expectAccessible(page, "email domains, one to verify");
    await shoot(page, "email-domains");
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(page.getByText(/No TXT record "praxis-verification=.*" was found at _praxis-verification\.birch-lake\.invalid/)).toBeVisible();
    // Removing asks first.
    await page.getByRole("link", { name: "Remove birch-lake.invalid" }).click();
    await page.getByRole("button", { name: "Yes, remove birch-lake.invalid" }).click();
    await expect(page.getByText("The domain was removed.")).toBeVisible();
  });
});
