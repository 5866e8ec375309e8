import { and, count, eq, isNotNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments, memberships } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { mapUniqueViolation } from "~/modules/auth/auth.server";
import { requirePermission, type TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors, notFound } from "~/utils/http.server";
import { activeChildrenMessage, departmentSchema, type DepartmentInput } from "./departments.schema";
import { isUuid } from "~/modules/core/ids";

export type DepartmentListItem = {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  parentName: string | null;
  /** 0 for a top-level department, 1 for its sub-departments, and so on. */
  depth: number;
  /** The names from the top level down to this one, e.g. "Public Works › Streets". */
  label: string;
  memberCount: number;
  archived: boolean;
  archivedAt: Date | null;
};

export type DepartmentDetails = DepartmentListItem & {
  createdAt: Date;
  ancestors: { id: string; name: string }[];
  children: { id: string; name: string; code: string; archived: boolean }[];
  /** Where this department may be moved: active departments other than itself and its
   * descendants, plus its current parent (even if archived, so an edit keeps it). */
  eligibleParents: { id: string; label: string }[];
};

type Row = {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  archivedAt: Date | null;
  createdAt: Date;
};

const NOT_FOUND = "We couldn't find that department in this organization.";

const UNIQUE_CONSTRAINTS: Record<string, [string, string]> = {
  departments_org_name_key: ["name", "Another department already has this name. Choose a different name."],
  departments_org_code_key: ["code", "Another department already uses this code. Choose a different code."],
};

/** A malformed id is as absent as an id of another organization: 404 either way, never a 500
 * from Postgres refusing to cast it. */
function requireId(id: string): void {
  if (!isUuid(id)) notFound(NOT_FOUND);
}

function validate(input: DepartmentInput) {
  const parsed = departmentSchema.safeParse(input);
  if (!parsed.success) throw new FieldErrors(parsed.error.flatten().fieldErrors as Record<string, string[]>);
  return { ...parsed.data, parentId: parsed.data.parentId || null };
}

function loadAll(tx: Transaction, orgId: string): Promise<Row[]> {
  return tx
    .select({
      id: departments.id,
      name: departments.name,
      code: departments.code,
      parentId: departments.parentId,
      archivedAt: departments.archivedAt,
      createdAt: departments.createdAt,
    })
    .from(departments)
    .where(eq(departments.orgId, orgId));
}

async function memberCounts(tx: Transaction, orgId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ departmentId: memberships.departmentId, n: count() })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), isNotNull(memberships.departmentId)))
    .groupBy(memberships.departmentId);
  return new Map(rows.map((r) => [r.departmentId!, Number(r.n)]));
}

/** Changes to the tree of one organization run one at a time, so two concurrent moves cannot
 * together make a cycle and a department cannot be archived while a child is added under it. */
