import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";

// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id (a const enum, which isolatedModules cannot read).
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export { PASSWORD_MAX, PASSWORD_MIN } from "./password.constants";

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// A hash of a password nobody has, verified when the email is unknown so that a failed sign-in
// takes as long whether or not the account exists.
let dummyHash: Promise<string> | undefined;
export function dummyVerify(password: string): Promise<boolean> {
  dummyHash ??= hashPassword("praxis-no-such-account-placeholder");
  return dummyHash.then((h) => verifyPassword(h, password));
}

const common = new Set<string>(dictionary.passwords.map((p) => p.toLowerCase()));

/** Why a password is too weak, or null. Length limits are checked by the form schema. */
export function weakPasswordReason(password: string, personal: string[] = []): string | null {
  const lower = password.toLowerCase();
  if (common.has(lower)) return "This password is among the most commonly used passwords. Choose another.";
  // A common password dressed up with digits or symbols at either end ("password123456!").
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (core.length > 0 && core.length < password.length && common.has(core)) {
    return "This password is a common password with numbers or symbols added. Choose another.";
  }
  if (/^(.)\1+$/.test(password)) return "This password repeats one character. Choose another.";
  if (new Set(lower).size < 4) return "This password uses too few different characters. Choose another.";
  for (const word of personal) {
    const w = word.trim().toLowerCase();
    if (w.length >= 4 && lower.includes(w)) return "This password contains your name or email. Choose another.";
  }
  return null;
}
