// The single sign-on settings form (Settings → Single sign-on), shared by the page and its action.
import { z } from "zod";
import { isRole, ROLE_LABELS, type Role } from "./permissions";

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on");

/** An issuer is an https address (plain http only for a directory on this machine, as in tests). */
function isIssuer(value: string): boolean {
  try {
    const url = new URL(value);
    const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    return (url.protocol === "https:" || (url.protocol === "http:" && loopback)) && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}

/** "value = role" per line: the claim's value that makes a new member that role. */
export function parseRoleMap(text: string): { map: Record<string, Role>; error: string | null } {
  const map: Record<string, Role> = {};
  const roleByName = new Map<string, Role>();
  for (const [role, label] of Object.entries(ROLE_LABELS)) {
    roleByName.set(role.toLowerCase(), role as Role);
    roleByName.set(label.toLowerCase(), role as Role);
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length > 50) return { map, error: "At most 50 lines." };
  for (const [i, line] of lines.entries()) {
    const at = line.lastIndexOf("=");
    const value = at > 0 ? line.slice(0, at).trim() : "";
    const roleName = at > 0 ? line.slice(at + 1).trim().toLowerCase() : "";
    const role = roleByName.get(roleName) ?? (isRole(roleName) ? roleName : undefined);
    if (!value || value.length > 200 || !role) {
      return { map, error: `Line ${i + 1} should read “value = role”, where role is one of: ${Object.values(ROLE_LABELS).join(", ")}.` };
    }
    map[value] = role;
  }
  return { map, error: null };
}

export const ssoSettingsSchema = z
  .object({
    issuer: z
      .string({ required_error: "Enter your directory's issuer address." })
      .trim()
      .max(500, "At most 500 characters.")
      .transform((v) => v.replace(/\/+$/, ""))
      .refine(isIssuer, "Enter the issuer as an https:// address, like https://login.microsoftonline.com/<tenant id>/v2.0."),
    clientId: z.string({ required_error: "Enter the client ID your directory gave Praxis." }).trim().min(1).max(255, "At most 255 characters."),
    clientSecret: z.string().max(1000, "At most 1000 characters.").optional(),
    roleClaim: z
      .string()
      .trim()
      .max(100, "At most 100 characters.")
      .regex(/^[A-Za-z0-9_:./-]*$/, "A claim name has letters, digits and _ : . / - only, like groups or roles.")
      .optional(),
    roleMap: z.string().max(10_000, "At most 10,000 characters.").optional(),
    enabled: checkbox,
    ssoOnly: checkbox,
    confirmSsoOnly: checkbox,
  })
  .superRefine((v, ctx) => {
    const { error } = parseRoleMap(v.roleMap ?? "");
    if (error) ctx.addIssue({ code: "custom", path: ["roleMap"], message: error });
    if ((v.roleMap ?? "").trim() && !v.roleClaim) ctx.addIssue({ code: "custom", path: ["roleClaim"], message: "Name the claim whose values the role map reads, like groups." });
    if (v.ssoOnly && !v.enabled) ctx.addIssue({ code: "custom", path: ["ssoOnly"], message: "Turn single sign-on on to require it." });
  });

export type SsoSettingsInput = z.infer<typeof ssoSettingsSchema>;
