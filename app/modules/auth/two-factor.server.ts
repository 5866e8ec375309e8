// Two-factor authentication with an authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds,
// SHA-1, as every authenticator app reads it) and single-use recovery codes. The one-time-password
// arithmetic is @oslojs/otp's; what is kept, when a code counts and who may reset it is decided
// here. Secrets and recovery codes live in tables the app role cannot read (owner connection only),
// and never in a log or an audit event.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import { and, eq, isNull, sql } from "drizzle-orm";
import QRCode from "qrcode";
import { getDb } from "#db/client.server";
import { recoveryCodes, signInThrottle, userTotp } from "#db/schema";
import { FieldErrors } from "~/utils/http.server";
import { endSessionsOf, recordAccountEvent } from "./account-events.server";
import { RECOVERY_CODE_COUNT } from "./two-factor.constants";

export { RECOVERY_CODE_COUNT };
import { endSession, markSecondFactor, type CurrentSession } from "./session.server";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Wrong codes one pending sign-in may send before it is ended (the password must be given again,
 * and that is throttled). */
export const MAX_CODE_FAILURES = 5;
const ISSUER = "Praxis";

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function hasTwoFactor(userId: string): Promise<boolean> {
  const [row] = await getDb().select({ enabledAt: userTotp.enabledAt }).from(userTotp).where(eq(userTotp.userId, userId));
  return Boolean(row?.enabledAt);
}

export async function twoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const [row] = await getDb().select({ enabledAt: userTotp.enabledAt }).from(userTotp).where(eq(userTotp.userId, userId));
  const [left] = await getDb()
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: Boolean(row?.enabledAt), enabledAt: row?.enabledAt ?? null, recoveryCodesLeft: row?.enabledAt ? (left?.n ?? 0) : 0 };
}

/** Which of these people have two-factor turned on (for the members page). */
export async function twoFactorEnabledAmong(userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await getDb()
    .select({ userId: userTotp.userId })
    .from(userTotp)
    .where(and(sql`${userTotp.userId} = any(${sql.param(userIds)}::uuid[])`, sql`${userTotp.enabledAt} is not null`));
  return new Set(rows.map((r) => r.userId));
}

export type Enrolment = { secret: string; uri: string; qrCode: string };

/**
 * Starts (or shows again) the enrolment of an authenticator: a new random 160-bit secret, kept
 * unconfirmed until a code from the app proves it was scanned. The page shows it as a QR code
 * (an SVG data URL: no third party sees it) and as text for typing in.
 */
export async function beginEnrolment(session: CurrentSession): Promise<Enrolment> {
  const [row] = await getDb().select().from(userTotp).where(eq(userTotp.userId, session.user.id));
  if (row?.enabledAt) throw FieldErrors.of("form", "Two-factor authentication is already on.");
  let secret = row?.secret;
  if (!secret) {
    secret = encodeBase32NoPadding(randomBytes(20));
    await getDb().insert(userTotp).values({ userId: session.user.id, secret }).onConflictDoNothing();
  }
  const uri = createTOTPKeyURI(ISSUER, session.user.email, decodeBase32IgnorePadding(secret), TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret: secret.replace(/(.{4})/g, "$1 ").trim(), uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** The time step a code belongs to, allowing one step of clock drift either way; null if wrong. */
function matchingStep(secret: string, code: string, now = Date.now()): number | null {
  const step = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  const key = decodeBase32IgnorePadding(secret);
  for (const s of [step, step - 1, step + 1]) {
    if (verifyHOTP(key, BigInt(s), TOTP_DIGITS, code)) return s;
  }
  return null;
}

const digitsOnly = (code: string) => code.replace(/[\s-]/g, "");

/**
 * Confirms the enrolment with a code from the app: two-factor is on from then, this session counts
 * as having proved it, every other session of the person ends, and the recovery codes are returned
 * (shown once; only their hashes are kept).
 */
export async function confirmEnrolment(session: CurrentSession, code: string): Promise<string[]> {
  const [row] = await getDb().select().from(userTotp).where(eq(userTotp.userId, session.user.id));
  if (!row || row.enabledAt) throw FieldErrors.of("form", "Start again: open the two-factor page to get a new code to scan.");
  const step = matchingStep(row.secret, digitsOnly(code));
  if (step === null) throw FieldErrors.of("code", "That code is not right. Enter the 6 digits your app shows now.");
  await getDb().update(userTotp).set({ enabledAt: new Date(), lastUsedStep: step }).where(eq(userTotp.userId, session.user.id));
  const codes = await replaceRecoveryCodes(session.user.id);
  await markSecondFactor(session.sessionId);
  await recordAccountEvent(session.user.id, { action: "auth.two_factor_enable", actorUserId: session.user.id });
  await endSessionsOf(session.user.id, { actorUserId: session.user.id, reason: "two-factor enabled", keepSessionId: session.sessionId });
  return codes;
}

function newRecoveryCode(): string {
  // 10 characters of base32 = 50 bits each; shown in two groups of five.
  const raw = encodeBase32NoPadding(randomBytes(10)).slice(0, 10);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

const hashCode = (code: string) => createHash("sha256").update(digitsOnly(code).toUpperCase()).digest("hex");

async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await getDb().transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashCode(c) })));
  });
  return codes;
}

