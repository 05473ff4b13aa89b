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

/** Whole numbers with thousands separators (MACs, steps). */
export function int(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return Math.round(v).toLocaleString("en-US");
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
