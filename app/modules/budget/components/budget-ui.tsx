// Small pieces shared by the budget pages.
import type { ReactNode } from "react";
import type { BudgetLineSummary, BudgetTotalsBy } from "../budget.server";
import { formatCents, type CentsString } from "../money";

/** Lines without a department (budget.server's UNASSIGNED_LABEL, which the browser can't import). */
export const UNASSIGNED = "Unassigned";

export const BUDGET_VIEWS: readonly BudgetTotalsBy[] = ["department", "fund", "category", "practice", "practice_any"];

export const BUDGET_VIEW_LABELS: Record<BudgetTotalsBy, string> = {
  department: "By department",
  fund: "By fund",
  category: "By category",
  practice: "By practice (primary link)",
  practice_any: "By practice (any link)",
};

/** The first column's heading in each view. */
export const BUDGET_VIEW_GROUP: Record<BudgetTotalsBy, string> = {
  department: "Department",
  fund: "Fund",
  category: "Category",
  practice: "Primary practice",
  practice_any: "Practice",
};

export function isBudgetView(value: unknown): value is BudgetTotalsBy {
  return typeof value === "string" && (BUDGET_VIEWS as readonly string[]).includes(value);
}

/** Dollars and cents, from integer cents. */
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

/** What a person calls a line: its account's name, else its description, else its key. */
export function lineTitle(line: Pick<BudgetLineSummary, "accountName" | "description" | "programName" | "lineKey">): string {
  return line.accountName || line.description || line.programName || line.lineKey;
}

/**
 * A table that may scroll sideways (many amount columns, or a zoomed page): the scrolling box is
 * focusable and named after the table, so it can be scrolled by keyboard.
 */
export function TableScroll({ label, card = true, children }: { label: string; card?: boolean; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard
    <div className={card ? "table-wrap card" : "table-wrap"} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
