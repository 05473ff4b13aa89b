// Number formatting shared by the why view's charts, captions and tables, so a chart's tick and the
// text beside it read the same.

/** Significant digits, without exponent noise for ordinary magnitudes; "—" for a missing value. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(Math.max(0, digits - 1)).replace("-", "−");
  const s = Number(v.toPrecision(digits)).toString();
  return v < 0 ? `−${s.slice(1)}` : s;
}

/** A share (0..1) as a percentage with `decimals` places, e.g. 0.9482 → "94.82 %". */
export function pct(v: number | null | undefined, decimals = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(decimals)} %`;
}

/**
 * Whole numbers with thousands separators (MACs, steps), as `toLocaleString("en-US")` writes them. Written out
 * because a tab's first Intl number format loads its locale data: 20–55 ms on a desktop CPU, four times that on
 * a phone, and the why view's live panel formats one while it hydrates.
 */
export function int(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const n = Math.round(v);
  if (Math.abs(n) >= 1e21) return n.toLocaleString("en-US"); // String() would switch to exponent notation
  const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${grouped}` : grouped;
}

/** A wall time in ms as "2 min 5 s" / "41.3 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  // Round first, then split: 119.7 s is "2 min 0 s", never "1 min 60 s".
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const min = Math.floor(total / 60);
  return min < 60 ? `${min} min ${total % 60} s` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** `v` with a fixed number of decimals and a true minus sign (so a column of numbers lines up and reads alike). */
export function fixed(v: number | null | undefined, decimals: number): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  const s = v.toFixed(decimals);
  // -0.00 is zero: no sign.
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s.replace("-", "−");
}

/**
 * Decimals that show an interval's half-width to two significant digits (0–6): the estimate and both bounds
 * then share them, so 94.82 [94.80, 94.84] does not collapse to 94.8 [94.8, 94.8]. A zero-width interval
 * (an exact fact) gets the decimals of its value at 4 significant digits.
 */
export function intervalDecimals(lo: number, hi: number): number {
  const half = Math.abs(hi - lo) / 2;
  const ref = half > 0 ? half : Math.abs(lo);
  const digits = half > 0 ? 2 : 4;
  if (!Number.isFinite(ref) || ref === 0) return 0;
  // The epsilon keeps a half-width of 0.00999…98 (0.03 − 0.01 in floating point) at the decimals of 0.01.
  return Math.min(6, Math.max(0, digits - 1 - Math.floor(Math.log10(ref) + 1e-9)));
}

/** An ISO timestamp as "2026-11-27 12:14 UTC" (the page is server-rendered: no reader's time zone to guess). */
export function utcDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** The day of an ISO timestamp or date, "2026-11-27". */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Seeds as a reader scans them: runs of four or more consecutive seeds as a range ("101–108"), shorter
 * ones listed ("1, 2, 3"), in the order given.
 */
export function seedList(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    if (j - i >= 3) parts.push(`${seeds[i]}–${seeds[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(seeds[k]));
    i = j + 1;
  }
  return parts.join(", ");
}

/** "1 seed" / "8 seeds". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${int(n)} ${n === 1 ? noun : plural}`;
}
