import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Global identity tables. Only the auth module reads them through the owner connection; the app
// role sees a few columns of `users`, and only the users of its own organization (RLS, see the
// custom migration).

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

// The id is the SHA-256 of the cookie's token, so a copy of this table cannot be replayed.
export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Signed in with the password of someone who has an authenticator: until the code is given,
     * the session reaches only the page that asks for it. */
    needsSecondFactor: boolean().notNull().default(false),
    /** When this session proved the second factor (a TOTP code or a recovery code, or enrolment).
     * Null: the password alone, or single sign-on. */
    secondFactorAt: timestamp({ withTimezone: true }),
    /** The organization whose single sign-on started this session (its directory vouched for the
     * person); null for a password sign-in. No foreign key: a session outlives nothing it names. */
    ssoOrgId: uuid(),
  },
  (t) => [index("sessions_user_id_idx").on(t.userId)],
);

// Sign-in failures per key in a sliding window: "ip:…" and "email-ip:…" lock, "email:…" only
// slows down, "device:…" locks one known browser (app/modules/auth/throttle.server.ts).
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});

/** Browsers that have signed in successfully (OWASP's device cookies): the cookie holds a random
 * token, this table its SHA-256. A sign-in from a known browser is judged by that browser's own
 * failures, never by failures from elsewhere. */
export const signInDevices = pgTable(
  "sign_in_devices",
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_devices_user_idx").on(t.userId)],
);

/** Password reset links: single use, short-lived, only the token's SHA-256 stored. `issuedBy` is
 * the administrator who made the link (no mail server), null when the person asked by email. */
export const passwordResetTokens = pgTable(
  "password_reset_tokens",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    issuedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("password_reset_tokens_hash_key").on(t.tokenHash), index("password_reset_tokens_user_idx").on(t.userId)],
);

/** A person's authenticator (TOTP, RFC 6238). `enabledAt` null: enrolment started, not confirmed.
 * `lastUsedStep` refuses a code used once already (a code seen over someone's shoulder). Read
 * only through the owner connection: the app role has no grant on it. */
export const userTotp = pgTable("user_totp", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text().notNull(),
  enabledAt: timestamp({ withTimezone: true }),
  lastUsedStep: bigint({ mode: "number" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Single-use recovery codes of a person's second factor (SHA-256 of each; the codes carry 80 bits). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text().notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/** Single sign-on attempts between leaving for the directory and coming back: the state's SHA-256,
 * the PKCE verifier and the nonce, used once (a replayed state finds nothing). */
export const ssoLoginStates = pgTable("sso_login_states", {
  id: text().primaryKey(),
  orgSlug: text().notNull(),
  codeVerifier: text().notNull(),
  nonce: text().notNull(),
  returnTo: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
