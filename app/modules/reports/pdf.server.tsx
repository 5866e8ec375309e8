// Report PDFs, printed on the server by headless Chromium (docs/decisions/009-summary-reports-and-pdf.md).
// The PDF is the report page's own document (ReportDocument) rendered to HTML here, with the
// report stylesheet inlined, loaded with page.setContent (no network, no session needed) and
// printed with Chromium's print-to-PDF, the same engine and the same @media print rules as a
// browser's "Save as PDF". One browser at a time, each render bounded in time; where no Chromium
// is installed, callers get a PdfUnavailable with a message a person can act on.
import fs from "node:fs";
import { renderToStaticMarkup } from "react-dom/server";
import { ReportDocument, type ReportStatus } from "./components/report-document";
import type { ReportModel } from "./report-model";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const RENDER_TIMEOUT_MS = 30_000;
const MAX_WAITING = 4;

export class PdfUnavailable extends Error {
  constructor(
    message: string,
    readonly reason: "no_browser" | "busy" | "failed",
  ) {
    super(message);
    this.name = "PdfUnavailable";
  }
}

export const NO_BROWSER_MESSAGE =
  "PDF download is not available on this server because no Chromium browser is installed. Open the report and use your browser's Print command (choose “Save as PDF”): the printed pages are the same. Administrators: install Chromium (for example `apt-get install chromium`) or set CHROMIUM_PATH.";

/**
 * The Chromium to print with, found the way the end-to-end tests find theirs (playwright.config.ts,
 * scripts/ensure-browser.mjs): CHROMIUM_PATH, then the system's /usr/bin/chromium, then
 * Playwright's own download if present. Null when there is none, or when PRAXIS_PDF=off.
 */
export async function findChromium(): Promise<string | null> {
  // An operator can turn server PDFs off (a server without room for a browser, or while one is
  // being repaired): the pages then say to print from the browser instead.
  if (process.env.PRAXIS_PDF === "off") return null;
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium"].filter((p): p is string => Boolean(p));
  const system = candidates.find((p) => fs.existsSync(p));
  if (system) return system;
  try {
    const { chromium } = await import("playwright-core");
    const own = chromium.executablePath();
    return own && fs.existsSync(own) ? own : null;
  } catch {
    return null;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The report as one self-contained HTML page (styles inlined; no script, no external request). */
export function reportHtml(report: ReportModel, status: ReportStatus, css: string): string {
  const body = renderToStaticMarkup(<ReportDocument report={report} status={status} />);
  const title = `${report.orgName}: summary report, ${report.period.label}`;
  // The stylesheet is our own file; closing a <style> early is the only way it could break out.
  const safeCss = css.replace(/<\/style/gi, "<\\/style");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${safeCss}</style></head><body class="pdf"><main id="main" class="page">${body}</main></body></html>`;
}

function headerFooter(report: ReportModel) {
  const style = "font-family: system-ui, Arial, sans-serif; font-size: 8.5px; color: #333; width: 100%; padding: 0 14mm; display: flex; justify-content: space-between;";
  return {
    headerTemplate: `<div style="${style}"><span>${escapeHtml(report.orgName)}</span><span>Summary report · ${escapeHtml(report.period.label)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>Published figures; see “About this report”.</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
  };
}

let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

/** Runs one render at a time (one browser on a small server), refusing when too many wait. */
function oneAtATime<T>(job: () => Promise<T>): Promise<T> {
  if (waiting >= MAX_WAITING) {
    return Promise.reject(new PdfUnavailable("Many PDFs are being prepared right now. Try again in a minute.", "busy"));
  }
  waiting += 1;
  const run = queue.then(job, job);
  queue = run.then(
    () => undefined,
    () => undefined,
  );
  return run.finally(() => {
    waiting -= 1;
  });
}

/** Prints the report to PDF bytes. */
export function renderReportPdf(report: ReportModel, status: ReportStatus, css: string, options: { timeoutMs?: number } = {}): Promise<Uint8Array> {
  return oneAtATime(async () => {
    const executablePath = await findChromium();
    if (!executablePath) throw new PdfUnavailable(NO_BROWSER_MESSAGE, "no_browser");
    const { chromium } = await import("playwright-core");
    const timeout = options.timeoutMs ?? RENDER_TIMEOUT_MS;
    let browser: Awaited<ReturnType<typeof chromium.launch>>;
    try {
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout });
    } catch (e) {
      console.error("report PDF: Chromium did not start", e);
      throw new PdfUnavailable("The PDF could not be prepared: the server's browser did not start. Print the report from your browser instead.", "failed");
    }
    const timer = setTimeout(() => void browser.close().catch(() => undefined), timeout);
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      page.setDefaultTimeout(timeout);
      await page.setContent(reportHtml(report, status, css), { waitUntil: "load" });
      await page.emulateMedia({ media: "print" });
      const pdf = await page.pdf({
        format: "Letter",
        printBackground: true,
        displayHeaderFooter: true,
        ...headerFooter(report),
        margin: { top: "18mm", bottom: "18mm", left: "14mm", right: "14mm" },
      });
      return new Uint8Array(pdf);
    } catch (e) {
      if (e instanceof PdfUnavailable) throw e;
      console.error("report PDF: printing failed", e);
      throw new PdfUnavailable("The PDF could not be prepared this time. Try again, or print the report from your browser.", "failed");
    } finally {
      clearTimeout(timer);
      await browser.close().catch(() => undefined);
    }
  });
}

/** The stylesheets' text for the PDF, from the built files the page links (public/build/...). */
export function readBuiltStylesheets(hrefs: string[], publicDir = `${process.cwd()}/public`): string {
  return hrefs
    .map((href) => {
      const file = `${publicDir}${href.split("?")[0]}`;
      return href.startsWith("/build/") && !href.includes("..") && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    })
    .join("\n");
}
