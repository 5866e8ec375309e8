// One row (at least) in every tenant table for an organization made by createTestOrg, used by
// db/rls.server.test.ts and the export tests: tests that reason about "every tenant table" need each
// one to hold something, or they prove nothing about it. A table added later belongs here too.
import { randomUUID } from "node:crypto";
import { getDb } from "../client.server";
import { auditEvents, invitations, orgEmailDomains, orgSsoConfigs, outboxEmails, ssoIdentities } from "../schema";
import { enterTenant } from "../tenant.server";
import type { TestOrg } from "./factories";

export async function fillEveryTenantTable(org: TestOrg) {
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: org.ctx.admin.userId });
    await tx.insert(invitations).values({
      orgId: org.orgId,
      email: `invitee-${randomUUID()}@example.test`,
      role: "staff",
      departmentId: org.departmentIds[0]!,
      tokenHash: randomUUID(),
      expiresAt: new Date(Date.now() + 86_400_000),
      invitedBy: org.ctx.admin.userId,
    });
    await tx.insert(outboxEmails).values({ orgId: org.orgId, toAddress: "x@example.test", subject: "s", bodyText: "b" });
    await tx.insert(auditEvents).values({ orgId: org.orgId, actorUserId: org.ctx.admin.userId, action: "test", entityType: "test" });
    await tx.insert(orgEmailDomains).values({ orgId: org.orgId, domain: `${org.slug}.example.gov`, verificationToken: "t", verifiedAt: new Date() });
    await tx.insert(orgSsoConfigs).values({ orgId: org.orgId, issuer: "https://login.example.gov", clientId: "praxis", clientSecret: "secret" });
    await tx.insert(ssoIdentities).values({ orgId: org.orgId, issuer: "https://login.example.gov", subject: `sub-${org.slug}`, userId: org.ctx.staff.userId });

    // The strategic plan: one row in each plan table, practice links included.
    const p = await import("../schema/plans");
    const orgId = org.orgId;
    const [planId, goalId, objectiveId, measureId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await tx.insert(p.plans).values({ orgId, id: planId, title: "Plan", startFiscalYear: 2026, endFiscalYear: 2030, status: "adopted" });
    await tx.insert(p.goals).values({ orgId, id: goalId, planId, title: "Goal", position: 1 });
    await tx.insert(p.objectives).values({
      orgId,
      id: objectiveId,
      planId,
      goalId,
      code: "1.1",
      title: "Objective",
      ownerDepartmentId: org.departmentIds[0]!,
      ownerMembershipId: org.ctx.department_head.membershipId,
    });
    await tx.insert(p.objectiveUpdates).values({ orgId, objectiveId, status: "on_track", narrative: "n", asOf: "2026-01-15", authorUserId: org.ctx.admin.userId });
    await tx.insert(p.measures).values({ orgId, id: measureId, planId, objectiveId, code: "1.1.1", name: "Measure", direction: "higher_is_better", target: "10" });
    await tx.insert(p.measurements).values({ orgId, measureId, period: "2026-01-01", value: "4.5" });
    const link = { orgId, frameworkCode: "ICMA-2017", practiceNumber: 3, isPrimary: true };
    await tx.insert(p.goalPractices).values({ ...link, goalId });
    await tx.insert(p.objectivePractices).values({ ...link, objectiveId, dimensionKind: "leadership", dimensionLetter: "A" });
    await tx.insert(p.measurePractices).values({ ...link, measureId });

    // The budget: a fiscal year, a line, its practice link and an objective it funds, a mapping.
    const bu = await import("../schema/budget");
    const budgetLineId = randomUUID();
    await tx.insert(bu.fiscalYears).values({ orgId, fiscalYear: 2026, startsOn: "2025-07-01", endsOn: "2026-06-30" });
    await tx.insert(bu.budgetLines).values({
      orgId,
      id: budgetLineId,
      fiscalYear: 2026,
      lineKey: "100|PW|5100",
      departmentId: org.departmentIds[0]!,
      category: "personnel",
      adoptedCents: 123_456n,
      amendedCents: 123_456n,
    });
    await tx.insert(bu.budgetLinePractices).values({ ...link, budgetLineId });
    await tx.insert(bu.budgetLineObjectives).values({ orgId, budgetLineId, objectiveId });
    await tx.insert(bu.importMappings).values({ orgId, kind: "budget", headerSignature: "fund|amount", mapping: { fund: "fund" } });

    // The workforce: a goal with a measurement, a status update and a practice link; one person.
    const w = await import("../schema/workforce");
    const workforceGoalId = randomUUID();
    await tx.insert(w.workforceGoals).values({
      orgId,
      id: workforceGoalId,
      departmentId: org.departmentIds[0]!,
      metric: "turnover_rate",
      name: "Turnover",
      unit: "%",
      direction: "lower_is_better",
      target: "8",
    });
    await tx.insert(w.workforceMeasurements).values({ orgId, goalId: workforceGoalId, period: "2026-01-01", value: "9.5" });
    await tx.insert(w.workforceGoalUpdates).values({ orgId, goalId: workforceGoalId, status: "on_track", asOf: "2026-01-15" });
    await tx.insert(w.workforceGoalPractices).values({ ...link, workforceGoalId });
    const staffMemberId = randomUUID();
    await tx.insert(w.staffMembers).values({ orgId, id: staffMemberId, employeeNumber: "E-1", fullName: "Pat Doe", departmentId: org.departmentIds[0]!, gender: "Female" });
    const o = await import("../schema/orgs");
    await tx.insert(o.communityDemographics).values({ orgId, category: "gender", groupLabel: "Female", shareBasisPoints: 5120, source: "ACS 2023 5-year", year: 2023 });

    // Assessments: a campaign with one item, an invitation with a draft, an anonymous response
    // with an answer and a comment, a self-assessment, its results rollup, and a resource of the
    // organization's own.
    const s = await import("../schema/assessments");
    const [campaignId, itemId, invitationId, responseId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await tx.insert(s.assessmentCampaigns).values({
      orgId,
      id: campaignId,
      title: "Campaign",
      kind: "organizational",
      depth: "practice",
      frameworkCode: "ICMA-2017",
      practiceNumbers: [3],
      scaleLabels: ["1", "2", "3", "4", "5"],
      opensOn: "2026-01-01",
      closesOn: "2026-01-31",
      anonymityThreshold: 5,
    });
    await tx.insert(s.assessmentItems).values({ orgId, id: itemId, campaignId, position: 1, frameworkCode: "ICMA-2017", practiceNumber: 3, statement: "S" });
    await tx.insert(s.assessmentInvitations).values({
      orgId,
      id: invitationId,
      campaignId,
      staffMemberId,
      tokenHash: randomUUID(),
      departmentId: org.departmentIds[0]!,
      supervisoryLevel: "staff",
    });
    await tx.insert(s.assessmentDrafts).values({ orgId, invitationId, sealed: "AQ" });
    await tx.insert(s.assessmentResponses).values({ orgId, id: responseId, campaignId, departmentId: org.departmentIds[0]!, supervisoryLevel: "staff", submittedOn: "2026-01-15" });
    await tx.insert(s.assessmentAnswers).values({ orgId, responseId, itemId, value: 4 });
    await tx.insert(s.assessmentComments).values({ orgId, responseId, practiceNumber: 3, body: "c" });
    await tx.insert(s.assessmentSelfResponses).values({ orgId, campaignId, invitationId, answers: { [itemId]: 3 }, submittedOn: "2026-01-15" });
    await tx.insert(s.assessmentResultRollups).values({ orgId, campaignId, atoms: [{ attrs: { department: org.departmentIds[0]!, level: "staff" }, n: 1 }] });
    await tx.insert(s.assessmentResultTallies).values({ orgId, campaignId, cutKey: "total", cellKey: "", itemId, c1: 0, c2: 0, c3: 0, c4: 1, c5: 0, na: 0 });
    await tx.insert(s.orgDevelopmentResources).values({ orgId, frameworkCode: "ICMA-2017", practiceNumbers: [3], title: "R" });

    // Summary reports: a draft (the manager's note). db/rls.server.test.ts adds a published one.
    const r = await import("../schema/reports");
    await tx.insert(r.reports).values({ orgId, periodKey: "FY2026", periodLabel: "FY2026", status: "draft", managerNote: "Note" });
  });
}
