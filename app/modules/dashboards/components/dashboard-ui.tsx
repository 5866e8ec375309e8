// The dashboards' shared pieces: the filter form (a plain GET form: the filters live in the
// address), the tabs between dashboards, charts (client-only, with a same-size placeholder) and
// the tables that always carry the same numbers, server-rendered.
import { Form, Link, NavLink } from "@remix-run/react";
import { lazy, Suspense, type ReactNode } from "react";
import type { BudgetTotalsRow } from "~/modules/budget/budget.server";
import { formatCents, type CentsString } from "~/modules/budget/money";
import { ObjectiveStatusBadge } from "~/modules/plans/components/plan-badges";
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES, type ObjectiveStatus } from "~/modules/plans/plans.schema";
import type { FocusMeasure, FocusObjective, FocusWorkforceGoal } from "../focus.server";
import { filtersQuery, type DashboardChoices, type DashboardFilters } from "../filters";
import type { StatusCounts } from "../sums.server";
import { TARGET_STATE_LABELS, type TargetComparison, type TargetTally } from "../target";
import type { DashboardChartProps } from "./dashboard-chart.client";
import { useHydrated } from "~/components/hydrated";

const DashboardChart = lazy(() => import("./dashboard-chart.client"));

// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies); the legend and
// the table name every series, so no information is carried by colour alone.
export const STATUS_COLORS: Record<ObjectiveStatus, string> = {
  not_started: "#8a8a8a",
  on_track: "#009E73",
  at_risk: "#E69F00",
  off_track: "#D55E00",
  done: "#0072B2",
};
export const MONEY_COLORS = { amended: "#56B4E9", actual: "#0072B2" };

/** A chart drawn in the browser after hydration; the server renders a placeholder of the same size. */
export function ChartBox({ height = 16, ...props }: DashboardChartProps & { height?: number }) {
  const hydrated = useHydrated();
  const placeholder = (
    <p className="muted chart-placeholder" aria-hidden="true">
      Loading the chart…
    </p>
  );
  return (
    <div className="chart-box" style={{ height: `${height}rem` }}>
      {hydrated ? (
        <Suspense fallback={placeholder}>
          <DashboardChart {...props} />
        </Suspense>
      ) : (
        placeholder
      )}
    </div>
  );
}

/**
 * A table's scrolling box: focusable and named after the table, so a table wider than the page
 * (a column per practice, many amounts) scrolls by keyboard too.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Whole dollars for a chart (exact bigint division; the tables show the cents). */
export const chartDollars = (cents: CentsString) => Number(BigInt(cents) / 100n);

export function Money({ cents }: { cents: CentsString }) {
  return <>{formatCents(cents)}</>;
}

/** "87.3%", or a dash with a spoken explanation when there is no amended budget. */
export function Execution({ percent }: { percent: string | null }) {
  if (percent === null) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">No amended budget</span>
      </>
    );
  }
  return <>{percent}%</>;
}

export const DASHBOARDS = [
  { path: "", label: "Organization overview" },
  { path: "service-delivery", label: "Service delivery" },
  { path: "equity", label: "Equity" },
  { path: "staff-effectiveness", label: "Staff effectiveness" },
] as const;

