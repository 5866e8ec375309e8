/** Why a single sign-on was refused: the refusal page explains each, and the audit log keeps it.
 * (Outside sso.server.ts so that the page, which the browser loads, can name them.) */
export type SsoRefusal =
  | "not_started_here"
  | "expired_or_used"
  | "directory_unreachable"
  | "directory_declined"
  | "not_verified"
  | "no_verified_email"
  | "foreign_domain";

export const REFUSAL_STATUS: Record<SsoRefusal, number> = {
  not_started_here: 400,
  expired_or_used: 400,
  directory_unreachable: 503,
  directory_declined: 403,
  not_verified: 403,
  no_verified_email: 403,
  foreign_domain: 403,
};
