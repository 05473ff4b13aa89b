import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { currentStudyDay, dayNumberToIsoDate, isValidTimeZone, localDayNumber, studyDayStart } from "../../lib/srs/day.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Day number of an ISO calendar date, e.g. "2026-03-08". */
const dayOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY;
const at = (iso: string) => new Date(iso);
/** The study day at an instant, as an ISO date, for readable expectations. */
const studyDate = (iso: string, zone: string, rollover = 4) => dayNumberToIsoDate(localDayNumber(at(iso), zone, rollover));

describe("isValidTimeZone", () => {
  it("accepts IANA names and UTC", () => {
    for (const tz of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Kiritimati"]) expect(isValidTimeZone(tz)).toBe(true);
  });

  it("rejects made-up names and non-strings", () => {
    for (const tz of ["Mars/Base", "", "Europe/Berlinn", "not a zone"]) expect(isValidTimeZone(tz)).toBe(false);
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe("dayNumberToIsoDate", () => {
  it("names calendar dates", () => {
    expect(dayNumberToIsoDate(19000)).toBe("2022-01-08");
    expect(dayNumberToIsoDate(0)).toBe("1970-01-01");
    expect(dayNumberToIsoDate(-1)).toBe("1969-12-31");
    expect(dayNumberToIsoDate(dayOf("2024-02-29"))).toBe("2024-02-29");
  });

  it("agrees with Date for any day from 1600 to 2400", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOf("1600-01-01"), max: dayOf("2400-12-31") }), (d) => {
        expect(dayNumberToIsoDate(d)).toBe(new Date(d * DAY).toISOString().slice(0, 10));
      }),
    );
  });

  it("rejects a non-integer", () => {
    expect(() => dayNumberToIsoDate(1.5)).toThrow(RangeError);
  });
});

