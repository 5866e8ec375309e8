// CSV imports into a plan: measurements and objectives. First a preview (nothing written) with
// every problem reported by row (as a spreadsheet numbers them: header = row 1), column and
// reason; then a commit that re-checks the file against the data as it is at that moment and
// writes everything in one transaction, or nothing if any row has a problem. Rows are matched by
// natural keys (measure code + period; objective code), so importing the same file twice changes
// nothing the second time.
//
// Measurements file — columns (any order, case and spacing ignored; other columns are ignored):
//   measure  (required) the measure's code in this plan, e.g. 2.3.1
//   period   (required) the first day of the period: 2026-03-01 (or 2026-03), the first day of a
//            fiscal quarter for quarterly measures, of the fiscal year for yearly ones
//   value    (required) a plain number: 12, -3.5, 1,250.75 (no units or % sign)
//   note     (optional) up to 500 characters; when the column is present an empty cell clears the note
//
// Objectives file — columns:
//   code                 (required) the objective's code in this plan, e.g. 2.3 (new code = new objective)
//   goal                 (required) the goal's number in the plan (1, 2…) or its exact title
//   title                (required)
//   department           (required) the owner department's code, e.g. PW
//   description, owner_email, due_date (YYYY-MM-DD), reporting_frequency (monthly, quarterly,
//   yearly) — optional; a missing column leaves existing objectives' values as they are, an
//   empty cell clears them (new objectives: quarterly by default)
import { and, eq, inArray, max, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, goals, measurements, measures, memberships, objectives, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors } from "~/utils/http.server";
import { parseCsv } from "~/modules/core/csv";
import { canonicalDecimal, parseDecimal } from "~/modules/core/decimal";
import { periodProblem } from "./plans.server";
import {
  codeField,
  CSV_MAX_BYTES,
  CSV_MAX_ROWS,
  LONG_TEXT_MAX,
  NOTE_MAX,
  REPORTING_FREQUENCIES,
  TITLE_MAX,
  type ReportingFrequency,
} from "./plans.schema";
import { assertNotArchived, editScope, inScope, loadVisiblePlan, type PlanRow } from "./scope.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { addDays, isIsoDate } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";

export type ImportKind = "measurements" | "objectives";
export type ImportIssue = { row: number; column: string | null; reason: string };
export type ImportAction = "create" | "update" | "unchanged";

export type ImportPreviewRow = {
  row: number;
  /** What committing would do with this row; null when the row has a problem. */
  action: ImportAction | null;
  /** The row's cells by (normalized) column name, as read from the file. */
  values: Record<string, string>;
  errors: ImportIssue[];
};

export type ImportPreview = {
  kind: ImportKind;
  /** True when the file can be committed as is. */
  ok: boolean;
  columns: string[];
  ignoredColumns: string[];
  rows: ImportPreviewRow[];
  /** Every problem, file-level ones first, then by row. */
  errors: ImportIssue[];
  counts: { create: number; update: number; unchanged: number; invalid: number; blank: number };
};

export type ImportCommit =
  | { ok: true; kind: ImportKind; created: number; updated: number; unchanged: number }
  | { ok: false; kind: ImportKind; errors: ImportIssue[]; created: 0; updated: 0; unchanged: 0 };

const MEASUREMENT_COLUMNS = ["measure", "period", "value", "note"];
const MEASUREMENT_ALIASES: Record<string, string> = { measure_code: "measure", code: "measure", date: "period" };
const OBJECTIVE_COLUMNS = ["code", "goal", "title", "department", "description", "owner_email", "due_date", "reporting_frequency"];
const OBJECTIVE_ALIASES: Record<string, string> = {
  objective_code: "code",
  goal_number: "goal",
  department_code: "department",
  owner: "owner_email",
  due: "due_date",
  frequency: "reporting_frequency",
};

type Analysis<Change> = { preview: ImportPreview; changes: Change[] };

