// Makes sure the end-to-end tests have a Chromium: CHROMIUM_PATH, then the system's
// /usr/bin/chromium, then Playwright's own (installed here if missing and the network allows).
import { execSync } from "node:child_process";
import fs from "node:fs";

const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].filter(Boolean);
const system = candidates.find((p) => fs.existsSync(p));
if (system) {
  console.log(`End-to-end tests will use ${system}.`);
  process.exit(0);
}
const { chromium } = await import("@playwright/test");
if (fs.existsSync(chromium.executablePath())) {
  console.log(`End-to-end tests will use Playwright's Chromium at ${chromium.executablePath()}.`);
  process.exit(0);
}
console.log("No Chromium found: installing Playwright's Chromium (npx playwright install chromium)…");
try {
  execSync("npx playwright install chromium", { stdio: "inherit" });
} catch {
  console.error(
    "Could not install a browser. On Debian/Ubuntu run `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.",
  );
  process.exit(1);
}
