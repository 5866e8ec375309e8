// The full organization export against the database itself: every tenant table the Postgres
// catalog knows of has an export decision (a new table without one fails here), each exported
// table holds exactly the organization's rows (counted directly, as the owner), nothing of another
// organization, no secret or per-person demographic column, and no suppressed survey statistic.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { rawQuery } from "#db/client.server";
import { createTestOrg, tenantTables, type TestOrg } from "#db/test/factories";
import { fillEveryTenantTable } from "#db/test/fill-tenant-tables";
import { addRoster, closeNow, openWithInvitations } from "~/modules/assessments/assessments.test-helpers";
import { openSurvey, submitSurvey } from "~/modules/assessments/respond.server";
import { EXPORT_DECISIONS, exportOrganization, type ExportManifest } from "./org-export.server";

const SECRET_OR_PERSONAL = ["password_hash", "token_hash", "body_text", "to_address", "race_ethnicity", "gender", "age_band", "veteran", "disability"];

async function answerAll(token: string, value: number) {
  const lookup = await openSurvey({ token });
  if (lookup.status !== "ready") throw new Error(`survey not ready: ${lookup.reason}`);
  const answers: Record<string, number> = {};
  for (const step of lookup.survey.steps) for (const item of step.items) answers[item.id] = value;
  const res = await submitSurvey({ token }, { answers });
  expect(res).toMatchObject({ status: "submitted" });
}

let a: TestOrg;
let b: TestOrg;
let files: Record<string, string>;
let raw: Record<string, Uint8Array>;
let manifest: ExportManifest;
let smallDepartmentName: string;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestOrg("export-a"), createTestOrg("export-b")]);
  await fillEveryTenantTable(a);
  await fillEveryTenantTable(b);
  // A closed campaign: two departments of 6 answering 5, one of 2 answering 1 (below k = 5).
  const ids = await addRoster(a, [
    ...Array.from({ length: 6 }, () => ({ department: "BIG1" })),
    ...Array.from({ length: 6 }, () => ({ department: "BIG2" })),
    ...Array.from({ length: 2 }, () => ({ department: "SMALL" })),
  ]);
  smallDepartmentName = `SMALL ${ids.get("SMALL")!.slice(0, 6)}`;
  const { campaign, tokens } = await openWithInvitations(a, { title: "Export survey", commentsEnabled: false });
  for (const t of tokens) await answerAll(t.token, t.departmentName === smallDepartmentName ? 1 : 5);
  await closeNow(a, campaign.id);

  const out = await exportOrganization(a.ctx.admin, { now: new Date("2026-11-24T12:00:00Z") });
  expect(out.fileName).toMatch(/^praxis-export-a-[a-z0-9-]+-export-2026-11-24\.zip$/);
  raw = unzipSync(out.zip);
  files = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, new TextDecoder().decode(v)]));
  manifest = JSON.parse(files["manifest.json"]!) as ExportManifest;
}, 120_000);

const rowsOf = (csv: string) => parse(csv, { bom: true }) as string[][];

