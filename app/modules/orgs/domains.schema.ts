import { z } from "zod";

/** Mail providers anyone can have an address at: never an organization's own domain. */
export const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com", "aol.com",
  "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "mail.com", "zoho.com", "yandex.com",
  "comcast.net", "verizon.net", "att.net", "sbcglobal.net",
]);

export const domainField = z
  .string({ required_error: "Enter a domain, like springfield.gov." })
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, "").replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .min(1, "Enter a domain, like springfield.gov.")
      .max(253, "A domain has at most 253 characters.")
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/, "Enter a domain like springfield.gov (letters, digits, hyphens and dots; no @ or http://).")
      .refine((d) => !PUBLIC_MAIL_DOMAINS.has(d), "This is a public mail provider's domain: anyone can have an address there. Enter your organization's own domain."),
  );

export const domainIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-domain"), domain: domainField }),
  z.object({ intent: z.literal("verify-domain"), domainId: z.string({ required_error: "Choose a domain." }).uuid("Choose a domain.") }),
  z.object({ intent: z.literal("remove-domain"), domainId: z.string({ required_error: "Choose a domain." }).uuid("Choose a domain.") }),
]);

/** Where the organization publishes the proof, and what it says. */
export function verificationRecord(domain: string, token: string): { name: string; value: string } {
  return { name: `_praxis-verification.${domain}`, value: `praxis-verification=${token}` };
}
