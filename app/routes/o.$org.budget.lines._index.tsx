import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsvLink } from "~/components/csv-link";
import { cachedJson } from "~/modules/cache/view-cache.server";
import { requireTenantPermission } from "~/modules/auth/tenant.server";
import { BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS, type BudgetCategory } from "~/modules/budget/budget.schema";
import { getBudgetTotals, listBudgetLines } from "~/modules/budget/budget.server";
import { Execution, lineTitle, Money, UNASSIGNED, TableScroll } from "~/modules/budget/components/budget-ui";
import { BudgetError } from "~/modules/budget/components/budget-error";
import { listFiscalYears } from "~/modules/budget/fiscal-years.server";
import { getCatalog } from "~/modules/practices/practices.server";
import { notFound } from "~/utils/http.server";
import { Pager } from "~/components/pager";
import { pageNumberFrom, pageOf } from "~/modules/core/pagination";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Budget lines, ${data.fiscalYearLabel} — Praxis` : "Budget lines — Praxis" },
];

/** Lines per page: enough to scan, small enough to render fast for a city of thousands of lines. */
const PAGE_SIZE = 50;

function filtersFrom(url: URL) {
  const p = url.searchParams;
  const fy = p.get("fy");
  if (fy !== null && fy !== "" && !/^\d{4}$/.test(fy)) notFound("There is no such fiscal year.");
  const category = p.get("category");
  const practice = p.get("practice");
  return {
    fiscalYear: fy ? Number(fy) : null,
    department: p.get("department") || null,
    fund: p.get("fund") || null,
    category: category && (BUDGET_CATEGORIES as readonly string[]).includes(category) ? (category as BudgetCategory) : null,
    practice: practice === "none" ? ("none" as const) : practice && /^\d{1,2}$/.test(practice) ? Number(practice) : null,
    q: (p.get("q") ?? "").trim().slice(0, 200),
    page: pageNumberFrom(p.get("page")),
  };
}

/** Served from the view cache while nothing of the organization changes (ADR 014). */
export const handle = { viewCache: true };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantPermission(request, params, "budget.read");
  // What the page shows, computed once per organization data version (app/modules/cache).
  return cachedJson(ctx, request, async () => {
    const f = filtersFrom(new URL(request.url));
    const years = await listFiscalYears(ctx);
    const fiscalYear = f.fiscalYear ?? years.find((y) => y.isCurrent)!.fiscalYear;
    const [result, byDepartment, byFund, catalog] = await Promise.all([
      listBudgetLines(ctx, {
        fiscalYear,
        department: f.department,
        fundCode: f.fund,
        category: f.category,
        practice: f.practice,
        q: f.q,
        limit: PAGE_SIZE,
        offset: (f.page - 1) * PAGE_SIZE,
      }),
      getBudgetTotals(ctx, { fiscalYear, by: "department" }),
      getBudgetTotals(ctx, { fiscalYear, by: "fund" }),
      getCatalog(ctx),
    ]);
    return {
      orgSlug: ctx.orgSlug,
      fiscalYear,
      fiscalYearLabel: byDepartment.fiscalYearLabel,
      years: years.map((y) => ({ fiscalYear: y.fiscalYear, label: y.label, isCurrent: y.isCurrent })),
      filters: { ...f, fiscalYear },
      filtersActive: Boolean(f.department || f.fund || f.category || f.practice || f.q),
      yearLines: byDepartment.total.lines,
      departments: byDepartment.rows.map((r) => ({ value: r.key, label: r.label })),
      funds: byFund.rows.filter((r) => r.key).map((r) => ({ value: r.key, label: r.label })),
      practices: catalog.groups.flatMap((g) => g.practices.map((p) => ({ number: p.number, name: p.name }))),
      ...result,
      pageCount: pageOf(result.matching, f.page, PAGE_SIZE).pageCount,
    };
  });
}

export default function BudgetLinesPage() {
  const data = useLoaderData<typeof loader>();
  const { orgSlug, filters: f, lines, matching, totals, pageCount } = data;
  const base = `/o/${orgSlug}/budget`;
  const here = `${base}/lines`;
  const pageHref = (page: number) => {
    const q = new URLSearchParams();
    q.set("fy", String(f.fiscalYear));
    if (f.department) q.set("department", f.department);
    if (f.fund) q.set("fund", f.fund);
    if (f.category) q.set("category", f.category);
    if (f.practice) q.set("practice", String(f.practice));
    if (f.q) q.set("q", f.q);
    if (page > 1) q.set("page", String(page));
    return `${here}?${q.toString()}`;
  };
  const first = matching === 0 ? 0 : (f.page - 1) * PAGE_SIZE + 1;
  const last = (f.page - 1) * PAGE_SIZE + lines.length;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <ol>
          <li>
            <Link to={`${base}?fy=${f.fiscalYear}`}>Budget</Link>
          </li>
          <li aria-current="page">Lines</li>
        </ol>
      </nav>
      <h1>Budget lines</h1>
      <p className="muted">
        The lines of {data.fiscalYearLabel}, by fund, unit, program and account. Open a line to see what it funds and the
        practices it is linked to.
      </p>
      <CsvLink
        href={`/o/${data.orgSlug}/budget/lines.csv?${new URLSearchParams({
          fy: String(f.fiscalYear),
          ...(f.department ? { department: f.department } : {}),
          ...(f.fund ? { fund: f.fund } : {}),
          ...(f.category ? { category: f.category } : {}),
          ...(f.practice ? { practice: String(f.practice) } : {}),
          ...(f.q ? { q: f.q } : {}),
        }).toString()}`}
        label="Download these lines as CSV"
      />

      <Form method="get" className="card plan-filters" aria-label="Filter budget lines" key={JSON.stringify(f)}>
        <div className="field">
          <label htmlFor="lines-fy">Fiscal year</label>
          <select id="lines-fy" name="fy" defaultValue={String(f.fiscalYear)}>
            {data.years.map((y) => (
              <option key={y.fiscalYear} value={y.fiscalYear}>
                {y.label}
                {y.isCurrent ? " — current" : ""}
              </option>
            ))}
            {data.years.some((y) => y.fiscalYear === f.fiscalYear) ? null : <option value={f.fiscalYear}>{data.fiscalYearLabel}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lines-department">Department</label>
          <select id="lines-department" name="department" defaultValue={f.department ?? ""}>
            <option value="">All departments</option>
            {data.departments.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lines-fund">Fund</label>
          <select id="lines-fund" name="fund" defaultValue={f.fund ?? ""}>
            <option value="">All funds</option>
            {data.funds.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lines-category">Category</label>
          <select id="lines-category" name="category" defaultValue={f.category ?? ""}>
            <option value="">All categories</option>
            {BUDGET_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {BUDGET_CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lines-practice">Practice</label>
          <select id="lines-practice" name="practice" defaultValue={f.practice === null ? "" : String(f.practice)}>
            <option value="">Any or none</option>
            <option value="none">Not linked to a practice</option>
            {data.practices.map((p) => (
              <option key={p.number} value={p.number}>
                {p.number}. {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="lines-q">Words</label>
          <input type="search" id="lines-q" name="q" defaultValue={f.q} />
        </div>
        <div className="actions" style={{ paddingBottom: "0.1rem" }}>
          <button type="submit">Apply filters</button>
          {data.filtersActive ? (
            <Link to={`${here}?fy=${f.fiscalYear}`} className="button secondary">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>

      {data.yearLines === 0 ? (
        <div className="card empty">
          <p>
            <strong>No budget is loaded for {data.fiscalYearLabel}.</strong>
          </p>
          <p>
            <Link to={`${base}?fy=${f.fiscalYear}`}>Back to the budget</Link>
          </p>
        </div>
      ) : matching === 0 ? (
        <div className="card empty" role="status">
          <p>
            <strong>No lines match these filters.</strong>
          </p>
          <p>
            <Link to={`${here}?fy=${f.fiscalYear}`}>Clear filters</Link>
          </p>
        </div>
      ) : (
        <>
          <p role="status" className="muted">
            {matching.toLocaleString("en-US")} {matching === 1 ? "line" : "lines"}
            {data.filtersActive ? ` match (of ${data.yearLines.toLocaleString("en-US")})` : ""}; showing {first.toLocaleString("en-US")}–
            {last.toLocaleString("en-US")}.
          </p>
          <TableScroll label="Budget lines">
            <table className="budget-table">
              <caption>
                Budget lines of {data.fiscalYearLabel}
                {pageCount > 1 ? `, page ${f.page} of ${pageCount}` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Department</th>
                  <th scope="col">Fund</th>
                  <th scope="col">Category</th>
                  <th scope="col">Primary practice</th>
                  <th scope="col" className="num">
                    Adopted
                  </th>
                  <th scope="col" className="num">
                    Amended
                  </th>
                  <th scope="col" className="num">
                    Actual
                  </th>
                  <th scope="col" className="num">
                    Execution
                  </th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      <Link to={`${here}/${l.id}`}>{lineTitle(l)}</Link>
                      <span className="block small muted">{l.lineKey}</span>
                    </th>
                    <td>{l.departmentName ?? <span className="muted">{UNASSIGNED}</span>}</td>
                    <td>{l.fundName || l.fundCode}</td>
                    <td>{BUDGET_CATEGORY_LABELS[l.category]}</td>
                    <td>{l.primaryPracticeNumber ?? <span className="muted">None</span>}</td>
                    <td className="num">
                      <Money cents={l.adoptedCents} />
                    </td>
                    <td className="num">
                      <Money cents={l.amendedCents} />
                    </td>
                    <td className="num">
                      <Money cents={l.actualCents} />
                    </td>
                    <td className="num">
                      <Execution percent={l.executionPercent} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="total-row">
                  <th scope="row" colSpan={5}>
                    Total of the {matching.toLocaleString("en-US")} matching {matching === 1 ? "line" : "lines"}
                  </th>
                  <td className="num">
                    <Money cents={totals.adoptedCents} />
                  </td>
                  <td className="num">
                    <Money cents={totals.amendedCents} />
                  </td>
                  <td className="num">
                    <Money cents={totals.actualCents} />
                  </td>
                  <td className="num">
                    <Execution percent={totals.executionPercent} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </TableScroll>
          <Pager label="Pages of budget lines" page={f.page} pageCount={pageCount} href={pageHref} />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <BudgetError />;
}