function fileProblem(kind: ImportKind, issue: ImportIssue): Analysis<never> {
  return {
    preview: {
      kind,
      ok: false,
      columns: [],
      ignoredColumns: [],
      rows: [],
      errors: [issue],
      counts: { create: 0, update: 0, unchanged: 0, invalid: 0, blank: 0 },
    },
    changes: [],
  };
}

function finish<Change>(
  kind: ImportKind,
  header: string[],
  known: string[],
  rows: ImportPreviewRow[],
  blank: number,
  changes: Change[],
): Analysis<Change> {
  const errors = rows.flatMap((r) => r.errors);
  const counts = { create: 0, update: 0, unchanged: 0, invalid: 0, blank };
  for (const r of rows) {
    if (r.errors.length) counts.invalid += 1;
    else if (r.action) counts[r.action] += 1;
  }
  if (rows.length === 0) errors.push({ row: 1, column: null, reason: "The file has no data rows under its header." });
  return {
    preview: {
      kind,
      ok: errors.length === 0,
      columns: header.filter((h) => known.includes(h)),
      ignoredColumns: header.filter((h) => h && !known.includes(h)),
      rows,
      errors,
      counts,
    },
    changes,
  };
}

function readFile(kind: ImportKind, csvText: string, required: string[], aliases: Record<string, string>) {
  if (csvText.length > CSV_MAX_BYTES) {
    return fileProblem(kind, { row: 1, column: null, reason: `The file is too large: import at most ${CSV_MAX_BYTES / 1_000_000} MB at a time.` });
  }
  const parsed = parseCsv(csvText, aliases);
  if (!parsed.ok) return fileProblem(kind, { row: parsed.row, column: null, reason: parsed.reason });
  const missing = required.filter((c) => !parsed.header.includes(c));
  if (missing.length) {
    return fileProblem(kind, {
      row: 1,
      column: missing[0]!,
      reason: `The header row must name the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. Required: ${required.join(", ")}.`,
    });
  }
  if (parsed.rows.length > CSV_MAX_ROWS) {
    return fileProblem(kind, { row: CSV_MAX_ROWS + 2, column: null, reason: `Import at most ${CSV_MAX_ROWS.toLocaleString("en-US")} rows at a time.` });
  }
  return parsed;
}

