// "Demographics never leave the server per person": every route whose name mentions the roster is
// loaded as a browser would load it (a real session cookie, a real request), and its JSON is read.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cookieFrom, createTestOrg, fakeRequest, type TestOrg } from "#db/test/factories";
import type { Role } from "~/modules/auth/permissions";
import { startSession } from "~/modules/auth/session.server";
import { statusOf } from "~/modules/plans/plans.test-helpers";
import { commitRosterImport } from "./roster-import.server";
import { getDemographicSummary, listRoster, SMALL_GROUPS } from "./roster.server";

const HEADER = "employee_number,name,department,job_title,supervisory_level,hire_date,race_ethnicity,gender,age_band,veteran,disability";
// Six people share common groups, five others second ones; one has a rare value in every field, one in Finance.
const person = (n: number, dept: string, values: string[]) => `${n},Person ${n},${dept},Clerk,staff,2020-01-0${(n % 9) + 1},${values.join(",")}`;
const COMMON = ["Group Common Race", "Group Common Gender", "Band Common", "Not a veteran", "No disability"];
const RARE = ["Rare Race Marker", "Rare Gender Marker", "Rare Band Marker", "Rare Veteran Marker", "Rare Disability Marker"];
const CSV = [
  HEADER,
  ...[1, 2, 3, 4, 5, 6].map((n) => person(n, "PW", COMMON)),
  person(7, "PW", RARE),
  person(8, "FIN", ["Finance Only Race", "Finance Only Gender", "Finance Only Band", "Finance Only Veteran", "Finance Only Disability"]),
  ...[9, 10, 11, 12, 13].map((n) => person(n, "FIN", ["Second Race", "Second Gender", "Second Band", "Veteran", "Has a disability"])),
].join("\n");
const DEMOGRAPHIC_KEYS = ["raceEthnicity", "race_ethnicity", "gender", "ageBand", "age_band", "veteran", "disability"];

async function cookieOf(org: TestOrg, role: Role): Promise<string> {
  return cookieFrom(await startSession(org.ctx[role].userId, fakeRequest()));
}

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../routes");
const rosterRoutes = readdirSync(ROUTES_DIR).filter((f) => /roster/.test(f));

/** The loader's body as a browser gets it: parsed JSON for pages, the text for CSV downloads. */
async function load(file: string, org: TestOrg, cookie: string, search = ""): Promise<{ data: unknown; text: string; csv: boolean }> {
  const mod = (await import(path.join(ROUTES_DIR, file))) as { loader?: (args: unknown) => Promise<Response> };
  expect(mod.loader, `${file} has a loader`).toBeTypeOf("function");
  const urlPath = `/o/${org.slug}/${file.replace(/^o\.\$org\./, "").replace(/\.tsx$/, "").replace(/\._index$/, "").replace(/\./g, "/")}${search}`;
  const response = await mod.loader!({ request: fakeRequest(urlPath, { cookie }), params: { org: org.slug }, context: {} });
  const text = await response.text();
  const csv = (response.headers.get("content-type") ?? "").includes("text/csv");
  return { data: csv ? null : JSON.parse(text), text, csv };
}

async function loadJson(file: string, org: TestOrg, cookie: string, search = ""): Promise<unknown> {
  return (await load(file, org, cookie, search)).data;
}

/** Every object in the JSON that looks like a person (has an employee number). */
function peopleIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => peopleIn(v, out));
  else if (value && typeof value === "object") {
    if ("employeeNumber" in value) out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => peopleIn(v, out));
  }
  return out;
}

