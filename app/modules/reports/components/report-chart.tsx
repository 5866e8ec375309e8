// A report's chart. The server draws it as a static picture (SVG), which is also what prints and
// what the PDF shows; in the browser, Chart.js replaces it on screen after hydration. The same
// numbers are always in the table that follows the chart, so the picture is decorative to screen
// readers (the canvas carries a name for those who reach it).
import { lazy, Suspense } from "react";
import { useHydrated } from "~/components/hydrated";

const ReportChartLive = lazy(() => import("./report-chart.client"));

export type ReportChartSeries = { label: string; color: string; values: number[] };
export type ReportChartProps = { label: string; categories: string[]; series: ReportChartSeries[]; unit: "count" | "percent" | "dollars" };

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
export const CHART_COLORS = { blue: "#0072B2", sky: "#56B4E9", green: "#009E73", orange: "#E69F00", vermillion: "#D55E00", grey: "#8a8a8a" };

export function ReportChart(props: ReportChartProps) {
  const hydrated = useHydrated();
  const height = chartHeight(props);
  return (
    <figure className="report-chart" data-live={hydrated ? "true" : "false"}>
      <div className="chart-static">
        <StaticBars {...props} />
      </div>
      {hydrated ? (
        <div className="chart-live" style={{ height: `${height}px` }}>
          <Suspense fallback={null}>
            <ReportChartLive {...props} />
          </Suspense>
        </div>
      ) : null}
      <figcaption className="visually-hidden">{props.label}. The same numbers are in the table below.</figcaption>
    </figure>
  );
}

const LABEL_W = 230;
const BAR_W = 330;
const BAR_H = 14;
const GAP = 10;

function chartHeight({ categories, series }: ReportChartProps): number {
  return categories.length * (series.length * BAR_H + GAP) + (series.length > 1 ? 28 : 8);
}

function formatValue(v: number, unit: ReportChartProps["unit"]): string {
  if (unit === "dollars") return `$${Math.round(v).toLocaleString("en-US")}`;
  if (unit === "percent") return `${v}%`;
  return v.toLocaleString("en-US");
}

/** Horizontal bars as SVG: exact, sharp in print, and needs no script. */
export function StaticBars({ categories, series, unit }: ReportChartProps) {
  const height = chartHeight({ categories, series, unit, label: "" });
  const max = unit === "percent" ? 100 : Math.max(1, ...series.flatMap((s) => s.values));
  const width = LABEL_W + BAR_W + 90;
  let y = 4;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="presentation" aria-hidden="true" focusable="false" className="static-bars">
      {categories.map((c, i) => {
        const top = y;
        y += series.length * BAR_H + GAP;
        return (
          <g key={`${c}-${i}`}>
            <text x={LABEL_W - 8} y={top + (series.length * BAR_H) / 2 + 4} textAnchor="end" fontSize="11" fill="#1b2430">
              {c.length > 36 ? `${c.slice(0, 35)}…` : c}
            </text>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const w = Math.max(0, (Math.max(0, v) / max) * BAR_W);
              const by = top + j * BAR_H;
              return (
                <g key={s.label}>
                  <rect x={LABEL_W} y={by + 1} width={w} height={BAR_H - 2} fill={s.color} />
                  <text x={LABEL_W + w + 4} y={by + BAR_H - 3} fontSize="10" fill="#1b2430">
                    {formatValue(v, unit)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      {series.length > 1 ? (
        <g>
          {series.map((s, j) => (
            <g key={s.label} transform={`translate(${LABEL_W + j * 150}, ${height - 16})`}>
              <rect width="10" height="10" fill={s.color} />
              <text x="14" y="9" fontSize="10" fill="#1b2430">
                {s.label}
              </text>
            </g>
          ))}
        </g>
      ) : null}
    </svg>
  );
}
