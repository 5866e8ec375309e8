// Single sign-on in the browser (issue 20): an organization proves its email domain (against a
// DNS server this spec starts), connects a real OpenID provider (oidc-provider, started here on a
// port the system picks) on the settings page, and requires it. A member then signs in end to end
// through the provider in Chromium; the same member's password sign-in is refused with a pointer to
// the directory; the administrator's password now needs a second factor before any page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "@playwright/test";
import Provider from "oidc-provider";
import { startDnsServer, type DnsServer } from "../db/test/dns-server";
import { E2E_DNS_PORT } from "../playwright.config";
import { expect, expectAccessible, test, unique, watchConsole } from "./fixtures";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const PASSWORD = "maple harbor seven 7";
const SECRET = "e2e-client-secret-0123456789abcdef";
const SHOTS = process.env.E2E_SCREENSHOTS;

let dns: DnsServer;
let directory: Server | null = null;
test.beforeAll(async () => {
  dns = await startDnsServer(E2E_DNS_PORT);
});
test.afterAll(async () => {
  await dns.close();
  directory?.closeAllConnections();
  await new Promise<void>((resolve) => (directory ? directory.close(() => resolve()) : resolve()));
});

/** The organization's directory: people `sub` with an email each; returns its issuer. */
async function startDirectory(slug: string, people: Record<string, string>): Promise<string> {
  directory = createServer();
  await new Promise<void>((resolve) => directory!.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(directory.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: "praxis", client_secret: SECRET, redirect_uris: [`http://localhost:${PORT}/sso/${slug}/callback`] }],
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: people[sub], email_verified: true, name: "Pat Rivera" }) }),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    conformIdTokenClaims: false,
  });
  directory.on("request", provider.callback());
  return issuer;
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  for (const width of [1366, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** At the provider's development sign-in page: any password is accepted for a known login. */
async function throughDirectory(page: Page, login: string): Promise<void> {
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("directory password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an organization that requires single sign-on: a member signs in through the directory in the browser, and not with a password", async ({ page, browser }) => {
  // The provider's pages ask Google Fonts for a typeface; this machine has no Internet.
  await page.context().route("https://fonts.googleapis.com/**", (route) => route.fulfill({ status: 200, contentType: "text/css", body: "" }));
  const slug = unique("sso");
  const domain = `${slug}.gov`;
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill("Town of Alder Creek");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Kind of government").selectOption("town");
  await page.getByLabel("State or territory").selectOption("WA");
  await page.getByLabel("Your name").fill("Avery Stone");
  await page.getByLabel("Work email").fill(`${slug}@example.test`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(`/o/${slug}`);

  // The staff's domain, proved by its TXT record.
  await page.goto(`/o/${slug}/settings/sign-in`);
  await page.getByLabel("Domain").fill(domain);
  await page.getByLabel("Domain").press("Enter");
  await expect(page.getByText("The domain was added.")).toBeVisible();
  const record = (await page.locator("code", { hasText: /^praxis-verification=/ }).textContent())!;
  dns.txt.set(`_praxis-verification.${domain}`, [record]);
  await page.getByRole("button", { name: "Verify now" }).click();
  await expect(page.getByText("The domain is verified.")).toBeVisible();

  // Settings → Single sign-on, from the keyboard: a wrong issuer is explained beside the field.
  const issuer = await startDirectory(slug, { pat: `pat@${domain}` });
  await page.goto(`/o/${slug}/settings`);
  await page.getByRole("link", { name: "Set up single sign-on" }).click();
  await expect(page.getByRole("heading", { name: "Single sign-on", level: 1 })).toBeVisible();
  await expect(page.getByText(`http://localhost:${PORT}/sso/${slug}/callback`)).toBeVisible();
  await expectAccessible(page, "single sign-on settings, empty");
  // (An address where nothing listens: always refused. The other ways a directory can be wrong —
  // another issuer, no discovery document — are in sso-settings.server.test.ts.)
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const nothingThere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await page.getByLabel("Issuer").fill(nothingThere);
  await page.getByLabel("Client ID").fill("praxis");
  await page.getByLabel("Client secret").fill(SECRET);
  await page.getByLabel("Single sign-on is on").check();
  await page.getByLabel("Client ID").press("Enter");
  await expect(page.getByText(/^No answer from http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/)).toBeVisible();
  await expect(page.getByText("The single sign-on settings were saved.")).toHaveCount(0);
  await expect(page.getByLabel("Issuer")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "single sign-on settings, wrong issuer");
  await shoot(page, "sso-settings-wrong-issuer");
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "fits 320 px").toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByLabel("Issuer").fill(issuer);
  await page.getByLabel("Client secret").fill(SECRET);
  await page.getByLabel("Require single sign-on").check();
  await page.getByLabel("Client ID").press("Enter");
  // Requiring it asks for a confirmation first.
  await expect(page.getByText("Tick this box to confirm")).toBeVisible();
  await page.getByLabel("Client secret").fill(SECRET);
  await page.getByLabel(/I understand that these members/).check();
  await page.getByRole("button", { name: "Check the directory and save" }).click();
  // Saved; and now that the organization requires it, the administrator's password session must
  // prove a second factor before any page of the organization (break-glass).
  await expect(page).toHaveURL(/\/account\/two-factor\?required=/);
  for (const path of [`/o/${slug}`, `/o/${slug}/settings/single-sign-on`, `/o/${slug}/members`]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/account\/two-factor\?required=/);
  }

  // A member of the city, in a browser of their own, through the directory.
  const context = await browser.newContext();
  await context.route("https://fonts.googleapis.com/**", (route) => route.fulfill({ status: 200, contentType: "text/css", body: "" }));
  const member = await context.newPage();
  watchConsole(member);
  await member.goto(`/o/${slug}/plans`);
  await expect(member).toHaveURL(/\/sign-in\?redirectTo=/);
  await expectAccessible(member, "sign-in with the organization's button");
  await shoot(member, "sso-sign-in");
  await member.getByRole("link", { name: "Sign in with Town of Alder Creek's directory" }).click();
  await expect(member).toHaveURL(new RegExp(`^${issuer}/`));
  await throughDirectory(member, "pat");
  await expect(member).toHaveURL(`/o/${slug}/plans`);
  await expect(member.getByText("Signed in as")).toContainText("Pat Rivera");

  // Signed out, the same person's password is refused, pointing to the directory.
  await member.getByRole("button", { name: "Sign out" }).click();
  await expect(member).toHaveURL(/\/sign-in/);
  await member.getByLabel("Email", { exact: true }).fill(`pat@${domain}`);
  await member.getByLabel("Password").fill("a guess at a password");
  await member.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(member.getByRole("alert")).toContainText("Town of Alder Creek signs in through its own directory");
  await expectAccessible(member, "password refused for single sign-on");
  await shoot(member, "sso-password-refused");
  await expect(member.getByRole("link", { name: "Sign in with Town of Alder Creek's directory" })).toBeVisible();

  // The email-first way: the work address finds the directory (which still knows the person, so
  // it sends them straight back).
  await member.goto("/sign-in");
  await member.getByLabel("Work email").fill(`pat@${domain}`);
  const atDirectory = member.waitForRequest((request) => request.url().startsWith(`${issuer}/`));
  await member.getByLabel("Work email").press("Enter");
  await atDirectory;
  await expect(member).toHaveURL(`/o/${slug}`);
  await expect(member.getByText("Signed in as")).toContainText("Pat Rivera");
  await context.close();
});

test("a refused single sign-on says what happened and what to do next", async ({ page }) => {
  const response = await page.goto("/sso/no-such-town/callback?state=made-up&code=x");
  expect(response?.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "Single sign-on did not work" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("This sign-in did not start in this browser");
  await expectAccessible(page, "single sign-on refused");
  await page.setViewportSize({ width: 320, height: 700 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await shoot(page, "sso-refused");
});
