import { describe, expect, it } from "vitest";
import { createTestOrg } from "#db/test/factories";
import { buildSmallPlan, statusOf } from "~/modules/plans/plans.test-helpers";
import { setPlanStatus } from "~/modules/plans/plans.server";
import { listFundableObjectives } from "./funding-options.server";

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
});
