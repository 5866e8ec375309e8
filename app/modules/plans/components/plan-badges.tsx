import {
  OBJECTIVE_STATUS_LABELS,
  PLAN_STATUS_LABELS,
  type ObjectiveStatus,
  type PlanStatus,
} from "~/modules/plans/plans.schema";

// Status badges of the plan pages. The words carry the meaning; colour only repeats it.

const PLAN_TONE: Record<PlanStatus, string> = { draft: "warn", adopted: "success", archived: "neutral" };
const OBJECTIVE_TONE: Record<ObjectiveStatus, string> = {
  not_started: "neutral",
  on_track: "success",
  at_risk: "warn",
  off_track: "danger",
  done: "",
};

export function PlanStatusBadge({ status }: { status: PlanStatus }) {
  return <span className={`badge ${PLAN_TONE[status]}`}>{PLAN_STATUS_LABELS[status]}</span>;
}

export function ObjectiveStatusBadge({ status }: { status: ObjectiveStatus }) {
  return <span className={`badge ${OBJECTIVE_TONE[status]}`}>{OBJECTIVE_STATUS_LABELS[status]}</span>;
}

/** "Stale", with the reason (as the services word it: "Stale: the last status update is as of…")
 * as its tooltip and, for screen readers, as text. */
export function StaleBadge({ reason, withReason = true }: { reason: string; withReason?: boolean }) {
  const why = staleWhy(reason);
  return (
    <span className="badge danger" title={why}>
      Stale{withReason ? <span className="visually-hidden">: {why}</span> : null}
    </span>
  );
}

/** Formats an ISO date (YYYY-MM-DD) for people: "Jun 30, 2026". Pure string work: no time zone. */
export function formatIsoDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${months[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}`;
}

/** A service's stale reason ("Stale: the last status update is as of…") as a sentence of its own
 * ("The last status update is as of…"), for a column headed "What is overdue". */
export function staleWhy(reason: string): string {
  const why = reason.replace(/^Stale:\s*/, "");
  return why.charAt(0).toUpperCase() + why.slice(1);
}
