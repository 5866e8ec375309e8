// The staff roster as people read it. Demographics never leave this module per person: the list
// selects named columns only (never a demographic one), and the demographic summary returns
// counts by group with the organization's anonymity threshold applied (suppression.ts).
//
// - Admins (roster.manage) read the whole roster and the demographic summary.
// - Department heads (roster.read) read the people of their department and its sub-departments,
//   without any demographic field and without the summary.
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, organizations, staffMembers } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { can } from "~/modules/auth/permissions";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { departmentTree } from "~/modules/core/departments.server";
import { suppressSmallGroups, type SuppressedCounts } from "./suppression";
import {
  DEMOGRAPHIC_FIELD_LABELS,
  DEMOGRAPHIC_FIELDS,
  SUPERVISORY_LEVELS,
  type DemographicField,
  type SupervisoryLevel,
} from "./workforce.schema";
import { pageOf } from "~/modules/core/pagination";

export const ROSTER_PAGE_SIZE = 100;

/** One person as any page may show them: no demographic field, ever. */
export type RosterPerson = {
  id: string;
  employeeNumber: string;
  fullName: string;
  email: string | null;
  departmentId: string | null;
  departmentName: string | null;
  jobTitle: string;
  supervisoryLevel: SupervisoryLevel;
  hireDate: string | null;
  isActive: boolean;
  leftOn: string | null;
};

export type RosterFilters = { departmentId: string | null; level: SupervisoryLevel | null; status: "active" | "left"; page: number };

export type RosterList = {
  people: RosterPerson[];
  filters: RosterFilters;
  /** People matching the filters (all pages). */
  matching: number;
  pageCount: number;
  /** "all" for admins; "department" when limited to the caller's department and below. */
  scope: "all" | "department";
  /** Active people within the caller's reach, by department and by level. */
  activeCount: number;
  leftCount: number;
  byDepartment: { id: string | null; name: string; count: number }[];
  byLevel: Record<SupervisoryLevel, number>;
  departmentOptions: { id: string; name: string }[];
  canImport: boolean;
};

/** Only these columns of staff_members are ever read for a list: a demographic column can't slip
 * into a page by a `select()` of the whole row. */
const PERSON_COLUMNS = {
  id: staffMembers.id,
  employeeNumber: staffMembers.employeeNumber,
  fullName: staffMembers.fullName,
  email: staffMembers.email,
  departmentId: staffMembers.departmentId,
  departmentName: departments.name,
  jobTitle: staffMembers.jobTitle,
  supervisoryLevel: staffMembers.supervisoryLevel,
  hireDate: staffMembers.hireDate,
  isActive: staffMembers.isActive,
  leftOn: staffMembers.leftOn,
};

/** The departments whose people the caller may read: null for all. */
async function rosterReach(tx: Transaction, ctx: TenantContext): Promise<Set<string> | null> {
  if (can(ctx.role, "roster.manage")) return null;
  if (!ctx.departmentId) return new Set();
  return departmentTree(tx, ctx.orgId, ctx.departmentId);
}

function reachFilter(reach: Set<string> | null): SQL | undefined {
  if (reach === null) return undefined;
  // An empty reach matches no one (a department head without a department).
  return reach.size ? inArray(staffMembers.departmentId, [...reach]) : sql`false`;
}

