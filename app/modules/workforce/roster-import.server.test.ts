import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, importMappings, staffMembers } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { statusOf } from "~/modules/plans/plans.test-helpers";
import { commitRosterImport, previewRosterImport, proposeRosterMapping } from "./roster-import.server";

// The HR system's export as it comes: its own column names, padded cells, a blank trailing row.
const HEADER = "Emp ID,Employee Name,Work Email,Dept,Position Title,Supervisory Level,Date Hired,Race/Ethnicity,Gender,Age,Veteran Status,Disability";
const ROWS = [
  "1001,Maria Lopez,MLopez@city.example,PW,Streets Supervisor,Supervisor,3/14/2012,Hispanic or Latino,Female,44,No,No",
  "1002,  James Okafor ,,Finance,Accountant,staff,2019-08-01,Black or African American,Male,31,Yes,No",
  "1003,Ann Lee,alee@city.example,pw,Director of Public Works,Executive,2005-01-10,,Female,58,,",
];
const file = (rows: string[]) => [HEADER, ...rows, ",,,,,,,,,,,", ""].join("\r\n");

async function roster(org: TestOrg) {
  return withTenant(org.ctx.admin, (tx) => tx.select().from(staffMembers).where(eq(staffMembers.orgId, org.orgId)).orderBy(staffMembers.employeeNumber));
}

