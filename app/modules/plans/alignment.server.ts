// Practice alignment of goals, objectives and measures: the links, the picker's catalog and the
// practice page's list of linked items.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import {
  budgetLinePractices,
  departments,
  goalPractices,
  goals,
  measurePractices,
  measurements,
  measures,
  objectivePractices,
  objectives,
  plans,
  practiceDimensions,
  practiceGroups,
  practices,
  workforceGoalPractices,
} from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { canonicalDecimal } from "~/modules/core/decimal";
import {
  alignmentSchema,
  linkToken,
  type AlignmentInput,
  type DimensionKind,
  type MeasureDirection,
  type ObjectiveStatus,
  type PlanStatus,
  type ReportingFrequency,
} from "./plans.schema";
import { assertNotArchived, editScope, inScope, loadEditableMeasure, loadEditableObjective, loadVisibleGoal, visibleStatuses } from "./scope.server";
import { fiscalYearStartMonth } from "~/modules/core/organization.server";
import { organizationDateOf, organizationToday } from "~/modules/core/today";
import { measureFreshness, objectiveFreshness } from "./staleness";

/** The practices framework that plan items are linked to. */
export const PLAN_FRAMEWORK = "ICMA-2017";

export type AlignableKind = "goal" | "objective" | "measure";
export type AlignableItem = { kind: AlignableKind; id: string };

/** Everything that can be linked to practices: plan items, budget lines and workforce goals. */
export type LinkedItemKind = AlignableKind | "budget_line" | "workforce_goal";

// One practice-link table per kind of item (real foreign keys to each item), all of the same
// shape: this registry is the one place that knows which table and column belong to a kind.
const LINK_TABLES = {
  goal: { table: goalPractices, item: goalPractices.goalId, column: "goalId" },
  objective: { table: objectivePractices, item: objectivePractices.objectiveId, column: "objectiveId" },
  measure: { table: measurePractices, item: measurePractices.measureId, column: "measureId" },
  budget_line: { table: budgetLinePractices, item: budgetLinePractices.budgetLineId, column: "budgetLineId" },
  workforce_goal: { table: workforceGoalPractices, item: workforceGoalPractices.workforceGoalId, column: "workforceGoalId" },
} as const;

export type PracticeLink = {
  /** "3", "3:leadership:A": the value of the picker's checkbox. */
  token: string;
  practiceNumber: number;
  practiceName: string;
  dimensionKind: DimensionKind | null;
  dimensionLetter: string | null;
  dimensionText: string | null;
  isPrimary: boolean;
};

type LinkRow = {
  itemId: string;
  practiceNumber: number;
  dimensionKind: DimensionKind | null;
  dimensionLetter: string | null;
  isPrimary: boolean;
};

const linkOrder = (a: PracticeLink, b: PracticeLink) =>
  Number(b.isPrimary) - Number(a.isPrimary) ||
  a.practiceNumber - b.practiceNumber ||
  (a.dimensionKind ?? "").localeCompare(b.dimensionKind ?? "") ||
  (a.dimensionLetter ?? "").localeCompare(b.dimensionLetter ?? "");

async function catalogNames(tx: Transaction): Promise<{
  practiceName: Map<number, string>;
  dimensionText: Map<string, string>;
}> {
  const ps = await tx
    .select({ number: practices.number, name: practices.name })
    .from(practices)
    .where(eq(practices.frameworkCode, PLAN_FRAMEWORK));
  const ds = await tx
    .select({
      practiceNumber: practiceDimensions.practiceNumber,
      kind: practiceDimensions.kind,
      letter: practiceDimensions.letter,
      text: practiceDimensions.text,
    })
    .from(practiceDimensions)
    .where(eq(practiceDimensions.frameworkCode, PLAN_FRAMEWORK));
  return {
    practiceName: new Map(ps.map((p) => [p.number, p.name])),
    dimensionText: new Map(ds.map((d) => [`${d.practiceNumber}:${d.kind}:${d.letter}`, d.text])),
  };
}

