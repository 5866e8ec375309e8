import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import { buildSmallPlan, statusOf } from "~/modules/plans/plans.test-helpers";
import { setPlanStatus } from "~/modules/plans/plans.server";
import { findFundableObjectives, listFundableObjectives } from "./funding-options.server";

describe("objectives a budget line can fund", () => {
  it("lists the objectives of current plans of the organization only, to those who may link lines", async () => {
    const org = await createTestOrg("funding-options");
    const other = await createTestOrg("funding-options-other");
    const current = await buildSmallPlan(org, { title: "Current plan" });
    const archived = await buildSmallPlan(org, { title: "Old plan" });
    await setPlanStatus(org.ctx.admin, archived.planId, "archived");
    await buildSmallPlan(other, { title: "Another city's plan" });

    const options = await listFundableObjectives(org.ctx.admin);
    expect(options.map((o) => [o.planTitle, o.code, o.title])).toEqual([
      ["Current plan", "1.1", "Repave arterials"],
      ["Current plan", "1.2", "Balance the budget"],
    ]);
    expect(options.map((o) => o.id)).toEqual([current.ownObjectiveId, current.otherObjectiveId]);
    // A department head may point their lines at another department's objective.
    expect((await listFundableObjectives(org.ctx.department_head)).map((o) => o.id)).toEqual(options.map((o) => o.id));
    // Reading the budget is not enough.
    expect(await statusOf(listFundableObjectives(org.ctx.elected_official))).toBe(403);
    expect(await statusOf(listFundableObjectives(org.ctx.staff))).toBe(403);
  });

  it("offers a few at a time: a search by code, title, plan or department, without those already funded, counted in full", async () => {
    const org = await createTestOrg("funding-search");
    const current = await buildSmallPlan(org, { title: "Current plan" });
    const archived = await buildSmallPlan(org, { title: "Old plan" });
    await setPlanStatus(org.ctx.admin, archived.planId, "archived");

    const first = await findFundableObjectives(org.ctx.admin, { limit: 1 });
    expect(first.objectives.map((o) => o.code)).toEqual(["1.1"]);
    expect(first.matching).toBe(2);
    const byTitle = await findFundableObjectives(org.ctx.admin, { search: "  BALANCE " });
    expect(byTitle.objectives.map((o) => o.id)).toEqual([current.otherObjectiveId]);
    expect(byTitle.matching).toBe(1);
    expect((await findFundableObjectives(org.ctx.admin, { search: "current" })).matching).toBe(2);
    expect((await findFundableObjectives(org.ctx.admin, { search: "old plan" })).matching).toBe(0);
    // "%" is a character to find, not a wildcard.
    expect((await findFundableObjectives(org.ctx.admin, { search: "%" })).matching).toBe(0);
    const rest = await findFundableObjectives(org.ctx.admin, { excludeIds: [current.ownObjectiveId] });
    expect(rest.objectives.map((o) => o.id)).toEqual([current.otherObjectiveId]);
    expect(rest.matching).toBe(1);
    // The objective a notice names is found whatever the search, if the line may fund it.
    expect((await findFundableObjectives(org.ctx.admin, { search: "nothing", namedId: current.ownObjectiveId })).named?.code).toBe("1.1");
    expect((await findFundableObjectives(org.ctx.admin, { namedId: archived.ownObjectiveId })).named).toBeNull();
    expect(await statusOf(findFundableObjectives(org.ctx.elected_official, { search: "x" }))).toBe(403);
  });
});