describe("demographics never leave the server per person", () => {
  it("finds the roster routes to check", () => {
    // A new roster route must be added here knowingly: the test below then reads what it sends.
    expect(rosterRoutes.sort()).toEqual([
      "o.$org.roster._index.tsx",
      "o.$org.roster.demographics[.]csv.tsx",
      "o.$org.roster.import.tsx",
      "o.$org.roster[.]csv.tsx",
    ]);
  });

  it("no roster loader returns a demographic field or a small group's value, for any role that may load it", async () => {
    const org = await createTestOrg("roster-json");
    expect((await commitRosterImport(org.ctx.admin, { csv: CSV })).ok).toBe(true);
    for (const role of ["admin", "department_head"] as const) {
      const cookie = await cookieOf(org, role);
      for (const file of rosterRoutes) {
        // Admins only: checked below.
        if (role === "department_head" && (file.includes("import") || file.includes("demographics"))) continue;
        for (const search of ["", "?status=left", "?level=staff&page=1"]) {
          const body = await load(file, org, cookie, search);
          const data = body.data;
          const text = body.csv ? body.text : JSON.stringify(data);
          if (body.csv && !file.includes("demographics")) {
            // A per-person file: no demographic column at all.
            const header = body.text.replace(/^\uFEFF/, "").split(/\r?\n/)[0]!.toLowerCase();
            for (const word of ["race", "ethnic", "gender", "age band", "age_band", "veteran", "disab"]) {
              expect(header, `${role} ${file}${search}`).not.toContain(word);
            }
            if (search === "") expect(body.text, `${role} ${file}`).toContain("Person 1");
          }
          for (const key of DEMOGRAPHIC_KEYS) {
            for (const p of peopleIn(data)) expect(Object.keys(p), `${role} ${file}${search}`).not.toContain(key);
          }
          for (const rare of [...RARE, "Finance Only Race", "Finance Only Gender", "Finance Only Band", "Finance Only Veteran", "Finance Only Disability"]) {
            expect(text, `${role} ${file}${search}`).not.toContain(rare);
          }
          if (role === "department_head") for (const v of COMMON) expect(text).not.toContain(v);
        }
      }
    }
    // The admin's roster page does list people, and its summary counts the common groups only.
    const admin = (await loadJson("o.$org.roster._index.tsx", org, await cookieOf(org, "admin"))) as {
      roster: { people: unknown[] };
      demographics: { threshold: number; fields: { field: string; counts: { groups: { group: string; count: number | null }[]; total: number | null } }[] };
    };
    expect(admin.roster.people).toHaveLength(13);
    expect(peopleIn(admin).every((p) => Object.keys(p).sort().join() === "departmentId,departmentName,email,employeeNumber,fullName,hireDate,id,isActive,jobTitle,leftOn,supervisoryLevel")).toBe(true);
    const gender = admin.demographics.fields.find((f) => f.field === "gender")!;
    expect(gender.counts).toMatchObject({
      total: 13,
      // The two people alone in their groups are hidden (unnamed); so is the next-smallest group,
      // or 13 − 6 − 5 would give their sum (2, under the threshold of 5).
      groups: [
        { group: "Group Common Gender", count: 6 },
        { group: "Second Gender", count: null, suppressed: "complementary" },
        { group: SMALL_GROUPS, count: null },
      ],
    });
    // A department head reads only their department's people, and no summary.
    const head = (await loadJson("o.$org.roster._index.tsx", org, await cookieOf(org, "department_head"))) as { roster: { people: { employeeNumber: string }[] }; demographics: unknown };
    expect(head.roster.people.map((p) => p.employeeNumber).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(head.demographics).toBeNull();
  });

  it("refuses the roster to staff and elected officials, the import to department heads, and the summary to all but admins", async () => {
    const org = await createTestOrg("roster-roles");
    for (const role of ["staff", "elected_official"] as const) {
      for (const file of rosterRoutes) expect(await statusOf(loadJson(file, org, await cookieOf(org, role)))).toBe(403);
      expect(await statusOf(listRoster(org.ctx[role]))).toBe(403);
    }
    expect(await statusOf(loadJson("o.$org.roster.import.tsx", org, await cookieOf(org, "department_head")))).toBe(403);
    expect(await statusOf(loadJson("o.$org.roster.demographics[.]csv.tsx", org, await cookieOf(org, "department_head")))).toBe(403);
    expect(await statusOf(getDemographicSummary(org.ctx.department_head))).toBe(403);
  });

  it("suppresses the whole summary when there are fewer people than the threshold", async () => {
    const org = await createTestOrg("roster-tiny");
    await commitRosterImport(org.ctx.admin, { csv: [HEADER, person(1, "PW", COMMON), person(2, "PW", COMMON), person(3, "FIN", RARE)].join("\n") });
    const summary = await getDemographicSummary(org.ctx.admin);
    expect(summary.activeCount).toBe(3);
    for (const f of summary.fields) {
      expect(f.counts.total).toBeNull();
      expect(f.counts.groups).toEqual([{ group: SMALL_GROUPS, count: null, suppressed: "small" }]);
    }
  });
});
