// A learner's study day: their local calendar date, rolling over at `rolloverHour` in
// their IANA time zone (Anki's 4 AM by default). Days are numbered as days since
// 1970-01-01 of that local date, so a number names a calendar date, not an instant.
// Pure: instants come in as arguments; the only state is a cache of Intl formatters.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23", // 0–23; "hour12: false" can print midnight as 24
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric", // old local-mean-time offsets have seconds
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz === "") return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

function assertZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`time zone must be a valid IANA zone name, got ${JSON.stringify(timeZone)}`);
}

function assertRollover(rolloverHour: number): void {
  if (!Number.isInteger(rolloverHour) || rolloverHour < 0 || rolloverHour > 23) {
    throw new RangeError(`rollover hour must be an integer from 0 to 23, got ${String(rolloverHour)}`);
  }
}

function assertDay(day: number, name: string): void {
  if (!Number.isSafeInteger(day)) throw new RangeError(`${name} must be an integer day number, got ${String(day)}`);
}

function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`instant must be a valid Date, got ${String(instant)}`);
  return ms;
}

interface WallClock {
  day: number; // day number of the local calendar date
  hour: number;
  ms: number; // the local wall-clock time read as if it were UTC, in ms since 1970
}

function wallClock(ms: number, timeZone: string): WallClock {
  const f: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== "literal") f[part.type] = Number(part.value);
  }
  const day = daysFromCivil(f.year, f.month, f.day);
  const ms0 = day * DAY_MS + f.hour * HOUR_MS + f.minute * 60_000 + f.second * 1000;
  return { day, hour: f.hour, ms: ms0 + (ms - Math.floor(ms / 1000) * 1000) };
}

export function localDayNumber(instant: Date, timeZone: string, rolloverHour: number): number {
  const ms = instantMs(instant);
  assertZone(timeZone);
  assertRollover(rolloverHour);
  // The date of (wall clock − rolloverHour): before the rollover hour it is still yesterday.
  const { day, hour } = wallClock(ms, timeZone);
  return hour < rolloverHour ? day - 1 : day;
}

export function currentStudyDay(instant: Date, timeZone: string, rolloverHour: number, lastReviewDay?: number | null): number {
  const local = localDayNumber(instant, timeZone, rolloverHour);
  if (lastReviewDay === undefined || lastReviewDay === null) return local;
  assertDay(lastReviewDay, "lastReviewDay");
  // Moving west (or a zone change) can put the local date behind a day already reviewed;
  // today never goes back, or the learner would get that day's new cards twice.
  return Math.max(local, lastReviewDay);
}

export function studyDayStart(day: number, timeZone: string, rolloverHour: number): Date {
  assertDay(day, "day");
  assertZone(timeZone);
  assertRollover(rolloverHour);
  const target = day * DAY_MS + rolloverHour * HOUR_MS; // wall clock wanted, read as UTC
  const offsetAt = (ms: number) => wallClock(ms, timeZone).ms - ms;

  // Offsets in force around the target; a transition within a day shows up as two.
  const offsets = new Set([offsetAt(target - DAY_MS), offsetAt(target), offsetAt(target + DAY_MS)]);
  for (const o of [...offsets]) offsets.add(offsetAt(target - o));

  // An instant t shows the target wall clock iff t = target − offsetAt(t). Fall-back
  // repeats an hour: take the earlier instant, when the day actually starts.
  const hits = [...offsets].map((o) => target - o).filter((t) => offsetAt(t) === target - t);
  if (hits.length > 0) return new Date(Math.min(...hits));

  // Spring-forward gap: the wall clock jumps over the target. The day starts at the first
  // instant whose wall clock is past the target (for a date the zone skipped outright, like
  // Pacific/Apia's 2011-12-30, that is where the next day starts), found by bisection.
  let before = target - Math.max(...offsets); // wall clock still short of the target
  let after = target - Math.min(...offsets); // wall clock already past it
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (wallClock(mid, timeZone).ms >= target) after = mid;
    else before = mid;
  }
  return new Date(after);
}

export function dayNumberToIsoDate(day: number): string {
  assertDay(day, "day");
  const { year, month, dayOfMonth } = civilFromDays(day);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  // ISO 8601 writes years outside 0000–9999 signed, with six digits.
  const yyyy = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? "-" : "+"}${pad(Math.abs(year), 6)}`;
  return `${yyyy}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

// Proleptic Gregorian date <-> day number, in integer arithmetic (H. Hinnant's
// days_from_civil), avoiding Date.UTC's mapping of years 0–99 to 1900–1999.
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}
