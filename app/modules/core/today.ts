// The one way to ask "what day is it for this organization": its own time zone's date, never the
// server's clock nor UTC. Services pass the tenant context (which carries the zone); the `now`
// argument exists for the rare caller that needs one fixed instant across several questions.
import { dateInTimeZone, startOfDayInTimeZone } from "./time-zone";

/** Anything that knows its organization's time zone: a TenantContext, or an organization row. */
export type InTimeZone = { timeZone: string };

/** Today's date (YYYY-MM-DD) where the organization is. */
export function organizationToday(org: InTimeZone, now: Date = new Date()): string {
  return dateInTimeZone(now, org.timeZone);
}

/** The organization's calendar date of a stored timestamp (a row's creation, an audit event). */
export function organizationDateOf(org: InTimeZone, at: Date): string {
  return dateInTimeZone(at, org.timeZone);
}

/** The first instant of one of the organization's days: a timestamp is on an earlier day
 * (organizationDateOf) exactly when it is before this instant. */
export function organizationStartOfDay(org: InTimeZone, iso: string): Date {
  return startOfDayInTimeZone(iso, org.timeZone);
}
