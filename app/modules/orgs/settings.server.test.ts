import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { auditEvents, organizations } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { describeFiscalYear, organizationSettingsSchema, type OrganizationSettingsInput } from "./settings.schema";
import { getOrganizationSettings, updateOrganizationSettings } from "./settings.server";

async function statusOf(promise: Promise<unknown>): Promise<number | string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FieldErrors) return error.errors;
    throw error;
  }
  throw new Error("expected FieldErrors, but the call succeeded");
}

/** The row as the owner connection sees it, not through the code under test. */
async function orgRow(orgId: string) {
  const [row] = await getDb().select().from(organizations).where(eq(organizations.id, orgId));
  return row!;
}

const valid: OrganizationSettingsInput = {
  name: "City of Riverbend",
  kind: "county",
  state: "WA",
  population: 48500,
  fiscalYearStartMonth: 10,
  timeZone: "America/Los_Angeles",
  anonymityThreshold: 7,
};

describe("organization settings", () => {
  it("reads the defaults and saves every field, auditing before and after", async () => {
    const org = await createTestOrg("settings");
    const admin = org.ctx.admin;
    expect(await getOrganizationSettings(admin)).toEqual({
      slug: org.slug,
      name: org.name,
      kind: "city",
      state: "OR",
      population: null,
      fiscalYearStartMonth: 7,
      timeZone: "America/New_York",
      anonymityThreshold: 5,
      twoFactorPolicy: "off",
    });

    const saved = await updateOrganizationSettings(admin, valid);
    // Left out of the input, the two-factor policy stays as it was.
    expect(saved).toEqual({ slug: org.slug, ...valid, twoFactorPolicy: "off" });
    expect(await getOrganizationSettings(admin)).toEqual({ slug: org.slug, ...valid, twoFactorPolicy: "off" });
    expect((await orgRow(org.orgId)).slug).toBe(org.slug);

    // Clearing the population stores null.
    await updateOrganizationSettings(admin, { ...valid, population: undefined });
    expect((await orgRow(org.orgId)).population).toBeNull();

    const audit = await withTenant(admin, (tx) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "organization.update")))
        .orderBy(auditEvents.createdAt),
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!).toMatchObject({ actorUserId: admin.userId, entityType: "organization", entityId: org.orgId });
    expect(audit[0]!.before).toMatchObject({ name: org.name, kind: "city", anonymityThreshold: 5, population: null });
    expect(audit[0]!.after).toMatchObject(valid);
    expect(audit[1]!.after).toMatchObject({ population: null });

    // Requiring two-factor for administrators is a setting like the others, and audited.
    await updateOrganizationSettings(admin, { ...valid, twoFactorPolicy: "admins" });
    expect((await orgRow(org.orgId)).twoFactorPolicy).toBe("admins");
    const refused = await fieldErrorsOf(updateOrganizationSettings(admin, { ...valid, twoFactorPolicy: "sometimes" as never }));
    expect(Object.keys(refused)).toEqual(["twoFactorPolicy"]);
  });

  it("refuses an anonymity threshold of 2 and accepts 3", async () => {
    const org = await createTestOrg("settings-threshold");
    const admin = org.ctx.admin;
    const refused = await fieldErrorsOf(updateOrganizationSettings(admin, { ...valid, anonymityThreshold: 2 }));
    expect(Object.keys(refused)).toEqual(["anonymityThreshold"]);
    expect(refused.anonymityThreshold![0]).toMatch(/at least 3/);
    expect((await orgRow(org.orgId)).anonymityThreshold).toBe(5);
    expect((await orgRow(org.orgId)).name).toBe(org.name);

    await updateOrganizationSettings(admin, { ...valid, anonymityThreshold: 3 });
    expect((await orgRow(org.orgId)).anonymityThreshold).toBe(3);

    for (const bad of [51, 4.5]) {
      const e = await fieldErrorsOf(updateOrganizationSettings(admin, { ...valid, anonymityThreshold: bad }));
      expect(Object.keys(e)).toEqual(["anonymityThreshold"]);
    }
  });

  it("refuses month 13 and a population out of range", async () => {
    const org = await createTestOrg("settings-month");
    const admin = org.ctx.admin;
    for (const month of [13, 0]) {
      const e = await fieldErrorsOf(updateOrganizationSettings(admin, { ...valid, fiscalYearStartMonth: month }));
      expect(e.fiscalYearStartMonth![0]).toMatch(/January to December/);
    }
    for (const population of [0, 50_000_001, 12.5]) {
      const e = await fieldErrorsOf(updateOrganizationSettings(admin, { ...valid, population }));
      expect(Object.keys(e)).toEqual(["population"]);
    }
    expect(await getOrganizationSettings(admin)).toMatchObject({ fiscalYearStartMonth: 7, population: null, kind: "city" });
    await updateOrganizationSettings(admin, { ...valid, population: 50_000_000 });
    expect((await orgRow(org.orgId)).population).toBe(50_000_000);
  });

  it("refuses an unknown kind or state and a too-short name", async () => {
    const org = await createTestOrg("settings-enum");
    const e = await fieldErrorsOf(
      updateOrganizationSettings(org.ctx.admin, { ...valid, name: " ", kind: "kingdom" as never, state: "ZZ" }),
    );
    expect(Object.keys(e).sort()).toEqual(["kind", "name", "state"]);
  });

  it("refuses every role but admin with 403", async () => {
    const org = await createTestOrg("settings-roles");
    for (const role of ["department_head", "staff", "elected_official"] as const) {
      expect(await statusOf(getOrganizationSettings(org.ctx[role]))).toBe(403);
      expect(await statusOf(updateOrganizationSettings(org.ctx[role], valid))).toBe(403);
    }
    expect((await orgRow(org.orgId)).name).toBe(org.name);
  });

  it("only ever touches the caller's own organization", async () => {
    const [a, b] = await Promise.all([createTestOrg("settings-a"), createTestOrg("settings-b")]);
    await updateOrganizationSettings(a.ctx.admin, { ...valid, name: "City of A" });
    const aBefore = await orgRow(a.orgId);

    // B's admin reads and writes B, never A.
    expect((await getOrganizationSettings(b.ctx.admin)).slug).toBe(b.slug);
    await updateOrganizationSettings(b.ctx.admin, {
      name: "County of B",
      kind: "county",
      state: "TX",
      population: 1234,
      fiscalYearStartMonth: 1,
      timeZone: "America/Chicago",
      anonymityThreshold: 10,
    });
    expect(await orgRow(a.orgId)).toEqual(aBefore);
    expect(await orgRow(b.orgId)).toMatchObject({ name: "County of B", anonymityThreshold: 10 });

    // A's audit log holds nothing of B's change.
    const aAudit = await withTenant(a.ctx.admin, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.orgId, a.orgId), eq(auditEvents.action, "organization.update"))),
    );
    expect(aAudit).toHaveLength(1);
    expect(aAudit[0]!.after).toMatchObject({ name: "City of A" });
  });

  it("parses the form as submitted and explains the fiscal year", () => {
    expect(describeFiscalYear(7, 2026)).toBe("FY2026 = July 2025 – June 2026");
    expect(describeFiscalYear(1, 2026)).toBe("FY2026 = January 2026 – December 2026");
    expect(describeFiscalYear(10, 2026)).toBe("FY2026 = October 2025 – September 2026");
    const ok = organizationSettingsSchema.safeParse({ ...valid, population: undefined });
    expect(ok.success).toBe(true);
  });
});
