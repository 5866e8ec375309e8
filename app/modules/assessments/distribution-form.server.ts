// The invitation form of the campaign page: who to invite, read from the posted form.
import { FieldErrors } from "~/utils/http.server";

export function audienceFrom(form: FormData): { departmentIds: string[] | null } {
  if (form.get("audience") !== "departments") return { departmentIds: null };
  const ids = form.getAll("departmentIds").map(String).filter(Boolean);
  if (ids.length === 0) throw FieldErrors.of("departmentIds", "Choose at least one department, or invite everyone.");
  return { departmentIds: ids };
}