/** Imports into one plan run one at a time, so two commits can't both create the same rows. */
async function lockPlanImports(tx: Transaction, planId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('praxis.plan-import'), hashtext(${planId}))`);
}

async function loadImportablePlan(tx: Transaction, ctx: TenantContext, planId: string): Promise<PlanRow> {
  requirePermission(ctx, "objectives.edit");
  const plan = await loadVisiblePlan(tx, ctx, planId);
  assertNotArchived(plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Measurements

type MeasurementChange = {
  action: "create" | "update";
  measureId: string;
  measureCode: string;
  period: string;
  value: string;
  note: string;
  before: { value: string; note: string } | null;
};

async function analyzeMeasurements(
  tx: Transaction,
  ctx: TenantContext,
  plan: PlanRow,
  csvText: string,
  today: string,
): Promise<Analysis<MeasurementChange>> {
  const file = readFile("measurements", csvText, ["measure", "period", "value"], MEASUREMENT_ALIASES);
  if ("preview" in file) return file;
  const hasNote = file.header.includes("note");
  const fyStart = await fiscalYearStartMonth(tx, ctx);
  const scope = await editScope(tx, ctx);
  const measureRows = await tx
    .select({
      id: measures.id,
      code: measures.code,
      frequency: measures.reportingFrequency,
      departmentId: objectives.ownerDepartmentId,
      departmentName: departments.name,
    })
    .from(measures)
    .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
    .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
    .where(and(eq(measures.orgId, ctx.orgId), eq(measures.planId, plan.id)));
  const byCode = new Map(measureRows.map((m) => [m.code.toLowerCase(), m]));
  const existingRows = measureRows.length
    ? await tx
        .select({ measureId: measurements.measureId, period: measurements.period, value: measurements.value, note: measurements.note })
        .from(measurements)
        .where(and(eq(measurements.orgId, ctx.orgId), inArray(measurements.measureId, measureRows.map((m) => m.id))))
    : [];
  const existing = new Map(existingRows.map((e) => [`${e.measureId}|${e.period}`, e]));
  const seen = new Map<string, number>();
  const rows: ImportPreviewRow[] = [];
  const changes: MeasurementChange[] = [];
  for (const { row, cells } of file.rows) {
    const errors: ImportIssue[] = [];
    const problem = (column: string, reason: string) => errors.push({ row, column, reason });
    const code = cells.measure ?? "";
    const measure = byCode.get(code.toLowerCase());
    if (!code) problem("measure", "Enter the measure's code.");
    else if (!measure) problem("measure", `There is no measure with the code “${code}” in this plan.`);
    else if (!inScope(scope, measure.departmentId)) {
      problem("measure", `This measure belongs to ${measure.departmentName}. You can import values only for your own department's measures.`);
    }
    let period = (cells.period ?? "").trim();
    if (/^\d{4}-\d{2}$/.test(period)) period = `${period}-01`;
    if (!period) problem("period", "Enter the period, like 2026-03-01.");
    else if (!isIsoDate(period)) problem("period", `“${cells.period}” is not a date. Write the period's first day as YYYY-MM-DD, like 2026-03-01.`);
    else if (measure) {
      const why = periodProblem(period, measure.frequency, fyStart, addDays(today, 1));
      if (why) problem("period", why);
    }
    const parsedValue = parseDecimal(cells.value ?? "");
    if (!parsedValue.ok) problem("value", parsedValue.reason);
    const note = hasNote ? (cells.note ?? "") : null;
    if (note !== null && note.length > NOTE_MAX) problem("note", `Use at most ${NOTE_MAX} characters in the note.`);
    if (measure && isIsoDate(period)) {
      const key = `${measure.id}|${period}`;
      const first = seen.get(key);
      if (first !== undefined) problem("period", `Duplicate row: row ${first} already has a value for this measure and period.`);
      else seen.set(key, row);
    }
    let action: ImportAction | null = null;
    if (errors.length === 0 && measure && parsedValue.ok) {
      const current = existing.get(`${measure.id}|${period}`);
      const nextNote = note ?? current?.note ?? "";
      if (!current) action = "create";
      else if (canonicalDecimal(current.value) === parsedValue.value && current.note === nextNote) action = "unchanged";
      else action = "update";
      if (action !== "unchanged") {
        changes.push({
          action,
          measureId: measure.id,
          measureCode: measure.code,
          period,
          value: parsedValue.value,
          note: nextNote,
          before: current ? { value: canonicalDecimal(current.value), note: current.note } : null,
        });
      }
    }
    rows.push({ row, action, values: cells, errors });
  }
  return finish("measurements", file.header, MEASUREMENT_COLUMNS, rows, file.blankRows.length, changes);
}

/** What importing this measurements file into the plan would do; writes nothing. */
export async function previewMeasurementImport(
  ctx: TenantContext,
  planId: string,
  csvText: string,
  options: { today?: string } = {},
): Promise<ImportPreview> {
  return withTenant(ctx, async (tx) => {
    const plan = await loadImportablePlan(tx, ctx, planId);
    return (await analyzeMeasurements(tx, ctx, plan, csvText, options.today ?? organizationToday(ctx))).preview;
  });
}

