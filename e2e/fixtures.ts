import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type Page } from "@playwright/test";

export const DEMO = {
  slug: "riverton",
  password: "Riverton-demo-2026",
  admin: "manager@riverton.example",
  departmentHead: "publicworks@riverton.example",
  staff: "staff@riverton.example",
  elected: "mayor@riverton.example",
};

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now and fails on any violation. */
export async function expectAccessible(page: Page, label?: string): Promise<void> {
  await page.waitForLoadState("domcontentloaded");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
  expect(summary, `axe violations on ${label ?? page.url()}`).toEqual([]);
}

/** Goes to a page, checks it answered as expected, and scans it with axe. */
export async function visit(page: Page, url: string, status = 200): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `status of ${url}`).toBe(status);
  await expectAccessible(page, url);
}

export async function signIn(page: Page, email: string, password = DEMO.password): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Signed in as")).toBeVisible();
}

export async function newSignedInPage(browser: Browser, email: string, password = DEMO.password): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watchConsole(page);
  await signIn(page, email, password);
  return page;
}

const consoleErrors = new WeakMap<Page, string[]>();
/** Any console error (a CSP violation, a hydration mismatch, a failed request) fails the test. */
export function watchConsole(page: Page): void {
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const text = msg.text();
    // The browser logs every non-2xx document load; tests assert those statuses themselves.
    if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
    errors.push(text);
  });
  page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    watchConsole(page);
    await use(page);
    expect(consoleErrors.get(page) ?? [], "console errors").toEqual([]);
  },
});

export { expect };
