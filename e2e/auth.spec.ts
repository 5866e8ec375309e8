import { DEMO, expect, expectAccessible, signIn, test, unique, visit } from "./fixtures";

test.describe("sign-up, sign-in and sign-out", () => {
  test("a city signs up, lands in its new organization as admin, signs out and back in", async ({ page }) => {
    await visit(page, "/");
    await page.getByRole("link", { name: "Create an organization" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Create an organization" })).toBeVisible();
    await expectAccessible(page);

    const slug = unique("lakeside");
    const email = `${slug}@example.test`;
    await page.getByLabel("Name", { exact: true }).fill("City of Lakeside");
    await page.getByLabel("Web address").fill(slug);
    await page.getByLabel("Kind of government").selectOption("city");
    await page.getByLabel("State or territory").selectOption("MN");
    await page.getByLabel("Your name").fill("Robin Okafor");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("harbor lights turn 9");
    await page.getByRole("button", { name: "Create organization" }).click();

    await expect(page).toHaveURL(`/o/${slug}`);
    await expect(page.getByRole("heading", { level: 1, name: "City of Lakeside" })).toBeVisible();
    await expect(page.getByText("Administrator").first()).toBeVisible();
    await expect(page.getByText(`Signed in as Robin Okafor`)).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL("/sign-in");
    const back = await page.goto(`/o/${slug}`);
    expect(back?.url()).toContain(`/sign-in?redirectTo=%2Fo%2F${slug}`);

    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill("harbor lights turn 9");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`/o/${slug}`);
  });

  test("bad sign-up input is explained beside each field and the input is kept", async ({ page }) => {
    await visit(page, "/sign-up");
    await page.getByLabel("Name", { exact: true }).fill("Riverton Again");
    await page.getByLabel("Web address").fill(DEMO.slug);
    await page.getByLabel("Kind of government").selectOption("city");
    await page.getByLabel("State or territory").selectOption("OR");
    await page.getByLabel("Your name").fill("Someone Else");
    await page.getByLabel("Work email").fill(DEMO.admin);
    await page.getByLabel("Password").fill("password1234");
    await page.getByRole("button", { name: "Create organization" }).click();
    // The server's answer: the weak password is caught first; nothing is created.
    await expect(page.getByText(/among the most commonly used passwords|common password/)).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Riverton Again");
    await expectAccessible(page, "sign-up with errors");

    await page.getByLabel("Password").fill("quiet rivers run deep 7");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText(/An account with this email already exists/)).toBeVisible();

    await page.getByLabel("Work email").fill(`${unique("x")}@example.test`);
    await page.getByLabel("Password").fill("quiet rivers run deep 7");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page.getByText("This web address is taken. Choose another.")).toBeVisible();

    await page.getByLabel("Web address").fill("Not A Slug!");
    await page.getByLabel("Web address").blur();
    await expect(page.getByText(/Use lowercase letters, digits and single hyphens/)).toBeVisible();
  });

  test("a wrong password gets one plain message", async ({ page }) => {
    await visit(page, "/sign-in");
    await page.getByLabel("Email", { exact: true }).fill(`${unique("nobody")}@example.test`);
    await page.getByLabel("Password").fill("not the right one");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("The email or password is incorrect.");
    await expectAccessible(page, "sign-in with error");
  });

  test("the account page changes the password", async ({ page, browser }) => {
    // A fresh organization of its own, so the demo's password stays as it is.
    const slug = unique("pw");
    await page.goto("/sign-up");
    await page.getByLabel("Name", { exact: true }).fill("Village of Pine");
    await page.getByLabel("Web address").fill(slug);
    await page.getByLabel("Kind of government").selectOption("village");
    await page.getByLabel("State or territory").selectOption("NY");
    await page.getByLabel("Your name").fill("Lee Park");
    await page.getByLabel("Work email").fill(`${slug}@example.test`);
    await page.getByLabel("Password").fill("first pass phrase 11");
    await page.getByRole("button", { name: "Create organization" }).click();
    await expect(page).toHaveURL(`/o/${slug}`);

    const other = await (await browser.newContext()).newPage();
    await signIn(other, `${slug}@example.test`, "first pass phrase 11");

    await page.getByRole("link", { name: "Account" }).click();
    await expectAccessible(page, "account");
    await page.getByLabel("Current password").fill("first pass phrase 11");
    await page.getByLabel("New password", { exact: true }).fill("second pass phrase 22");
    await page.getByLabel("Repeat the new password").fill("second pass phrase 22");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("Your password was changed. You were signed out everywhere else.")).toBeVisible();

    // The other browser's session ended.
    await other.goto(`/o/${slug}`);
    await expect(other).toHaveURL(/\/sign-in/);
  });
});

test.describe("tenant boundaries", () => {
  test("another organization's address answers 404, and a cross-origin POST is refused", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(`/o/${DEMO.slug}`);
    // An organization that exists but the demo manager is not a member of.
    const slug = unique("elsewhere");
    const ctx = await page.context().browser()!.newContext();
    const other = await ctx.newPage();
    await other.goto("/sign-up");
    await other.getByLabel("Name", { exact: true }).fill("Elsewhere County");
    await other.getByLabel("Web address").fill(slug);
    await other.getByLabel("Kind of government").selectOption("county");
    await other.getByLabel("State or territory").selectOption("TX");
    await other.getByLabel("Your name").fill("Kim Ito");
    await other.getByLabel("Work email").fill(`${slug}@example.test`);
    await other.getByLabel("Password").fill("county lines blur 44");
    await other.getByRole("button", { name: "Create organization" }).click();
    await expect(other).toHaveURL(`/o/${slug}`);

    await visit(page, `/o/${slug}`, 404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await visit(page, "/o/no-such-organization", 404);

    const evil = await page.request.post(`/sign-out`, { headers: { Origin: "http://evil.example" } });
    expect(evil.status()).toBe(403);
    const noOrigin = await page.request.fetch(`/sign-out`, { method: "POST", headers: { Origin: "" , "Sec-Fetch-Site": "cross-site" } });
    expect(noOrigin.status()).toBe(403);
    // Still signed in: the refused POST did nothing.
    await page.goto(`/o/${DEMO.slug}`);
    await expect(page.getByText("Signed in as")).toBeVisible();
  });

  test("security headers are on every response", async ({ page }) => {
    const res = await page.goto("/sign-in");
    const h = res!.headers();
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
  });
});
