// The organization's time zone: an IANA name ("America/Chicago"), set at sign-up and editable by
// administrators. Every "what day is it" in Praxis is asked in it (core/today.ts), so a city in
// Hawaii and one in Maine each see their own date whatever the server's clock, and a campaign's
// days, a plan's staleness and the fiscal year agree with each other around midnight.
//
// Pure functions over the platform's Intl (no library: the ICU data ships with Node and every
// browser), usable on the server and in the browser.

/** The zones of US states and territories: what an organization chooses from. (Zones that keep
 * the same clock, such as America/Boise or America/Detroit, are offered by their main city.) */
export const US_TIME_ZONES = [
  ["America/New_York", "Eastern Time (New York)"],
  ["America/Chicago", "Central Time (Chicago)"],
  ["America/Denver", "Mountain Time (Denver)"],
  ["America/Phoenix", "Mountain Time without daylight saving (Phoenix)"],
  ["America/Los_Angeles", "Pacific Time (Los Angeles)"],
  ["America/Anchorage", "Alaska Time (Anchorage)"],
  ["America/Adak", "Hawaii-Aleutian Time (Adak)"],
  ["Pacific/Honolulu", "Hawaii Time (Honolulu)"],
  ["America/Puerto_Rico", "Atlantic Time (Puerto Rico, U.S. Virgin Islands)"],
  ["Pacific/Guam", "Chamorro Time (Guam, Northern Mariana Islands)"],
  ["Pacific/Pago_Pago", "Samoa Time (American Samoa)"],
] as const;

export const DEFAULT_TIME_ZONE = "America/New_York";

/** The zone most of a state's people live in: the default offered at sign-up (and given to the
 * organizations that existed before the setting; see the migration). */
const STATE_TIME_ZONES: Record<string, string> = {
  AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago", CA: "America/Los_Angeles",
  CO: "America/Denver", CT: "America/New_York", DE: "America/New_York", DC: "America/New_York", FL: "America/New_York",
  GA: "America/New_York", HI: "Pacific/Honolulu", ID: "America/Denver", IL: "America/Chicago", IN: "America/New_York",
  IA: "America/Chicago", KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
  MD: "America/New_York", MA: "America/New_York", MI: "America/New_York", MN: "America/Chicago", MS: "America/Chicago",
  MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago", NV: "America/Los_Angeles", NH: "America/New_York",
  NJ: "America/New_York", NM: "America/Denver", NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago",
  OH: "America/New_York", OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
  SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago", UT: "America/Denver",
  VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles", WV: "America/New_York", WI: "America/Chicago",
  WY: "America/Denver", AS: "Pacific/Pago_Pago", GU: "Pacific/Guam", MP: "Pacific/Guam", PR: "America/Puerto_Rico",
  VI: "America/Puerto_Rico",
};

export function defaultTimeZoneForState(state: string | null | undefined): string {
  return (state && STATE_TIME_ZONES[state]) || DEFAULT_TIME_ZONE;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `name` is a time zone this platform knows (an IANA name such as "America/Chicago"). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > 64 || !/^[A-Za-z0-9_+\-/]+$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

export const US_TIME_ZONE_NAMES = US_TIME_ZONES.map(([name]) => name) as [string, ...string[]];

/** The label of a zone in the list, or its IANA name. */
export function timeZoneLabel(name: string): string {
  return US_TIME_ZONES.find(([n]) => n === name)?.[1] ?? name.replace(/_/g, " ");
}

type WallClock = { y: number; m: number; d: number; h: number; min: number; s: number };

function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { y: parts.year!, m: parts.month!, d: parts.day!, h: parts.hour!, min: parts.minute!, s: parts.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateInTimeZone(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s);
  return asUtc - (at.getTime() - at.getMilliseconds());
}

/** The first instant of a calendar day in a time zone: an instant is on an earlier day
 * (dateInTimeZone) exactly when it is before this one. Midnight that a daylight-saving change
 * skips counts from the first instant that exists. */
export function startOfDayInTimeZone(iso: string, timeZone: string): Date {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d);
  // Two passes find the offset in force at local midnight (it can differ from the offset at UTC
  // midnight when a change falls between them).
  let guess = midnightUtc - offsetAt(new Date(midnightUtc), timeZone);
  guess = midnightUtc - offsetAt(new Date(guess), timeZone);
  // Where midnight does not exist (a spring-forward at 00:00), the day starts later: step to the
  // first quarter hour whose date is the day (zone changes fall on quarter hours).
  while (dateInTimeZone(new Date(guess), timeZone) < iso) guess += 15 * 60_000;
  return new Date(guess);
}
