import { and, asc, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { auditEvents, measurements, measures, objectives } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE, type TestOrg } from "#db/test/factories";
import { neutralizeCell, toCsv } from "~/modules/core/csv";
import { exportMeasurementsCsv, exportObjectivesCsv } from "./plan-export.server";
import { commitImport, commitMeasurementImport, commitObjectiveImport, previewImport, previewMeasurementImport, previewObjectiveImport } from "./plan-import.server";
import { createMeasure, getMeasure, recordMeasurement } from "./plans.server";
import { buildSmallPlan, statusOf, type SmallPlan } from "./plans.test-helpers";
import { addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { periodStart } from "~/modules/core/periods";

async function snapshot(org: TestOrg, planId: string) {
  return withTenant(org.ctx.admin, async (tx) => {
    const o = await tx.select().from(objectives).where(and(eq(objectives.orgId, org.orgId), eq(objectives.planId, planId)));
    const m = await tx
      .select({ measureId: measurements.measureId, period: measurements.period, value: measurements.value, note: measurements.note, updatedAt: measurements.updatedAt })
      .from(measurements)
      .innerJoin(measures, and(eq(measures.orgId, measurements.orgId), eq(measures.id, measurements.measureId)))
      .where(and(eq(measurements.orgId, org.orgId), eq(measures.planId, planId)));
    const a = await tx.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.entityId, planId)))
      .orderBy(asc(auditEvents.createdAt));
    const sort = <T,>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    return { objectives: sort(o), measurements: sort(m), audit: a.map((x) => x.action) };
  });
}

async function codesOf(org: TestOrg, p: SmallPlan): Promise<{ own: string; other: string }> {
  const [own, other] = await Promise.all([getMeasure(org.ctx.admin, p.ownMeasureId), getMeasure(org.ctx.admin, p.otherMeasureId)]);
  return { own: own.code, other: other.code };
}

const month = (back: number) => periodStart(addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), -back), "monthly", 7);