describe("localDayNumber: the rollover hour", () => {
  it("in UTC, 03:59 is still the previous day and 04:00 is the new one", () => {
    expect(studyDate("2026-03-10T03:59:59.999Z", "UTC")).toBe("2026-03-09");
    expect(studyDate("2026-03-10T04:00:00.000Z", "UTC")).toBe("2026-03-10");
    expect(localDayNumber(at("2026-03-10T04:00Z"), "UTC", 4)).toBe(dayOf("2026-03-10"));
  });

  it("in America/New_York, at local 04:00 in winter (UTC−5) and summer (UTC−4)", () => {
    expect(studyDate("2026-01-15T08:59Z", "America/New_York")).toBe("2026-01-14"); // 03:59 EST
    expect(studyDate("2026-01-15T09:00Z", "America/New_York")).toBe("2026-01-15"); // 04:00 EST
    expect(studyDate("2026-07-15T07:59Z", "America/New_York")).toBe("2026-07-14"); // 03:59 EDT
    expect(studyDate("2026-07-15T08:00Z", "America/New_York")).toBe("2026-07-15"); // 04:00 EDT
  });

  it("rollover 0 is local midnight", () => {
    expect(studyDate("2026-01-15T04:59:59Z", "America/New_York", 0)).toBe("2026-01-14"); // 23:59:59 EST
    expect(studyDate("2026-01-15T05:00:00Z", "America/New_York", 0)).toBe("2026-01-15"); // 00:00 EST
    expect(studyDate("2026-01-15T00:00:00Z", "UTC", 0)).toBe("2026-01-15");
    expect(studyDayStart(dayOf("2026-01-15"), "America/New_York", 0)).toEqual(at("2026-01-15T05:00Z"));
  });

  it("rollover 23: the day begins the evening before", () => {
    expect(studyDate("2026-01-15T22:59Z", "UTC", 23)).toBe("2026-01-14");
    expect(studyDate("2026-01-15T23:00Z", "UTC", 23)).toBe("2026-01-15");
  });

  it("follows +13, +14 and −11 hour zones", () => {
    // Pacific/Kiritimati is UTC+14: 13:59Z is 03:59 on the next date.
    expect(studyDate("2026-06-15T13:59Z", "Pacific/Kiritimati")).toBe("2026-06-15");
    expect(studyDate("2026-06-15T14:00Z", "Pacific/Kiritimati")).toBe("2026-06-16");
    // Pacific/Tongatapu is UTC+13.
    expect(studyDate("2026-06-15T14:59Z", "Pacific/Tongatapu")).toBe("2026-06-15");
    expect(studyDate("2026-06-15T15:00Z", "Pacific/Tongatapu")).toBe("2026-06-16");
    // Pacific/Pago_Pago is UTC−11: 14:59Z is 03:59 the same date.
    expect(studyDate("2026-06-15T14:59Z", "Pacific/Pago_Pago")).toBe("2026-06-14");
    expect(studyDate("2026-06-15T15:00Z", "Pacific/Pago_Pago")).toBe("2026-06-15");
    // One instant, three different study days.
    const noon = "2026-06-15T12:00Z";
    expect([studyDate(noon, "Pacific/Pago_Pago"), studyDate(noon, "UTC"), studyDate(noon, "Pacific/Kiritimati")]).toEqual([
      "2026-06-14", // 01:00 on the 15th
      "2026-06-15",
      "2026-06-15", // 02:00 on the 16th
    ]);
  });

  it("follows half-hour zones", () => {
    // Asia/Kolkata is UTC+5:30: 04:00 IST is 22:30Z the day before.
    expect(studyDate("2026-06-14T22:29Z", "Asia/Kolkata")).toBe("2026-06-14");
    expect(studyDate("2026-06-14T22:30Z", "Asia/Kolkata")).toBe("2026-06-15");
    // Australia/Adelaide is UTC+10:30 in January (summer time) and UTC+9:30 in June.
    expect(studyDate("2026-01-14T17:29Z", "Australia/Adelaide")).toBe("2026-01-14");
    expect(studyDate("2026-01-14T17:30Z", "Australia/Adelaide")).toBe("2026-01-15");
    expect(studyDate("2026-06-14T18:29Z", "Australia/Adelaide")).toBe("2026-06-14");
    expect(studyDate("2026-06-14T18:30Z", "Australia/Adelaide")).toBe("2026-06-15");
  });

  it("rejects a bad zone, rollover hour or instant with a RangeError naming it", () => {
    const t = at("2026-01-01T00:00Z");
    expect(() => localDayNumber(t, "Mars/Base", 4)).toThrow('time zone must be a valid IANA zone name, got "Mars/Base"');
    for (const r of [24, -1, 4.5, Number.NaN]) {
      expect(() => localDayNumber(t, "UTC", r)).toThrow(RangeError);
      expect(() => localDayNumber(t, "UTC", r)).toThrow(`rollover hour must be an integer from 0 to 23, got ${r}`);
    }
    expect(() => localDayNumber(new Date(Number.NaN), "UTC", 4)).toThrow(RangeError);
    expect(() => studyDayStart(100, "Mars/Base", 4)).toThrow(RangeError);
    expect(() => studyDayStart(100, "UTC", 24)).toThrow(RangeError);
    expect(() => studyDayStart(1.5, "UTC", 4)).toThrow(RangeError);
  });
});

