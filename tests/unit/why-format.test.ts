// Number, date and seed formatting of the why view (lib/why/format.ts), by hand.
import { describe, expect, it } from "vitest";
import { count, day, fixed, int, intervalDecimals, seedList, utcDateTime } from "../../lib/why/format.ts";

describe("fixed", () => {
  it("fixed decimals with a true minus sign; no sign on a rounded zero; dashes for missing", () => {
    expect(fixed(2, 2)).toBe("2.00");
    expect(fixed(-0.0234, 3)).toBe("−0.023");
    expect(fixed(-0.0004, 3)).toBe("0.000");
    expect(fixed(NaN, 2)).toBe("—");
    expect(fixed(null, 2)).toBe("—");
    expect(fixed(-Infinity, 2)).toBe("−∞");
  });
});

describe("intervalDecimals", () => {
  it("shows the half-width to two significant digits", () => {
    expect(intervalDecimals(1.9, 2.1)).toBe(2); // half 0.1 → 0.10
    expect(intervalDecimals(-0.03, -0.01)).toBe(3); // half 0.00999…98 in floating point → 0.010
    expect(intervalDecimals(94.8, 94.84)).toBe(3); // half 0.02 → 0.020
    expect(intervalDecimals(-20, 10)).toBe(0); // half 15 → 15
    expect(intervalDecimals(-300, 300)).toBe(0); // never negative
    expect(intervalDecimals(1e-9, 3e-9)).toBe(6); // capped
  });
  it("a zero-width interval (an exact value) gets its value's decimals at 4 significant digits", () => {
    expect(intervalDecimals(0.9482, 0.9482)).toBe(4);
    expect(intervalDecimals(795584, 795584)).toBe(0);
    expect(intervalDecimals(0, 0)).toBe(0);
    expect(intervalDecimals(NaN, NaN)).toBe(0);
  });
});

describe("dates and seeds", () => {
  it("UTC date and time to the minute; the day alone", () => {
    expect(utcDateTime("2026-11-27T12:14:03.479Z")).toBe("2026-11-27 12:14 UTC");
    expect(utcDateTime("2026-11-27T23:59:59+02:00")).toBe("2026-11-27 21:59 UTC");
    expect(utcDateTime("not a date")).toBe("not a date");
    expect(day("2026-11-27T12:14:03.479Z")).toBe("2026-11-27");
    expect(day("2026-11-27")).toBe("2026-11-27");
  });
  it("runs of four or more consecutive seeds become a range", () => {
    expect(seedList([101, 102, 103, 104, 105, 106, 107, 108])).toBe("101–108");
    expect(seedList([1, 2, 3])).toBe("1, 2, 3");
    expect(seedList([1, 2, 3, 4, 9, 11, 12, 13, 14])).toBe("1–4, 9, 11–14");
    expect(seedList([5])).toBe("5");
    expect(seedList([])).toBe("");
  });
  it("count: singular for one", () => {
    expect(count(1, "seed")).toBe("1 seed");
    expect(count(8, "seed")).toBe("8 seeds");
    expect(count(1200, "pilot value")).toBe("1,200 pilot values");
  });
  it("int: thousands separators exactly as en-US writes them, without Intl", () => {
    expect(int(795584)).toBe("795,584");
    expect(int(999)).toBe("999");
    expect(int(1000)).toBe("1,000");
    expect(int(-1234567.6)).toBe("-1,234,568");
    expect(int(0)).toBe("0");
    expect(int(null)).toBe("—");
    expect(int(Number.NaN)).toBe("—");
    for (const v of [1, 12, 123, 1234, 12345, 123456, 1234567, 98765432109, 1e15, 1234.5, -999.5, -1000, 2 ** 53, 1e21, 1.5e22])
      expect(int(v)).toBe(Math.round(v).toLocaleString("en-US"));
  });
});