async function linkRows(tx: Transaction, orgId: string, kind: LinkedItemKind, ids: string[]): Promise<LinkRow[]> {
  if (ids.length === 0) return [];
  const { table, item } = LINK_TABLES[kind];
  return tx
    .select({
      itemId: item,
      practiceNumber: table.practiceNumber,
      dimensionKind: table.dimensionKind,
      dimensionLetter: table.dimensionLetter,
      isPrimary: table.isPrimary,
    })
    .from(table)
    .where(and(eq(table.orgId, orgId), inArray(item, ids)));
}

/** The practice links of many items of one kind, primary first, by item id. */
export async function loadLinks(
  tx: Transaction,
  orgId: string,
  kind: LinkedItemKind,
  ids: string[],
): Promise<Map<string, PracticeLink[]>> {
  const rows = await linkRows(tx, orgId, kind, ids);
  const out = new Map<string, PracticeLink[]>();
  if (rows.length === 0) return out;
  const names = await catalogNames(tx);
  for (const r of rows) {
    const token = linkToken(r);
    const link: PracticeLink = {
      token,
      practiceNumber: r.practiceNumber,
      practiceName: names.practiceName.get(r.practiceNumber) ?? `Practice ${r.practiceNumber}`,
      dimensionKind: r.dimensionKind,
      dimensionLetter: r.dimensionLetter,
      dimensionText: r.dimensionKind ? (names.dimensionText.get(token) ?? null) : null,
      isPrimary: r.isPrimary,
    };
    out.set(r.itemId, [...(out.get(r.itemId) ?? []), link]);
  }
  for (const list of out.values()) list.sort(linkOrder);
  return out;
}

type NormalizedLink = {
  practiceNumber: number;
  dimensionKind: DimensionKind | null;
  dimensionLetter: string | null;
  isPrimary: boolean;
};

/** Validates links against the catalog: one primary when there are any, real practices, and
 * dimensions that belong to their practice. Errors go to the picker's `link` and `primary`. */
async function normalizeLinks(tx: Transaction, input: AlignmentInput): Promise<NormalizedLink[]> {
  const parsed = alignmentSchema.safeParse(input);
  if (!parsed.success) {
    throw new FieldErrors({ link: ["Choose practices and dimensions from the list."] });
  }
  const byToken = new Map<string, NormalizedLink>();
  for (const l of parsed.data.links) {
    if ((l.dimensionKind === null) !== (l.dimensionLetter === null)) {
      throw new FieldErrors({ link: ["A dimension needs both its kind (leadership or management) and its letter."] });
    }
    const token = linkToken(l);
    const seen = byToken.get(token);
    byToken.set(token, { ...l, isPrimary: l.isPrimary || (seen?.isPrimary ?? false) });
  }
  const links = [...byToken.values()];
  if (links.length === 0) return [];
  const primaries = links.filter((l) => l.isPrimary).length;
  if (primaries !== 1) {
    throw new FieldErrors({
      primary: [primaries === 0 ? "Mark one of the linked practices as primary." : "Only one link can be primary. Choose one."],
    });
  }
  const names = await catalogNames(tx);
  const problems: string[] = [];
  for (const l of links) {
    if (!names.practiceName.has(l.practiceNumber)) {
      problems.push(`There is no practice ${l.practiceNumber}. The practices are numbered 1 to ${names.practiceName.size}.`);
    } else if (l.dimensionKind && !names.dimensionText.has(linkToken(l))) {
      problems.push(`Practice ${l.practiceNumber} has no ${l.dimensionKind} dimension ${l.dimensionLetter}. Choose one of its own dimensions.`);
    }
  }
  if (problems.length) throw new FieldErrors({ link: problems });
  return links;
}

const sameLinks = (a: LinkRow[], b: NormalizedLink[]) => {
  const key = (l: NormalizedLink | LinkRow) => `${linkToken(l)}${l.isPrimary ? "*" : ""}`;
  return a.length === b.length && new Set(a.map(key)).size === new Set([...a.map(key), ...b.map(key)]).size;
};

const tokensOf = (links: (NormalizedLink | LinkRow)[]) =>
  links.map((l) => `${linkToken(l)}${l.isPrimary ? " (primary)" : ""}`).sort();

/**
 * Replaces the practice links of a goal (plans.manage), an objective or a measure (objectives.edit,
 * department heads within their department). With any links, exactly one must be primary; an
 * empty list removes them all. Returns the links as now stored.
 */