/** Links between the dashboards, keeping the filters. */
export function DashboardTabs({ orgSlug, query }: { orgSlug: string; query: string }) {
  const base = `/o/${orgSlug}/dashboards`;
  return (
    <nav aria-label="Dashboards" className="dash-tabs">
      <ul>
        {DASHBOARDS.map((d) => (
          <li key={d.path}>
            <NavLink to={`${d.path ? `${base}/${d.path}` : base}${query}`} end>
              {d.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The filters as a GET form: applying them changes the address, which can be bookmarked. */
export function FilterForm({
  choices,
  filters,
  show = { department: true, plan: true },
  idPrefix = "dash",
  campaigns = [],
  keep = {},
}: {
  choices: DashboardChoices;
  filters: DashboardFilters;
  show?: { department?: boolean; plan?: boolean };
  idPrefix?: string;
  /** Closed assessment campaigns to choose from (none: no campaign filter). */
  campaigns?: { id: string; title: string; closesOn: string }[];
  /** Other choices of the page that applying the filters keeps (e.g. the equity page's field). */
  keep?: Record<string, string>;
}) {
  return (
    <Form method="get" className="card plan-filters" aria-label="Filters" key={JSON.stringify(filters)}>
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="field">
        <label htmlFor={`${idPrefix}-fy`}>Fiscal year</label>
        <select id={`${idPrefix}-fy`} name="fy" defaultValue={String(filters.fiscalYear)}>
          {choices.fiscalYears.map((y) => (
            <option key={y.value} value={y.value}>
              {y.label}
              {y.isCurrent ? " — current" : ""}
            </option>
          ))}
        </select>
      </div>
      {show.department ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-department`}>Department</label>
          <select id={`${idPrefix}-department`} name="department" defaultValue={filters.departmentId ?? ""}>
            <option value="">All departments</option>
            {choices.departments
              .filter((d) => !d.archived || d.id === filters.departmentId)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.archived ? " (archived)" : ""}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      {show.plan ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-plan`}>Plan</label>
          <select id={`${idPrefix}-plan`} name="plan" defaultValue={filters.planId ?? ""}>
            <option value="">All adopted plans</option>
            {choices.plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title} ({p.periodLabel}){p.status !== "adopted" ? ` — ${p.status}` : ""}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {campaigns.length ? (
        <div className="field">
          <label htmlFor={`${idPrefix}-campaign`}>Assessment campaign</label>
          <select id={`${idPrefix}-campaign`} name="campaign" defaultValue={filters.campaignId ?? ""}>
            <option value="">Latest closed campaign</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title} (closed {c.closesOn})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="actions" style={{ paddingBottom: "0.1rem" }}>
        <button type="submit">Apply filters</button>
      </div>
    </Form>
  );
}

/** What the figures cover, in words. */
export function ScopeLine({
  fiscalYearLabel,
  departmentName,
  planTitle,
}: {
  fiscalYearLabel: string;
  departmentName: string | null;
  planTitle: string | null;
}) {
  return (
    <p className="muted">
      Showing {departmentName ? `${departmentName} (with its sub-departments)` : "every department"}; objectives of{" "}
      {planTitle ? `the plan “${planTitle}”` : "the adopted plans"}; budget of {fiscalYearLabel}.
    </p>
  );
}

export function StatusCountsTable({
  caption,
  firstColumn,
  rows,
  total,
}: {
  caption: string;
  firstColumn: string;
  rows: { key: string; label: ReactNode; counts: StatusCounts; total: number }[];
  total?: { counts: StatusCounts; total: number };
}) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
            {OBJECTIVE_STATUSES.map((s) => (
              <th key={s} scope="col" className="num">
                {OBJECTIVE_STATUS_LABELS[s]}
              </th>
            ))}
            <th scope="col" className="num">
              Objectives
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {OBJECTIVE_STATUSES.map((s) => (
                <td key={s} className="num">
                  {r.counts[s]}
                </td>
              ))}
              <td className="num">{r.total}</td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">All objectives</th>
              {OBJECTIVE_STATUSES.map((s) => (
                <td key={s} className="num">
                  {total.counts[s]}
                </td>
              ))}
              <td className="num">{total.total}</td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </TableWrap>
  );
}

/** Objectives by status as a list of words and numbers (the summary above a table). */
export function StatusSummary({ counts, label }: { counts: StatusCounts; label: string }) {
  return (
    <ul className="status-summary" aria-label={label}>
      {OBJECTIVE_STATUSES.map((s) => (
        <li key={s}>
          <ObjectiveStatusBadge status={s} /> <strong>{counts[s]}</strong>
        </li>
      ))}
    </ul>
  );
}

export function BudgetTable({
  caption,
  firstColumn,
  rows,
  total,
  link,
}: {
  caption: string;
  firstColumn: string;
  rows: BudgetTotalsRow[];
  total?: BudgetTotalsRow;
  link?: (row: BudgetTotalsRow) => string | null;
}) {
  return (
    <TableWrap label={caption}>
      <table className="budget-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{firstColumn}</th>
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
            <th scope="col" className="num">
              Execution
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const href = link?.(r) ?? null;
            return (
              <tr key={r.key}>
                <th scope="row">{href ? <Link to={href}>{r.label}</Link> : r.label}</th>
                <td className="num">{r.lines}</td>
                <td className="num">
                  <Money cents={r.adoptedCents} />
                </td>
                <td className="num">
                  <Money cents={r.amendedCents} />
                </td>
                <td className="num">
                  <Money cents={r.actualCents} />
                </td>
                <td className="num">
                  <Execution percent={r.executionPercent} />
                </td>
              </tr>
            );
          })}
        </tbody>
        {total ? (
          <tfoot>
            <tr>
              <th scope="row">{total.label}</th>
              <td className="num">{total.lines}</td>
              <td className="num">
                <Money cents={total.adoptedCents} />
              </td>
              <td className="num">
                <Money cents={total.amendedCents} />
              </td>
              <td className="num">
                <Money cents={total.actualCents} />
              </td>
              <td className="num">
                <Execution percent={total.executionPercent} />
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </TableWrap>
  );
}

/** "Target met", "Short of target by 3.5 PCI"…: in words, the badge's colour only repeats it. */
export function TargetResult({ comparison, unit }: { comparison: TargetComparison; unit: string }) {
  const tone = comparison.state === "met" ? "success" : comparison.state === "not_met" ? "danger" : "neutral";
  return (
    <span className={`badge ${tone}`}>
      {TARGET_STATE_LABELS[comparison.state]}
      {comparison.state === "not_met" && comparison.shortfall !== null ? ` by ${comparison.shortfall}${unit ? ` ${unit}` : ""}` : ""}
    </span>
  );
}

export function TargetTallyList({ tally, label }: { tally: TargetTally; label: string }) {
  return (
    <ul className="status-summary" aria-label={label}>
      <li>
        Target met: <strong>{tally.met}</strong>
      </li>
      <li>
        Short of target: <strong>{tally.not_met}</strong>
      </li>
      <li>
        No value yet: <strong>{tally.no_value}</strong>
      </li>
      <li>
        No target set: <strong>{tally.no_target}</strong>
      </li>
    </ul>
  );
}

const withUnit = (value: string | null, unit: string) => (value === null ? null : `${value}${unit ? ` ${unit}` : ""}`);

export function ObjectivesTable({ orgSlug, caption, objectives }: { orgSlug: string; caption: string; objectives: FocusObjective[] }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Objective</th>
            <th scope="col">Department</th>
            <th scope="col">Practices</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {objectives.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link to={`/o/${orgSlug}/objectives/${o.id}`}>
                  <span className="item-code">{o.code}</span> {o.title}
                </Link>
                <span className="small muted block">
                  {o.planTitle}
                  {o.planStatus !== "adopted" ? ` (${o.planStatus})` : ""}
                </span>
              </th>
              <td>{o.departmentName}</td>
              <td>{o.practiceNumbers.length ? o.practiceNumbers.join(", ") : <span className="muted">None</span>}</td>
              <td>
                <ObjectiveStatusBadge status={o.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function MeasuresTable({ orgSlug, caption, measures }: { orgSlug: string; caption: string; measures: FocusMeasure[] }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Objective</th>
            <th scope="col" className="num">
              Baseline
            </th>
            <th scope="col" className="num">
              Latest value
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col">Against target</th>
            <th scope="col" className="num">
              Progress from baseline
            </th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <th scope="row">
                <span className="item-code">{m.code}</span> {m.name}
                <span className="small muted block">{m.direction === "higher_is_better" ? "Higher is better" : "Lower is better"}</span>
              </th>
              <td>
                <Link to={`/o/${orgSlug}/objectives/${m.objectiveId}#measure-${m.id}`}>
                  {m.objectiveCode} {m.objectiveTitle}
                </Link>
                <span className="small muted block">{m.departmentName}</span>
              </td>
              <td className="num">{withUnit(m.baseline, m.unit) ?? "—"}</td>
              <td className="num">
                {m.latest ? (
                  <>
                    {withUnit(m.latest.value, m.unit)}
                    <span className="small muted block">{m.latest.periodLabel}</span>
                  </>
                ) : (
                  <span className="muted">None yet</span>
                )}
              </td>
              <td className="num">{withUnit(m.target, m.unit) ?? "—"}</td>
              <td>
                <TargetResult comparison={m.comparison} unit={m.unit} />
              </td>
              <td className="num">{m.comparison.progressPercent !== null ? `${m.comparison.progressPercent}%` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function WorkforceGoalsTable({ orgSlug, caption, goals }: { orgSlug: string; caption: string; goals: FocusWorkforceGoal[] }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Workforce goal</th>
            <th scope="col">Department</th>
            <th scope="col" className="num">
              Latest value
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col">Against target</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {goals.map((g) => (
            <tr key={g.id}>
              <th scope="row">
                <Link to={`/o/${orgSlug}/workforce/${g.id}`}>{g.name}</Link>
                <span className="small muted block">{g.metricLabel}</span>
              </th>
              <td>{g.departmentName ?? "Organization-wide"}</td>
              <td className="num">
                {g.latest ? (
                  <>
                    {withUnit(g.latest.value, g.unit)}
                    <span className="small muted block">{g.latest.periodLabel}</span>
                  </>
                ) : (
                  <span className="muted">None yet</span>
                )}
              </td>
              <td className="num">{withUnit(g.target, g.unit) ?? "—"}</td>
              <td>
                <TargetResult comparison={g.comparison} unit={g.unit} />
              </td>
              <td>
                <ObjectiveStatusBadge status={g.status} />
                {g.stale ? <span className="small muted block">Stale</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The assessment panels' place: an empty state until the results service provides them. */
export function AssessmentsPlaceholder({ id, title, message }: { id: string; title: string; message: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="empty-inline">{message}</p>
    </section>
  );
}

export function linkWithFilters(path: string, filters: DashboardFilters, currentFiscalYear: number): string {
  return `${path}${filtersQuery(filters, currentFiscalYear)}`;
}