export async function listRoster(ctx: TenantContext, input: Partial<RosterFilters> = {}): Promise<RosterList> {
  requirePermission(ctx, "roster.read");
  return withTenant(ctx, async (tx) => {
    const reach = await rosterReach(tx, ctx);
    const deptRows = await tx
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.orgId, ctx.orgId))
      .orderBy(asc(departments.name));
    const departmentOptions = deptRows.filter((d) => reach === null || reach.has(d.id));
    const departmentId = input.departmentId && departmentOptions.some((d) => d.id === input.departmentId) ? input.departmentId : null;
    const level = input.level && (SUPERVISORY_LEVELS as readonly string[]).includes(input.level) ? input.level : null;
    const status = input.status === "left" ? "left" : "active";

    const base = and(eq(staffMembers.orgId, ctx.orgId), reachFilter(reach));
    const where = and(
      base,
      eq(staffMembers.isActive, status === "active"),
      departmentId ? eq(staffMembers.departmentId, departmentId) : undefined,
      level ? eq(staffMembers.supervisoryLevel, level) : undefined,
    );
    const [m] = await tx.select({ n: count() }).from(staffMembers).where(where);
    const matching = Number(m?.n ?? 0);
    const { page, pageCount, offset } = pageOf(matching, input.page, ROSTER_PAGE_SIZE);
    const people = await tx
      .select(PERSON_COLUMNS)
      .from(staffMembers)
      .leftJoin(departments, and(eq(departments.orgId, staffMembers.orgId), eq(departments.id, staffMembers.departmentId)))
      .where(where)
      .orderBy(asc(staffMembers.fullName), asc(staffMembers.employeeNumber))
      .limit(ROSTER_PAGE_SIZE)
      .offset(offset);

    const byDept = await tx
      .select({ id: staffMembers.departmentId, n: count() })
      .from(staffMembers)
      .where(and(base, eq(staffMembers.isActive, true)))
      .groupBy(staffMembers.departmentId);
    const byLevelRows = await tx
      .select({ level: staffMembers.supervisoryLevel, n: count() })
      .from(staffMembers)
      .where(and(base, eq(staffMembers.isActive, true)))
      .groupBy(staffMembers.supervisoryLevel);
    const [left] = await tx.select({ n: count() }).from(staffMembers).where(and(base, eq(staffMembers.isActive, false)));
    const nameOf = new Map(deptRows.map((d) => [d.id, d.name]));
    const byLevel = Object.fromEntries(SUPERVISORY_LEVELS.map((l) => [l, 0])) as Record<SupervisoryLevel, number>;
    for (const r of byLevelRows) byLevel[r.level] = Number(r.n);
    return {
      people,
      filters: { departmentId, level, status, page },
      matching,
      pageCount,
      scope: reach === null ? "all" : "department",
      activeCount: byLevelRows.reduce((n, r) => n + Number(r.n), 0),
      leftCount: Number(left?.n ?? 0),
      byDepartment: byDept
        .map((r) => ({ id: r.id, name: r.id ? (nameOf.get(r.id) ?? "Unknown") : "No department", count: Number(r.n) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      byLevel,
      departmentOptions,
      canImport: can(ctx.role, "roster.manage"),
    };
  });
}

export type DemographicSummary = {
  threshold: number;
  activeCount: number;
  fields: { field: DemographicField; label: string; counts: SuppressedCounts }[];
};

export const NOT_REPORTED = "Not reported";
export const SMALL_GROUPS = "Smaller groups";

/**
 * The active staff counted by each demographic field's groups ("Not reported" is a group too),
 * with small groups suppressed. Organization-wide only: cuts by department or level would let one
 * table be differenced against another, so the summary offers none. Administrators only.
 */
export async function getDemographicSummary(ctx: TenantContext): Promise<DemographicSummary> {
  requirePermission(ctx, "roster.manage");
  return withTenant(ctx, async (tx) => {
    const [org] = await tx.select({ threshold: organizations.anonymityThreshold }).from(organizations).where(eq(organizations.id, ctx.orgId));
    const threshold = org?.threshold ?? 5;
    const active = and(eq(staffMembers.orgId, ctx.orgId), eq(staffMembers.isActive, true));
    const [a] = await tx.select({ n: count() }).from(staffMembers).where(active);
    const fields = [];
    for (const field of DEMOGRAPHIC_FIELDS) {
      const column = staffMembers[field];
      const rows = await tx
        .select({ group: sql<string | null>`nullif(btrim(${column}), '')`, n: count() })
        .from(staffMembers)
        .where(active)
        .groupBy(sql`nullif(btrim(${column}), '')`);
      const groups = rows
        .map((r) => ({ group: r.group ?? NOT_REPORTED, count: Number(r.n) }))
        .sort((x, y) => Number(x.group === NOT_REPORTED) - Number(y.group === NOT_REPORTED) || x.group.localeCompare(y.group));
      const counts = suppressSmallGroups(groups, threshold);
      // A small group is not even named: its name alone could point at the one person who
      // described themselves that way. Small groups are one row with no count.
      const small = counts.groups.filter((g) => g.suppressed === "small").length;
      const named = counts.groups.filter((g) => g.suppressed !== "small");
      fields.push({
        field,
        label: DEMOGRAPHIC_FIELD_LABELS[field],
        counts: { ...counts, groups: small ? [...named, { group: SMALL_GROUPS, count: null, suppressed: "small" as const }] : named },
      });
    }
    return { threshold, activeCount: Number(a?.n ?? 0), fields };
  });
}