describe("roster import", () => {
  it("proposes a mapping from the HR system's column names", () => {
    const header = HEADER.split(",").map((h) => h.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, ""));
    expect(proposeRosterMapping(header).columns).toEqual({
      employee_number: "emp_id",
      full_name: "employee_name",
      email: "work_email",
      department: "dept",
      job_title: "position_title",
      supervisory_level: "supervisory_level",
      hire_date: "date_hired",
      race_ethnicity: "race_ethnicity",
      gender: "gender",
      age_band: "age",
      veteran: "veteran_status",
      disability: "disability",
    });
  });

  it("refuses a file with a bad row, writing nothing and naming the row and column; the fixed file imports", async () => {
    const org = await createTestOrg("roster-bad");
    const admin = org.ctx.admin;
    const bad = file([...ROWS, "1004,Tom Reyes,,Parks,Ranger,Chief Grand Poobah,2030-01-01,,,,,", "1001,Maria Again,,PW,Clerk,staff,,,,,,"]);
    const preview = await previewRosterImport(admin, { csv: bad });
    expect(preview.ok).toBe(false);
    expect(preview.errors).toEqual([
      { row: 5, column: "Dept", reason: "No department has the code or name “Parks”. Add it under Departments, or correct the file." },
      { row: 5, column: "Supervisory Level", reason: "“Chief Grand Poobah” is not a supervisory level. Use executive, manager, supervisor or staff." },
      { row: 5, column: "Date Hired", reason: "The hire date is in the future. Import people once they have started." },
      { row: 6, column: "Emp ID", reason: "Row 2 has the same employee number (1001): each person appears once." },
    ]);
    const refused = await commitRosterImport(admin, { csv: bad });
    expect(refused.ok).toBe(false);
    expect(await roster(org)).toEqual([]);

    const good = file(ROWS);
    const ok = await previewRosterImport(admin, { csv: good });
    expect(ok).toMatchObject({ ok: true, mappingSource: "proposed", rowsRead: 3, blankRows: 1, counts: { create: 3, update: 0, unchanged: 0, leave: 0 } });
    const done = await commitRosterImport(admin, { csv: good });
    expect(done).toEqual({ ok: true, created: 3, updated: 0, reactivated: 0, unchanged: 0, left: 0 });
    const people = await roster(org);
    expect(people.map((p) => [p.employeeNumber, p.fullName, p.email, p.departmentId, p.supervisoryLevel, p.hireDate, p.ageBand, p.raceEthnicity])).toEqual([
      ["1001", "Maria Lopez", "mlopez@city.example", org.departmentIds[0], "supervisor", "2012-03-14", "35–44", "Hispanic or Latino"],
      ["1002", "James Okafor", null, org.departmentIds[1], "staff", "2019-08-01", "25–34", "Black or African American"],
      ["1003", "Ann Lee", "alee@city.example", org.departmentIds[0], "executive", "2005-01-10", "55–64", null],
    ]);
  });

  it("re-imports idempotently, marks people missing from a full import as having left, and brings them back", async () => {
    const org = await createTestOrg("roster-again");
    const admin = org.ctx.admin;
    await commitRosterImport(admin, { csv: file(ROWS) });
    const before = await roster(org);

    // The same file again: nothing changes, not even the audit log; the mapping was remembered.
    const again = await previewRosterImport(admin, { csv: file(ROWS) });
    expect(again).toMatchObject({ ok: true, mappingSource: "saved", counts: { create: 0, update: 0, unchanged: 3, leave: 0 } });
    expect(await commitRosterImport(admin, { csv: file(ROWS) })).toEqual({ ok: true, created: 0, updated: 0, reactivated: 0, unchanged: 3, left: 0 });
    expect(await roster(org)).toEqual(before);
    const audits = () =>
      withTenant(admin, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "roster.import"))));
    expect(await audits()).toHaveLength(1);

    // Ann Lee is not in the next full export: she is marked as having left, not deleted; the
    // preview says so by name. James changed department.
    const next = file([ROWS[0]!, ROWS[1]!.replace(",Finance,", ",PW,")]);
    const preview = await previewRosterImport(admin, { csv: next, today: "2026-04-30" });
    expect(preview.counts).toEqual({ create: 0, update: 1, reactivate: 0, unchanged: 1, leave: 1 });
    expect(preview.leavers).toEqual([{ employeeNumber: "1003", fullName: "Ann Lee" }]);
    // An "update" import of the same file leaves her alone.
    expect((await previewRosterImport(admin, { csv: next, mode: "update" })).counts.leave).toBe(0);
    await commitRosterImport(admin, { csv: next, today: "2026-04-30" });
    const after = await roster(org);
    expect(after.map((p) => [p.employeeNumber, p.isActive, p.leftOn, p.departmentId])).toEqual([
      ["1001", true, null, org.departmentIds[0]],
      ["1002", true, null, org.departmentIds[0]],
      ["1003", false, "2026-04-30", org.departmentIds[0]],
    ]);
    // The audit log names who changed, never a demographic value.
    const log = JSON.stringify(await audits());
    expect(log).toContain("1003");
    for (const value of ["Hispanic or Latino", "Female", "35–44", "Black or African American"]) expect(log).not.toContain(value);

    // She comes back in the next file: active again, same record.
    expect((await commitRosterImport(admin, { csv: file(ROWS) })).ok).toBe(true);
    const back = (await roster(org)).find((p) => p.employeeNumber === "1003")!;
    expect([back.id, back.isActive, back.leftOn]).toEqual([before.find((p) => p.employeeNumber === "1003")!.id, true, null]);
  });

  it("uses a given mapping, keeps demographics a file does not carry, and never echoes demographic values in the preview", async () => {
    const org = await createTestOrg("roster-map");
    const admin = org.ctx.admin;
    await commitRosterImport(admin, { csv: file(ROWS) });
    // A payroll export with other names and no demographic columns.
    const payroll = ["Number,Surname,Given,Home Dept,Level", "1001,Lopez,Maria,PW,supervisor", "1002,Okafor,James,FIN,staff", "1003,Lee,Ann,PW,executive"].join("\n");
    const proposed = await previewRosterImport(admin, { csv: payroll, mode: "update" });
    expect(proposed.ok).toBe(false);
    expect(proposed.errors.map((e) => e.reason)).toContain("Map the Employee number column: people are matched by it.");
    const mapping = { columns: { employee_number: "Number", first_name: "Given", last_name: "Surname", department: "Home Dept", supervisory_level: "Level" } };
    const preview = await previewRosterImport(admin, { csv: payroll, mapping, mode: "update" });
    expect(preview).toMatchObject({ ok: true, counts: { update: 0, unchanged: 3 } });
    await commitRosterImport(admin, { csv: payroll, mapping, mode: "update" });
    expect((await roster(org)).map((p) => p.gender)).toEqual(["Female", "Male", "Female"]);
    const [saved] = await withTenant(admin, (tx) =>
      tx.select().from(importMappings).where(and(eq(importMappings.orgId, org.orgId), eq(importMappings.kind, "roster"), eq(importMappings.headerSignature, "number|surname|given|home_dept|level"))),
    );
    expect(saved?.mapping).toEqual({ columns: { employee_number: "number", first_name: "given", last_name: "surname", department: "home_dept", supervisory_level: "level" } });

    const withDemographics = await previewRosterImport(admin, { csv: file(ROWS) });
    const json = JSON.stringify(withDemographics);
    for (const value of ["Hispanic or Latino", "Black or African American", "Female", "\"44\"", "35–44"]) expect(json).not.toContain(value);
    expect(withDemographics.columns.find((c) => c.name === "gender")?.sample).toBe("");
    expect(withDemographics.columns.find((c) => c.name === "position_title")?.sample).toBe("Streets Supervisor");
  });

  it("is for administrators only", async () => {
    const org = await createTestOrg("roster-perm");
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      expect(await statusOf(previewRosterImport(org.ctx[role], { csv: file(ROWS) }))).toBe(403);
      expect(await statusOf(commitRosterImport(org.ctx[role], { csv: file(ROWS) }))).toBe(403);
    }
    expect(await roster(org)).toEqual([]);
  });
});
