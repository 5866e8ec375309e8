import { z } from "zod";
import { US_TIME_ZONE_NAMES } from "~/modules/core/time-zone";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password.constants";

export const US_STATES = [
  ["AL", "Alabama"], ["AK", "Alaska"], ["AZ", "Arizona"], ["AR", "Arkansas"], ["CA", "California"],
  ["CO", "Colorado"], ["CT", "Connecticut"], ["DE", "Delaware"], ["DC", "District of Columbia"],
  ["FL", "Florida"], ["GA", "Georgia"], ["HI", "Hawaii"], ["ID", "Idaho"], ["IL", "Illinois"],
  ["IN", "Indiana"], ["IA", "Iowa"], ["KS", "Kansas"], ["KY", "Kentucky"], ["LA", "Louisiana"],
  ["ME", "Maine"], ["MD", "Maryland"], ["MA", "Massachusetts"], ["MI", "Michigan"], ["MN", "Minnesota"],
  ["MS", "Mississippi"], ["MO", "Missouri"], ["MT", "Montana"], ["NE", "Nebraska"], ["NV", "Nevada"],
  ["NH", "New Hampshire"], ["NJ", "New Jersey"], ["NM", "New Mexico"], ["NY", "New York"],
  ["NC", "North Carolina"], ["ND", "North Dakota"], ["OH", "Ohio"], ["OK", "Oklahoma"], ["OR", "Oregon"],
  ["PA", "Pennsylvania"], ["RI", "Rhode Island"], ["SC", "South Carolina"], ["SD", "South Dakota"],
  ["TN", "Tennessee"], ["TX", "Texas"], ["UT", "Utah"], ["VT", "Vermont"], ["VA", "Virginia"],
  ["WA", "Washington"], ["WV", "West Virginia"], ["WI", "Wisconsin"], ["WY", "Wyoming"],
  ["AS", "American Samoa"], ["GU", "Guam"], ["MP", "Northern Mariana Islands"], ["PR", "Puerto Rico"],
  ["VI", "U.S. Virgin Islands"],
] as const;
const STATE_CODES = US_STATES.map(([code]) => code) as [string, ...string[]];

export const ORG_KINDS = [
  ["city", "City"],
  ["county", "County"],
  ["town", "Town or township"],
  ["village", "Village or borough"],
  ["special_district", "Special district"],
  ["other", "Other local government"],
] as const;
const KIND_CODES = ORG_KINDS.map(([code]) => code) as unknown as ["city", "county", "town", "village", "special_district", "other"];

// Words that would collide with the app's own paths or mislead users.
export const RESERVED_SLUGS = new Set(["new", "admin", "api", "app", "o", "orgs", "sign-in", "sign-up", "sign-out", "settings", "invite", "praxis", "www", "help", "support", "static", "build", "assets"]);

export const emailField = z
  .string({ required_error: "Enter an email address." })
  .trim()
  .min(1, "Enter an email address.")
  .max(254, "An email address has at most 254 characters.")
  .email("Enter an email address like name@example.gov.")
  .transform((e) => e.toLowerCase());

/** Control characters (NUL, line breaks…) have no place in a one-line name, and Postgres cannot
 * store a NUL at all: refused beside the field rather than failing the request. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

export const displayNameField = z
  .string({ required_error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(120, "Use at most 120 characters.")
  .regex(NO_CONTROL_CHARACTERS, "Use letters, digits, spaces and punctuation only.");

export const newPasswordField = z
  .string({ required_error: "Choose a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const slugField = z
  .string({ required_error: "Choose a web address for your organization." })
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, like city-of-springfield.")
  .refine((s) => !RESERVED_SLUGS.has(s), "This address is reserved. Choose another.");

export const orgNameField = z
  .string({ required_error: "Enter the organization's name." })
  .trim()
  .min(2, "Enter the organization's name.")
  .max(120, "Use at most 120 characters.")
  .regex(NO_CONTROL_CHARACTERS, "Use letters, digits, spaces and punctuation only.");

export const orgKindField = z.enum(KIND_CODES, {
  errorMap: () => ({ message: "Choose the kind of government." }),
});

export const stateField = z.enum(STATE_CODES, { errorMap: () => ({ message: "Choose a state or territory." }) });

export const signUpSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  orgName: orgNameField,
  orgSlug: slugField,
  orgKind: orgKindField,
  orgState: stateField,
  /** Optional: without it, the zone most of the state keeps (core/time-zone.ts). */
  orgTimeZone: z.enum(US_TIME_ZONE_NAMES, { errorMap: () => ({ message: "Choose a time zone from the list." }) }).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ required_error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX * 4),
  redirectTo: z.string().optional(),
});

/** "Use my organization's directory": the email finds the organization that verified its domain. */
export const ssoEmailSchema = z.object({
  intent: z.literal("sso"),
  ssoEmail: emailField,
  redirectTo: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password." }).max(PASSWORD_MAX * 4),
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "Repeat the new password." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ.",
    path: ["confirmPassword"],
  });

/** Suggests a slug from an organization's name ("City of Springfield" → "city-of-springfield"). */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({
    newPassword: newPasswordField,
    confirmPassword: z.string({ required_error: "Repeat the new password." }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: "The two new passwords differ.",
    path: ["confirmPassword"],
  });

/** A code from the authenticator app (6 digits, spaces allowed) or a recovery code (XXXXX-XXXXX). */
export const secondFactorCodeField = z
  .string({ required_error: "Enter the code from your authenticator app." })
  .trim()
  .min(1, "Enter the code from your authenticator app.")
  .max(20, "Enter the 6 digits from your app, or a recovery code like ABCDE-FGHIJ.")
  .regex(/^(?:[\d\s]{6,9}|[A-Za-z2-7]{5}-?[A-Za-z2-7]{5})$/, "Enter the 6 digits from your app, or a recovery code like ABCDE-FGHIJ.");

export const secondFactorSchema = z.object({ code: secondFactorCodeField, redirectTo: z.string().optional() });

/** The account's two-factor page: one form per step, told apart by `intent`. */
export const twoFactorIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), code: secondFactorCodeField, redirectTo: z.string().optional() }),
  z.object({ intent: z.literal("verify"), code: secondFactorCodeField, redirectTo: z.string().optional() }),
  z.object({ intent: z.literal("regenerate"), code: secondFactorCodeField }),
  z.object({ intent: z.literal("disable"), code: secondFactorCodeField }),
]);
