// Outgoing mail goes through a table first: it is written in the same transaction as the change
// that causes it (an invitation is never half-created), and sent afterwards when SMTP_URL is set.
// Without SMTP_URL the rows simply stay in the outbox and the person who caused them copies the
// link from the page instead.
import { and, asc, eq, isNull } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import type { Transaction } from "#db/client.server";
import { outboxEmails } from "#db/schema";
import { withTenant } from "#db/tenant.server";

export type OutgoingEmail = { orgId: string; to: string; subject: string; text: string };
export type DeliveryReport = { sent: number; failed: number };

const DEFAULT_FROM = "Praxis <no-reply@praxis.invalid>";
const BATCH = 50;

/** Writes an email to the outbox inside the caller's tenant transaction. Returns its id. */
export async function enqueueEmail(tx: Transaction, email: OutgoingEmail): Promise<string> {
  const [id] = await enqueueEmails(tx, [email]);
  return id!;
}

/** Queues many emails in a few multi-row inserts (a campaign's invitations: thousands). */
export async function enqueueEmails(tx: Transaction, emails: OutgoingEmail[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await tx
      .insert(outboxEmails)
      .values(emails.slice(i, i + 500).map((e) => ({ orgId: e.orgId, toAddress: e.to, subject: e.subject, bodyText: e.text })))
      .returning({ id: outboxEmails.id });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** Whether mail actually leaves the building (so pages can say "we emailed it" or "send it yourself"). */
export function mailIsConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

// One delivery at a time per organization in this process, so two quick invitations do not send
// the same row twice.
const running = new Map<string, Promise<DeliveryReport>>();

/**
 * Sends the unsent emails of one organization when SMTP_URL is set, marking each row sent or
 * recording why it failed (it is tried again at the next delivery). Never holds a transaction open
 * while talking to the mail server.
 */
export function deliverPendingEmails(orgId: string): Promise<DeliveryReport> {
  const smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) return Promise.resolve({ sent: 0, failed: 0 });
  const previous = running.get(orgId) ?? Promise.resolve({ sent: 0, failed: 0 });
  const next = previous.catch(() => undefined).then(() => deliver(orgId, smtpUrl));
  running.set(orgId, next);
  const clear = () => {
    if (running.get(orgId) === next) running.delete(orgId);
  };
  next.then(clear, clear);
  return next;
}

async function deliver(orgId: string, smtpUrl: string): Promise<DeliveryReport> {
  const scope = { orgId, userId: null };
  const pending = await withTenant(scope, (tx) =>
    tx
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.orgId, orgId), isNull(outboxEmails.sentAt)))
      .orderBy(asc(outboxEmails.createdAt))
      .limit(BATCH),
  );
  if (pending.length === 0) return { sent: 0, failed: 0 };
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const from = process.env.MAIL_FROM || DEFAULT_FROM;
  const report: DeliveryReport = { sent: 0, failed: 0 };
  try {
    for (const email of pending) {
      let lastError: string | null = null;
      try {
        await transport.sendMail({ from, to: email.toAddress, subject: email.subject, text: email.bodyText });
      } catch (error) {
        lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000) || "Unknown error";
      }
      await withTenant(scope, (tx) =>
        tx
          .update(outboxEmails)
          .set(lastError ? { lastError } : { sentAt: new Date(), lastError: null })
          .where(and(eq(outboxEmails.orgId, orgId), eq(outboxEmails.id, email.id))),
      );
      if (lastError) report.failed += 1;
      else report.sent += 1;
    }
  } finally {
    transport.close();
  }
  return report;
}

/** Starts delivery without waiting for it: a mail server that is down must never fail the action
 * that queued the email. */
export function deliverInBackground(orgId: string): void {
  deliverPendingEmails(orgId).catch((error: unknown) => {
    console.error(
      JSON.stringify({
        level: "error",
        time: new Date().toISOString(),
        msg: "outbox delivery failed",
        orgId,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  });
}
