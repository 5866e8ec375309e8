import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { departments } from "./schema";
import { withTenant } from "./tenant.server";
import { createTestOrg } from "./test/factories";

describe("withTenant", () => {
  it("runs as the app role with the organization set", async () => {
    const a = await createTestOrg("a");
    const rows = await withTenant({ orgId: a.orgId, userId: null }, (tx) =>
      tx.execute(sql`select current_user as role, current_setting('app.org_id', true) as org`),
    );
    const first = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: unknown[] }).rows[0]) as {
      role: string;
      org: string;
    };
    expect(first.role).toBe("praxis_app");
    expect(first.org).toBe(a.orgId);
  });

  it("keeps concurrent transactions of two organizations apart", async () => {
    const [a, b] = await Promise.all([createTestOrg("a"), createTestOrg("b")]);
    const runs = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b));
    const seen = await Promise.all(
      runs.map((org) =>
        withTenant({ orgId: org.orgId, userId: null }, async (tx) => {
          await new Promise((r) => setTimeout(r, Math.random() * 5));
          const rows = await tx.select({ orgId: departments.orgId }).from(departments);
          return { expected: org.orgId, got: [...new Set(rows.map((r) => r.orgId))] };
        }),
      ),
    );
    for (const s of seen) expect(s.got).toEqual([s.expected]);
  });
});