/** Imports the measurements file: everything or, if any row has a problem, nothing. */
export async function commitMeasurementImport(
  ctx: TenantContext,
  planId: string,
  csvText: string,
  options: { today?: string } = {},
): Promise<ImportCommit> {
  return withTenant(ctx, async (tx) => {
    const plan = await loadImportablePlan(tx, ctx, planId);
    await lockPlanImports(tx, plan.id);
    const { preview, changes } = await analyzeMeasurements(tx, ctx, plan, csvText, options.today ?? organizationToday(ctx));
    if (!preview.ok) return { ok: false, kind: "measurements", errors: preview.errors, created: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < changes.length; i += 500) {
      const chunk = changes.slice(i, i + 500);
      await tx
        .insert(measurements)
        .values(chunk.map((c) => ({ orgId: ctx.orgId, measureId: c.measureId, period: c.period, value: c.value, note: c.note, recordedBy: ctx.userId })))
        .onConflictDoUpdate({
          target: [measurements.orgId, measurements.measureId, measurements.period],
          set: { value: sql`excluded.value`, note: sql`excluded.note`, recordedBy: sql`excluded.recorded_by`, updatedAt: sql`now()` },
        });
    }
    const { create, update, unchanged } = preview.counts;
    if (changes.length) {
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "measurements.import",
        entityType: "plan",
        entityId: plan.id,
        before: changes.filter((c) => c.before).map((c) => ({ measure: c.measureCode, period: c.period, ...c.before })),
        after: {
          created: create,
          updated: update,
          unchanged,
          changes: changes.map((c) => ({ measure: c.measureCode, period: c.period, value: c.value, note: c.note })),
        },
      });
    }
    return { ok: true, kind: "measurements", created: create, updated: update, unchanged };
  });
}

// ---------------------------------------------------------------------------------------------
// Objectives

type ObjectiveFields = {
  goalId: string;
  title: string;
  description: string;
  ownerDepartmentId: string;
  ownerMembershipId: string | null;
  dueDate: string | null;
  reportingFrequency: ReportingFrequency;
};

type ObjectiveChange = {
  action: "create" | "update";
  id: string | null;
  code: string;
  fields: ObjectiveFields;
  before: ObjectiveFields | null;
};

