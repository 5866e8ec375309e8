// A survey draft is readable only by whoever holds the respondent's secret: the token of their
// personal link, or for the in-app page a random secret kept in the person's browser (a cookie
// the server sets and never stores). The key is derived from that secret with HKDF-SHA-256, bound
// to the invitation, and the draft is sealed with AES-256-GCM. The server keeps only the sealed
// text and, for links, the SHA-256 of the token (a lookup key from which the draft key cannot be
// derived: HKDF uses the token itself, not its hash). See docs/decisions/018-anonymity-against-insiders.md.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { readTokenCookie, serializeCookie } from "~/modules/auth/cookies.server";

const VERSION = 1;
const INFO = "praxis assessment draft v1";

function keyOf(secret: string, invitationId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secret, "utf8"), Buffer.from(invitationId, "utf8"), INFO, 32));
}

/** Seals any JSON value for one invitation with the respondent's secret. */
export function sealDraft(secret: string, invitationId: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret, invitationId), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The sealed value, or null when this secret did not seal it (another browser, an earlier link). */
export function openDraft(secret: string, invitationId: string, sealed: string): unknown {
  try {
    const raw = Buffer.from(sealed, "base64url");
    if (raw.length < 29 || raw[0] !== VERSION) return null;
    const decipher = createDecipheriv("aes-256-gcm", keyOf(secret, invitationId), raw.subarray(1, 13));
    decipher.setAuthTag(raw.subarray(13, 29));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(29)), decipher.final()]).toString("utf8"));
  } catch {
    return null;
  }
}

/** A new browser secret for the in-app survey (the cookie's value). */
export function newBrowserSecret(): string {
  return randomBytes(32).toString("base64url");
}

export const DRAFT_COOKIE = "praxis_draft_key";
const DRAFT_COOKIE_DAYS = 400;

/**
 * The in-app survey's draft secret for this browser, made (with the Set-Cookie that keeps it) when
 * the browser has none. One per browser: each invitation's key is derived from it with its own id.
 */
export function browserDraftSecret(request: Request): { secret: string; setCookie: string | null } {
  const found = readTokenCookie(request, DRAFT_COOKIE);
  if (found) return { secret: found, setCookie: null };
  const secret = newBrowserSecret();
  return { secret, setCookie: serializeCookie(DRAFT_COOKIE, secret, DRAFT_COOKIE_DAYS * 86_400, request) };
}
