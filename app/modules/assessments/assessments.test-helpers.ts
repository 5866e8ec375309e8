// Rosters and campaigns for the assessment tests, made the way the app makes them: the roster
// through the owner connection (as the roster import does), campaigns and answers through the
// services.
import { randomUUID } from "node:crypto";
import { getDb } from "#db/client.server";
import { departments, staffMembers } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import type { TestOrg } from "#db/test/factories";
import type { SupervisoryLevel } from "~/modules/workforce/workforce.schema";
import { todayIso, type CampaignInput } from "./assessments.schema";
import { closeCampaign, createCampaign, openCampaign } from "./campaigns.server";
import { createInvitations } from "./distribution.server";

export type RosterPerson = {
  department: string;
  level?: SupervisoryLevel;
  gender?: string | null;
  ageBand?: string | null;
  email?: string | null;
};

export const BASE_URL = "https://praxis.test";

/** Adds departments by code (when missing) and people; returns department ids by code. */
export async function addRoster(org: TestOrg, people: RosterPerson[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await getDb().transaction(async (tx) => {
    await enterTenant(tx, { orgId: org.orgId, userId: null });
    for (const code of [...new Set(people.map((p) => p.department))]) {
      const id = randomUUID();
      await tx.insert(departments).values({ orgId: org.orgId, id, code: `${code}-${id.slice(0, 6)}`, name: `${code} ${id.slice(0, 6)}` });
      ids.set(code, id);
    }
    const rows = people.map((p, i) => ({
      orgId: org.orgId,
      employeeNumber: `E${i}-${randomUUID().slice(0, 8)}`,
      fullName: `Person ${i}`,
      email: p.email === undefined ? `person${i}-${randomUUID().slice(0, 6)}@example.test` : p.email,
      departmentId: ids.get(p.department)!,
      supervisoryLevel: p.level ?? ("staff" as const),
      gender: p.gender ?? null,
      ageBand: p.ageBand ?? null,
    }));
    for (let i = 0; i < rows.length; i += 500) await tx.insert(staffMembers).values(rows.slice(i, i + 500));
  });
  return ids;
}

export function dayOffset(days: number): string {
  return todayIso(new Date(Date.now() + days * 86_400_000));
}

export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    title: "Practices survey",
    kind: "organizational",
    depth: "practice",
    practiceNumbers: [3, 4],
    commentsEnabled: true,
    demographicCategories: [],
    opensOn: todayIso(),
    closesOn: dayOffset(14),
    ...overrides,
  };
}

/** A campaign opened, with everyone on the roster invited; returns the tokens in roster order of
 * the links (by name). */
export async function openWithInvitations(org: TestOrg, input: Partial<CampaignInput> = {}) {
  const ctx = org.ctx.admin;
  const campaign = await createCampaign(ctx, campaignInput(input));
  await openCampaign(ctx, campaign.id);
  const issued = await createInvitations(ctx, campaign.id, {}, BASE_URL);
  const tokens = issued.links.map((l) => ({ ...l, token: l.link.slice(l.link.lastIndexOf("/") + 1) }));
  return { campaign, tokens };
}

export async function closeNow(org: TestOrg, campaignId: string) {
  return closeCampaign(org.ctx.admin, campaignId);
}
