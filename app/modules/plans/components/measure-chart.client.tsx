import {
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from "chart.js";
import { Line } from "react-chartjs-2";

// Only the parts a target-vs-actual line chart needs (not chart.js/auto): the bundle stays small.
ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Tooltip, Legend);

export type MeasureChartProps = {
  /** Accessible name of the canvas; the same numbers are in the table beside it. */
  label: string;
  unit: string;
  points: { periodLabel: string; value: string }[];
  target: string | null;
  baseline: string | null;
};

/** Browser-only (a .client module): rendered after hydration, in place of a same-size placeholder. */
export default function MeasureChart({ label, unit, points, target, baseline }: MeasureChartProps) {
  const labels = points.map((p) => p.periodLabel);
  const datasets = [
    {
      label: unit ? `Actual (${unit})` : "Actual",
      data: points.map((p) => Number(p.value)),
      borderColor: "#1d4e89",
      backgroundColor: "#1d4e89",
      pointRadius: 3,
      tension: 0,
    },
  ];
  if (target !== null) {
    datasets.push({
      label: "Target",
      data: points.map(() => Number(target)),
      borderColor: "#1e6b3a",
      backgroundColor: "#1e6b3a",
      pointRadius: 0,
      tension: 0,
      borderDash: [6, 4],
    } as (typeof datasets)[number]);
  }
  if (baseline !== null) {
    datasets.push({
      label: "Baseline",
      data: points.map(() => Number(baseline)),
      borderColor: "#7a4d00",
      backgroundColor: "#7a4d00",
      pointRadius: 0,
      tension: 0,
      borderDash: [2, 3],
    } as (typeof datasets)[number]);
  }
  const options: ChartOptions<"line"> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { title: { display: Boolean(unit), text: unit } } },
  };
  return <Line role="img" aria-label={label} data={{ labels, datasets }} options={options} />;
}
