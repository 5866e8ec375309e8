// Password reset: a single-use link, valid for a short time, whose token is stored only as its
// SHA-256. By email when a mail server is configured; otherwise an administrator issues the link
// for a member of their organization (members.server.ts) and hands it over. Using a link changes
// the password, ends every session and forgets every known browser of the person; it does not
// turn off their second factor (a reset must not be a way around it).
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { getDb } from "#db/client.server";
import { passwordResetTokens, signInThrottle, users } from "#db/schema";
import { mailIsConfigured } from "~/modules/mail/outbox.server";
import { FieldErrors } from "~/utils/http.server";
import { endSessionsOf, recordAccountEvent } from "./account-events.server";
import { assertStrongPassword } from "./auth.server";
import { forgetDevices } from "./devices.server";
import { hashPassword } from "./password.server";
import { hashToken, newToken } from "./session.server";
import { passwordRefusedFor } from "./sso-policy.server";

export const RESET_BY_EMAIL_MINUTES = 30;
export const RESET_BY_ADMIN_HOURS = 24;
/** Reset emails per address per hour, and requests per client address per 15 minutes. */
export const RESET_LIMITS = { perEmailPerHour: 3, perIpPer15Minutes: 20 } as const;

export { mailIsConfigured };

export function resetUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/reset-password/${token}`;
}

async function issue(userId: string, minutes: number, issuedBy: string | null): Promise<string> {
  const token = newToken();
  await getDb()
    .insert(passwordResetTokens)
    .values({ userId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + minutes * 60_000), issuedBy });
  return token;
}

/** Counts one request under a key; true while within `max` per window. */
async function withinLimit(key: string, max: number, windowMinutes: number): Promise<boolean> {
  const stale = sql`${signInThrottle.windowStartedAt} < now() - make_interval(mins => ${windowMinutes})`;
  const [row] = await getDb()
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${stale} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${stale} then now() else ${signInThrottle.windowStartedAt} end`,
      },
    })
    .returning({ failures: signInThrottle.failures });
  return (row?.failures ?? 0) <= max;
}

export class ResetThrottled extends Error {
  constructor() {
    super("Too many reset requests from your network. Wait 15 minutes and try again.");
  }
}

/**
 * "Forgot password?": emails a link when the address has an account. The answer is the same
 * whether or not it has one (and whether or not the per-address limit dropped the email), so the
 * form cannot be used to learn who has an account. Only the client address's limit is told, as it
 * says nothing about any account.
 */
export async function requestPasswordReset(input: { email: string; ip: string; baseUrl: string }): Promise<void> {
  if (!(await withinLimit(`reset-ip:${input.ip}`, RESET_LIMITS.perIpPer15Minutes, 15))) throw new ResetThrottled();
  const email = input.email.trim().toLowerCase();
  const [user] = await getDb()
    .select({ id: users.id, email: users.email, displayName: users.displayName })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  if (!user || !mailIsConfigured()) return;
  // An address its organization's directory vouches for has no password to reset here.
  if (await passwordRefusedFor(email, user.id)) return;
  if (!(await withinLimit(`reset-email:${email}`, RESET_LIMITS.perEmailPerHour, 60))) return;
  const token = await issue(user.id, RESET_BY_EMAIL_MINUTES, null);
  await recordAccountEvent(user.id, { action: "auth.password_reset_request", actorUserId: null });
  // Sent in the background: the answer must not take longer when the address has an account.
  void sendResetEmail(user.email, user.displayName, resetUrl(input.baseUrl, token)).catch((error: unknown) => {
    console.error(
      JSON.stringify({
        level: "error",
        time: new Date().toISOString(),
        msg: "password reset email failed",
        error: error instanceof Error ? error.message.replace(/[A-Za-z0-9_-]{40,}/g, "[token]") : "unknown",
      }),
    );
  });
}

/** The email goes straight to the mail server: it belongs to no organization's outbox, and a link
 * nobody received can simply be asked for again. */
export async function sendResetEmail(to: string, name: string, link: string): Promise<void> {
  const transport = nodemailer.createTransport(process.env.SMTP_URL!);
  try {
    await transport.sendMail({
      from: process.env.MAIL_FROM || "Praxis <no-reply@praxis.invalid>",
      to,
      subject: "Reset your Praxis password",
      text: [
        `Hello ${name},`,
        "",
        "Someone asked to reset the password of your Praxis account. To choose a new password, open this link:",
        "",
        link,
        "",
        `The link works once, within ${RESET_BY_EMAIL_MINUTES} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
      ].join("\n"),
    });
  } finally {
    transport.close();
  }
}

/** An administrator's link for a member (no mail server): valid 24 hours, shown once. Who may ask
 * for whom is decided by the caller (members.server.ts). */
export async function issueResetLinkFor(userId: string, adminUserId: string, baseUrl: string): Promise<{ url: string; expiresAt: Date }> {
  const [user] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, userId));
  const directory = user ? await passwordRefusedFor(user.email, userId) : null;
  if (directory) throw FieldErrors.of("form", `${user!.email} signs in through ${directory.name}'s directory, which requires single sign-on: there is no password to reset here. Their IT department manages their sign-in.`);
  const token = await issue(userId, RESET_BY_ADMIN_HOURS * 60, adminUserId);
  await recordAccountEvent(userId, { action: "auth.password_reset_link", actorUserId: adminUserId, after: { validHours: RESET_BY_ADMIN_HOURS } });
  return { url: resetUrl(baseUrl, token), expiresAt: new Date(Date.now() + RESET_BY_ADMIN_HOURS * 3_600_000) };
}

export type ResetLink = { email: string; displayName: string };

async function findUsable(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [row] = await getDb()
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId, email: users.email, displayName: users.displayName })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(eq(passwordResetTokens.tokenHash, hashToken(token)), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, sql`now()`)),
    );
  return row ?? null;
}

/** Whose link this is, or null when it is unknown, used or expired (the page says so). */
export async function lookUpResetLink(token: string): Promise<ResetLink | null> {
  const row = await findUsable(token);
  return row ? { email: row.email, displayName: row.displayName } : null;
}

const UNUSABLE = "This link has expired or has already been used. Ask for a new one.";

/** Sets the new password. Every other link of the person stops working too. */
export async function resetPassword(token: string, newPassword: string): Promise<void> {
  const row = await findUsable(token);
  if (!row) throw FieldErrors.of("form", UNUSABLE);
  const directory = await passwordRefusedFor(row.email, row.userId);
  if (directory) throw FieldErrors.of("form", `${directory.name} requires single sign-on: sign in with “Sign in with ${directory.name}'s directory” on the sign-in page.`);
  assertStrongPassword(newPassword, [row.displayName, row.email.split("@")[0] ?? ""], "newPassword");
  const passwordHash = await hashPassword(newPassword);
  const claimed = await getDb().transaction(async (tx) => {
    // Single use even when the form is sent twice at once: only one update finds it unused.
    const used = await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.id, row.id), isNull(passwordResetTokens.usedAt)))
      .returning({ id: passwordResetTokens.id });
    if (used.length === 0) return false;
    await tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.userId, row.userId), isNull(passwordResetTokens.usedAt)));
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, row.userId));
    return true;
  });
  if (!claimed) throw FieldErrors.of("form", UNUSABLE);
  await recordAccountEvent(row.userId, { action: "auth.password_reset", actorUserId: row.userId });
  await endSessionsOf(row.userId, { actorUserId: row.userId, reason: "password reset" });
  await forgetDevices(row.userId);
}