async function analyzeObjectives(tx: Transaction, ctx: TenantContext, plan: PlanRow, csvText: string): Promise<Analysis<ObjectiveChange>> {
  const file = readFile("objectives", csvText, ["code", "goal", "title", "department"], OBJECTIVE_ALIASES);
  if ("preview" in file) return file;
  const has = (c: string) => file.header.includes(c);
  const scope = await editScope(tx, ctx);
  const goalRows = await tx
    .select({ id: goals.id, position: goals.position, title: goals.title })
    .from(goals)
    .where(and(eq(goals.orgId, ctx.orgId), eq(goals.planId, plan.id)));
  const deptRows = await tx
    .select({ id: departments.id, code: departments.code, name: departments.name, archivedAt: departments.archivedAt })
    .from(departments)
    .where(eq(departments.orgId, ctx.orgId));
  const memberRows = await tx
    .select({ id: memberships.id, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, ctx.orgId));
  const objectiveRows = await tx
    .select()
    .from(objectives)
    .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.planId, plan.id)));
  const byCode = new Map(objectiveRows.map((o) => [o.code.toLowerCase(), o]));
  const deptByCode = new Map(deptRows.map((d) => [d.code.toLowerCase(), d]));
  const deptName = new Map(deptRows.map((d) => [d.id, d.name]));
  const memberByEmail = new Map(memberRows.map((m) => [m.email.toLowerCase(), m.id]));
  const seen = new Map<string, number>();
  const rows: ImportPreviewRow[] = [];
  const changes: ObjectiveChange[] = [];
  for (const { row, cells } of file.rows) {
    const errors: ImportIssue[] = [];
    const problem = (column: string, reason: string) => errors.push({ row, column, reason });

    const rawCode = cells.code ?? "";
    const code = codeField.safeParse(rawCode);
    if (!rawCode) problem("code", "Enter the objective's code, like 2.3.");
    else if (!code.success) problem("code", code.error.issues[0]?.message ?? "This code can't be used.");
    const current = rawCode ? byCode.get(rawCode.toLowerCase()) : undefined;
    if (rawCode) {
      const first = seen.get(rawCode.toLowerCase());
      if (first !== undefined) problem("code", `Duplicate row: row ${first} already has the code “${rawCode}”.`);
      else seen.set(rawCode.toLowerCase(), row);
    }
    if (current && !inScope(scope, current.ownerDepartmentId)) {
      problem("code", `Objective ${current.code} belongs to ${deptName.get(current.ownerDepartmentId) ?? "another department"}. You can import only your own department's objectives.`);
    }

    const goalCell = cells.goal ?? "";
    const goal = /^\d+$/.test(goalCell)
      ? goalRows.find((g) => g.position === Number(goalCell))
      : goalRows.find((g) => g.title.trim().toLowerCase() === goalCell.toLowerCase());
    if (!goalCell) problem("goal", "Enter the goal's number, like 2.");
    else if (!goal) problem("goal", `This plan has no goal “${goalCell}”. Use the goal's number (1 to ${goalRows.length}) or its exact title.`);

    const title = cells.title ?? "";
    if (title.length < 3) problem("title", "Enter the objective's title (at least 3 characters).");
    else if (title.length > TITLE_MAX) problem("title", `Use at most ${TITLE_MAX} characters in the title.`);

    const deptCell = cells.department ?? "";
    const dept = deptByCode.get(deptCell.toLowerCase());
    if (!deptCell) problem("department", "Enter the owner department's code, like PW.");
    else if (!dept) problem("department", `There is no department with the code “${deptCell}”.`);
    else if (!inScope(scope, dept.id)) problem("department", `You can import objectives only for your own department, not ${dept.name}.`);
    else if (dept.archivedAt && dept.id !== current?.ownerDepartmentId) problem("department", `${dept.name} is archived. Choose an active department.`);

    const description = has("description") ? (cells.description ?? "") : (current?.description ?? "");
    if (description.length > LONG_TEXT_MAX) problem("description", `Use at most ${LONG_TEXT_MAX.toLocaleString("en-US")} characters in the description.`);

    let ownerMembershipId = current?.ownerMembershipId ?? null;
    if (has("owner_email")) {
      const email = (cells.owner_email ?? "").toLowerCase();
      ownerMembershipId = email ? (memberByEmail.get(email) ?? null) : null;
      if (email && !ownerMembershipId) problem("owner_email", `No member of this organization has the email “${cells.owner_email}”. Leave it empty or use a member's email.`);
    }

    let dueDate = current?.dueDate ?? null;
    if (has("due_date")) {
      dueDate = cells.due_date || null;
      if (dueDate && !isIsoDate(dueDate)) problem("due_date", `“${cells.due_date}” is not a date. Write it as YYYY-MM-DD, like 2027-06-30.`);
    }

    let reportingFrequency: ReportingFrequency = current?.reportingFrequency ?? "quarterly";
    if (has("reporting_frequency") && cells.reporting_frequency) {
      const f = cells.reporting_frequency.toLowerCase();
      if ((REPORTING_FREQUENCIES as readonly string[]).includes(f)) reportingFrequency = f as ReportingFrequency;
      else problem("reporting_frequency", "Use monthly, quarterly or yearly.");
    }

    let action: ImportAction | null = null;
    if (errors.length === 0 && goal && dept && code.success && code.data) {
      const fields: ObjectiveFields = {
        goalId: goal.id,
        title,
        description,
        ownerDepartmentId: dept.id,
        ownerMembershipId,
        dueDate,
        reportingFrequency,
      };
      const before: ObjectiveFields | null = current
        ? {
            goalId: current.goalId,
            title: current.title,
            description: current.description,
            ownerDepartmentId: current.ownerDepartmentId,
            ownerMembershipId: current.ownerMembershipId,
            dueDate: current.dueDate,
            reportingFrequency: current.reportingFrequency,
          }
        : null;
      action = !before ? "create" : JSON.stringify(before) === JSON.stringify(fields) ? "unchanged" : "update";
      if (action !== "unchanged") changes.push({ action, id: current?.id ?? null, code: current?.code ?? code.data, fields, before });
    }
    rows.push({ row, action, values: cells, errors });
  }
  return finish("objectives", file.header, OBJECTIVE_COLUMNS, rows, file.blankRows.length, changes);
}

