import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg } from "#db/test/factories";
import type { TenantContext } from "~/modules/auth/tenant.server";
import { FieldErrors } from "~/utils/http.server";
import {
  archiveDepartment,
  createDepartment,
  getDepartment,
  listDepartments,
  restoreDepartment,
  updateDepartment,
} from "./departments.server";

/** The HTTP status a service call was refused with (thrown Response), or the thrown value. */
async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error("expected FieldErrors, but the call succeeded");
}

function auditOf(ctx: TenantContext, entityId: string) {
  return withTenant(ctx, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, ctx.orgId), eq(auditEvents.entityId, entityId)))
      .orderBy(asc(auditEvents.createdAt)),
  );
}

describe("departments", () => {
  it("creates departments and lists them as a tree, with parent name, depth and member count", async () => {
    const org = await createTestOrg("dept-tree");
    const admin = org.ctx.admin;
    const [publicWorks, finance] = org.departmentIds as [string, string];
    const streets = await createDepartment(admin, { name: "Streets", code: "pw-st", parentId: publicWorks });
    const signals = await createDepartment(admin, { name: "Signals", code: "PW-SIG", parentId: streets.id });
    await createDepartment(admin, { name: "Accounting", code: "FIN-ACC", parentId: finance });
    await createDepartment(admin, { name: "  Airport  ", code: " AIR " });

    const list = await listDepartments(org.ctx.staff, {});
    expect(list.map((d) => [d.name, d.depth, d.parentName])).toEqual([
      ["Airport", 0, null],
      ["Finance", 0, null],
      ["Accounting", 1, "Finance"],
      ["Public Works", 0, null],
      ["Streets", 1, "Public Works"],
      ["Signals", 2, "Streets"],
    ]);
    const streetsItem = list.find((d) => d.id === streets.id)!;
    expect(streetsItem.code).toBe("pw-st"); // stored as typed
    expect(list.find((d) => d.id === signals.id)!.label).toBe("Public Works › Streets › Signals");
    // The department head and the staff member belong to Public Works.
    expect(list.find((d) => d.id === publicWorks)!.memberCount).toBe(2);
    expect(streetsItem.memberCount).toBe(0);
    expect(list.every((d) => d.archived === false)).toBe(true);

    const audit = await auditOf(admin, streets.id);
    expect(audit.map((a) => a.action)).toEqual(["department.create"]);
    expect(audit[0]!.actorUserId).toBe(admin.userId);
    expect(audit[0]!.after).toMatchObject({ name: "Streets", code: "pw-st", parentId: publicWorks });
  });

  it("renames, recodes and moves a department, auditing before and after", async () => {
    const org = await createTestOrg("dept-update");
    const admin = org.ctx.admin;
    const [publicWorks, finance] = org.departmentIds as [string, string];
    const { id } = await createDepartment(admin, { name: "Fleet", code: "FLT", parentId: publicWorks });

    await updateDepartment(admin, id, { name: "Fleet Services", code: "FLEET", parentId: finance });
    let d = await getDepartment(admin, id);
    expect(d).toMatchObject({ name: "Fleet Services", code: "FLEET", parentId: finance, parentName: "Finance", depth: 1 });
    expect(d.ancestors).toEqual([{ id: finance, name: "Finance" }]);

    await updateDepartment(admin, id, { name: "Fleet Services", code: "FLEET", parentId: null });
    d = await getDepartment(admin, id);
    expect(d.parentId).toBeNull();
    expect(d.depth).toBe(0);

    const audit = await auditOf(admin, id);
    expect(audit.map((a) => a.action)).toEqual(["department.create", "department.update", "department.update"]);
    expect(audit[1]!.before).toMatchObject({ name: "Fleet", code: "FLT", parentId: publicWorks });
    expect(audit[1]!.after).toMatchObject({ name: "Fleet Services", code: "FLEET", parentId: finance });
    expect(audit[2]!.after).toMatchObject({ parentId: null });
  });

  it("refuses a duplicate name or code, case-insensitively, on the right field, and changes nothing", async () => {
    const org = await createTestOrg("dept-dup");
    const admin = org.ctx.admin;
    const before = await listDepartments(admin, { includeArchived: true });

    const nameClash = await fieldErrorsOf(createDepartment(admin, { name: "public works", code: "NEW" }));
    expect(Object.keys(nameClash)).toEqual(["name"]);
    expect(nameClash.name![0]).toMatch(/already called “Public Works”/);

    const codeClash = await fieldErrorsOf(createDepartment(admin, { name: "Parks", code: "fin" }));
    expect(Object.keys(codeClash)).toEqual(["code"]);
    expect(codeClash.code![0]).toMatch(/“FIN” is already used by Finance/);

    const both = await fieldErrorsOf(createDepartment(admin, { name: "FINANCE", code: "pw" }));
    expect(Object.keys(both).sort()).toEqual(["code", "name"]);

    const [publicWorks] = org.departmentIds as [string];
    const renameClash = await fieldErrorsOf(updateDepartment(admin, publicWorks, { name: "Finance", code: "PW" }));
    expect(Object.keys(renameClash)).toEqual(["name"]);
    const recodeClash = await fieldErrorsOf(updateDepartment(admin, publicWorks, { name: "Public Works", code: "Fin" }));
    expect(Object.keys(recodeClash)).toEqual(["code"]);

    expect(await listDepartments(admin, { includeArchived: true })).toEqual(before);
    const audit = await withTenant(admin, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.orgId, admin.orgId)),
    );
    expect(audit.filter((a) => a.action.startsWith("department."))).toEqual([]);
  });

  it("keeps a department's own name and code when only its case changes", async () => {
    const org = await createTestOrg("dept-case");
    const [publicWorks] = org.departmentIds as [string];
    await updateDepartment(org.ctx.admin, publicWorks, { name: "PUBLIC WORKS", code: "pw" });
    expect(await getDepartment(org.ctx.admin, publicWorks)).toMatchObject({ name: "PUBLIC WORKS", code: "pw" });
  });

  it("validates name and code with plain messages", async () => {
    const org = await createTestOrg("dept-validate");
    const admin = org.ctx.admin;
    const errors = await fieldErrorsOf(createDepartment(admin, { name: "X", code: "P W!" }));
    expect(errors.name![0]).toMatch(/at least 2 characters/);
    expect(errors.code![0]).toMatch(/letters, digits and hyphens/);
    const long = await fieldErrorsOf(createDepartment(admin, { name: "n".repeat(121), code: "C".repeat(17) }));
    expect(long.name![0]).toMatch(/at most 120/);
    expect(long.code![0]).toMatch(/at most 16/);
    const empty = await fieldErrorsOf(createDepartment(admin, { name: "   ", code: "" }));
    expect(Object.keys(empty).sort()).toEqual(["code", "name"]);
  });

  it("refuses cycles: a department cannot move under itself or its own descendants", async () => {
    const org = await createTestOrg("dept-cycle");
    const admin = org.ctx.admin;
    const [publicWorks] = org.departmentIds as [string];
    const streets = await createDepartment(admin, { name: "Streets", code: "ST", parentId: publicWorks });
    const signals = await createDepartment(admin, { name: "Signals", code: "SIG", parentId: streets.id });

    const self = await fieldErrorsOf(updateDepartment(admin, publicWorks, { name: "Public Works", code: "PW", parentId: publicWorks }));
    expect(self.parentId![0]).toMatch(/can't be placed under itself/);
    const child = await fieldErrorsOf(updateDepartment(admin, publicWorks, { name: "Public Works", code: "PW", parentId: streets.id }));
    expect(child.parentId![0]).toMatch(/Streets is one of Public Works's own sub-departments/);
    const grandchild = await fieldErrorsOf(
      updateDepartment(admin, publicWorks, { name: "Public Works", code: "PW", parentId: signals.id }),
    );
    expect(grandchild.parentId![0]).toMatch(/sub-departments/);

    expect((await getDepartment(admin, publicWorks)).parentId).toBeNull();
    // The pickers never offer them either.
    const offered = (await getDepartment(admin, publicWorks)).eligibleParents.map((p) => p.id);
    expect(offered).not.toContain(publicWorks);
    expect(offered).not.toContain(streets.id);
    expect(offered).not.toContain(signals.id);
    expect(offered).toContain(org.departmentIds[1]);
  });

  it("refuses an archived parent, for new and moved departments", async () => {
    const org = await createTestOrg("dept-archived-parent");
    const admin = org.ctx.admin;
    const [publicWorks, finance] = org.departmentIds as [string, string];
    await archiveDepartment(admin, finance);

    const created = await fieldErrorsOf(createDepartment(admin, { name: "Payroll", code: "PAY", parentId: finance }));
    expect(created.parentId![0]).toMatch(/Finance is archived/);
    const moved = await fieldErrorsOf(updateDepartment(admin, publicWorks, { name: "Public Works", code: "PW", parentId: finance }));
    expect(moved.parentId![0]).toMatch(/Finance is archived/);
    expect((await listDepartments(admin, { includeArchived: true })).map((d) => d.name)).toEqual(["Finance", "Public Works"]);
  });

  it("archives and restores, hiding archived departments unless asked, and audits both", async () => {
    const org = await createTestOrg("dept-archive");
    const admin = org.ctx.admin;
    const [, finance] = org.departmentIds as [string, string];

    await archiveDepartment(admin, finance);
    expect((await listDepartments(admin)).map((d) => d.name)).toEqual(["Public Works"]);
    const all = await listDepartments(admin, { includeArchived: true });
    expect(all.find((d) => d.id === finance)).toMatchObject({ archived: true });
    expect((await getDepartment(admin, finance)).archived).toBe(true);

    // Archiving twice changes nothing and writes nothing.
    await archiveDepartment(admin, finance);

    await restoreDepartment(admin, finance);
    expect((await listDepartments(admin)).map((d) => d.name)).toEqual(["Finance", "Public Works"]);

    const audit = await auditOf(admin, finance);
    expect(audit.map((a) => a.action)).toEqual(["department.archive", "department.restore"]);
    expect(audit[0]!.before).toMatchObject({ archived: false });
    expect(audit[0]!.after).toMatchObject({ archived: true });
    expect(audit[1]!.after).toMatchObject({ archived: false });
  });

  it("refuses to archive a department with active sub-departments, naming them", async () => {
    const org = await createTestOrg("dept-archive-children");
    const admin = org.ctx.admin;
    const [publicWorks] = org.departmentIds as [string];
    const streets = await createDepartment(admin, { name: "Streets", code: "ST", parentId: publicWorks });
    await createDepartment(admin, { name: "Fleet", code: "FLT", parentId: publicWorks });

    const refused = await fieldErrorsOf(archiveDepartment(admin, publicWorks));
    expect(refused.form![0]).toMatch(/Public Works can't be archived while its sub-departments Fleet, Streets are active/);
    expect((await getDepartment(admin, publicWorks)).archived).toBe(false);

    // Once the children are archived, or moved away, it can be.
    await archiveDepartment(admin, streets.id);
    const fleet = (await listDepartments(admin)).find((d) => d.name === "Fleet")!;
    await updateDepartment(admin, fleet.id, { name: "Fleet", code: "FLT", parentId: null });
    await archiveDepartment(admin, publicWorks);
    expect((await getDepartment(admin, publicWorks)).archived).toBe(true);

    // A child cannot come back under an archived parent.
    const restore = await fieldErrorsOf(restoreDepartment(admin, streets.id));
    expect(restore.form![0]).toMatch(/part of Public Works, which is archived/);
  });

  it("answers 404 for an id of another organization: read, update, parent, archive, restore", async () => {
    const [a, b] = await Promise.all([createTestOrg("dept-a"), createTestOrg("dept-b")]);
    const [aPublicWorks] = a.departmentIds as [string];
    const bAdmin = b.ctx.admin;

    expect(await statusOf(getDepartment(bAdmin, aPublicWorks))).toBe(404);
    expect(await statusOf(updateDepartment(bAdmin, aPublicWorks, { name: "Taken over", code: "X" }))).toBe(404);
    expect(await statusOf(createDepartment(bAdmin, { name: "Annex", code: "ANX", parentId: aPublicWorks }))).toBe(404);
    expect(
      await statusOf(updateDepartment(bAdmin, b.departmentIds[0]!, { name: "Public Works", code: "PW", parentId: aPublicWorks })),
    ).toBe(404);
    expect(await statusOf(archiveDepartment(bAdmin, aPublicWorks))).toBe(404);
    expect(await statusOf(restoreDepartment(bAdmin, aPublicWorks))).toBe(404);
    expect((await listDepartments(bAdmin, { includeArchived: true })).map((d) => d.id)).not.toContain(aPublicWorks);

    // Nothing changed in organization A.
    const aDept = await getDepartment(a.ctx.admin, aPublicWorks);
    expect(aDept).toMatchObject({ name: "Public Works", code: "PW", archived: false, parentId: null });
    expect(await auditOf(a.ctx.admin, aPublicWorks)).toEqual([]);
  });

  it("answers 404, not a server error, for malformed or unknown ids", async () => {
    const org = await createTestOrg("dept-bad-id");
    const admin = org.ctx.admin;
    for (const id of ["not-a-uuid", "", "1 or 1=1", randomUUID()]) {
      expect(await statusOf(getDepartment(admin, id))).toBe(404);
      expect(await statusOf(updateDepartment(admin, id, { name: "Parks", code: "PK" }))).toBe(404);
      expect(await statusOf(archiveDepartment(admin, id))).toBe(404);
      expect(await statusOf(restoreDepartment(admin, id))).toBe(404);
    }
    expect(await statusOf(createDepartment(admin, { name: "Parks", code: "PK", parentId: "nope" }))).toBe(404);
  });

  it("lets readers read and refuses changes to every role but admin with 403", async () => {
    const org = await createTestOrg("dept-roles");
    const [publicWorks] = org.departmentIds as [string];
    for (const role of ["department_head", "staff"] as const) {
      const ctx = org.ctx[role];
      expect((await listDepartments(ctx)).length).toBe(2);
      expect((await getDepartment(ctx, publicWorks)).name).toBe("Public Works");
    }
    expect(await statusOf(listDepartments(org.ctx.elected_official))).toBe(403);
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      const ctx = org.ctx[role];
      expect(await statusOf(createDepartment(ctx, { name: "Parks", code: "PK" }))).toBe(403);
      expect(await statusOf(updateDepartment(ctx, publicWorks, { name: "Renamed", code: "PW" }))).toBe(403);
      expect(await statusOf(archiveDepartment(ctx, publicWorks))).toBe(403);
      expect(await statusOf(restoreDepartment(ctx, publicWorks))).toBe(403);
    }
    expect(await getDepartment(org.ctx.admin, publicWorks)).toMatchObject({ name: "Public Works", archived: false });
    expect(await listDepartments(org.ctx.admin)).toHaveLength(2);
  });
});
