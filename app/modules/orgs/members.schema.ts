import { z } from "zod";
import { displayNameField, emailField, newPasswordField } from "~/modules/auth/auth.schema";
import { ROLES, type Role } from "~/modules/auth/permissions";

/** Roles scoped to one department; the other roles (admin, elected official) have none. */
export const DEPARTMENT_ROLES = ["department_head", "staff"] as const satisfies readonly Role[];

export function needsDepartment(role: Role | string | null | undefined): boolean {
  return (DEPARTMENT_ROLES as readonly string[]).includes(role ?? "");
}

export function missingDepartmentMessage(role: Role): string {
  return role === "department_head"
    ? "Choose the department this department head leads."
    : "Choose the department this staff member works in.";
}

export const INVITATION_VALID_DAYS = 7;

const roleField = z.enum(ROLES, { errorMap: () => ({ message: "Choose a role." }) });
const departmentIdField = z.string().uuid("Choose a department from the list.").optional();
const idField = (message: string) => z.string({ required_error: message }).uuid(message);

// The same rule the service enforces, checked here too so the form can say it before submitting.
function departmentWhenNeeded(value: { role: Role; departmentId?: string }, ctx: z.RefinementCtx): void {
  if (needsDepartment(value.role) && !value.departmentId) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["departmentId"], message: missingDepartmentMessage(value.role) });
  }
}

export const inviteSchema = z
  .object({ intent: z.literal("invite"), email: emailField, role: roleField, departmentId: departmentIdField })
  .superRefine(departmentWhenNeeded);
export type InviteInput = z.infer<typeof inviteSchema>;

export const changeRoleSchema = z
  .object({
    intent: z.literal("change-role"),
    membershipId: idField("Choose a member."),
    role: roleField,
    departmentId: departmentIdField,
  })
  .superRefine(departmentWhenNeeded);

export const removeMemberSchema = z.object({
  intent: z.literal("remove"),
  membershipId: idField("Choose a member."),
});

export const revokeInvitationSchema = z.object({
  intent: z.literal("revoke"),
  invitationId: idField("Choose an invitation."),
});

export const resendInvitationSchema = z.object({
  intent: z.literal("resend"),
  invitationId: idField("Choose an invitation."),
});

/** The sign-up form of an invitation: the email is the invitation's and is not asked for. */
export const acceptWithNewAccountSchema = z.object({
  intent: z.literal("create-account"),
  displayName: displayNameField,
  password: newPasswordField,
});

/** Helping a member sign in (a reset link, a reset of their second factor): the administrator
 * confirms that they checked who is asking — the usual way accounts are taken over is a call to
 * the help desk from someone pretending to be the member. */
export const memberAccessSchema = z.object({
  intent: z.enum(["reset-link", "reset-two-factor"], { errorMap: () => ({ message: "The form sent an unknown action." }) }),
  confirmed: z.literal("on", {
    errorMap: () => ({ message: "Confirm that you checked it is really this member who is asking." }),
  }),
});
