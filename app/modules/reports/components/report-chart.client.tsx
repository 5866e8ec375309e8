import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import type { ReportChartProps } from "./report-chart";

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

/** Browser-only: the interactive chart drawn over the server's static picture after hydration. */
export default function ReportChartLive({ label, categories, series, unit }: ReportChartProps) {
  const format = (v: number) => (unit === "dollars" ? `$${v.toLocaleString("en-US")}` : unit === "percent" ? `${v}%` : v.toLocaleString("en-US"));
  const options: ChartOptions<"bar"> = {
    indexAxis: "y",
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { position: "bottom", display: series.length > 1 },
      tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(Number(item.raw))}` } },
    },
    scales: {
      x: {
        beginAtZero: true,
        max: unit === "percent" ? 100 : undefined,
        ticks: unit === "dollars" ? { callback: (v) => `$${Number(v).toLocaleString("en-US", { notation: "compact" })}` } : { precision: 0 },
      },
      y: { ticks: { autoSkip: false, callback: (_v, i) => shorten(categories[i] ?? "") } },
    },
  };
  return (
    <Bar
      role="img"
      aria-label={label}
      data={{ labels: categories, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color, borderColor: s.color })) }}
      options={options}
    />
  );
}

function shorten(text: string): string {
  return text.length > 34 ? `${text.slice(0, 33)}…` : text;
}
