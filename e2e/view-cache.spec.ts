import { DEMO, expect, expectAccessible, signIn, test, unique } from "./fixtures";

// The view cache (ADR 014) in the real server: a dashboard served again from the cache is the
// same page with this response's CSP nonce on every script, it hydrates and works, and a change
// made in the app shows on the next visit.

const ORG = `/o/${DEMO.slug}`;

function nonceOf(csp: string | undefined): string {
  const m = /'nonce-([^']+)'/.exec(csp ?? "");
  expect(m, "a nonce in the Content-Security-Policy").not.toBeNull();
  return m![1]!;
}

test.describe("view cache", () => {
  test("a cached dashboard carries each response's own nonce, hydrates, and shows a change on the next visit", async ({ page }) => {
    await signIn(page, DEMO.admin);

    // Three requests of the overview with the browser's session: the first may render, the others
    // come from the cache. Each has its own nonce, and every script of its HTML carries it.
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await page.request.get(`${ORG}/dashboards`);
      expect(res.status()).toBe(200);
      const nonce = nonceOf(res.headers()["content-security-policy"]);
      const html = await res.text();
      const nonces = [...html.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]);
      const scripts = [...html.matchAll(/<script\b/g)].length;
      expect(scripts).toBeGreaterThan(0);
      expect(nonces.length).toBe(scripts);
      expect(new Set(nonces)).toEqual(new Set([nonce]));
      answers.push({ nonce, html: html.split(nonce).join("NONCE") });
      // The cache's internal name of the page's data never leaves the server.
      expect(res.headers()["x-praxis-view"]).toBeUndefined();
    }
    expect(new Set(answers.map((a) => a.nonce)).size).toBe(3);
    expect(answers[2]!.html).toBe(answers[1]!.html);
    expect(answers[1]!.html).toBe(answers[0]!.html);
    // A client navigation asks for the data alone: the same, without the internal header either.
    const data = await page.request.get(`${ORG}/dashboards?_data=${encodeURIComponent("routes/o.$org.dashboards._index")}`);
    expect(data.status()).toBe(200);
    expect(data.headers()["x-praxis-view"]).toBeUndefined();
    expect(answers[0]!.html).toContain(JSON.stringify((await data.json()).fiscalYearLabel));

    // The cached page in the browser: scripts run (the charts draw on canvases, which only the
    // client does), the tabs navigate on the client, and it passes axe.
    const scriptErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to execute/i.test(m.text())) scriptErrors.push(m.text());
    });
    await page.goto(`${ORG}/dashboards`);
    await expect(page.getByRole("heading", { level: 1, name: "Organization overview" })).toBeVisible();
    await expect(page.locator("canvas").first()).toBeVisible();
    await expectAccessible(page, "overview from the view cache");
    await page.getByRole("link", { name: "Equity", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Equity" })).toBeVisible();
    expect(scriptErrors).toEqual([]);

    // A change made in the app: a new department is in the overview's department filter at once.
    const name = unique("Harbor Patrol");
    const code = `H${Date.now().toString(36).slice(-5).toUpperCase()}`;
    await page.goto(`${ORG}/departments`);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Code").fill(code);
    await page.getByRole("button", { name: "Add department" }).click();
    await expect(page.getByRole("status")).toHaveText(`Added ${name}.`);
    await page.goto(`${ORG}/dashboards`);
    await expect(page.getByLabel("Department", { exact: true }).locator("option", { hasText: name })).toHaveCount(1);
  });
});
