import { randomUUID } from "node:crypto";
import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { getDb, pgErrorOf } from "#db/client.server";
import { memberships, organizations, users } from "#db/schema";
import { enterTenant } from "#db/tenant.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { FieldErrors } from "~/utils/http.server";
import type { SignUpInput } from "./auth.schema";
import { dummyVerify, hashPassword, verifyPassword, weakPasswordReason } from "./password.server";
import {
  clearedSessionCookie,
  endSession,
  readSession,
  startSession,
  type CurrentSession,
} from "./session.server";
import { endSessionsOf, recordAccountEvent } from "./account-events.server";
import { knownDeviceOf, rememberDevice } from "./devices.server";
import { passwordRefusedFor, type SsoDirectory } from "./sso-policy.server";
import { checkAttempt, recordFailure, recordSuccess } from "./throttle.server";
import { completeSecondFactor, hasTwoFactor } from "./two-factor.server";

export { SecondFactorExhausted } from "./two-factor.server";
import { defaultTimeZoneForState } from "~/modules/core/time-zone";

export type { CurrentSession } from "./session.server";

export class SignInThrottled extends Error {
  constructor(public readonly minutes: number) {
    super(`Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`);
  }
}

/** The address belongs to an organization that requires single sign-on: the page points to its
 * directory instead of asking for a password again. */
export class SsoRequired extends Error {
  constructor(public readonly directory: SsoDirectory) {
    super(`${directory.name} signs in through its own directory: use “Sign in with ${directory.name}'s directory”. Passwords are not used for its staff.`);
  }
}

export function assertStrongPassword(password: string, personal: string[], field = "password"): void {
  const reason = weakPasswordReason(password, personal);
  if (reason) throw FieldErrors.of(field, reason);
}

export function mapUniqueViolation(error: unknown, byConstraint: Record<string, [string, string]>): never {
  const pg = pgErrorOf(error);
  if (pg?.code === "23505" && pg.constraint && byConstraint[pg.constraint]) {
    const [field, message] = byConstraint[pg.constraint]!;
    throw FieldErrors.of(field, message);
  }
  throw error;
}

/** Creates the user, the organization and the admin membership in one transaction; on any
 * failure nothing is created. Returns the new session's cookie. */
export async function signUp(input: SignUpInput, request: Request): Promise<{ cookie: string; orgSlug: string }> {
  assertStrongPassword(input.password, [input.displayName, input.email.split("@")[0] ?? "", input.orgName]);
  const passwordHash = await hashPassword(input.password);
  const orgId = randomUUID();
  let userId = "";
  try {
    await getDb().transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, displayName: input.displayName, passwordHash, passwordChangedAt: new Date() })
        .returning({ id: users.id });
      userId = user!.id;
      await enterTenant(tx, { orgId, userId });
      await tx.insert(organizations).values({
        id: orgId,
        slug: input.orgSlug,
        name: input.orgName,
        kind: input.orgKind,
        state: input.orgState,
        timeZone: input.orgTimeZone ?? defaultTimeZoneForState(input.orgState),
      });
      await tx.insert(memberships).values({ orgId, userId, role: "admin" });
      await recordAudit(tx, {
        orgId,
        actorUserId: userId,
        action: "organization.create",
        entityType: "organization",
        entityId: orgId,
        after: { name: input.orgName, slug: input.orgSlug, kind: input.orgKind, state: input.orgState },
      });
    });
  } catch (error) {
    mapUniqueViolation(error, {
      users_email_key: ["email", "An account with this email already exists. Sign in instead, then create the organization from your account."],
      organizations_slug_key: ["orgSlug", "This web address is taken. Choose another."],
    });
  }
  const cookie = await startSession(userId, request);
  return { cookie, orgSlug: input.orgSlug };
}

export type SignInInput = { email: string; password: string; ip: string };

/** A sign-in that went through: the cookies to set (the session, and the known-device cookie once
 * the person is fully signed in), and whether the authenticator code is still owed. */