/** What importing this objectives file into the plan would do; writes nothing. */
export async function previewObjectiveImport(ctx: TenantContext, planId: string, csvText: string): Promise<ImportPreview> {
  return withTenant(ctx, async (tx) => {
    const plan = await loadImportablePlan(tx, ctx, planId);
    return (await analyzeObjectives(tx, ctx, plan, csvText)).preview;
  });
}

/** Imports the objectives file: everything or, if any row has a problem, nothing. Status is not
 * imported: it comes from status updates. */
export async function commitObjectiveImport(ctx: TenantContext, planId: string, csvText: string): Promise<ImportCommit> {
  return withTenant(ctx, async (tx) => {
    const plan = await loadImportablePlan(tx, ctx, planId);
    await lockPlanImports(tx, plan.id);
    const { preview, changes } = await analyzeObjectives(tx, ctx, plan, csvText);
    if (!preview.ok) return { ok: false, kind: "objectives", errors: preview.errors, created: 0, updated: 0, unchanged: 0 };
    const positions = new Map<string, number>();
    const nextPosition = async (goalId: string) => {
      if (!positions.has(goalId)) {
        const [last] = await tx
          .select({ n: max(objectives.position) })
          .from(objectives)
          .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.goalId, goalId)));
        positions.set(goalId, Number(last?.n ?? 0));
      }
      const n = positions.get(goalId)! + 1;
      positions.set(goalId, n);
      return n;
    };
    const creates = [];
    for (const c of changes.filter((x) => x.action === "create")) {
      creates.push({ orgId: ctx.orgId, planId: plan.id, code: c.code, ...c.fields, position: await nextPosition(c.fields.goalId) });
    }
    for (let i = 0; i < creates.length; i += 500) await tx.insert(objectives).values(creates.slice(i, i + 500));
    for (const c of changes.filter((x) => x.action === "update")) {
      await tx
        .update(objectives)
        .set({ ...c.fields, updatedAt: new Date() })
        .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.id, c.id!)));
    }
    const { create, update, unchanged } = preview.counts;
    if (changes.length) {
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "objectives.import",
        entityType: "plan",
        entityId: plan.id,
        before: changes.filter((c) => c.before).map((c) => ({ code: c.code, ...c.before })),
        after: { created: create, updated: update, unchanged, changes: changes.map((c) => ({ code: c.code, action: c.action, ...c.fields })) },
      });
    }
    return { ok: true, kind: "objectives", created: create, updated: update, unchanged };
  });
}

// ---------------------------------------------------------------------------------------------
// One entry point for both kinds

export async function previewImport(
  ctx: TenantContext,
  target: { kind: ImportKind; planId: string },
  csvText: string,
  options: { today?: string } = {},
): Promise<ImportPreview> {
  if (target.kind === "measurements") return previewMeasurementImport(ctx, target.planId, csvText, options);
  if (target.kind === "objectives") return previewObjectiveImport(ctx, target.planId, csvText);
  throw FieldErrors.of("kind", "Choose what the file contains: measurements or objectives.");
}

export async function commitImport(
  ctx: TenantContext,
  target: { kind: ImportKind; planId: string },
  csvText: string,
  options: { today?: string } = {},
): Promise<ImportCommit> {
  if (target.kind === "measurements") return commitMeasurementImport(ctx, target.planId, csvText, options);
  if (target.kind === "objectives") return commitObjectiveImport(ctx, target.planId, csvText);
  throw FieldErrors.of("kind", "Choose what the file contains: measurements or objectives.");
}
