import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";

// Only the parts a bar chart needs (not chart.js/auto): the dashboards ship no more than this.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

/** A null value draws no bar (a hidden or missing number; the table says which). */
export type DashboardChartSeries = { label: string; color: string; values: (number | null)[] };

export type DashboardChartProps = {
  /** Accessible name of the canvas; the same numbers are in the table beside it. */
  label: string;
  categories: string[];
  series: DashboardChartSeries[];
  stacked?: boolean;
  /** Values are whole dollars: ticks and tooltips are shown as money. */
  money?: boolean;
  /** Values are percentages: ticks and tooltips end in "%". */
  percent?: boolean;
};

const dollars = (v: number) => `$${v.toLocaleString("en-US")}`;

/** Browser-only (a .client module): rendered after hydration, in place of a same-size placeholder. */
export default function DashboardChart({ label, categories, series, stacked, money, percent }: DashboardChartProps) {
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: "bottom" },
      tooltip: money
        ? { callbacks: { label: (item) => `${item.dataset.label}: ${dollars(Number(item.raw))}` } }
        : percent
          ? { callbacks: { label: (item) => `${item.dataset.label}: ${Number(item.raw).toFixed(1)}%` } }
          : {},
    },
    scales: {
      x: {
        stacked,
        beginAtZero: true,
        ticks: money
          ? { callback: (value) => `$${Number(value).toLocaleString("en-US", { notation: "compact" })}` }
          : percent
            ? { callback: (value) => `${Number(value)}%` }
            : { precision: 0 },
      },
      y: { stacked, ticks: { autoSkip: false, callback: (_value, index) => shorten(categories[index] ?? "") } },
    },
  };
  return (
    <Bar
      role="img"
      aria-label={label}
      data={{
        labels: categories,
        datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color })),
      }}
      options={options}
    />
  );
}

function shorten(text: string): string {
  return text.length > 34 ? `${text.slice(0, 33)}…` : text;
}
