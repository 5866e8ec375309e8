import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { getAnonymityFacts } from "./anonymity.server";
import { addRoster, campaignInput, emailLinks } from "./assessments.test-helpers";
import { createCampaign, openCampaign } from "./campaigns.server";
import { createInvitations } from "./distribution.server";

describe("how anonymity works, for the respondent", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await createTestOrg("assess-anonymity");
    await addRoster(org, [
      { department: "A", email: org.ctx.staff.user.email },
      { department: "A" },
      { department: "A" },
      { department: "B" },
      { department: "B" },
      { department: "B" },
      { department: "B" },
    ]);
  });

  it("gives the threshold and the invited count of the respondent's own group, by their link or their account only", async () => {
    const ctx = org.ctx.admin;
    const c = await createCampaign(ctx, campaignInput({ anonymityThreshold: 5, demographicCategories: ["gender"] }));
    await openCampaign(ctx, c.id);
    await createInvitations(ctx, c.id, {});
    const links = await emailLinks(org, c.id);
    const inB = links.find((l) => l.departmentName?.startsWith("B "))!;
    const byLink = await getAnonymityFacts({ token: inB.token });
    expect(byLink).toMatchObject({ status: "ready", facts: { threshold: 5, invitedInGroup: 4, invitedTotal: 7, commentsThreshold: 10, demographicLabels: ["Gender"] } });
    const own = await getAnonymityFacts({ ctx: org.ctx.staff, campaignId: c.id });
    expect(own).toMatchObject({ status: "ready", facts: { invitedInGroup: 3, invitedTotal: 7 } });
    expect(own.status === "ready" && own.facts.groupName).toMatch(/^A /);
    // Someone the campaign did not invite, and a forged link, learn nothing.
    expect(await getAnonymityFacts({ ctx: org.ctx.department_head, campaignId: c.id })).toEqual({ status: "not_found" });
    expect(await getAnonymityFacts({ token: "Z".repeat(43) })).toEqual({ status: "not_found" });
  });
});
