import { z } from "zod";

export const DEPARTMENT_NAME_MIN = 2;
export const DEPARTMENT_NAME_MAX = 120;
export const DEPARTMENT_CODE_MAX = 16;

export const departmentNameField = z
  .string({ required_error: "Enter the department's name." })
  .trim()
  .min(DEPARTMENT_NAME_MIN, `Enter the department's name (at least ${DEPARTMENT_NAME_MIN} characters).`)
  .max(DEPARTMENT_NAME_MAX, `Use at most ${DEPARTMENT_NAME_MAX} characters.`);

// Codes appear in imports, exports and account strings, so they stay plain ASCII.
export const departmentCodeField = z
  .string({ required_error: "Enter a short code for the department, like PW." })
  .trim()
  .min(1, "Enter a short code for the department, like PW.")
  .max(DEPARTMENT_CODE_MAX, `Use at most ${DEPARTMENT_CODE_MAX} characters.`)
  .regex(/^[A-Za-z0-9-]+$/, "Use only letters, digits and hyphens, like PW or PUB-WORKS.");

/** The same schema validates the form (where "None (top level)" arrives as an empty value, i.e.
 * undefined) and the service's typed input (where null also means top level). */
export const departmentSchema = z.object({
  name: departmentNameField,
  code: departmentCodeField,
  parentId: z.string().max(64).nullish(),
});
export type DepartmentInput = z.input<typeof departmentSchema>;

/** The POST forms of the department page: edit, archive and restore share one action. */
export const departmentIntentSchema = z.enum(["update", "archive", "restore"]);

/** Why a department with active sub-departments can't be archived (shown by the service when it
 * refuses, and by the confirmation step before anyone tries). */
export function activeChildrenMessage(name: string, childNames: string[]): string {
  const one = childNames.length === 1;
  return `${name} can't be archived while ${one ? "its sub-department" : "its sub-departments"} ${childNames.join(", ")} ${one ? "is" : "are"} active. Archive ${one ? "it" : "them"} first, or move ${one ? "it" : "them"} under another department.`;
}
