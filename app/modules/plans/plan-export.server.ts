// CSV exports of a plan's objectives and measurements. The first columns of each file are exactly
// the columns its import reads (the others are for people and are ignored on import), so an
// exported file can be edited and imported back; importing it unchanged changes nothing.
import { and, asc, eq, inArray } from "drizzle-orm";
import { departments, goals, measurements, measures, memberships, objectives, users } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { latestMeasurements, loadLinks } from "./alignment.server";
import { csvFileName, toCsv } from "~/modules/core/csv";
import { canonicalDecimal } from "~/modules/core/decimal";
import { OBJECTIVE_STATUS_LABELS } from "./plans.schema";
import { loadVisiblePlan } from "./scope.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { organizationDateOf, organizationToday } from "~/modules/core/today";
import { periodLabel } from "~/modules/core/periods";
import { measureFreshness, objectiveFreshness } from "./staleness";

export type CsvExport = { fileName: string; csv: string; rowCount: number };

export const OBJECTIVE_EXPORT_COLUMNS = [
  "code",
  "goal",
  "title",
  "description",
  "department",
  "owner_email",
  "due_date",
  "reporting_frequency",
  // For people only (ignored on import):
  "goal_title",
  "department_name",
  "owner_name",
  "status",
  "last_update_as_of",
  "stale",
  "measures",
  "primary_practice",
  "practices",
] as const;

export const MEASUREMENT_EXPORT_COLUMNS = [
  "measure",
  "period",
  "value",
  "note",
  // For people only (ignored on import):
  "period_label",
  "measure_name",
  "unit",
  "direction",
  "baseline",
  "target",
  "reporting_frequency",
  "objective_code",
  "objective_title",
  "department",
] as const;

/** The plan's objectives, one row each, in plan order. Anyone who may see the plan may export it. */
export async function exportObjectivesCsv(ctx: TenantContext, planId: string, options: { today?: string } = {}): Promise<CsvExport> {
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const rows = await tx
      .select({
        o: objectives,
        goalPosition: goals.position,
        goalTitle: goals.title,
        departmentCode: departments.code,
        departmentName: departments.name,
        ownerEmail: users.email,
        ownerName: users.displayName,
      })
      .from(objectives)
      .innerJoin(goals, and(eq(goals.orgId, objectives.orgId), eq(goals.id, objectives.goalId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .leftJoin(memberships, and(eq(memberships.orgId, objectives.orgId), eq(memberships.id, objectives.ownerMembershipId)))
      .leftJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(objectives.orgId, ctx.orgId), eq(objectives.planId, plan.id)))
      .orderBy(asc(goals.position), asc(objectives.position), asc(objectives.code));
    const ids = rows.map((r) => r.o.id);
    const links = await loadLinks(tx, ctx.orgId, "objective", ids);
    const measureRows = ids.length
      ? await tx
          .select({ id: measures.id, objectiveId: measures.objectiveId, code: measures.code, frequency: measures.reportingFrequency, createdAt: measures.createdAt })
          .from(measures)
          .where(and(eq(measures.orgId, ctx.orgId), inArray(measures.objectiveId, ids)))
      : [];
    const latest = await latestMeasurements(
      tx,
      ctx.orgId,
      measureRows.map((m) => m.id),
    );
    const tracked = plan.status === "adopted";
    const body = rows.map(({ o, ...r }) => {
      const own = links.get(o.id) ?? [];
      const primary = own.find((l) => l.isPrimary);
      const mine = measureRows.filter((m) => m.objectiveId === o.id);
      const done = o.status === "done";
      const objectiveStale = objectiveFreshness(
        { frequency: o.reportingFrequency, lastUpdateAsOf: o.lastUpdateAsOf, createdOn: organizationDateOf(ctx, o.createdAt), done },
        today,
      ).stale;
      const staleMeasures = mine.filter(
        (m) =>
          measureFreshness(
            { frequency: m.frequency, latestPeriod: latest.get(m.id)?.period ?? null, createdOn: organizationDateOf(ctx, m.createdAt), done },
            today,
            fyStart,
          ).stale,
      ).length;
      return [
        o.code,
        r.goalPosition,
        o.title,
        o.description,
        r.departmentCode,
        r.ownerEmail ?? "",
        o.dueDate ?? "",
        o.reportingFrequency,
        r.goalTitle,
        r.departmentName,
        r.ownerName ?? "",
        OBJECTIVE_STATUS_LABELS[o.status],
        o.lastUpdateAsOf ?? "",
        tracked && (objectiveStale || staleMeasures > 0) ? "yes" : "no",
        mine.map((m) => m.code).join("; "),
        primary ? primary.token : "",
        own.map((l) => l.token).join("; "),
      ];
    });
    return {
      fileName: csvFileName(plan.title, "objectives", today),
      csv: toCsv([...OBJECTIVE_EXPORT_COLUMNS], body),
      rowCount: body.length,
    };
  });
}

/** Every value of every measure of the plan, one row per measure and period. */
export async function exportMeasurementsCsv(ctx: TenantContext, planId: string, options: { today?: string } = {}): Promise<CsvExport> {
  const today = options.today ?? organizationToday(ctx);
  return withTenant(ctx, async (tx) => {
    const plan = await loadVisiblePlan(tx, ctx, planId);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const rows = await tx
      .select({
        measureCode: measures.code,
        measureName: measures.name,
        unit: measures.unit,
        direction: measures.direction,
        baseline: measures.baseline,
        target: measures.target,
        frequency: measures.reportingFrequency,
        objectiveCode: objectives.code,
        objectiveTitle: objectives.title,
        departmentCode: departments.code,
        period: measurements.period,
        value: measurements.value,
        note: measurements.note,
      })
      .from(measurements)
      .innerJoin(measures, and(eq(measures.orgId, measurements.orgId), eq(measures.id, measurements.measureId)))
      .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(and(eq(measurements.orgId, ctx.orgId), eq(measures.planId, plan.id)))
      .orderBy(asc(objectives.code), asc(measures.position), asc(measures.code), asc(measurements.period));
    const body = rows.map((r) => [
      r.measureCode,
      r.period,
      canonicalDecimal(r.value),
      r.note,
      periodLabel(r.period, r.frequency, fyStart),
      r.measureName,
      r.unit,
      r.direction,
      canonicalDecimal(r.baseline) ?? "",
      canonicalDecimal(r.target) ?? "",
      r.frequency,
      r.objectiveCode,
      r.objectiveTitle,
      r.departmentCode,
    ]);
    return {
      fileName: csvFileName(plan.title, "measurements", today),
      csv: toCsv([...MEASUREMENT_EXPORT_COLUMNS], body),
      rowCount: body.length,
    };
  });
}