export async function setAlignment(ctx: TenantContext, item: AlignableItem, input: AlignmentInput): Promise<PracticeLink[]> {
  return withTenant(ctx, async (tx) => {
    if (item.kind === "goal") {
      requirePermission(ctx, "plans.manage");
      const { plan } = await loadVisibleGoal(tx, ctx, item.id);
      assertNotArchived(plan);
    } else if (item.kind === "objective") {
      await loadEditableObjective(tx, ctx, item.id);
    } else if (item.kind === "measure") {
      await loadEditableMeasure(tx, ctx, item.id);
    } else {
      notFound();
    }
    return replacePracticeLinks(tx, ctx, item.kind, item.id, input);
  });
}

/**
 * Replaces an item's practice links inside the caller's tenant transaction, once the caller's
 * service has checked that this user may change this item: validates them against the catalog
 * (with any links, exactly one primary), writes only if they differ, and records the change in
 * the audit log as `<kind>.align`. Returns the links as now stored.
 */
export async function replacePracticeLinks(
  tx: Transaction,
  ctx: TenantContext,
  kind: LinkedItemKind,
  itemId: string,
  input: AlignmentInput,
): Promise<PracticeLink[]> {
  const links = await normalizeLinks(tx, input);
  const before = await linkRows(tx, ctx.orgId, kind, [itemId]);
  if (!sameLinks(before, links)) {
    const { table, item, column } = LINK_TABLES[kind];
    await tx.delete(table).where(and(eq(table.orgId, ctx.orgId), eq(item, itemId)));
    if (links.length) {
      await tx.insert(table).values(
        links.map((l) => ({ orgId: ctx.orgId, frameworkCode: PLAN_FRAMEWORK, ...l, [column]: itemId })) as never,
      );
    }
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: `${kind}.align`,
      entityType: kind,
      entityId: itemId,
      before: { practices: tokensOf(before) },
      after: { practices: tokensOf(links) },
    });
  }
  return (await loadLinks(tx, ctx.orgId, kind, [itemId])).get(itemId) ?? [];
}

export type PickerDimension = { token: string; kind: DimensionKind; letter: string; text: string };
export type PickerPractice = {
  token: string;
  number: number;
  name: string;
  definition: string;
  leadership: PickerDimension[];
  management: PickerDimension[];
};
export type PickerGroup = { position: number; phrase: string; practices: PickerPractice[] };

/** The whole catalog for the practice picker: narrative groups, practices with definitions, and
 * every dimension (166 short lines; small enough to filter in the browser). */
export async function getAlignmentOptions(ctx: TenantContext): Promise<PickerGroup[]> {
  requirePermission(ctx, "plans.read");
  return withTenant(ctx, async (tx) => {
    const groups = await tx
      .select({ position: practiceGroups.position, phrase: practiceGroups.phrase })
      .from(practiceGroups)
      .where(eq(practiceGroups.frameworkCode, PLAN_FRAMEWORK))
      .orderBy(asc(practiceGroups.position));
    const ps = await tx
      .select()
      .from(practices)
      .where(eq(practices.frameworkCode, PLAN_FRAMEWORK))
      .orderBy(asc(practices.number));
    const ds = await tx
      .select()
      .from(practiceDimensions)
      .where(eq(practiceDimensions.frameworkCode, PLAN_FRAMEWORK))
      .orderBy(asc(practiceDimensions.practiceNumber), asc(practiceDimensions.kind), asc(practiceDimensions.position));
    const dims = (n: number, kind: DimensionKind) =>
      ds
        .filter((d) => d.practiceNumber === n && d.kind === kind)
        .map((d) => ({ token: `${n}:${kind}:${d.letter}`, kind, letter: d.letter, text: d.text }));
    return groups.map((g) => ({
      position: g.position,
      phrase: g.phrase,
      practices: ps
        .filter((p) => p.groupPosition === g.position)
        .map((p) => ({
          token: String(p.number),
          number: p.number,
          name: p.name,
          definition: p.definition,
          leadership: dims(p.number, "leadership"),
          management: dims(p.number, "management"),
        })),
    }));
  });
}

export type DimensionSearchHit = PickerDimension & { practiceNumber: number; practiceName: string };

