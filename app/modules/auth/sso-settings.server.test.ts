// Settings → Single sign-on against a real OpenID provider on localhost: the directory is asked
// before anything is saved, the secret never comes back, changes are audited without it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, orgEmailDomains, orgSsoConfigs } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, type TestOrg } from "#db/test/factories";
import { type FieldErrors } from "~/utils/http.server";
import { ssoSettingsSchema, type SsoSettingsInput } from "./sso.schema";
import { getSsoSettings, saveSsoSettings } from "./sso-settings.server";

const SECRET = "the-first-client-secret-0123456789";
let server: Server;
let issuer: string;
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, { clients: [{ client_id: "praxis", client_secret: SECRET, redirect_uris: ["http://localhost/cb"] }] });
  server.on("request", provider.callback());
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

function input(values: Record<string, string>): SsoSettingsInput {
  const parsed = ssoSettingsSchema.safeParse(values);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.flatten().fieldErrors));
  return parsed.data;
}
const errorsOf = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as FieldErrors).errors;

async function withDomain(): Promise<TestOrg> {
  const org = await createTestOrg("ssoset");
  await withTenant({ orgId: org.orgId, userId: null }, (tx) =>
    tx.insert(orgEmailDomains).values({ orgId: org.orgId, domain: `${org.slug}.gov`, verificationToken: "t", verifiedAt: new Date() }),
  );
  return org;
}

describe("single sign-on settings", () => {
  it("saves only after the directory answers; the secret is write-only and kept when left empty; changes are audited without it", async () => {
    const org = await withDomain();
    const admin = org.ctx.admin;
    // A directory that does not answer is explained beside the issuer, and nothing is saved.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const nobody = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await errorsOf(saveSsoSettings(admin, input({ issuer: nobody, clientId: "praxis", clientSecret: SECRET, enabled: "on" })));
    expect(unreachable.issuer?.[0]).toMatch(/^No answer from http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration/);
    // An address that answers, but for another issuer.
    const wrongIssuer = await errorsOf(saveSsoSettings(admin, input({ issuer: `${issuer}/tenant`, clientId: "praxis", clientSecret: SECRET, enabled: "on" })));
    expect(wrongIssuer.issuer?.[0]).toBeTruthy();
    expect((await getSsoSettings(admin)).configured).toBe(false);

    await saveSsoSettings(admin, input({ issuer: `${issuer}/`, clientId: "praxis", clientSecret: SECRET, roleClaim: "groups", roleMap: "praxis-admins = Administrator\ncouncil = elected_official", enabled: "on" }));
    const shown = await getSsoSettings(admin);
    expect(shown).toMatchObject({ configured: true, issuer, clientId: "praxis", hasSecret: true, enabled: true, ssoOnly: false });
    // (jsonb keeps its own key order)
    expect(shown.roleMap.split("\n").sort()).toEqual(["council = Elected official", "praxis-admins = Administrator"]);
    expect(JSON.stringify(shown)).not.toContain(SECRET);

    // Saved again with the secret left empty: the secret stays.
    await saveSsoSettings(admin, input({ issuer, clientId: "praxis", clientSecret: "", roleClaim: "groups", roleMap: "", enabled: "on" }));
    const [row] = await withTenant(admin, (tx) => tx.select().from(orgSsoConfigs).where(eq(orgSsoConfigs.orgId, org.orgId)));
    expect(row).toMatchObject({ clientSecret: SECRET, roleMap: {} });

    const audited = await withTenant(admin, (tx) =>
      tx.select({ before: auditEvents.before, after: auditEvents.after }).from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.action, "sso.update"))),
    );
    expect(audited).toHaveLength(2);
    expect(audited.map((a) => (a.after as { secretChanged: boolean }).secretChanged).sort()).toEqual([false, true]);
    expect(JSON.stringify(audited)).not.toContain(SECRET);
  });

  it("requires a verified domain to turn on, a confirmation to require it, and an administrator", async () => {
    const bare = await createTestOrg("ssoset-bare");
    const noDomain = await errorsOf(saveSsoSettings(bare.ctx.admin, input({ issuer, clientId: "praxis", clientSecret: SECRET, enabled: "on" })));
    expect(noDomain.enabled?.[0]).toContain("Verify your staff's email domain first");

    const org = await withDomain();
    const unconfirmed = await errorsOf(saveSsoSettings(org.ctx.admin, input({ issuer, clientId: "praxis", clientSecret: SECRET, enabled: "on", ssoOnly: "on" })));
    expect(unconfirmed.confirmSsoOnly?.[0]).toContain("no longer sign in with a password");
    await saveSsoSettings(org.ctx.admin, input({ issuer, clientId: "praxis", clientSecret: SECRET, enabled: "on", ssoOnly: "on", confirmSsoOnly: "on" }));
    expect((await getSsoSettings(org.ctx.admin)).ssoOnly).toBe(true);
    // Already required: saving again needs no new confirmation.
    await saveSsoSettings(org.ctx.admin, input({ issuer, clientId: "praxis", enabled: "on", ssoOnly: "on" }));

    expect(ssoSettingsSchema.safeParse({ issuer, clientId: "praxis", ssoOnly: "on" }).success).toBe(false);
    expect(ssoSettingsSchema.safeParse({ issuer: "http://login.example.gov", clientId: "praxis" }).success).toBe(false);
    expect(ssoSettingsSchema.safeParse({ issuer, clientId: "praxis", roleClaim: "groups", roleMap: "admins = emperor" }).success).toBe(false);

    for (const role of ["department_head", "staff", "elected_official"] as const) {
      expect(await getSsoSettings(org.ctx[role]).catch((e: unknown) => (e as Response).status)).toBe(403);
      expect(await saveSsoSettings(org.ctx[role], input({ issuer, clientId: "x", clientSecret: SECRET })).catch((e: unknown) => (e as Response).status)).toBe(403);
    }
    // Another organization's administrator sees its own (empty) settings, not these.
    expect((await getSsoSettings(bare.ctx.admin)).configured).toBe(false);
  });
});