/** New recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateRecoveryCodes(session: CurrentSession, code: string): Promise<string[]> {
  await requireCurrentCode(session, code);
  const codes = await replaceRecoveryCodes(session.user.id);
  await recordAccountEvent(session.user.id, { action: "auth.recovery_codes_regenerate", actorUserId: session.user.id });
  return codes;
}

/** Turns two-factor off for oneself, after a current code from the app. An organization that
 * requires it will ask to enrol again at the next visit. */
export async function disableTwoFactor(session: CurrentSession, code: string): Promise<void> {
  await requireCurrentCode(session, code);
  await removeTwoFactor(session.user.id);
  await recordAccountEvent(session.user.id, { action: "auth.two_factor_disable", actorUserId: session.user.id });
}

async function requireCurrentCode(session: CurrentSession, code: string): Promise<void> {
  const outcome = await checkCode(session.user.id, code, { recovery: false });
  if (outcome === "wrong") throw FieldErrors.of("code", "That code is not right. Enter the 6 digits your app shows now.");
  if (outcome === "off") throw FieldErrors.of("form", "Two-factor authentication is not on.");
}

async function removeTwoFactor(userId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx.delete(userTotp).where(eq(userTotp.userId, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  });
}

type CodeOutcome = "totp" | "recovery" | "wrong" | "off";

/** A code from the app (each time step counts once) or, when allowed, an unused recovery code. */
async function checkCode(userId: string, input: string, options: { recovery: boolean }): Promise<CodeOutcome> {
  const [row] = await getDb().select().from(userTotp).where(eq(userTotp.userId, userId));
  if (!row?.enabledAt) return "off";
  const code = digitsOnly(input);
  if (/^\d{6}$/.test(code)) {
    const step = matchingStep(row.secret, code);
    if (step === null || (row.lastUsedStep !== null && step <= row.lastUsedStep)) return "wrong";
    // Only one request can move the step forward: a code replayed at the same moment fails.
    const moved = await getDb()
      .update(userTotp)
      .set({ lastUsedStep: step })
      .where(and(eq(userTotp.userId, userId), sql`coalesce(${userTotp.lastUsedStep}, -1) < ${step}`))
      .returning({ userId: userTotp.userId });
    return moved.length === 1 ? "totp" : "wrong";
  }
  if (!options.recovery || !/^[A-Z2-7]{10}$/i.test(code)) return "wrong";
  const expected = Buffer.from(hashCode(code));
  const candidates = await getDb()
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  const match = candidates.find((c) => timingSafeEqual(Buffer.from(c.codeHash), expected));
  if (!match) return "wrong";
  const used = await getDb()
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.id, match.id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used.length === 1 ? "recovery" : "wrong";
}

export class SecondFactorExhausted extends Error {
  constructor() {
    super("Too many wrong codes. Sign in again with your password.");
  }
}

/**
 * The second step of a sign-in: a code from the app or a recovery code. Right: the session is
 * complete (and its browser becomes a known device, by the caller). Wrong: FieldErrors, and after
 * MAX_CODE_FAILURES wrong codes the pending session ends (SecondFactorExhausted).
 */
export async function completeSecondFactor(session: CurrentSession, code: string): Promise<{ usedRecoveryCode: boolean; recoveryCodesLeft: number }> {
  const outcome = await checkCode(session.user.id, code, { recovery: true });
  if (outcome === "totp" || outcome === "recovery") {
    await getDb().delete(signInThrottle).where(eq(signInThrottle.key, `second-factor:${session.sessionId}`));
    await markSecondFactor(session.sessionId);
    const { recoveryCodesLeft } = await twoFactorStatus(session.user.id);
    if (outcome === "recovery") {
      await recordAccountEvent(session.user.id, { action: "auth.recovery_code_use", actorUserId: session.user.id, after: { recoveryCodesLeft } });
    }
    return { usedRecoveryCode: outcome === "recovery", recoveryCodesLeft };
  }
  const [row] = await getDb()
    .insert(signInThrottle)
    .values({ key: `second-factor:${session.sessionId}`, failures: 1 })
    .onConflictDoUpdate({ target: signInThrottle.key, set: { failures: sql`${signInThrottle.failures} + 1` } })
    .returning({ failures: signInThrottle.failures });
  if ((row?.failures ?? 0) >= MAX_CODE_FAILURES) {
    await getDb().delete(signInThrottle).where(eq(signInThrottle.key, `second-factor:${session.sessionId}`));
    await endSession(session.sessionId);
    await recordAccountEvent(session.user.id, { action: "auth.second_factor_locked", actorUserId: null, after: { wrongCodes: MAX_CODE_FAILURES } });
    throw new SecondFactorExhausted();
  }
  await recordAccountEvent(session.user.id, { action: "auth.second_factor_failed", actorUserId: null, after: { wrongCodes: row?.failures ?? 1 } });
  throw FieldErrors.of("code", "That code is not right. Enter the 6 digits your app shows now, or one of your recovery codes.");
}

/**
 * An administrator removes a member's authenticator and recovery codes (a lost phone): every
 * session of the member ends, and the member enrols again at the next sign-in where it is
 * required. Whether this administrator may act for the person is decided by the caller
 * (members.server.ts: only for someone who belongs to no other organization).
 */
export async function resetTwoFactorFor(userId: string, adminUserId: string): Promise<boolean> {
  const had = await hasTwoFactor(userId);
  await removeTwoFactor(userId);
  await recordAccountEvent(userId, { action: "auth.two_factor_reset", actorUserId: adminUserId, after: { hadTwoFactor: had } });
  await endSessionsOf(userId, { actorUserId: adminUserId, reason: "two-factor reset by an administrator" });
  return had;
}