/** Dimensions whose text (or practice name) contains every word of the query, for the picker's
 * search without JavaScript. At most 50 hits. */
export async function searchDimensions(ctx: TenantContext, query: string): Promise<DimensionSearchHit[]> {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ""))
    .filter((w) => w.length > 1)
    .slice(0, 8);
  if (words.length === 0) return [];
  const groups = await getAlignmentOptions(ctx);
  const hits: DimensionSearchHit[] = [];
  for (const g of groups) {
    for (const p of g.practices) {
      for (const d of [...p.leadership, ...p.management]) {
        const haystack = `${d.text} ${p.name}`.toLowerCase();
        if (words.every((w) => haystack.includes(w))) hits.push({ ...d, practiceNumber: p.number, practiceName: p.name });
      }
    }
  }
  return hits.slice(0, 50);
}

export type LinkedDimension = { kind: DimensionKind; letter: string; text: string | null };

type LinkedBase = {
  planId: string;
  planTitle: string;
  planStatus: PlanStatus;
  /** True if any of the item's links to this practice is its primary link. */
  isPrimary: boolean;
  /** The practice's dimensions the item is linked to (empty: linked to the practice as a whole). */
  dimensions: LinkedDimension[];
};

export type PracticeItems = {
  practiceNumber: number;
  practiceName: string;
  goals: (LinkedBase & { id: string; title: string; position: number })[];
  objectives: (LinkedBase & {
    id: string;
    code: string;
    title: string;
    goalId: string;
    goalTitle: string;
    departmentId: string;
    departmentName: string;
    status: ObjectiveStatus;
    stale: boolean;
    canEdit: boolean;
  })[];
  measures: (LinkedBase & {
    id: string;
    code: string;
    name: string;
    unit: string;
    direction: MeasureDirection;
    target: string | null;
    reportingFrequency: ReportingFrequency;
    objectiveId: string;
    objectiveCode: string;
    objectiveTitle: string;
    departmentName: string;
    latestPeriod: string | null;
    latestValue: string | null;
    stale: boolean;
    canEdit: boolean;
  })[];
};

function collect<T extends { itemId: string; isPrimary: boolean; dimensionKind: DimensionKind | null; dimensionLetter: string | null }>(
  rows: T[],
  dimensionText: Map<string, string>,
  practiceNumber: number,
): Map<string, { isPrimary: boolean; dimensions: LinkedDimension[]; row: T }> {
  const out = new Map<string, { isPrimary: boolean; dimensions: LinkedDimension[]; row: T }>();
  for (const r of rows) {
    const entry = out.get(r.itemId) ?? { isPrimary: false, dimensions: [], row: r };
    entry.isPrimary ||= r.isPrimary;
    if (r.dimensionKind && r.dimensionLetter) {
      entry.dimensions.push({
        kind: r.dimensionKind,
        letter: r.dimensionLetter,
        text: dimensionText.get(`${practiceNumber}:${r.dimensionKind}:${r.dimensionLetter}`) ?? null,
      });
    }
    out.set(r.itemId, entry);
  }
  return out;
}

/**
 * The goals, objectives and measures linked to a practice (directly, at practice or dimension
 * level), in the plans the caller may see that are not archived — adopted plans only for staff
 * and elected officials. For the practice page. 404 if the number is not a practice.
 */
