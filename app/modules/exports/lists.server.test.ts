import { randomUUID } from "node:crypto";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { departments, staffMembers } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { fillEveryTenantTable } from "#db/test/fill-tenant-tables";
import { rawQuery } from "#db/client.server";
import { budgetLinesCsv, demographicSummaryCsv, departmentsCsv, invitationsCsv, objectiveHistoryCsv, workforceGoalHistoryCsv, membersCsv, plansCsv, rosterCsv, staleItemsCsv, workforceGoalsCsv } from "./lists.server";

const rowsOf = (csv: string) => parse(csv, { bom: true }) as string[][];

let org: TestOrg;
const MARK = `Marker-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  org = await createTestOrg("lists");
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: null });
    await tx.insert(departments).values({ orgId: org.orgId, code: "EVIL", name: "=HYPERLINK(\"http://x\")" });
    await tx.insert(staffMembers).values([
      { orgId: org.orgId, employeeNumber: "E1", fullName: "Ana Lee", departmentId: org.departmentIds[0]!, gender: MARK, raceEthnicity: MARK, ageBand: MARK, veteran: MARK, disability: MARK },
      { orgId: org.orgId, employeeNumber: "E2", fullName: "Bo Diaz", departmentId: org.departmentIds[1]!, gender: MARK },
    ]);
  });
});

describe("list CSVs", () => {
  it("the roster has no demographic column or value, and follows the caller's reach", async () => {
    const admin = await rosterCsv(org.ctx.admin, {});
    expect(rowsOf(admin.csv)[0]).toEqual(["employee_number", "full_name", "email", "department", "job_title", "supervisory_level", "hire_date", "active", "left_on"]);
    expect(admin.rowCount).toBe(2);
    expect(admin.csv).not.toContain(MARK);
    // A department head reads their own department's people only.
    const head = await rosterCsv(org.ctx.department_head, {});
    expect(rowsOf(head.csv).slice(1).map((r) => r[1])).toEqual(["Ana Lee"]);
  });

  it("departments and members come out as the pages list them, formulas neutralized", async () => {
    const d = rowsOf((await departmentsCsv(org.ctx.admin)).csv);
    expect(d.find((r) => r[0] === "EVIL")![1]).toBe("'=HYPERLINK(\"http://x\")");
    const m = await membersCsv(org.ctx.admin);
    expect(m.rowCount).toBe(4);
    expect(rowsOf(m.csv)[0]).toEqual(["name", "email", "role", "department", "joined_at"]);
    await expect(membersCsv(org.ctx.staff)).rejects.toMatchObject({ status: 403 });
  });

  it("plans, stale items and workforce goals answer with their headers even when empty", async () => {
    expect(rowsOf((await plansCsv(org.ctx.admin)).csv)[0]).toContain("objectives_on_track");
    expect((await staleItemsCsv(org.ctx.admin, { departmentId: null, planId: null })).rowCount).toBe(0);
    expect(rowsOf((await workforceGoalsCsv(org.ctx.admin, { departmentId: null, staleOnly: false })).csv)[0]).toContain("latest_value");
    await expect(workforceGoalsCsv(org.ctx.staff, { departmentId: null, staleOnly: false })).rejects.toMatchObject({ status: 403 });
  });

  it("budget lines come out in dollars as plain decimals, every page, for the fiscal year asked", async () => {
    const filled = await createTestOrg("lists-budget");
    await fillEveryTenantTable(filled);
    const file = await budgetLinesCsv(filled.ctx.admin, { fiscalYear: 2026 });
    const [header, ...rows] = rowsOf(file.csv);
    expect(rows).toHaveLength(1);
    expect(rows[0]![header!.indexOf("adopted")]).toBe("1234.56");
    expect(rows[0]![header!.indexOf("category")]).toBe("Personnel");
    expect(file.fileName).toMatch(/-budget-lines-fy2026-/);
    await expect(budgetLinesCsv(filled.ctx.staff, { fiscalYear: 2026 })).rejects.toMatchObject({ status: 403 });
  });

  it("the demographic summary is counts only, suppressed as on the page, for administrators", async () => {
    const file = await demographicSummaryCsv(org.ctx.admin);
    expect(rowsOf(file.csv)[0]).toEqual(["field", "group", "active_staff", "note"]);
    // Two people, threshold 5: no group is shown or even named, and no person is in the file.
    expect(file.csv).not.toContain(MARK);
    expect(file.csv).not.toContain("Ana Lee");
    await expect(demographicSummaryCsv(org.ctx.department_head)).rejects.toMatchObject({ status: 403 });
  });

  it("invitations are listed for administrators without their link or its hash", async () => {
    const filled = await createTestOrg("lists-invitations");
    await fillEveryTenantTable(filled);
    const file = await invitationsCsv(filled.ctx.admin);
    expect(file.rowCount).toBe(1);
    const [{ h } = { h: "" }] = await rawQuery<{ h: string }>(`select token_hash as h from invitations where org_id = $1`, [filled.orgId]);
    expect(h.length).toBeGreaterThan(10);
    expect(file.csv).not.toContain(h);
    await expect(invitationsCsv(filled.ctx.department_head)).rejects.toMatchObject({ status: 403 });
  });

  it("a workforce goal's values and status updates come out in one file; another organization's goal is a 404", async () => {
    const filled = await createTestOrg("lists-goal");
    await fillEveryTenantTable(filled);
    const [{ id } = { id: "" }] = await rawQuery<{ id: string }>(`select id from workforce_goals where org_id = $1`, [filled.orgId]);
    const rows = rowsOf((await workforceGoalHistoryCsv(filled.ctx.admin, id)).csv);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ["value", "9.5", ""],
      ["status update", "", "On track"],
    ]);
    await expect(workforceGoalHistoryCsv(org.ctx.admin, id)).rejects.toMatchObject({ status: 404 });
  });

  it("an objective's status updates and measure values come out in one file", async () => {
    const filled = await createTestOrg("lists-objective");
    await fillEveryTenantTable(filled);
    const [{ id } = { id: "" }] = await rawQuery<{ id: string }>(`select id from objectives where org_id = $1`, [filled.orgId]);
    const rows = rowsOf((await objectiveHistoryCsv(filled.ctx.admin, id)).csv);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[4], r[5]])).toEqual([
      ["status update", "", "", "On track"],
      ["value", "1.1.1 Measure", "4.5", ""],
    ]);
    await expect(objectiveHistoryCsv(org.ctx.admin, id)).rejects.toMatchObject({ status: 404 });
  });
});