describe("the full organization export", () => {
  it("has a decision for every tenant table in the catalog, and one file per exported table", async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThan(30);
    const undecided = tables.filter((t) => !(t in EXPORT_DECISIONS) || !(t in manifest.tables));
    expect(undecided).toEqual([]);
    for (const t of tables) {
      const d = EXPORT_DECISIONS[t]!;
      expect({ t, file: `tables/${t}.csv` in files }).toEqual({ t, file: d.kind === "rows" });
    }
  });

  it("holds exactly the organization's rows of each table, counted directly in the database", async () => {
    for (const t of await tenantTables()) {
      if (EXPORT_DECISIONS[t]!.kind !== "rows") continue;
      const [{ n } = { n: -1 }] = await rawQuery<{ n: number }>(`select count(*)::int as n from "${t}" where org_id = $1`, [a.orgId]);
      const [header = [], ...body] = rowsOf(files[`tables/${t}.csv`]!);
      const orgCol = header.indexOf("org_id");
      expect({ t, orgCol: orgCol >= 0, rows: body.length, hasRows: n > 0 }).toEqual({ t, orgCol: true, rows: n, hasRows: true });
      expect({ t, otherOrgs: body.filter((r) => r[orgCol] !== a.orgId).length }).toEqual({ t, otherOrgs: 0 });
      expect(manifest.files.find((f) => f.path === `tables/${t}.csv`)).toMatchObject({ table: t, rowCount: n, columns: header });
    }
    const [org] = rowsOf(files["tables/organizations.csv"]!).slice(1);
    expect(org![0]).toBe(a.orgId);
  });

  it("contains nothing of another organization", () => {
    for (const [path, text] of Object.entries(files)) expect({ path, leaks: text.includes(b.orgId) }).toEqual({ path, leaks: false });
  });

  it("has no secret or per-person demographic column, and no token hash anywhere", async () => {
    for (const [path, text] of Object.entries(files)) {
      if (!path.endsWith(".csv")) continue;
      const header = rowsOf(text)[0] ?? [];
      expect({ path, secret: header.filter((h) => SECRET_OR_PERSONAL.includes(h)) }).toEqual({ path, secret: [] });
    }
    expect(Object.keys(files).filter((p) => /users|sessions|sign_in/.test(p))).toEqual([]);
    const hashes = await rawQuery<{ h: string }>(
      `select token_hash as h from invitations where org_id = $1 union all select token_hash from assessment_invitations where org_id = $1`,
      [a.orgId],
    );
    expect(hashes.length).toBeGreaterThan(10);
    const all = Object.values(files).join("\n");
    expect(hashes.filter((h) => all.includes(h.h))).toEqual([]);
    // Raw survey rows: no response id, and no per-person invitation row, is anywhere in the file.
    const responseIds = await rawQuery<{ id: string }>(`select id from assessment_responses where org_id = $1`, [a.orgId]);
    const invitationIds = await rawQuery<{ id: string }>(`select id from assessment_invitations where org_id = $1`, [a.orgId]);
    expect(responseIds.length).toBeGreaterThanOrEqual(14);
    expect([...responseIds, ...invitationIds].filter((r) => all.includes(r.id))).toEqual([]);
    expect(rowsOf(files["tables/staff_members.csv"]!)[0]).toContain("full_name");
  });

  it("has survey results only as suppressed aggregates: the small department has no number", () => {
    const results = Object.keys(files).filter((p) => p.startsWith("assessment-results/") && p.endsWith("/results-by-department.csv"));
    expect(results).toHaveLength(1);
    const [header = [], ...body] = rowsOf(files[results[0]!]!);
    const small = body.filter((r) => r[0] === smallDepartmentName);
    expect(small).toHaveLength(1);
    const note = header.indexOf("Note");
    // Every cell of its row but the group and the note is blank.
    expect(small[0]!.filter((cell, i) => i !== 0 && i !== note && cell !== "")).toEqual([]);
    expect(small[0]![note]).toMatch(/Hidden to protect anonymity/);
    // No mean of 1 (only the small department answered 1) appears in any aggregate file.
    for (const path of Object.keys(files).filter((p) => p.startsWith("assessment-results/"))) {
      const meanCol = rowsOf(files[path]!)[0]!.indexOf("Mean (1-5)");
      if (meanCol < 0) continue;
      expect({ path, ones: rowsOf(files[path]!).filter((r) => r[meanCol] === "1.00").length }).toEqual({ path, ones: 0 });
    }
    const participation = Object.keys(files).find((p) => p.endsWith("/participation.csv"))!;
    const pRows = rowsOf(files[participation]!);
    const smallP = pRows.find((r) => r[0] === smallDepartmentName)!;
    expect(smallP.slice(2, 4)).toEqual(["", ""]);
  });

  it("lists every file in the manifest with its row count and checksum", () => {
    expect(manifest.organization).toEqual({ id: a.orgId, slug: a.slug, name: a.name });
    expect(manifest.frameworkVersion).toBe("ICMA-2017");
    expect(manifest.generatedAt).toBe("2026-11-24T12:00:00.000Z");
    const paths = Object.keys(files).filter((p) => p !== "manifest.json").sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(paths);
    for (const f of manifest.files) {
      const bytes = raw[f.path]!;
      expect({ path: f.path, sha256: createHash("sha256").update(bytes).digest("hex") }).toEqual({ path: f.path, sha256: f.sha256 });
      expect({ path: f.path, rows: rowsOf(files[f.path]!).length - 1 }).toEqual({ path: f.path, rows: f.rowCount });
    }
  });

  it("is recorded in the audit log, and is for administrators only", async () => {
    const [row] = await rawQuery<{ n: number }>(`select count(*)::int as n from audit_events where org_id = $1 and action = 'organization.export'`, [a.orgId]);
    expect(row!.n).toBe(1);
    // The file contains its own record.
    expect(files["tables/audit_events.csv"]).toContain("organization.export");
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      const status = await exportOrganization(a.ctx[role]).then(
        () => 200,
        (e: unknown) => (e instanceof Response ? e.status : 500),
      );
      expect({ role, status }).toEqual({ role, status: 403 });
    }
  });
});
