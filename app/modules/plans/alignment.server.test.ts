import { describe, expect, it } from "vitest";
import { pgErrorOf } from "#db/client.server";
import { objectivePractices } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, TEST_TIME_ZONE } from "#db/test/factories";
import { getAlignmentOptions, listItemsForPractice, searchDimensions, setAlignment } from "./alignment.server";
import { alignmentFormSchema, alignmentFromForm } from "./plans.schema";
import { getObjective, getPlanTree, recordMeasurement } from "./plans.server";
import { auditOf, buildSmallPlan, fieldErrorsOf, statusOf } from "./plans.test-helpers";
import { addMonths } from "~/modules/core/dates";
import { organizationToday } from "~/modules/core/today";
import { periodStart } from "~/modules/core/periods";

describe("practice alignment", () => {
  it("links an objective to practices and dimensions with exactly one primary, and replaces the links as a whole", async () => {
    const org = await createTestOrg("align-links");
    const head = org.ctx.department_head;
    const p = await buildSmallPlan(org);
    const item = { kind: "objective" as const, id: p.ownObjectiveId };
    const links = await setAlignment(head, item, {
      links: [
        { practiceNumber: 4, isPrimary: false },
        { practiceNumber: 10, dimensionKind: "management", dimensionLetter: "b", isPrimary: true },
      ],
    });
    expect(links.map((l) => [l.token, l.isPrimary, l.practiceName])).toEqual([
      ["10:management:B", true, "Service Delivery"],
      ["4", false, "Staff Effectiveness"],
    ]);
    expect(links[0]!.dimensionText).toBeTruthy();
    expect((await getObjective(org.ctx.staff, p.ownObjectiveId)).links.map((l) => l.token)).toEqual(["10:management:B", "4"]);

    // No primary, two primaries: refused beside the picker's "primary", nothing changed.
    expect(await fieldErrorsOf(setAlignment(head, item, { links: [{ practiceNumber: 1 }, { practiceNumber: 2 }] }))).toHaveProperty("primary");
    expect(
      await fieldErrorsOf(
        setAlignment(head, item, {
          links: [
            { practiceNumber: 1, isPrimary: true },
            { practiceNumber: 2, isPrimary: true },
          ],
        }),
      ),
    ).toHaveProperty("primary");
    // A dimension of the wrong practice: practice 1 has leadership dimensions A and B only (F
    // belongs to other practices); and a practice that does not exist.
    const wrong = await fieldErrorsOf(
      setAlignment(head, item, { links: [{ practiceNumber: 1, dimensionKind: "leadership", dimensionLetter: "F", isPrimary: true }] }),
    );
    expect(wrong.link).toEqual(["Practice 1 has no leadership dimension F. Choose one of its own dimensions."]);
    expect(await fieldErrorsOf(setAlignment(head, item, { links: [{ practiceNumber: 15, isPrimary: true }] }))).toHaveProperty("link");
    expect((await getObjective(head, p.ownObjectiveId)).links.map((l) => l.token)).toEqual(["10:management:B", "4"]);

    // The same links again change nothing (no audit event); new links replace the old; none removes all.
    await setAlignment(head, item, {
      links: [
        { practiceNumber: 10, dimensionKind: "management", dimensionLetter: "B", isPrimary: true },
        { practiceNumber: 4 },
      ],
    });
    await setAlignment(head, item, { links: [{ practiceNumber: 3, isPrimary: true }] });
    expect((await getObjective(head, p.ownObjectiveId)).links.map((l) => l.token)).toEqual(["3"]);
    await setAlignment(head, item, { links: [] });
    expect((await getObjective(head, p.ownObjectiveId)).links).toEqual([]);
    const audit = (await auditOf(org.ctx.admin, p.ownObjectiveId)).filter((a) => a.action === "objective.align");
    expect(audit.map((a) => [a.before, a.after])).toEqual([
      [{ practices: [] }, { practices: ["10:management:B (primary)", "4"] }],
      [{ practices: ["10:management:B (primary)", "4"] }, { practices: ["3 (primary)"] }],
      [{ practices: ["3 (primary)"] }, { practices: [] }],
    ]);
  });

  it("the database itself refuses a dimension of another practice and a second primary link", async () => {
    const org = await createTestOrg("align-db");
    const p = await buildSmallPlan(org);
    const insert = (values: Partial<typeof objectivePractices.$inferInsert>) =>
      withTenant(org.ctx.admin, (tx) =>
        tx.insert(objectivePractices).values({
          orgId: org.orgId,
          objectiveId: p.ownObjectiveId,
          frameworkCode: "ICMA-2017",
          practiceNumber: 1,
          isPrimary: false,
          ...values,
        }),
      ).then(
        () => "inserted",
        (error: unknown) => pgErrorOf(error)?.code ?? "unknown",
      );
    expect(await insert({ dimensionKind: "leadership", dimensionLetter: "F" })).toBe("23503");
    expect(await insert({ dimensionKind: "leadership", dimensionLetter: null })).toBe("23514");
    expect(await insert({ isPrimary: true })).toBe("inserted");
    expect(await insert({ practiceNumber: 2, isPrimary: true })).toBe("23505");
    expect(await insert({ isPrimary: false })).toBe("23505"); // the same practice twice
  });

  it("goals are aligned by administrators; measures by their department's head; others get 403 or 404", async () => {
    const org = await createTestOrg("align-perm");
    const p = await buildSmallPlan(org);
    const one = { links: [{ practiceNumber: 7, isPrimary: true }] };
    expect(await statusOf(setAlignment(org.ctx.department_head, { kind: "goal", id: p.goalId }, one))).toBe(403);
    await setAlignment(org.ctx.admin, { kind: "goal", id: p.goalId }, one);
    await setAlignment(org.ctx.department_head, { kind: "measure", id: p.ownMeasureId }, { links: [{ practiceNumber: 10, isPrimary: true }] });
    expect(await statusOf(setAlignment(org.ctx.department_head, { kind: "measure", id: p.otherMeasureId }, one))).toBe(404);
    expect(await statusOf(setAlignment(org.ctx.staff, { kind: "measure", id: p.ownMeasureId }, one))).toBe(403);
    const tree = await getPlanTree(org.ctx.admin, p.planId);
    expect(tree.goals[0]!.links.map((l) => l.token)).toEqual(["7"]);
    expect(tree.goals[0]!.objectives[0]!.measures[0]!.links.map((l) => l.token)).toEqual(["10"]);
    expect(tree.practiceOptions).toEqual([
      { number: 7, name: "Strategic Planning" },
      { number: 10, name: "Service Delivery" },
    ]);
  });

  it("lists a practice's linked goals, objectives and measures for the practice page", async () => {
    const org = await createTestOrg("align-practice");
    const admin = org.ctx.admin;
    const p = await buildSmallPlan(org);
    await setAlignment(admin, { kind: "goal", id: p.goalId }, { links: [{ practiceNumber: 9, isPrimary: true }] });
    await setAlignment(admin, { kind: "objective", id: p.ownObjectiveId }, {
      links: [
        { practiceNumber: 9, dimensionKind: "leadership", dimensionLetter: "A", isPrimary: true },
        { practiceNumber: 9, dimensionKind: "management", dimensionLetter: "B" },
        { practiceNumber: 10 },
      ],
    });
    await setAlignment(admin, { kind: "objective", id: p.otherObjectiveId }, {
      links: [
        { practiceNumber: 12, isPrimary: true },
        { practiceNumber: 9 },
      ],
    });
    await setAlignment(admin, { kind: "measure", id: p.ownMeasureId }, { links: [{ practiceNumber: 9, isPrimary: true }] });
    const month = periodStart(addMonths(organizationToday({ timeZone: TEST_TIME_ZONE }), -1), "monthly", 7);
    await recordMeasurement(admin, p.ownMeasureId, { period: month, value: "64.5" });

    const items = await listItemsForPractice(org.ctx.elected_official, "9");
    expect(items.practiceName).toBe("Community and Resident Service");
    expect(items.goals.map((g) => [g.title, g.isPrimary])).toEqual([["Safe streets", true]]);
    expect(items.objectives.map((o) => [o.title, o.isPrimary, o.dimensions.map((d) => `${d.kind}:${d.letter}`), o.departmentName, o.canEdit])).toEqual([
      ["Repave arterials", true, ["leadership:A", "management:B"], "Public Works", false],
      ["Balance the budget", false, [], "Finance", false],
    ]);
    expect(items.measures.map((m) => [m.name, m.latestPeriod, m.latestValue, m.target, m.isPrimary])).toEqual([
      ["Pavement condition index", month, "64.5", "70", true],
    ]);
    expect((await listItemsForPractice(org.ctx.admin, 10)).objectives.map((o) => [o.title, o.isPrimary, o.canEdit])).toEqual([
      ["Repave arterials", false, true],
    ]);
    expect((await listItemsForPractice(org.ctx.admin, 5)).objectives).toEqual([]);
    expect(await statusOf(listItemsForPractice(admin, 15))).toBe(404);
    expect(await statusOf(listItemsForPractice(admin, "abc"))).toBe(404);
    // Another organization sees none of it.
    const other = await createTestOrg("align-practice-other");
    const theirs = await listItemsForPractice(other.ctx.admin, 9);
    expect([theirs.goals, theirs.objectives, theirs.measures]).toEqual([[], [], []]);
  });

  it("gives the picker every practice by narrative group with its dimensions, and finds dimensions by words", async () => {
    const org = await createTestOrg("align-picker");
    const groups = await getAlignmentOptions(org.ctx.department_head);
    expect(groups.map((g) => g.practices.map((p) => p.number))).toEqual([[1, 2, 3, 4, 5], [6, 7, 8], [9, 10], [11, 12, 13, 14]]);
    const dims = groups.flatMap((g) => g.practices.flatMap((p) => [...p.leadership, ...p.management]));
    expect(dims).toHaveLength(166);
    expect(groups[0]!.practices[0]!.leadership.map((d) => d.token)).toEqual(["1:leadership:A", "1:leadership:B"]);
    const hits = await searchDimensions(org.ctx.department_head, "ethical behavior");
    expect(hits[0]).toMatchObject({ practiceNumber: 1, token: "1:leadership:A" });
    expect(await searchDimensions(org.ctx.department_head, "  ")).toEqual([]);
  });

  it("reads the picker form: checked tokens and one primary", () => {
    const ok = alignmentFormSchema.safeParse({ link: ["3", "10:management:B", "3"], primary: "10:management:B" });
    expect(ok.success).toBe(true);
    expect(alignmentFromForm(ok.data!)).toEqual({
      links: [
        { practiceNumber: 3, dimensionKind: null, dimensionLetter: null, isPrimary: false },
        { practiceNumber: 10, dimensionKind: "management", dimensionLetter: "B", isPrimary: true },
      ],
    });
    expect(alignmentFormSchema.safeParse({ link: ["3"] }).success).toBe(false);
    expect(alignmentFormSchema.safeParse({ link: ["3"], primary: "4" }).success).toBe(false);
    expect(alignmentFormSchema.safeParse({ link: ["3:boss:A"], primary: "3:boss:A" }).success).toBe(false);
    expect(alignmentFormSchema.safeParse({}).success).toBe(true);
  });
});