describe("daylight saving time", () => {
  const hoursLong = (zone: string, isoDate: string, rollover = 4) =>
    (studyDayStart(dayOf(isoDate) + 1, zone, rollover).getTime() - studyDayStart(dayOf(isoDate), zone, rollover).getTime()) / HOUR;

  it("America/New_York: spring forward (Mar 8 2026) gives a 23-hour study day, fall back (Nov 1) a 25-hour one", () => {
    // The study day of Mar 7 runs 04:00 EST (09:00Z) to 04:00 EDT on Mar 8 (08:00Z).
    expect(studyDayStart(dayOf("2026-03-07"), "America/New_York", 4)).toEqual(at("2026-03-07T09:00Z"));
    expect(studyDayStart(dayOf("2026-03-08"), "America/New_York", 4)).toEqual(at("2026-03-08T08:00Z"));
    expect(hoursLong("America/New_York", "2026-03-07")).toBe(23);
    expect(hoursLong("America/New_York", "2026-10-31")).toBe(25);
    expect(hoursLong("America/New_York", "2026-06-01")).toBe(24);
  });

  it("Europe/Berlin: 23 hours on Mar 28 2026's study day, 25 on Oct 24's", () => {
    expect(hoursLong("Europe/Berlin", "2026-03-28")).toBe(23);
    expect(hoursLong("Europe/Berlin", "2026-10-24")).toBe(25);
  });

  it("a rollover hour inside the spring-forward gap starts the day at the end of the gap", () => {
    // New York, Mar 8 2026: 02:00 EST jumps to 03:00 EDT at 07:00Z; 02:00 never happens.
    expect(studyDayStart(dayOf("2026-03-08"), "America/New_York", 2)).toEqual(at("2026-03-08T07:00Z"));
    expect(studyDate("2026-03-08T06:59:59.999Z", "America/New_York", 2)).toBe("2026-03-07"); // 01:59:59 EST
    expect(studyDate("2026-03-08T07:00Z", "America/New_York", 2)).toBe("2026-03-08"); // 03:00 EDT
    // Berlin, Mar 29 2026: 02:00 CET jumps to 03:00 CEST at 01:00Z.
    expect(studyDayStart(dayOf("2026-03-29"), "Europe/Berlin", 2)).toEqual(at("2026-03-29T01:00Z"));
  });

  it("a rollover hour that happens twice (fall back) starts the day at its first occurrence", () => {
    // New York, Nov 1 2026: 01:00 EDT (05:00Z), then 02:00 EDT becomes 01:00 EST (06:00Z).
    expect(studyDayStart(dayOf("2026-11-01"), "America/New_York", 1)).toEqual(at("2026-11-01T05:00Z"));
    expect(studyDate("2026-11-01T06:30Z", "America/New_York", 1)).toBe("2026-11-01"); // 01:30 EST, again: still the 1st
    // Berlin, Oct 25 2026: 02:00 CEST (00:00Z), then 03:00 CEST becomes 02:00 CET (01:00Z).
    expect(studyDayStart(dayOf("2026-10-25"), "Europe/Berlin", 2)).toEqual(at("2026-10-25T00:00Z"));
    expect(studyDate("2026-10-25T01:30Z", "Europe/Berlin", 2)).toBe("2026-10-25");
  });

  it("a date the zone skipped entirely has no start of its own: it is where the next day starts", () => {
    // Pacific/Apia went from UTC−10 to UTC+14 after 2011-12-29: 2011-12-30 never happened there.
    const start = studyDayStart(dayOf("2011-12-30"), "Pacific/Apia", 0);
    expect(start).toEqual(at("2011-12-30T10:00Z"));
    expect(localDayNumber(start, "Pacific/Apia", 0)).toBe(dayOf("2011-12-31"));
  });
});