describe("measurement import", () => {
  it("a file with bad rows writes nothing and reports each bad row with its row number, column and reason", async () => {
    const org = await createTestOrg("import-bad");
    const p = await buildSmallPlan(org);
    const { own, other } = await codesOf(org, p);
    const before = await snapshot(org, p.planId);
    const csv = [
      "Measure,Period,Value,Note",
      `${own},${month(3)},61.5,ok`,
      `NOPE-9,${month(3)},10,unknown measure`,
      `${own},${month(2)},twelve,bad number`,
      `${other},2026-02-30,4,not a date`,
      `${own},${addMonths(month(2), 0).slice(0, 8)}15,4,not a period start`,
      `${own},${month(3)},62,duplicate of row 2`,
      ``,
      `${own},${month(1)},"1,250.5","fine, with a comma"`,
    ].join("\n");
    const preview = await previewMeasurementImport(org.ctx.admin, p.planId, csv);
    expect(preview.ok).toBe(false);
    expect(preview.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "measure"],
      [4, "value"],
      [5, "period"],
      [6, "period"],
      [7, "period"],
    ]);
    expect(preview.errors.find((e) => e.row === 3)!.reason).toContain("no measure with the code “NOPE-9”");
    expect(preview.errors.find((e) => e.row === 7)!.reason).toContain("row 2");
    expect(preview.rows.map((r) => [r.row, r.action])).toEqual([
      [2, "create"],
      [3, null],
      [4, null],
      [5, null],
      [6, null],
      [7, null],
      [9, "create"],
    ]);
    expect(preview.counts).toEqual({ create: 2, update: 0, unchanged: 0, invalid: 5, blank: 1 });

    const result = await commitMeasurementImport(org.ctx.admin, p.planId, csv);
    expect(result).toMatchObject({ ok: false, created: 0 });
    expect(result.ok ? [] : result.errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7]);
    expect(await snapshot(org, p.planId)).toEqual(before);

    // A file that isn't what we expect fails as a whole, before any row.
    const noValue = await previewMeasurementImport(org.ctx.admin, p.planId, "measure,period\nX,2026-01-01");
    expect(noValue.errors).toEqual([{ row: 1, column: "value", reason: expect.stringContaining("value") }]);
    const broken = await previewMeasurementImport(org.ctx.admin, p.planId, `measure,period,value\n${own},"${month(1)},1\n`);
    expect(broken.ok).toBe(false);
    expect(broken.errors[0]!.reason).toContain("not valid CSV");
    expect((await previewMeasurementImport(org.ctx.admin, p.planId, "measure,period,value\n")).errors[0]!.reason).toContain("no data rows");
  });

  it("a good file imports in one go; the same file again changes nothing; a changed value updates just that row", async () => {
    const org = await createTestOrg("import-good");
    const p = await buildSmallPlan(org);
    const { own, other } = await codesOf(org, p);
    const { id: quarterly, code: qCode } = await createMeasure(org.ctx.admin, p.ownObjectiveId, { name: "Crashes", direction: "lower_is_better", reportingFrequency: "quarterly" });
    const q = periodStart(addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), -5), "quarterly", 7);
    const rows = [
      ["measure", "period", "value", "note"],
      [own.toUpperCase(), month(3).slice(0, 7), "61.50", ""],
      [own, month(2), "62", "Resurfacing season"],
      [other, month(2), "-1,000.25", ""],
      [qCode, q, "14", "=not a formula once imported"],
    ];
    const csv = toCsv(rows[0]!, rows.slice(1));
    const preview = await previewImport(org.ctx.department_head, { kind: "measurements", planId: p.planId }, csv).catch((e: unknown) => e);
    // The department head may not import Finance's measure: reported on that row.
    expect((preview as { errors: { row: number; column: string }[] }).errors.map((e) => [e.row, e.column])).toEqual([[4, "measure"]]);

    const first = await commitImport(org.ctx.admin, { kind: "measurements", planId: p.planId }, csv);
    expect(first).toEqual({ ok: true, kind: "measurements", created: 4, updated: 0, unchanged: 0 });
    const values = (await getMeasure(org.ctx.admin, p.ownMeasureId)).measurements.map((m) => [m.period, m.value, m.note]);
    expect(values).toEqual([
      [month(3), "61.5", ""],
      [month(2), "62", "Resurfacing season"],
    ]);
    expect((await getMeasure(org.ctx.admin, p.otherMeasureId)).measurements[0]!.value).toBe("-1000.25");
    expect((await getMeasure(org.ctx.admin, quarterly)).measurements[0]!.note).toBe("=not a formula once imported");

    const after = await snapshot(org, p.planId);
    const again = await commitMeasurementImport(org.ctx.admin, p.planId, csv);
    expect(again).toEqual({ ok: true, kind: "measurements", created: 0, updated: 0, unchanged: 4 });
    expect(await snapshot(org, p.planId)).toEqual(after);
    expect(after.audit).toEqual(["plan.create", "measurements.import"]);

    const changed = csv.replace("Resurfacing season", "Resurfacing season (revised)");
    expect(await previewMeasurementImport(org.ctx.admin, p.planId, changed)).toMatchObject({ ok: true, counts: { create: 0, update: 1, unchanged: 3 } });
    expect(await commitMeasurementImport(org.ctx.admin, p.planId, changed)).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    // Without a note column, notes are kept as they are.
    const noNotes = `measure,period,value\n${own},${month(2)},62\n`;
    expect(await commitMeasurementImport(org.ctx.admin, p.planId, noNotes)).toMatchObject({ ok: true, unchanged: 1 });
  });

  it("an exported measurements file imports back with no change, and its cells can't run as formulas", async () => {
    const org = await createTestOrg("import-roundtrip");
    const p = await buildSmallPlan(org);
    await recordMeasurement(org.ctx.admin, p.ownMeasureId, { period: month(2), value: "-5", note: "=HYPERLINK(\"http://evil.example\")" });
    await recordMeasurement(org.ctx.admin, p.ownMeasureId, { period: month(1), value: "7.25", note: "@SUM(A1:A9)" });
    await recordMeasurement(org.ctx.admin, p.otherMeasureId, { period: month(1), value: "12", note: "+1 from last month" });
    const exported = await exportMeasurementsCsv(org.ctx.staff, p.planId);
    expect(exported.rowCount).toBe(3);
    expect(exported.fileName).toMatch(/^strategic-plan-measurements-\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parse(exported.csv, { bom: true }) as string[][];
    expect(records[0]!.slice(0, 4)).toEqual(["measure", "period", "value", "note"]);
    const cells = records.slice(1).map((r) => [r[2], r[3]]);
    expect(cells).toEqual([
      ["-5", "'=HYPERLINK(\"http://evil.example\")"],
      ["7.25", "'@SUM(A1:A9)"],
      ["12", "'+1 from last month"],
    ]);
    for (const cell of records.slice(1).flat()) expect(/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell))).toBe(false);
    expect(await commitMeasurementImport(org.ctx.admin, p.planId, exported.csv)).toEqual({ ok: true, kind: "measurements", created: 0, updated: 0, unchanged: 3 });
  });

  it("neutralizes every formula-starting cell and leaves plain numbers alone", () => {
    expect(["=1+1", "+1", "-1+2", "@x", "\tx", "\rx", "-3.5", "-12", "plain", ""].map(neutralizeCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1+2",
      "'@x",
      "'\tx",
      "'\rx",
      "-3.5",
      "-12",
      "plain",
      "",
    ]);
  });
});

