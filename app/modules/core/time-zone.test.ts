import { describe, expect, it } from "vitest";
import { addDays } from "./dates";
import { dateInTimeZone, defaultTimeZoneForState, isTimeZone, startOfDayInTimeZone, US_TIME_ZONE_NAMES } from "./time-zone";
import { organizationDateOf, organizationStartOfDay, organizationToday } from "./today";

describe("the organization's time zone", () => {
  it("gives each zone its own date for the same instant", () => {
    const instant = new Date("2026-03-10T09:30:00Z");
    expect(dateInTimeZone(instant, "Pacific/Honolulu")).toBe("2026-03-09");
    expect(dateInTimeZone(instant, "America/New_York")).toBe("2026-03-10");
    expect(dateInTimeZone(instant, "Pacific/Guam")).toBe("2026-03-10");
    expect(organizationToday({ timeZone: "Pacific/Honolulu" }, instant)).toBe("2026-03-09");
    expect(organizationToday({ timeZone: "America/New_York" }, instant)).toBe("2026-03-10");
    // Around New York's midnight (UTC-4 in March after the change).
    expect(organizationDateOf({ timeZone: "America/New_York" }, new Date("2026-03-11T03:59:59Z"))).toBe("2026-03-10");
    expect(organizationDateOf({ timeZone: "America/New_York" }, new Date("2026-03-11T04:00:00Z"))).toBe("2026-03-11");
  });

  it("finds the first instant of a day in any zone, across daylight-saving changes and a skipped midnight", () => {
    const zones = ["America/New_York", "Pacific/Honolulu", "America/Phoenix", "Pacific/Chatham", "Asia/Kathmandu", "America/Havana", "America/Santiago", "Australia/Lord_Howe", "UTC"];
    const days = ["2026-03-08", "2026-03-09", "2026-11-01", "2026-11-02", "2026-04-05", "2026-09-06", "2026-10-04", "2028-02-29", "2026-12-31", "2026-01-01"];
    for (const zone of zones) {
      for (const day of days) {
        const start = startOfDayInTimeZone(day, zone);
        expect(dateInTimeZone(start, zone), `${zone} ${day}`).toBe(day);
        expect(dateInTimeZone(new Date(start.getTime() - 1), zone), `${zone} before ${day}`).toBe(addDays(day, -1));
        expect(organizationStartOfDay({ timeZone: zone }, day).getTime()).toBe(start.getTime());
      }
    }
    // Havana skips midnight when daylight saving starts (00:00 → 01:00): the day starts at 01:00.
    expect(startOfDayInTimeZone("2026-03-08", "America/Havana").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayInTimeZone("2026-03-10", "Pacific/Honolulu").toISOString()).toBe("2026-03-10T10:00:00.000Z");
  });

  it("accepts real IANA names only, and proposes a state's zone", () => {
    for (const zone of US_TIME_ZONE_NAMES) expect(isTimeZone(zone), zone).toBe(true);
    for (const bad of ["", "Mars/Olympus_Mons", "America/New York", "'; drop table", 12, null, "a".repeat(80)]) expect(isTimeZone(bad)).toBe(false);
    expect([defaultTimeZoneForState("HI"), defaultTimeZoneForState("ME"), defaultTimeZoneForState("AZ"), defaultTimeZoneForState("GU")]).toEqual([
      "Pacific/Honolulu",
      "America/New_York",
      "America/Phoenix",
      "Pacific/Guam",
    ]);
    expect(defaultTimeZoneForState(null)).toBe("America/New_York");
  });
});
