// The department tree: departments may have a parent (divisions of a department). Whatever rolls
// up "a department with its divisions" asks here.
import { eq } from "drizzle-orm";
import type { Transaction } from "#db/client.server";
import { departments } from "#db/schema";

/** A department and all its sub-departments (empty if the department does not exist). */
export async function departmentTree(tx: Transaction, orgId: string, departmentId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ id: departments.id, parentId: departments.parentId })
    .from(departments)
    .where(eq(departments.orgId, orgId));
  const children = new Map<string, string[]>();
  for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const ids = new Set<string>();
  const stack = rows.some((r) => r.id === departmentId) ? [departmentId] : [];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}
