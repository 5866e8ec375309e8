import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb } from "#db/client.server";
import { outboxEmails } from "#db/schema";
import { withTenant } from "#db/tenant.server";
import { createTestOrg, uniqueSuffix } from "#db/test/factories";
import { createInvitation } from "~/modules/orgs/members.server";
import { deliverPendingEmails, enqueueEmail, SENT_BODY } from "./outbox.server";
import { startSmtpServer } from "#db/test/smtp-server";

const savedSmtp = process.env.SMTP_URL;
const savedFrom = process.env.MAIL_FROM;
afterEach(() => {
  if (savedSmtp === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = savedSmtp;
  if (savedFrom === undefined) delete process.env.MAIL_FROM;
  else process.env.MAIL_FROM = savedFrom;
});

function queue(orgId: string, to: string, subject = "Hello") {
  return withTenant({ orgId, userId: null }, (tx) => enqueueEmail(tx, { orgId, to, subject, text: `Body for ${to}` }));
}

async function outboxOf(orgId: string) {
  return getDb().select().from(outboxEmails).where(eq(outboxEmails.orgId, orgId));
}

describe("outbox", () => {
  it("keeps mail in the outbox when SMTP_URL is not set", async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FILE_DIR;
    const org = await createTestOrg("outbox-off");
    await queue(org.orgId, `a-${uniqueSuffix()}@example.test`);
    expect(await deliverPendingEmails(org.orgId)).toEqual({ sent: 0, failed: 0 });
    const rows = await outboxOf(org.orgId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sentAt: null, lastError: null });
  });

  it("sends one organization's unsent mail over SMTP, recording sent_at or the error", async () => {
    const smtp = await startSmtpServer();
    try {
      process.env.SMTP_URL = smtp.url;
      delete process.env.MAIL_FROM;
      const org = await createTestOrg("outbox-on");
      const other = await createTestOrg("outbox-other");
      const good = `good-${uniqueSuffix()}@example.test`;
      const bad = `reject-${uniqueSuffix()}@example.test`;
      await queue(org.orgId, good, "Welcome to Praxis");
      await queue(org.orgId, bad);
      await queue(other.orgId, `other-${uniqueSuffix()}@example.test`);

      expect(await deliverPendingEmails(org.orgId)).toEqual({ sent: 1, failed: 1 });
      const rows = await outboxOf(org.orgId);
      const sent = rows.find((r) => r.toAddress === good)!;
      const failed = rows.find((r) => r.toAddress === bad)!;
      expect(sent.sentAt).not.toBeNull();
      expect(sent.lastError).toBeNull();
      // A sent email's text (which may hold a personal link) is not kept; an unsent one's is.
      expect(sent.bodyText).toBe(SENT_BODY);
      expect(failed.bodyText).toBe(`Body for ${bad}`);
      expect(failed.sentAt).toBeNull();
      expect(failed.lastError).toMatch(/550|mailbox/i);
      expect((await outboxOf(other.orgId))[0]?.sentAt).toBeNull();

      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain("Subject: Welcome to Praxis");
      expect(smtp.messages[0]).toContain("no-reply@praxis.invalid");
      expect(smtp.messages[0]).toContain(`Body for ${good}`);

      // Sent rows are not sent again; the failed one is retried.
      expect(await deliverPendingEmails(org.orgId)).toEqual({ sent: 0, failed: 1 });
      expect(smtp.messages).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  });

  it("emails an invitation after it is created, without the admin waiting for it", async () => {
    const smtp = await startSmtpServer();
    try {
      process.env.SMTP_URL = smtp.url;
      process.env.MAIL_FROM = "City Hall <praxis@city.example.gov>";
      const org = await createTestOrg("outbox-invite");
      const email = `invitee-${uniqueSuffix()}@example.test`;
      const issued = await createInvitation(org.ctx.admin, { email, role: "elected_official" }, "http://praxis.test");
      expect(issued.emailed).toBe(true);
      // Deliveries of one organization run one after another: this waits for the background one.
      await deliverPendingEmails(org.orgId);
      const [row] = await outboxOf(org.orgId);
      expect(row?.sentAt).not.toBeNull();
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toContain("praxis@city.example.gov");
      expect(smtp.messages[0]).toContain(issued.link);
    } finally {
      await smtp.close();
    }
  });

  it("never fails the invitation when the mail server is unreachable", async () => {
    const closed = await startSmtpServer();
    await closed.close(); // a port where nothing listens any more
    process.env.SMTP_URL = closed.url;
    const org = await createTestOrg("outbox-down");
    const issued = await createInvitation(org.ctx.admin, { email: `down-${uniqueSuffix()}@example.test`, role: "elected_official" }, "http://praxis.test");
    expect(issued.link).toContain("/invite/");
    await deliverPendingEmails(org.orgId);
    const [row] = await outboxOf(org.orgId);
    expect(row?.sentAt).toBeNull();
    expect(row?.lastError).toBeTruthy();
  });
});
