// The catalog test: what the database holds after migration must be exactly the ICMA 2017
// practices. Expected values are written out here (not read from the seed JSON), so a wrong edit
// of the data file fails this test.
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, pgErrorOf } from "#db/client.server";
import { syncCatalog } from "#db/migrate.server";
import { frameworks, practiceDimensions, practiceGroups, practices } from "#db/schema";
import catalogFile from "#db/catalog/icma-2017.json";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { ROLES } from "~/modules/auth/permissions";
import { CURRENT_FRAMEWORK, getCatalog, getPractice, type Catalog, type PracticeDetail } from "./practices.server";

const GROUPS = [
  { phrase: "Guided by the principles of…", practices: [1, 2, 3, 4, 5] },
  { phrase: "Lead through…", practices: [6, 7, 8] },
  { phrase: "For the purposes of…", practices: [9, 10] },
  { phrase: "Using these skill sets…", practices: [11, 12, 13, 14] },
];

// [name, leadership dimensions, management dimensions], checked against
// /work/shared/seeds/icma-practices-2017.txt.
const PRACTICES: [string, number, number][] = [
  ["Personal and Professional Integrity", 2, 5],
  ["Community Engagement", 5, 5],
  ["Equity and Inclusion", 2, 5],
  ["Staff Effectiveness", 7, 6],
  ["Personal Resiliency and Development", 4, 4],
  ["Strategic Leadership", 7, 3],
  ["Strategic Planning", 5, 9],
  ["Policy Facilitation and Implementation", 10, 10],
  ["Community and Resident Service", 5, 4],
  ["Service Delivery", 5, 6],
  ["Technological Literacy", 4, 4],
  ["Financial Management and Budgeting", 6, 10],
  ["Human Resources Management and Workforce Engagement", 6, 7],
  ["Communication and Information Sharing", 8, 12],
];

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Response);
  expect((error as Response).status).toBe(404);
}

async function expectPermissionDenied(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the statement should have been refused").not.toBeNull();
  expect(pgErrorOf(error)?.code).toBe("42501");
}

async function catalogRowCounts() {
  const db = getDb();
  const [[f], [g], [p], [d]] = await Promise.all([
    db.select({ n: count() }).from(frameworks).where(eq(frameworks.code, CURRENT_FRAMEWORK)),
    db.select({ n: count() }).from(practiceGroups).where(eq(practiceGroups.frameworkCode, CURRENT_FRAMEWORK)),
    db.select({ n: count() }).from(practices).where(eq(practices.frameworkCode, CURRENT_FRAMEWORK)),
    db.select({ n: count() }).from(practiceDimensions).where(eq(practiceDimensions.frameworkCode, CURRENT_FRAMEWORK)),
  ]);
  return { frameworks: f!.n, groups: g!.n, practices: p!.n, dimensions: d!.n };
}

let org: TestOrg;
let catalog: Catalog;
const details = new Map<number, PracticeDetail>();

beforeAll(async () => {
  org = await createTestOrg("catalog");
  catalog = await getCatalog(org.ctx.staff);
  for (let n = 1; n <= 14; n++) details.set(n, await getPractice(org.ctx.staff, String(n)));
});

function practice(n: number): PracticeDetail {
  const p = details.get(n);
  if (!p) throw new Error(`practice ${n} was not loaded`);
  return p;
}

