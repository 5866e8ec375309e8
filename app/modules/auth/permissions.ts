// The one permission matrix: enforced on the server (requirePermission) and used by the UI to
// show or hide actions. One role per membership.

export const ROLES = ["admin", "department_head", "staff", "elected_official"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  department_head: "Department head",
  staff: "Staff",
  elected_official: "Elected official",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Manages everything in the organization: members, departments, plans, budgets, assessments and settings.",
  department_head: "Edits the goals, objectives, measures and workforce goals of their department and links them to practices.",
  staff: "Answers assessments and reads their department's plan items.",
  elected_official: "Reads published dashboards, summary reports and budget views only.",
};

export const PERMISSIONS = [
  "org.read",
  "org.settings.manage",
  "catalog.read",
  "members.read",
  "members.manage",
  "departments.read",
  "departments.manage",
  "audit.read",
  // The full organization export (a zip of every table, for public-records requests).
  "org.export",
  // Strategic plans: every role reads adopted plans; drafts are for admins and department heads.
  "plans.read",
  "plans.read_drafts",
  // Plans and goals (create, edit, adopt, archive, delete, align goals).
  "plans.manage",
  // Objectives, measures, measurements, status updates and their practice links; department
  // heads only for their own department (checked by the plans services).
  "objectives.edit",
  // Budget views (totals by department, fund, category and practice; a line and what it funds).
  // Not staff: their role is answering assessments and reading their own department's plan
  // items, and a budget's detail is a management and council document (published dashboards and
  // reports are how staff see spending).
  "budget.read",
  // Fiscal years, budget imports and column mappings.
  "budget.manage",
  // Practice links of budget lines and the objectives they fund; department heads only for their
  // own department's lines (checked by the budget services).
  "budget.link",
  // Workforce goals: read; manage (any department and organization-wide goals); edit (goals,
  // measurements, status updates and practice links of the caller's own department).
  "workforce.read",
  "workforce.manage",
  "workforce.edit",
  // The staff roster: admins read everyone; department heads read their own department's people
  // without demographics (demographics are only ever shown as counts, to no one per person).
  "roster.read",
  "roster.manage",
  // Assessments: list campaigns and their participation; create, distribute, open and close them
  // and manage the organization's development resources; read results (always suppressed below
  // the anonymity threshold; department heads see organization-wide cuts and their own
  // department's rows); answer the campaigns one is invited to (anyone on the roster).
  "assessments.read",
  "assessments.manage",
  "assessments.results",
  "assessments.respond",
  // The dashboards (organization overview, equity, staff effectiveness, service delivery):
  // aggregates of what each role may already read. Elected officials see published data only
  // (adopted plans; closed campaigns once assessment results are wired in).
  "dashboards.read",
  // Summary reports: read the published versions (every role: they are the plain-language public
  // account of plans, budget and staff views, and hold only aggregates above the anonymity
  // threshold); manage: preview any period, write the manager's note, publish. Drafts and
  // previews are for reports.manage only.
  "reports.read",
  "reports.manage",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MATRIX: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  department_head: [
    "org.read",
    "catalog.read",
    "members.read",
    "departments.read",
    "plans.read",
    "plans.read_drafts",
    "objectives.edit",
    "budget.read",
    "budget.link",
    "workforce.read",
    "workforce.edit",
    "roster.read",
    "assessments.read",
    "assessments.results",
    "assessments.respond",
    "dashboards.read",
    "reports.read",
  ],
  staff: ["org.read", "catalog.read", "departments.read", "plans.read", "assessments.respond", "reports.read"],
  elected_official: ["org.read", "catalog.read", "plans.read", "budget.read", "assessments.respond", "dashboards.read", "reports.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return MATRIX[role];
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
