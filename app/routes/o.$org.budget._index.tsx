import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { can } from "~/modules/auth/permissions";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { getBudgetTotals, type BudgetTotalsBy, type BudgetTotalsRow } from "~/modules/budget/budget.server";
import { useHydrated } from "~/components/hydrated";
import { BUDGET_VIEW_GROUP, BUDGET_VIEW_LABELS, BUDGET_VIEWS, Execution, isBudgetView, Money, TableScroll } from "~/modules/budget/components/budget-ui";
import { BudgetError } from "~/modules/budget/components/budget-error";
import { listFiscalYears } from "~/modules/budget/fiscal-years.server";
import { notFound } from "~/utils/http.server";

// Chart.js is loaded in the browser only, after hydration; the server renders a same-size
// placeholder, and the table below always carries the same numbers.
const BudgetChart = lazy(() => import("~/modules/budget/components/budget-chart.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Budget ${data.totals.fiscalYearLabel}, ${BUDGET_VIEW_LABELS[data.totals.by].toLowerCase()} — Praxis` : "Budget — Praxis" },
];

/** The fiscal year and the view from the address: the current year by department by default. */
function budgetViewFrom(url: URL, currentYear: number): { fiscalYear: number; by: BudgetTotalsBy } {
  const fy = url.searchParams.get("fy");
  const by = url.searchParams.get("by");
  if (fy !== null && !/^\d{4}$/.test(fy)) notFound("There is no such fiscal year.");
  return { fiscalYear: fy ? Number(fy) : currentYear, by: isBudgetView(by) ? by : "department" };
}

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const years = await listFiscalYears(ctx);
    const current = years.find((y) => y.isCurrent)!;
    const view = budgetViewFrom(new URL(request.url), current.fiscalYear);
    const totals = await getBudgetTotals(ctx, view);
    return {
      orgSlug: ctx.orgSlug,
      years: years.map((y) => ({ fiscalYear: y.fiscalYear, label: y.label, isCurrent: y.isCurrent, lineCount: y.lineCount })),
      totals,
      canImport: can(ctx.role, "budget.manage"),
    };
  });
}

/** Where a row's lines are listed, when the lines filter can select exactly that row's lines. */
function linesHref(base: string, fiscalYear: number, by: BudgetTotalsBy, row: BudgetTotalsRow): string | null {
  const q = new URLSearchParams({ fy: String(fiscalYear) });
  if (by === "department") q.set("department", row.key);
  else if (by === "fund") {
    if (!row.key) return null;
    q.set("fund", row.key);
  }
  else if (by === "category") q.set("category", row.key);
  // Lines with no link at all are exactly the lines with no primary link.
  else if (row.key === "none") q.set("practice", "none");
  // "Any link" rows are exactly the lines linked to the practice; a primary-link row is a subset.
  else if (by === "practice_any") q.set("practice", row.key);
  else return null;
  return `${base}/lines?${q.toString()}`;
}

