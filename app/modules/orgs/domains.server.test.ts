import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditEvents } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { startDnsServer, type DnsServer } from "#db/test/dns-server";
import { createTestOrg, uniqueSuffix } from "#db/test/factories";
import { FieldErrors } from "~/utils/http.server";
import { domainIntentSchema } from "./domains.schema";
import { addDomain, isVerifiedDomain, listDomains, removeDomain, verifiedDomains, verifyDomain } from "./domains.server";

let dns: DnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
  vi.stubEnv("PRAXIS_DNS_SERVERS", dns.address);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await dns.close();
});

describe("verified email domains", () => {
  it("verify only with the TXT record in DNS, then count for isVerifiedDomain; audited", async () => {
    const org = await createTestOrg("domains");
    const admin = org.ctx.admin;
    const domain = `city-${uniqueSuffix()}.gov`;
    const added = await addDomain(admin, domain);
    expect(added).toMatchObject({ domain, verified: false, record: { name: `_praxis-verification.${domain}` } });
    expect(await isVerifiedDomain(admin, `clerk@${domain}`)).toBe(false);
    // Not yet published: refused with what to publish.
    const refused = await verifyDomain(admin, added.id).catch((e: unknown) => e);
    expect((refused as FieldErrors).errors.form?.[0]).toContain(added.record.value);
    // A wrong value does not count either.
    dns.txt.set(added.record.name, ["praxis-verification=someone-else", "v=spf1 -all"]);
    expect(await verifyDomain(admin, added.id).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
    dns.txt.set(added.record.name, ["v=spf1 -all", added.record.value]);
    expect((await verifyDomain(admin, added.id)).verified).toBe(true);
    expect(await isVerifiedDomain(admin, `Clerk@${domain.toUpperCase()}`)).toBe(true);
    expect(await isVerifiedDomain(org.ctx.staff, `clerk@${domain}`)).toBe(true);
    expect(await isVerifiedDomain(admin, `clerk@sub.${domain}`)).toBe(false);
    expect(await isVerifiedDomain(admin, `clerk@${domain}.evil.example`)).toBe(false);
    expect(await verifiedDomains(admin)).toEqual([domain]);
    const actions = await withTenant(admin, (tx) =>
      tx.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.entityType, "email_domain"))),
    );
    expect(actions.map((a) => a.action).sort()).toEqual(["domain.add", "domain.verify"]);
    await removeDomain(admin, added.id);
    expect(await isVerifiedDomain(admin, `clerk@${domain}`)).toBe(false);
  });

  it("are the organization's own: another organization neither sees nor verifies them, and only administrators manage them", async () => {
    const [a, b] = await Promise.all([createTestOrg("domains-a"), createTestOrg("domains-b")]);
    const domain = `town-${uniqueSuffix()}.us`;
    const added = await addDomain(a.ctx.admin, domain);
    dns.txt.set(added.record.name, [added.record.value]);
    expect(await listDomains(b.ctx.admin)).toEqual([]);
    expect(await verifyDomain(b.ctx.admin, added.id).catch((e: unknown) => (e as Response).status)).toBe(404);
    expect(await removeDomain(b.ctx.admin, added.id).catch((e: unknown) => (e as Response).status)).toBe(404);
    expect(await addDomain(a.ctx.department_head, "x.gov").catch((e: unknown) => (e as Response).status)).toBe(403);
    await verifyDomain(a.ctx.admin, added.id);
    expect(await isVerifiedDomain(b.ctx.admin, `x@${domain}`)).toBe(false);
    expect(await addDomain(a.ctx.admin, domain).catch((e: unknown) => e)).toBeInstanceOf(FieldErrors);
  });

  it("refuses what is not an organization's own domain", () => {
    const parse = (domain: string) => domainIntentSchema.safeParse({ intent: "add-domain", domain });
    expect(parse("@Springfield.GOV.").success && parse("@Springfield.GOV.").data).toEqual({ intent: "add-domain", domain: "springfield.gov" });
    for (const bad of ["gmail.com", "http://springfield.gov", "springfield", "a@b.gov", "-x.gov", "x".repeat(254) + ".gov"]) {
      expect(parse(bad).success, bad).toBe(false);
    }
  });
});