export type SignInResult = { cookies: string[]; needsSecondFactor: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws FieldErrors or SignInThrottled. */
export async function signIn(input: SignInInput, request: Request): Promise<SignInResult> {
  const [user] = await getDb()
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, input.email.toLowerCase()));
  const deviceId = await knownDeviceOf(request, user?.id ?? null);
  const attempt = { email: input.email, ip: input.ip, deviceId };
  const verdict = await checkAttempt(attempt);
  if (verdict.lockedMinutes > 0) throw new SignInThrottled(verdict.lockedMinutes);
  // The email is being guessed from elsewhere: slow down rather than refuse (its owner still gets in).
  if (verdict.delayMs > 0) await sleep(verdict.delayMs);

  const valid = user ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);
  // An organization that requires single sign-on owns the addresses of its domains: the answer
  // depends on the address alone (account or not, right password or not), except that an
  // administrator's right password is the break-glass way in (two-factor then guards the pages).
  const directory = await passwordRefusedFor(input.email, null);
  if (directory && user && valid && (await passwordRefusedFor(input.email, user.id))) {
    await recordAccountEvent(user.id, { action: "auth.sign_in_failed", actorUserId: null, after: { address: input.ip, reason: "single sign-on required" } });
    throw new SsoRequired(directory);
  }
  if (!user || !valid) {
    await recordFailure(attempt);
    const now = await checkAttempt(attempt);
    // Audited in the account's organizations only: an unknown email belongs to none. Attempts
    // refused while locked (above) are not, or a locked-out guesser could fill the log.
    if (user) {
      await recordAccountEvent(user.id, { action: "auth.sign_in_failed", actorUserId: null, after: { address: input.ip, knownBrowser: deviceId !== null } });
      if (now.lockedMinutes > 0) {
        await recordAccountEvent(user.id, { action: "auth.sign_in_locked", actorUserId: null, after: { address: input.ip, minutes: now.lockedMinutes } });
      }
    }
    if (now.lockedMinutes > 0) throw new SignInThrottled(now.lockedMinutes);
    if (directory) throw new SsoRequired(directory);
    throw new FieldErrors({ form: ["The email or password is incorrect."] });
  }
  await recordSuccess(attempt);
  // A fresh session at every sign-in; any session the browser already carried ends.
  const previous = await readSession(request);
  if (previous) await endSession(previous.sessionId);
  const needsSecondFactor = await hasTwoFactor(user.id);
  await recordAccountEvent(user.id, { action: "auth.sign_in", actorUserId: user.id, after: { method: "password", address: input.ip, secondFactorOwed: needsSecondFactor } });
  const cookies = [await startSession(user.id, request, { needsSecondFactor })];
  // The browser becomes a known device only once the person is fully signed in.
  if (!needsSecondFactor) cookies.push(await rememberDevice(request, user.id, deviceId));
  return { cookies, needsSecondFactor };
}

export async function signOut(request: Request): Promise<string> {
  const current = await readSession(request);
  if (current) await endSession(current.sessionId);
  return clearedSessionCookie(request);
}

/** Changes the password, ends every session of the user (on every device), and starts a new
 * one for this browser. */
export async function changePassword(
  session: CurrentSession,
  input: { currentPassword: string; newPassword: string },
  request: Request,
): Promise<string> {
  const [user] = await getDb().select().from(users).where(eq(users.id, session.user.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw FieldErrors.of("currentPassword", "The current password is incorrect.");
  }
  if (input.currentPassword === input.newPassword) {
    throw FieldErrors.of("newPassword", "Choose a password different from the current one.");
  }
  assertStrongPassword(input.newPassword, [user.displayName, user.email.split("@")[0] ?? ""], "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await getDb().update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
  await recordAccountEvent(user.id, { action: "auth.password_change", actorUserId: user.id });
  await endSessionsOf(user.id, { actorUserId: user.id, reason: "password changed" });
  // This browser keeps what it had proved: its second factor, or the single sign-on it came from.
  return startSession(user.id, request, { secondFactorAt: session.secondFactorAt, ssoOrgId: session.ssoOrgId });
}

/** The fully signed-in session, or null (none, or one that still owes the authenticator code). */
export async function getOptionalSession(request: Request): Promise<CurrentSession | null> {
  const session = await readSession(request);
  return session && !session.needsSecondFactor ? session : null;
}

function backTo(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_data");
  return encodeURIComponent(url.pathname + url.search);
}

/** A fully signed-in session, or a redirect: to sign-in without one, to the code page when the
 * authenticator code is still owed. */
export async function requireSession(request: Request): Promise<CurrentSession> {
  const session = await readSession(request);
  if (!session) throw redirect(`/sign-in?redirectTo=${backTo(request)}`);
  if (session.needsSecondFactor) throw redirect(`/sign-in/two-factor?redirectTo=${backTo(request)}`);
  return session;
}

/** The session of someone who gave the right password and still owes the authenticator code (the
 * code page alone accepts it), or null. */
export async function getPendingSecondFactorSession(request: Request): Promise<CurrentSession | null> {
  const session = await readSession(request);
  return session?.needsSecondFactor ? session : null;
}

/**
 * The second step of a password sign-in: the authenticator code (or a recovery code) for the
 * pending session. Returns the known-device cookie (the browser is now fully signed in) and how
 * many recovery codes are left when one was used. Throws FieldErrors, or SecondFactorExhausted
 * (the pending session has ended).
 */
export async function completeTwoFactorSignIn(
  session: CurrentSession,
  code: string,
  request: Request,
): Promise<{ cookies: string[]; usedRecoveryCode: boolean; recoveryCodesLeft: number }> {
  const outcome = await completeSecondFactor(session, code);
  await recordAccountEvent(session.user.id, { action: "auth.sign_in_second_factor", actorUserId: session.user.id, after: { usedRecoveryCode: outcome.usedRecoveryCode } });
  const deviceId = await knownDeviceOf(request, session.user.id);
  return { cookies: [await rememberDevice(request, session.user.id, deviceId)], ...outcome };
}