describe("a year of hours", () => {
  // Zones with DST both ways, half-hour and 30-minute DST, and extreme offsets.
  const zones = ["America/New_York", "Europe/Berlin", "Australia/Adelaide", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Kiritimati"];
  const start = Date.parse("2026-01-01T00:00Z");
  const hours = 366 * 24;

  for (const zone of zones) {
    for (const rollover of [0, 2, 4]) {
      it(`${zone}, rollover ${rollover}: day numbers step by 0 or +1, each new day exactly when it starts`, () => {
        let previous = localDayNumber(new Date(start), zone, rollover);
        const first = previous;
        for (let h = 1; h <= hours; h++) {
          const t = start + h * HOUR;
          const day = localDayNumber(new Date(t), zone, rollover);
          if (day !== previous) {
            expect(day, new Date(t).toISOString()).toBe(previous + 1);
            // The day's start lies within the hour just walked, and nowhere else.
            const dayStart = studyDayStart(day, zone, rollover).getTime();
            expect(dayStart).toBeGreaterThan(t - HOUR);
            expect(dayStart).toBeLessThanOrEqual(t);
          }
          previous = day;
        }
        // Steps of 0 or +1 from first to last: every day in between appeared.
        expect(previous - first).toBe(366);
      });
    }
  }
});

describe("studyDayStart round-trips", () => {
  const zones = ["UTC", "America/New_York", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu"];

  it("localDayNumber(studyDayStart(d)) is d, and one ms earlier is d − 1", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayOf("1971-01-01"), max: dayOf("2100-12-31") }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        (day, zone, rollover) => {
          const startMs = studyDayStart(day, zone, rollover).getTime();
          expect(localDayNumber(new Date(startMs), zone, rollover)).toBe(day);
          expect(localDayNumber(new Date(startMs - 1), zone, rollover)).toBe(day - 1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("on DST change days, for every rollover hour", () => {
    const changeDays: Array<[string, string]> = [
      ["America/New_York", "2026-03-08"],
      ["America/New_York", "2026-11-01"],
      ["Europe/Berlin", "2026-03-29"],
      ["Europe/Berlin", "2026-10-25"],
      ["Australia/Adelaide", "2026-04-05"],
      ["Australia/Adelaide", "2026-10-04"],
      ["Australia/Lord_Howe", "2026-04-05"],
      ["Australia/Lord_Howe", "2026-10-04"],
    ];
    for (const [zone, isoDate] of changeDays) {
      for (let rollover = 0; rollover < 24; rollover++) {
        for (const day of [dayOf(isoDate), dayOf(isoDate) + 1]) {
          const startMs = studyDayStart(day, zone, rollover).getTime();
          expect(localDayNumber(new Date(startMs), zone, rollover), `${zone} ${isoDate} ${rollover}`).toBe(day);
          expect(localDayNumber(new Date(startMs - 1), zone, rollover), `${zone} ${isoDate} ${rollover}`).toBe(day - 1);
        }
      }
    }
  });
});

describe("currentStudyDay", () => {
  it("is the local study day when there is no earlier review", () => {
    const t = at("2026-06-15T10:00Z");
    expect(currentStudyDay(t, "Europe/Berlin", 4)).toBe(dayOf("2026-06-15"));
    expect(currentStudyDay(t, "Europe/Berlin", 4, null)).toBe(dayOf("2026-06-15"));
    expect(currentStudyDay(t, "Europe/Berlin", 4, dayOf("2026-06-01"))).toBe(dayOf("2026-06-15"));
  });

  it("a learner who flies Berlin → Los Angeles mid-day does not get the same calendar day twice", () => {
    const berlin = "Europe/Berlin";
    const la = "America/Los_Angeles";
    // Reviews in Berlin at 10:00 CEST on Jun 15 (08:00Z): study day Jun 15.
    const reviewed = currentStudyDay(at("2026-06-15T08:00Z"), berlin, 4);
    expect(dayNumberToIsoDate(reviewed)).toBe("2026-06-15");
    // Lands in LA; at 03:00 PDT Jun 15 (10:00Z) the local study day is still Jun 14 ...
    expect(localDayNumber(at("2026-06-15T10:00Z"), la, 4)).toBe(dayOf("2026-06-14"));
    // ... but Jun 15 is already used, so today stays Jun 15 (through 04:00 PDT on Jun 16).
    expect(currentStudyDay(at("2026-06-15T10:00Z"), la, 4, reviewed)).toBe(reviewed);
    expect(currentStudyDay(at("2026-06-15T11:00Z"), la, 4, reviewed)).toBe(reviewed); // 04:00 PDT Jun 15
    expect(currentStudyDay(at("2026-06-16T10:59Z"), la, 4, reviewed)).toBe(reviewed); // 03:59 PDT Jun 16
    expect(currentStudyDay(at("2026-06-16T11:00Z"), la, 4, reviewed)).toBe(reviewed + 1); // 04:00 PDT Jun 16
  });

  it("never goes back below the last review day, however the learner's zone changes", () => {
    const zones = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "UTC"];
    const step = fc.record({ advanceMs: fc.integer({ min: 0, max: 30 * HOUR }), zone: fc.constantFrom(...zones) });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("2000-01-01T00:00Z"), max: Date.parse("2060-01-01T00:00Z") }),
        fc.integer({ min: 0, max: 23 }),
        fc.array(step, { minLength: 1, maxLength: 20 }),
        (startMs, rollover, steps) => {
          let t = startMs;
          let last: number | null = null;
          for (const { advanceMs, zone } of steps) {
            t += advanceMs;
            const today = currentStudyDay(new Date(t), zone, rollover, last);
            if (last !== null) expect(today).toBeGreaterThanOrEqual(last);
            expect(today).toBeGreaterThanOrEqual(localDayNumber(new Date(t), zone, rollover));
            last = today; // a review on that day
          }
        },
      ),
    );
  });

  it("rejects a lastReviewDay that is not an integer", () => {
    expect(() => currentStudyDay(at("2026-06-15T10:00Z"), "UTC", 4, 1.5)).toThrow(RangeError);
  });
});