export default function BudgetPage() {
  const { orgSlug, years, totals, canImport } = useLoaderData<typeof loader>();
  const base = `/o/${orgSlug}/budget`;
  const year = years.find((y) => y.fiscalYear === totals.fiscalYear);
  const empty = totals.total.lines === 0;
  const query = new URLSearchParams({ fy: String(totals.fiscalYear), by: totals.by }).toString();
  const showEncumbered = totals.total.encumberedCents !== "0";
  const viewLabel = BUDGET_VIEW_LABELS[totals.by].toLowerCase();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Budget</h1>
          <p className="muted">
            Adopted, amended and actual spending of {totals.fiscalYearLabel}
            {year?.isCurrent ? " (the current fiscal year)" : ""}. Execution is actual ÷ amended.
          </p>
        </div>
        <ul className="link-list">
          <li>
            <Link to={`${base}/lines?fy=${totals.fiscalYear}`}>All budget lines</Link>
          </li>
          {canImport ? (
            <li>
              <Link to={`${base}/import?fy=${totals.fiscalYear}`}>Import a budget</Link>
            </li>
          ) : null}
        </ul>
      </div>

      <Form method="get" className="card plan-filters" aria-label="Choose the fiscal year and the view" key={query}>
        <div className="field">
          <label htmlFor="budget-fy">Fiscal year</label>
          <select id="budget-fy" name="fy" defaultValue={String(totals.fiscalYear)}>
            {years.map((y) => (
              <option key={y.fiscalYear} value={y.fiscalYear}>
                {y.label}
                {y.isCurrent ? " — current" : ""}
                {y.lineCount === 0 ? " — no budget loaded" : ""}
              </option>
            ))}
            {year ? null : <option value={totals.fiscalYear}>{totals.fiscalYearLabel}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="budget-by">View</label>
          <select id="budget-by" name="by" defaultValue={totals.by}>
            {BUDGET_VIEWS.map((v) => (
              <option key={v} value={v}>
                {BUDGET_VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <div className="actions" style={{ paddingBottom: "0.1rem" }}>
          <button type="submit">Show</button>
        </div>
      </Form>

      {empty ? (
        <div className="card empty">
          <p>
            <strong>No budget is loaded for {totals.fiscalYearLabel}.</strong>
          </p>
          <p>
            {canImport ? (
              <>
                Import the finance system&apos;s export to see it here:{" "}
                <Link to={`${base}/import?fy=${totals.fiscalYear}`}>import a budget for FY{totals.fiscalYear}</Link>.
              </>
            ) : (
              "An administrator can import it from the finance system. Choose another fiscal year above."
            )}
          </p>
        </div>
      ) : (
        <section aria-labelledby="budget-view-title">
          <div className="page-header">
            <h2 id="budget-view-title" style={{ margin: 0 }}>
              {BUDGET_VIEW_LABELS[totals.by]}, {totals.fiscalYearLabel}
            </h2>
            <p>
              <a href={`${base}.csv?${query}`} download>
                Download this view as CSV
              </a>
            </p>
          </div>
          {totals.additive ? null : (
            <p className="notice info">
              A line linked to several practices counts under each of them, so the rows add up to more than the total. The
              total counts each line once. The primary-link view adds up exactly.
            </p>
          )}
          <ChartBox />
          <TableScroll label={`Budget ${viewLabel}`}>
            <table className="budget-table">
              <caption>
                Budget {viewLabel}, {totals.fiscalYearLabel}, in dollars ({totals.rows.length} {totals.rows.length === 1 ? "row" : "rows"})
              </caption>
              <thead>
                <tr>
                  <th scope="col">{BUDGET_VIEW_GROUP[totals.by]}</th>
                  <th scope="col" className="num">
                    Lines
                  </th>
                  <th scope="col" className="num">
                    Adopted
                  </th>
                  <th scope="col" className="num">
                    Amended
                  </th>
                  <th scope="col" className="num">
                    Actual
                  </th>
                  {showEncumbered ? (
                    <th scope="col" className="num">
                      Encumbered
                    </th>
                  ) : null}
                  <th scope="col" className="num">
                    Execution
                  </th>
                </tr>
              </thead>
              <tbody>
                {totals.rows.map((r) => {
                  const href = linesHref(base, totals.fiscalYear, totals.by, r);
                  return (
                    <tr key={r.key}>
                      <th scope="row">{href ? <Link to={href}>{r.label}</Link> : r.label}</th>
                      <AmountCells row={r} showEncumbered={showEncumbered} />
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr className="total-row">
                  <th scope="row">{totals.additive ? "Total" : "Total (each line once)"}</th>
                  <AmountCells row={totals.total} showEncumbered={showEncumbered} />
                </tr>
              </tfoot>
            </table>
          </TableScroll>
        </section>
      )}
    </>
  );
}

function AmountCells({ row, showEncumbered }: { row: BudgetTotalsRow; showEncumbered: boolean }) {
  return (
    <>
      <td className="num">{row.lines.toLocaleString("en-US")}</td>
      <td className="num">
        <Money cents={row.adoptedCents} />
      </td>
      <td className="num">
        <Money cents={row.amendedCents} />
      </td>
      <td className="num">
        <Money cents={row.actualCents} />
      </td>
      {showEncumbered ? (
        <td className="num">
          <Money cents={row.encumberedCents} />
        </td>
      ) : null}
      <td className="num">
        <Execution percent={row.executionPercent} />
      </td>
    </>
  );
}

function ChartBox() {
  const { totals } = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const label = `Bar chart of the budget ${BUDGET_VIEW_LABELS[totals.by].toLowerCase()}, ${totals.fiscalYearLabel}: adopted, amended and actual dollars for each row. The same numbers are in the table below.`;
  // One band per row, so long lists stay readable; the placeholder has the same height.
  const height = `${Math.max(12, 4 + totals.rows.length * 2.4)}rem`;
  const placeholder = (
    <p className="muted chart-placeholder" aria-hidden="true">
      Loading the chart…
    </p>
  );
  return (
    <div className="chart-box card" style={{ height }} data-testid="budget-chart">
      {hydrated ? (
        <Suspense fallback={placeholder}>
          <BudgetChart label={label} rows={totals.rows} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <BudgetError />;
}
