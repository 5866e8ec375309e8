import { useEffect, useRef } from "react";
import type { EffectiveStatus } from "../assessments.schema";

// Pieces shared by the campaign pages: status badges, dates, the participation table.

const STATUS_LABELS: Record<EffectiveStatus, string> = { draft: "Draft", scheduled: "Scheduled", open: "Open", closed: "Closed" };
const STATUS_CLASSES: Record<EffectiveStatus, string> = { draft: "neutral", scheduled: "warn", open: "success", closed: "" };

export function CampaignStatusBadge({ status }: { status: EffectiveStatus }) {
  return <span className={`badge ${STATUS_CLASSES[status]}`}>{STATUS_LABELS[status]}</span>;
}

const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
export function day(iso: string): string {
  return dayFormat.format(new Date(`${iso}T00:00:00Z`));
}

export function pct(x: number | null, digits = 0): string {
  return x === null ? "—" : `${x.toFixed(digits)}%`;
}

/** A panel that appears after an action (a confirmation, new links) takes the focus. */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export type ParticipationRowData = {
  departmentId: string | null;
  departmentName: string;
  invited: number;
  responded: number | null;
  ratePct: number | null;
  note: string | null;
};

/** Invited / responded / rate by department; a hidden count reads like no data, with its note. */
export function ParticipationTable({
  caption,
  total,
  rows,
}: {
  caption: string;
  total: ParticipationRowData;
  rows: ParticipationRowData[];
}) {
  const notes = [...new Set([total, ...rows].map((r) => r.note).filter((n): n is string => Boolean(n)))];
  return (
    <>
      <div className="table-wrap card">
        <table className="results-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Department</th>
              <th scope="col" className="num">
                Invited
              </th>
              <th scope="col" className="num">
                Responded
              </th>
              <th scope="col" className="num">
                Response rate
              </th>
            </tr>
          </thead>
          <tbody>
            {[...rows, total].map((r) => (
              <tr key={r.departmentId ?? (r === total ? "total" : "none")}>
                <th scope="row">{r === total ? <strong>{r.departmentName}</strong> : r.departmentName}</th>
                <td className="num">{r.invited.toLocaleString("en-US")}</td>
                {r.responded === null ? (
                  <td className="num hidden-cell" colSpan={2}>
                    Not shown<sup>*</sup>
                  </td>
                ) : (
                  <>
                    <td className="num">{r.responded.toLocaleString("en-US")}</td>
                    <td className="num">{pct(r.ratePct)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notes.map((n) => (
        <p key={n} className="small muted">
          <sup>*</sup> {n}
        </p>
      ))}
    </>
  );
}
