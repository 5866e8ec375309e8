import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import { formatCents, type CentsString } from "../money";

// Only the parts a horizontal bar chart needs (not chart.js/auto): the bundle stays small.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

export type BudgetChartRow = { label: string; adoptedCents: CentsString; amendedCents: CentsString; actualCents: CentsString };

export type BudgetChartProps = {
  /** Accessible name of the canvas; the same numbers are in the table below it. */
  label: string;
  rows: BudgetChartRow[];
};

// Chart.js draws numbers, so bars are whole dollars (cents ÷ 100 in bigint, exact far beyond any
// budget); the tooltips and the table show the exact amounts formatted from the cents.
const dollars = (cents: CentsString) => Number(BigInt(cents) / 100n);

const SERIES = [
  { key: "adoptedCents", label: "Adopted", color: "#1d4e89" },
  { key: "amendedCents", label: "Amended", color: "#5b86b8" },
  { key: "actualCents", label: "Actual", color: "#1e6b3a" },
] as const;

/** Browser-only (a .client module): rendered after hydration, in place of a same-size placeholder. */
export default function BudgetChart({ label, rows }: BudgetChartProps) {
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: "bottom" },
      tooltip: {
        callbacks: {
          label: (item) => {
            const series = SERIES[item.datasetIndex]!;
            return `${series.label}: ${formatCents(rows[item.dataIndex]![series.key])}`;
          },
        },
      },
    },
    scales: {
      x: { ticks: { callback: (value) => `$${Number(value).toLocaleString("en-US", { notation: "compact" })}` } },
      y: { ticks: { autoSkip: false, callback: (_value, index) => shorten(rows[index]?.label ?? "") } },
    },
  };
  return (
    <Bar
      role="img"
      aria-label={label}
      data={{
        labels: rows.map((r) => r.label),
        datasets: SERIES.map((s) => ({ label: s.label, data: rows.map((r) => dollars(r[s.key])), backgroundColor: s.color, borderColor: s.color })),
      }}
      options={options}
    />
  );
}

function shorten(label: string): string {
  return label.length > 32 ? `${label.slice(0, 31)}…` : label;
}