async function lockTree(tx: Transaction, orgId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('praxis.departments'), hashtext(${orgId}))`);
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, "en", { sensitivity: "base", numeric: true });

/** Depth-first order, siblings by name. A row whose parent is not among `rows` is shown at the
 * top level, and a cycle (which the rules prevent) still lists every row once. */
function treeOrder(rows: Row[]): { row: Row; depth: number }[] {
  const ids = new Set(rows.map((r) => r.id));
  const byParent = new Map<string | null, Row[]>();
  for (const r of rows) {
    const key = r.parentId && ids.has(r.parentId) ? r.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), r]);
  }
  for (const list of byParent.values()) list.sort(byName);
  const out: { row: Row; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, depth: number) => {
    for (const child of byParent.get(parent) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      out.push({ row: child, depth });
      visit(child.id, depth + 1);
    }
  };
  visit(null, 0);
  for (const r of [...rows].sort(byName)) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({ row: r, depth: 0 });
    visit(r.id, 1);
  }
  return out;
}

/** From the top level down to `id` itself. */
function ancestry(byId: Map<string, Row>, id: string): Row[] {
  const chain: Row[] = [];
  const seen = new Set<string>();
  for (let cur = byId.get(id); cur && !seen.has(cur.id); cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
    seen.add(cur.id);
    chain.unshift(cur);
  }
  return chain;
}

function listItem(byId: Map<string, Row>, counts: Map<string, number>, row: Row, depth: number): DepartmentListItem {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    parentId: row.parentId,
    parentName: row.parentId ? (byId.get(row.parentId)?.name ?? null) : null,
    depth,
    label: ancestry(byId, row.id)
      .map((r) => r.name)
      .join(" › "),
    memberCount: counts.get(row.id) ?? 0,
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt,
  };
}

/** Whether `candidate` is `id` or lies below it. */
function isWithin(byId: Map<string, Row>, candidate: string, id: string): boolean {
  return ancestry(byId, candidate).some((r) => r.id === id);
}

function snapshot(byId: Map<string, Row>, row: Pick<Row, "name" | "code" | "parentId" | "archivedAt">) {
  return {
    name: row.name,
    code: row.code,
    parentId: row.parentId,
    parentName: row.parentId ? (byId.get(row.parentId)?.name ?? null) : null,
    archived: row.archivedAt !== null,
  };
}

/** Both duplicates at once (beside their fields); the unique indexes remain the last word. */
function assertUnique(all: Row[], input: { name: string; code: string }, selfId: string | null): void {
  const errors: Record<string, string[]> = {};
  const others = all.filter((r) => r.id !== selfId);
  const sameName = others.find((r) => r.name.toLowerCase() === input.name.toLowerCase());
  if (sameName) {
    errors.name = [
      sameName.archivedAt
        ? `An archived department is already called “${sameName.name}”. Restore it, or choose a different name.`
        : `Another department is already called “${sameName.name}”. Choose a different name.`,
    ];
  }
  const sameCode = others.find((r) => r.code.toLowerCase() === input.code.toLowerCase());
  if (sameCode) {
    errors.code = [
      `The code “${sameCode.code}” is already used by ${sameCode.name}${sameCode.archivedAt ? " (archived)" : ""}. Choose a different code.`,
    ];
  }
  if (Object.keys(errors).length) throw new FieldErrors(errors);
}

/** The new parent must be in this organization (else 404: the id came from outside the form),
 * active (unless it is already the parent), and not the department itself or one below it. */
function checkParent(byId: Map<string, Row>, parentId: string, self: Row | null): void {
  if (!isUuid(parentId)) notFound("We couldn't find that parent department in this organization.");
  const parent = byId.get(parentId);
  if (!parent) notFound("We couldn't find that parent department in this organization.");
  if (self && parent.id === self.id) {
    throw FieldErrors.of("parentId", "A department can't be placed under itself. Choose another parent department.");
  }
  if (self && isWithin(byId, parent.id, self.id)) {
    throw FieldErrors.of(
      "parentId",
      `${parent.name} is one of ${self.name}'s own sub-departments, so ${self.name} can't be placed under it. Choose another parent department.`,
    );
  }
  if (parent.archivedAt && parent.id !== self?.parentId) {
    throw FieldErrors.of(
      "parentId",
      `${parent.name} is archived. Choose an active department, or restore ${parent.name} first.`,
    );
  }
}

export async function listDepartments(
  ctx: TenantContext,
  options: { includeArchived?: boolean } = {},
): Promise<DepartmentListItem[]> {
  requirePermission(ctx, "departments.read");
  return withTenant(ctx, async (tx) => {
    const all = await loadAll(tx, ctx.orgId);
    const counts = await memberCounts(tx, ctx.orgId);
    const byId = new Map(all.map((r) => [r.id, r]));
    const shown = options.includeArchived ? all : all.filter((r) => r.archivedAt === null);
    return treeOrder(shown).map(({ row, depth }) => listItem(byId, counts, row, depth));
  });
}

export async function getDepartment(ctx: TenantContext, id: string): Promise<DepartmentDetails> {
  requirePermission(ctx, "departments.read");
  requireId(id);
  return withTenant(ctx, async (tx) => {
    const all = await loadAll(tx, ctx.orgId);
    const byId = new Map(all.map((r) => [r.id, r]));
    const row = byId.get(id);
    if (!row) notFound(NOT_FOUND);
    const counts = await memberCounts(tx, ctx.orgId);
    const chain = ancestry(byId, id);
    const depth = chain.length - 1;
    const children = all
      .filter((r) => r.parentId === id)
      .sort(byName)
      .map((r) => ({ id: r.id, name: r.name, code: r.code, archived: r.archivedAt !== null }));
    const eligibleParents = treeOrder(all.filter((r) => r.archivedAt === null || r.id === row.parentId))
      .filter(({ row: r }) => !isWithin(byId, r.id, id))
      .map(({ row: r }) => ({
        id: r.id,
        label: listItem(byId, counts, r, 0).label + (r.archivedAt ? " (archived)" : ""),
      }));
    return {
      ...listItem(byId, counts, row, depth),
      createdAt: row.createdAt,
      ancestors: chain.slice(0, -1).map((r) => ({ id: r.id, name: r.name })),
      children,
      eligibleParents,
    };
  });
}

export async function createDepartment(ctx: TenantContext, input: DepartmentInput): Promise<{ id: string }> {
  requirePermission(ctx, "departments.manage");
  const value = validate(input);
  try {
    return await withTenant(ctx, async (tx) => {
      await lockTree(tx, ctx.orgId);
      const all = await loadAll(tx, ctx.orgId);
      const byId = new Map(all.map((r) => [r.id, r]));
      assertUnique(all, value, null);
      if (value.parentId) checkParent(byId, value.parentId, null);
      const [created] = await tx
        .insert(departments)
        .values({ orgId: ctx.orgId, name: value.name, code: value.code, parentId: value.parentId })
        .returning({ id: departments.id });
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "department.create",
        entityType: "department",
        entityId: created!.id,
        after: snapshot(byId, { ...value, archivedAt: null }),
      });
      return { id: created!.id };
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CONSTRAINTS);
  }
}

/** Renames, recodes and moves. The form always sends the parent, so an absent or empty parentId
 * means "top level". */
export async function updateDepartment(ctx: TenantContext, id: string, input: DepartmentInput): Promise<void> {
  requirePermission(ctx, "departments.manage");
  requireId(id);
  const value = validate(input);
  try {
    await withTenant(ctx, async (tx) => {
      await lockTree(tx, ctx.orgId);
      const all = await loadAll(tx, ctx.orgId);
      const byId = new Map(all.map((r) => [r.id, r]));
      const current = byId.get(id);
      if (!current) notFound(NOT_FOUND);
      assertUnique(all, value, id);
      if (value.parentId) checkParent(byId, value.parentId, current);
      if (value.name === current.name && value.code === current.code && value.parentId === current.parentId) return;
      await tx
        .update(departments)
        .set({ name: value.name, code: value.code, parentId: value.parentId })
        .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, id)));
      await recordAudit(tx, {
        orgId: ctx.orgId,
        actorUserId: ctx.userId,
        action: "department.update",
        entityType: "department",
        entityId: id,
        before: snapshot(byId, current),
        after: snapshot(byId, { ...value, archivedAt: current.archivedAt }),
      });
    });
  } catch (error) {
    mapUniqueViolation(error, UNIQUE_CONSTRAINTS);
  }
}

/** Hides the department from pickers; everything that refers to it keeps it. Refused while it
 * has active sub-departments, so the active tree never hangs from an archived branch. */
export async function archiveDepartment(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, "departments.manage");
  requireId(id);
  await withTenant(ctx, async (tx) => {
    await lockTree(tx, ctx.orgId);
    const all = await loadAll(tx, ctx.orgId);
    const byId = new Map(all.map((r) => [r.id, r]));
    const current = byId.get(id);
    if (!current) notFound(NOT_FOUND);
    if (current.archivedAt) return;
    const activeChildren = all.filter((r) => r.parentId === id && r.archivedAt === null).sort(byName);
    if (activeChildren.length) {
      throw new FieldErrors({ form: [activeChildrenMessage(current.name, activeChildren.map((r) => r.name))] });
    }
    const [updated] = await tx
      .update(departments)
      .set({ archivedAt: new Date() })
      .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, id)))
      .returning({ archivedAt: departments.archivedAt });
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "department.archive",
      entityType: "department",
      entityId: id,
      before: snapshot(byId, current),
      after: snapshot(byId, { ...current, archivedAt: updated!.archivedAt }),
    });
  });
}

export async function restoreDepartment(ctx: TenantContext, id: string): Promise<void> {
  requirePermission(ctx, "departments.manage");
  requireId(id);
  await withTenant(ctx, async (tx) => {
    await lockTree(tx, ctx.orgId);
    const all = await loadAll(tx, ctx.orgId);
    const byId = new Map(all.map((r) => [r.id, r]));
    const current = byId.get(id);
    if (!current) notFound(NOT_FOUND);
    if (!current.archivedAt) return;
    const parent = current.parentId ? byId.get(current.parentId) : undefined;
    if (parent?.archivedAt) {
      throw new FieldErrors({
        form: [
          `${current.name} is part of ${parent.name}, which is archived. Restore ${parent.name} first, or move ${current.name} under an active department or to the top level.`,
        ],
      });
    }
    await tx
      .update(departments)
      .set({ archivedAt: null })
      .where(and(eq(departments.orgId, ctx.orgId), eq(departments.id, id)));
    await recordAudit(tx, {
      orgId: ctx.orgId,
      actorUserId: ctx.userId,
      action: "department.restore",
      entityType: "department",
      entityId: id,
      before: snapshot(byId, current),
      after: snapshot(byId, { ...current, archivedAt: null }),
    });
  });
}