describe("objective import and export", () => {
  it("imports objectives by code (create, then unchanged), reports bad rows without writing, and exports back to the same file", async () => {
    const org = await createTestOrg("import-objectives");
    const admin = org.ctx.admin;
    const p = await buildSmallPlan(org);
    const headEmail = org.ctx.department_head.user.email;
    const good = [
      "code,goal,title,department,description,owner_email,due_date,reporting_frequency",
      `PW-7,1,Sweep every street monthly,pw,"Covers all 420 lane-miles, twice in spring",${headEmail},2028-06-30,monthly`,
      `FIN-2,Safe streets,"=Fund the reserve",FIN,,,,yearly`,
    ].join("\r\n");
    const preview = await previewObjectiveImport(admin, p.planId, good);
    expect(preview).toMatchObject({ ok: true, counts: { create: 2, update: 0, unchanged: 0 } });
    expect(await commitObjectiveImport(admin, p.planId, good)).toEqual({ ok: true, kind: "objectives", created: 2, updated: 0, unchanged: 0 });
    const after = await snapshot(org, p.planId);
    expect(await commitObjectiveImport(admin, p.planId, good)).toEqual({ ok: true, kind: "objectives", created: 0, updated: 0, unchanged: 2 });
    expect(await snapshot(org, p.planId)).toEqual(after);

    const exported = await exportObjectivesCsv(org.ctx.elected_official, p.planId);
    const records = parse(exported.csv, { bom: true }) as string[][];
    const sweep = records.find((r) => r[0] === "PW-7")!;
    expect(sweep.slice(0, 8)).toEqual(["PW-7", "1", "Sweep every street monthly", "Covers all 420 lane-miles, twice in spring", "PW", headEmail, "2028-06-30", "monthly"]);
    expect(records.find((r) => r[0] === "FIN-2")![2]).toBe("'=Fund the reserve");
    // Re-importing the export (every objective of the plan) changes nothing.
    expect(await commitObjectiveImport(admin, p.planId, exported.csv)).toEqual({ ok: true, kind: "objectives", created: 0, updated: 0, unchanged: 4 });
    expect(await snapshot(org, p.planId)).toEqual(after);

    const bad = [
      "code,goal,title,department,due_date,reporting_frequency",
      "PW-8,1,Plant 500 trees,PW,2028-02-30,monthly",
      "PW-9,7,Fix sidewalks,PW,,quarterly",
      "PW-10,1,Fill potholes,ZZ,,weekly",
      "PW-7,1,Sweep every street weekly,PW,,monthly",
      "pw-7,1,Sweep again,PW,,monthly",
      "bad code!,1,Ok title,PW,,",
    ].join("\n");
    const badPreview = await previewObjectiveImport(admin, p.planId, bad);
    expect(badPreview.errors.map((e) => [e.row, e.column])).toEqual([
      [2, "due_date"],
      [3, "goal"],
      [4, "department"],
      [4, "reporting_frequency"],
      [6, "code"],
      [7, "code"],
    ]);
    expect(await commitObjectiveImport(admin, p.planId, bad)).toMatchObject({ ok: false });
    expect(await snapshot(org, p.planId)).toEqual(after);

    // A department head imports only their department's objectives.
    const headFile = "code,goal,title,department\nPW-11,1,Clear storm drains,PW\nFIN-3,1,Audit on time,FIN\n";
    const headPreview = await previewObjectiveImport(org.ctx.department_head, p.planId, headFile);
    expect(headPreview.errors.map((e) => [e.row, e.column])).toEqual([[3, "department"]]);
    const edit = "code,goal,title,department\nFIN-2,1,Fund the reserve,FIN\n";
    expect((await previewObjectiveImport(org.ctx.department_head, p.planId, edit)).errors.map((e) => e.column)).toEqual(["code", "department"]);
  });

  it("only people who may see and edit the plan can export or import it (404 across organizations, 403 by role)", async () => {
    const [org, other] = await Promise.all([createTestOrg("import-own"), createTestOrg("import-intruder")]);
    const p = await buildSmallPlan(org);
    const draft = await buildSmallPlan(org, { status: "draft", title: "Draft" });
    const { own } = await codesOf(org, p);
    const csv = `measure,period,value\n${own},${month(1)},1\n`;
    const before = await snapshot(org, p.planId);
    expect(await statusOf(exportObjectivesCsv(other.ctx.admin, p.planId))).toBe(404);
    expect(await statusOf(exportMeasurementsCsv(other.ctx.admin, p.planId))).toBe(404);
    expect(await statusOf(previewMeasurementImport(other.ctx.admin, p.planId, csv))).toBe(404);
    expect(await statusOf(commitMeasurementImport(other.ctx.admin, p.planId, csv))).toBe(404);
    expect(await statusOf(commitObjectiveImport(other.ctx.admin, p.planId, "code,goal,title,department\nX,1,Intruder,PW\n"))).toBe(404);
    expect(await statusOf(commitMeasurementImport(org.ctx.elected_official, p.planId, csv))).toBe(403);
    expect(await statusOf(exportMeasurementsCsv(org.ctx.elected_official, draft.planId))).toBe(404);
    expect(await snapshot(org, p.planId)).toEqual(before);
    // Codes are looked up in the importing organization's own plan only.
    const theirs = await buildSmallPlan(other);
    const leak = await previewMeasurementImport(other.ctx.admin, theirs.planId, `measure,period,value\n${own}.9,${month(1)},1\n`);
    expect(leak.errors.map((e) => e.column)).toEqual(["measure"]);
  });
});
