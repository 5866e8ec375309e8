// Outgoing mail goes through a table first: it is written in the same transaction as the change
// that causes it (an invitation is never half-created), and sent afterwards when SMTP_URL is set.
// Without SMTP_URL the rows simply stay in the outbox and the person who caused them copies the
// link from the page instead (membership invitations; survey links are never shown, so they are
// not queued without a way out: distribution.server.ts). MAIL_FILE_DIR writes each message as a
// JSON file into a folder instead of sending it (tests and demos). A sent message's text is
// erased from the outbox: it may carry a personal link that nobody else should be able to read.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
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

/** Whether queued messages leave the database at all: by SMTP, or as files into MAIL_FILE_DIR. */
export function mailLeavesOutbox(): boolean {
  return Boolean(process.env.SMTP_URL || process.env.MAIL_FILE_DIR);
}

/** What a sent message's text becomes in the outbox. */
export const SENT_BODY = "(sent; the text is not kept)";

type Sender = { send(email: { to: string; subject: string; text: string; id: string }): Promise<void>; close(): void };

function smtpSender(smtpUrl: string): Sender {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  const from = process.env.MAIL_FROM || DEFAULT_FROM;
  return { send: async (e) => void (await transport.sendMail({ from, to: e.to, subject: e.subject, text: e.text })), close: () => transport.close() };
}

function fileSender(dir: string): Sender {
  return {
    send: async (e) => {
      await mkdir(dir, { recursive: true });
      // Written under another name, then renamed: a reader never sees half a message.
      const name = `${Date.now()}-${e.id}`;
      await writeFile(path.join(dir, `${name}.tmp`), JSON.stringify({ to: e.to, subject: e.subject, text: e.text }), { mode: 0o600 });
      await rename(path.join(dir, `${name}.tmp`), path.join(dir, `${name}.json`));
    },
    close: () => undefined,
  };
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
  const dir = process.env.MAIL_FILE_DIR;
  if (!smtpUrl && !dir) return Promise.resolve({ sent: 0, failed: 0 });
  const previous = running.get(orgId) ?? Promise.resolve({ sent: 0, failed: 0 });
  const next = previous.catch(() => undefined).then(() => deliver(orgId, () => (smtpUrl ? smtpSender(smtpUrl) : fileSender(dir!))));
  running.set(orgId, next);
  const clear = () => {
    if (running.get(orgId) === next) running.delete(orgId);
  };
  next.then(clear, clear);
  return next;
}

async function deliver(orgId: string, sender: () => Sender): Promise<DeliveryReport> {
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
  const transport = sender();
  const report: DeliveryReport = { sent: 0, failed: 0 };
  try {
    for (const email of pending) {
      let lastError: string | null = null;
      try {
        await transport.send({ id: email.id, to: email.toAddress, subject: email.subject, text: email.bodyText });
      } catch (error) {
        lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000) || "Unknown error";
      }
      await withTenant(scope, (tx) =>
        tx
          .update(outboxEmails)
          .set(lastError ? { lastError } : { sentAt: new Date(), lastError: null, bodyText: SENT_BODY })
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

/** Waits until no delivery is running in this process (one started in the background included):
 * tests that compare an organization's rows before and after a request must not see a delivery
 * that an earlier request started mark its emails sent in between. */
export async function deliveriesSettled(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running.values()]);
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