describe("the practices catalog in the database", () => {
  it("is the ICMA 2017 framework", () => {
    expect(CURRENT_FRAMEWORK).toBe("ICMA-2017");
    expect(catalog.framework).toEqual({
      code: "ICMA-2017",
      name: "ICMA Practices for Effective Local Government Leadership",
      approved: "Approved by the ICMA Executive Board June 2017; effective November 2017",
    });
  });

  it("has the 4 narrative groups in order, with their practices", () => {
    expect(catalog.groups.map((g) => g.position)).toEqual([1, 2, 3, 4]);
    expect(catalog.groups.map((g) => ({ phrase: g.phrase, practices: g.practices.map((p) => p.number) }))).toEqual(
      GROUPS,
    );
  });

  it("has the 14 practices in order with their exact names", () => {
    const all = catalog.groups.flatMap((g) => g.practices);
    expect(all.map((p) => p.number)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(all.map((p) => p.name)).toEqual(PRACTICES.map(([name]) => name));
    for (let n = 1; n <= 14; n++) expect(practice(n).name).toBe(PRACTICES[n - 1]![0]);
  });

  it("has the exact number of leadership and management dimensions for each practice", () => {
    const all = catalog.groups.flatMap((g) => g.practices);
    const expected = PRACTICES.map(([, l, m], i) => ({ number: i + 1, leadership: l, management: m }));
    expect(all.map((p) => ({ number: p.number, leadership: p.leadershipCount, management: p.managementCount }))).toEqual(
      expected,
    );
    expect(
      [...details.values()].map((p) => ({ number: p.number, leadership: p.leadership.length, management: p.management.length })),
    ).toEqual(expected);
    expect(all.reduce((s, p) => s + p.leadershipCount, 0)).toBe(76);
    expect(all.reduce((s, p) => s + p.managementCount, 0)).toBe(90);
  });

  it("letters every list A, B, C… without gaps", () => {
    for (const p of details.values()) {
      for (const list of [p.leadership, p.management]) {
        expect(list.map((d) => d.letter), `practice ${p.number}`).toEqual([...LETTERS.slice(0, list.length)]);
      }
    }
  });

  it("has no empty text and nothing ending with a period", () => {
    const texts = [
      ...catalog.groups.map((g) => g.phrase),
      ...[...details.values()].flatMap((p) => [p.name, p.definition, ...p.leadership.map((d) => d.text), ...p.management.map((d) => d.text)]),
    ];
    expect(texts).toHaveLength(4 + 14 * 2 + 166);
    for (const text of texts) {
      expect(text.trim(), JSON.stringify(text)).not.toBe("");
      expect(text, "ends with a period").not.toMatch(/\.$/);
      expect(text, "stray whitespace").toBe(text.trim());
      expect(text, "double space or newline").not.toMatch(/\s{2}|\n/);
    }
  });

  it("has the exact definitions of a few practices", () => {
    expect(practice(1).definition).toBe(
      "Being fair, honest, and ethical in all personal and professional relationships and activities",
    );
    expect(practice(10).definition).toBe(
      "Understanding the basic principles of service delivery, using strategic decision making and continuous improvement to serve the organization and community, and influencing the components and relationships between operational areas",
    );
    expect(practice(14).definition).toBe("Effectively facilitating the flow of ideas, information, and understanding");
  });

  it("has the exact text where the source was lossy", () => {
    const text = (n: number, kind: "leadership" | "management", letter: string) =>
      practice(n)[kind].find((d) => d.letter === letter)?.text;

    // Practice 2: no headings, and management C lost its letter.
    expect(text(2, "leadership", "E")).toBe(
      "Advocating for diverse viewpoints to be considered and helping the organization seek them out when they appear to be missing",
    );
    expect(text(2, "management", "A")).toBe(
      "Understanding the perspectives of elected officials and being mindful of competing public values in policy recommendations",
    );
    expect(text(2, "management", "C")).toBe(
      "Engaging with and understanding the viewpoints of key stakeholders in the community; committing to ongoing communication about expectations, decisions, and outcomes",
    );
    // Practice 3: management heading missing; E had no dash after a blank line.
    expect(text(3, "management", "E")).toBe(
      "Creating opportunities for employees and community members to learn about each other's cultural backgrounds, lives, and interests; building relationships through increased understanding",
    );
    // Practice 7: leadership A ended with a period mid-list; E keeps its internal period.
    expect(text(7, "leadership", "A")).toBe(
      "Ensuring the organization is focused on the core mission, plans are implemented, and resources are available to achieve the plan's goals and objectives",
    );
    expect(text(7, "leadership", "E")).toBe(
      "Building an integrated planning system that begins with the community and flows to corporate, operational, and individual plans. Plan examples include short- and long-term financial, human resource and workforce, enterprisewide technology, capital improvement and asset management, and community",
    );
    expect(text(7, "management", "I")).toBe(
      "Ensuring necessary improvements to processes and systems so that attainment of goals and objectives is possible",
    );
    // Practice 8: leadership H and I and management I lost their letters; management C was lower case.
    expect(text(8, "leadership", "H")).toBe(
      "Accepting and implementing elected officials' decisions that run counter to your recommendations",
    );
    expect(text(8, "leadership", "I")).toBe(
      "Being politically savvy: recognizing and navigating relationships to influence and achieve positive results",
    );
    expect(text(8, "leadership", "J")).toBe(
      "Understanding the political environment and the impact of decision making on diverse groups",
    );
    expect(text(8, "management", "C")).toBe("Communicating sound information and recommendations");
    expect(text(8, "management", "I")).toBe(
      "Identifying core initiatives, long-term trends, and policy issues to support and enhance the success of local government",
    );
    // Practice 10: no headings; management C lost its letter; E keeps its em dashes.
    expect(text(10, "management", "C")).toBe(
      "Asking the right questions of functional experts to ascertain service delivery needs and corresponding solutions",
    );
    expect(text(10, "management", "E")).toBe(
      "Identifying the interconnectivity within the organization and with other levels of government—horizontal integration and collaboration—to create opportunities to improve service or efficiency",
    );
    // Practice 12: lower-case c. in both lists.
    expect(text(12, "leadership", "C")).toBe(
      "Using the budget to tell a story and as a vehicle to connect with and inform the community",
    );
    // Practice 14: leadership continues G–H after a blank line; management L was in markdown bold.
    expect(text(14, "leadership", "H")).toBe(
      "Strategically supplementing the organization's communication tools to provide the most effective outreach opportunities",
    );
    expect(text(14, "management", "L")).toBe(
      "Understanding and training staff on the importance of appropriate compliance with public records requests",
    );
  });

  it("gives each practice its group phrase and its previous and next practices", () => {
    for (const [i, group] of GROUPS.entries()) {
      for (const n of group.practices) {
        expect(practice(n).groupPhrase).toBe(group.phrase);
        expect(practice(n).groupPosition).toBe(i + 1);
      }
    }
    expect(practice(1).previous).toBeNull();
    expect(practice(1).next).toEqual({ number: 2, name: "Community Engagement" });
    expect(practice(8).previous).toEqual({ number: 7, name: "Strategic Planning" });
    expect(practice(8).next).toEqual({ number: 9, name: "Community and Resident Service" });
    expect(practice(14).previous).toEqual({ number: 13, name: "Human Resources Management and Workforce Engagement" });
    expect(practice(14).next).toBeNull();
  });

  it("answers 404 for anything that is not a practice number", async () => {
    for (const param of ["0", "15", "99", "-1", "abc", "1.5", "01", " 1", "1e1", "", "99999999999", undefined]) {
      await expectNotFound(getPractice(org.ctx.staff, param));
    }
    await expectNotFound(getPractice(org.ctx.staff, 15));
    await expectNotFound(getPractice(org.ctx.staff, "1", "NO-SUCH-FRAMEWORK"));
    await expectNotFound(getCatalog(org.ctx.staff, "NO-SUCH-FRAMEWORK"));
    // A number passes as a number too.
    expect((await getPractice(org.ctx.staff, 3)).name).toBe("Equity and Inclusion");
  });

  it("is the same for every role of every organization", async () => {
    const other = await createTestOrg("catalog-other");
    for (const role of ROLES) {
      expect(await getCatalog(other.ctx[role])).toEqual(catalog);
      expect(await getPractice(org.ctx[role], "8")).toEqual(practice(8));
    }
  });
});

describe("loading the catalog", () => {
  it("is idempotent: syncing the file twice leaves the same rows", async () => {
    const before = await catalogRowCounts();
    expect(before).toEqual({ frameworks: 1, groups: 4, practices: 14, dimensions: 166 });
    await syncCatalog(getDb(), catalogFile);
    await syncCatalog(getDb(), catalogFile);
    expect(await catalogRowCounts()).toEqual(before);
    expect(await getCatalog(org.ctx.admin)).toEqual(catalog);
    expect(await getPractice(org.ctx.admin, "14")).toEqual(practice(14));
  });
});

describe("the app role", () => {
  it("cannot insert into the catalog tables", async () => {
    const ctx = org.ctx.admin;
    await expectPermissionDenied(
      withTenant(ctx, (tx) => tx.insert(frameworks).values({ code: "HACK", name: "Hack", approved: "never" })),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) => tx.insert(practiceGroups).values({ frameworkCode: CURRENT_FRAMEWORK, position: 9, phrase: "x" })),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) =>
        tx.insert(practices).values({ frameworkCode: CURRENT_FRAMEWORK, number: 15, name: "x", definition: "x", groupPosition: 1 }),
      ),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) =>
        tx
          .insert(practiceDimensions)
          .values({ frameworkCode: CURRENT_FRAMEWORK, practiceNumber: 1, kind: "leadership", letter: "Z", position: 26, text: "x" }),
      ),
    );
  });

  it("cannot update the catalog tables", async () => {
    const ctx = org.ctx.admin;
    await expectPermissionDenied(
      withTenant(ctx, (tx) => tx.update(frameworks).set({ name: "Hack" }).where(eq(frameworks.code, CURRENT_FRAMEWORK))),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) => tx.update(practiceGroups).set({ phrase: "Hack" }).where(eq(practiceGroups.position, 1))),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) => tx.update(practices).set({ name: "Hack" }).where(eq(practices.number, 1))),
    );
    await expectPermissionDenied(
      withTenant(ctx, (tx) =>
        tx
          .update(practiceDimensions)
          .set({ text: "Hack" })
          .where(and(eq(practiceDimensions.practiceNumber, 1), eq(practiceDimensions.letter, "A"))),
      ),
    );
  });

  it("cannot delete from the catalog tables", async () => {
    const ctx = org.ctx.admin;
    await expectPermissionDenied(withTenant(ctx, (tx) => tx.delete(practiceDimensions).where(eq(practiceDimensions.practiceNumber, 14))));
    await expectPermissionDenied(withTenant(ctx, (tx) => tx.delete(practices).where(eq(practices.number, 14))));
    await expectPermissionDenied(withTenant(ctx, (tx) => tx.delete(practiceGroups).where(eq(practiceGroups.position, 4))));
    await expectPermissionDenied(withTenant(ctx, (tx) => tx.delete(frameworks).where(eq(frameworks.code, CURRENT_FRAMEWORK))));
    await expectPermissionDenied(withTenant(ctx, (tx) => tx.execute(sql`truncate practice_dimensions`)));
    // Nothing was changed by any of the attempts.
    expect(await catalogRowCounts()).toEqual({ frameworks: 1, groups: 4, practices: 14, dimensions: 166 });
    expect(await getPractice(ctx, "1")).toEqual(practice(1));
  });
});