export async function listItemsForPractice(
  ctx: TenantContext,
  practiceNumber: number | string,
  options: { today?: string } = {},
): Promise<PracticeItems> {
  requirePermission(ctx, "plans.read");
  const n = typeof practiceNumber === "number" ? practiceNumber : /^[1-9]\d{0,2}$/.test(practiceNumber) ? Number(practiceNumber) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 999) notFound("There is no practice with that number.");
  const today = options.today ?? organizationToday(ctx);
  const statuses = visibleStatuses(ctx).filter((s) => s !== "archived");
  return withTenant(ctx, async (tx) => {
    const [practice] = await tx
      .select({ name: practices.name })
      .from(practices)
      .where(and(eq(practices.frameworkCode, PLAN_FRAMEWORK), eq(practices.number, n)));
    if (!practice) notFound("There is no practice with that number.");
    const names = await catalogNames(tx);
    const fyStart = await fiscalYearStartMonth(tx, ctx);
    const scope = await editScope(tx, ctx);
    const linkCols = <T extends typeof goalPractices | typeof objectivePractices | typeof measurePractices>(t: T) => ({
      isPrimary: t.isPrimary,
      dimensionKind: t.dimensionKind,
      dimensionLetter: t.dimensionLetter,
    });
    const planCols = { planId: plans.id, planTitle: plans.title, planStatus: plans.status };

    const goalRows = await tx
      .select({ itemId: goals.id, title: goals.title, position: goals.position, ...planCols, ...linkCols(goalPractices) })
      .from(goalPractices)
      .innerJoin(goals, and(eq(goals.orgId, goalPractices.orgId), eq(goals.id, goalPractices.goalId)))
      .innerJoin(plans, and(eq(plans.orgId, goals.orgId), eq(plans.id, goals.planId)))
      .where(
        and(
          eq(goalPractices.orgId, ctx.orgId),
          eq(goalPractices.frameworkCode, PLAN_FRAMEWORK),
          eq(goalPractices.practiceNumber, n),
          inArray(plans.status, statuses),
        ),
      )
      .orderBy(asc(plans.title), asc(goals.position));

    const objectiveRows = await tx
      .select({
        itemId: objectives.id,
        code: objectives.code,
        title: objectives.title,
        goalId: goals.id,
        goalTitle: goals.title,
        departmentId: departments.id,
        departmentName: departments.name,
        status: objectives.status,
        reportingFrequency: objectives.reportingFrequency,
        lastUpdateAsOf: objectives.lastUpdateAsOf,
        createdAt: objectives.createdAt,
        ...planCols,
        ...linkCols(objectivePractices),
      })
      .from(objectivePractices)
      .innerJoin(objectives, and(eq(objectives.orgId, objectivePractices.orgId), eq(objectives.id, objectivePractices.objectiveId)))
      .innerJoin(goals, and(eq(goals.orgId, objectives.orgId), eq(goals.id, objectives.goalId)))
      .innerJoin(plans, and(eq(plans.orgId, objectives.orgId), eq(plans.id, objectives.planId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(
        and(
          eq(objectivePractices.orgId, ctx.orgId),
          eq(objectivePractices.frameworkCode, PLAN_FRAMEWORK),
          eq(objectivePractices.practiceNumber, n),
          inArray(plans.status, statuses),
        ),
      )
      .orderBy(asc(plans.title), asc(goals.position), asc(objectives.position), asc(objectives.code));

    const measureRows = await tx
      .select({
        itemId: measures.id,
        code: measures.code,
        name: measures.name,
        unit: measures.unit,
        direction: measures.direction,
        target: measures.target,
        reportingFrequency: measures.reportingFrequency,
        createdAt: measures.createdAt,
        objectiveId: objectives.id,
        objectiveCode: objectives.code,
        objectiveTitle: objectives.title,
        objectiveStatus: objectives.status,
        ownerDepartmentId: objectives.ownerDepartmentId,
        departmentName: departments.name,
        ...planCols,
        ...linkCols(measurePractices),
      })
      .from(measurePractices)
      .innerJoin(measures, and(eq(measures.orgId, measurePractices.orgId), eq(measures.id, measurePractices.measureId)))
      .innerJoin(objectives, and(eq(objectives.orgId, measures.orgId), eq(objectives.id, measures.objectiveId)))
      .innerJoin(plans, and(eq(plans.orgId, measures.orgId), eq(plans.id, measures.planId)))
      .innerJoin(departments, and(eq(departments.orgId, objectives.orgId), eq(departments.id, objectives.ownerDepartmentId)))
      .where(
        and(
          eq(measurePractices.orgId, ctx.orgId),
          eq(measurePractices.frameworkCode, PLAN_FRAMEWORK),
          eq(measurePractices.practiceNumber, n),
          inArray(plans.status, statuses),
        ),
      )
      .orderBy(asc(plans.title), asc(objectives.code), asc(measures.position), asc(measures.code));

    const measureIds = [...new Set(measureRows.map((m) => m.itemId))];
    const latest = await latestMeasurements(tx, ctx.orgId, measureIds);

    const goalsOut = [...collect(goalRows, names.dimensionText, n).values()].map(({ isPrimary, dimensions, row }) => ({
      id: row.itemId,
      title: row.title,
      position: row.position,
      planId: row.planId,
      planTitle: row.planTitle,
      planStatus: row.planStatus,
      isPrimary,
      dimensions,
    }));
    const objectivesOut = [...collect(objectiveRows, names.dimensionText, n).values()].map(({ isPrimary, dimensions, row }) => ({
      id: row.itemId,
      code: row.code,
      title: row.title,
      goalId: row.goalId,
      goalTitle: row.goalTitle,
      departmentId: row.departmentId,
      departmentName: row.departmentName,
      status: row.status,
      planId: row.planId,
      planTitle: row.planTitle,
      planStatus: row.planStatus,
      isPrimary,
      dimensions,
      stale:
        row.planStatus === "adopted" &&
        objectiveFreshness(
          {
            frequency: row.reportingFrequency,
            lastUpdateAsOf: row.lastUpdateAsOf,
            createdOn: organizationDateOf(ctx, row.createdAt),
            done: row.status === "done",
          },
          today,
        ).stale,
      canEdit: inScope(scope, row.departmentId) && row.planStatus !== "archived",
    }));
    const measuresOut = [...collect(measureRows, names.dimensionText, n).values()].map(({ isPrimary, dimensions, row }) => {
      const last = latest.get(row.itemId) ?? null;
      return {
        id: row.itemId,
        code: row.code,
        name: row.name,
        unit: row.unit,
        direction: row.direction,
        target: canonicalDecimal(row.target),
        reportingFrequency: row.reportingFrequency,
        objectiveId: row.objectiveId,
        objectiveCode: row.objectiveCode,
        objectiveTitle: row.objectiveTitle,
        departmentName: row.departmentName,
        planId: row.planId,
        planTitle: row.planTitle,
        planStatus: row.planStatus,
        latestPeriod: last?.period ?? null,
        latestValue: last ? canonicalDecimal(last.value) : null,
        isPrimary,
        dimensions,
        stale:
          row.planStatus === "adopted" &&
          measureFreshness(
            {
              frequency: row.reportingFrequency,
              latestPeriod: last?.period ?? null,
              createdOn: organizationDateOf(ctx, row.createdAt),
              done: row.objectiveStatus === "done",
            },
            today,
            fyStart,
          ).stale,
        canEdit: inScope(scope, row.ownerDepartmentId) && row.planStatus !== "archived",
      };
    });
    return { practiceNumber: n, practiceName: practice.name, goals: goalsOut, objectives: objectivesOut, measures: measuresOut };
  });
}

/** The most recent measurement of each measure. */
export async function latestMeasurements(
  tx: Transaction,
  orgId: string,
  measureIds: string[],
): Promise<Map<string, { period: string; value: string }>> {
  if (measureIds.length === 0) return new Map();
  // One step down the (org_id, measure_id, period) index per measure, rather than every value of
  // every measure sorted (a measure reported monthly for years has dozens; only the latest shows).
  const wanted = sql.join(
    measureIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const latest = tx
    .select({ period: measurements.period, value: measurements.value })
    .from(measurements)
    .where(and(eq(measurements.orgId, orgId), eq(measurements.measureId, sql`m.id`)))
    .orderBy(desc(measurements.period))
    .limit(1)
    .as("latest");
  const rows = await tx
    .select({ measureId: sql<string>`m.id`, period: latest.period, value: latest.value })
    .from(sql`(values ${wanted}) as m(id)`)
    .innerJoinLateral(latest, sql`true`);
  return new Map(rows.map((r) => [r.measureId, { period: r.period, value: r.value }]));
}

/** Practice numbers each item is linked to, for filtering a plan's tree by practice. */
export async function practiceNumbersByItem(
  tx: Transaction,
  orgId: string,
  kind: LinkedItemKind,
  ids: string[],
): Promise<Map<string, Set<number>>> {
  const rows = await linkRows(tx, orgId, kind, ids);
  const out = new Map<string, Set<number>>();
  for (const r of rows) out.set(r.itemId, (out.get(r.itemId) ?? new Set()).add(r.practiceNumber));
  return out;
}
