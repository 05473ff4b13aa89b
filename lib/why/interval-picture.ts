// Geometry of the tiny interval picture beside each check (pure): where the 95 % interval, its estimate,
// the null and the margin band fall on a shared horizontal scale. The SVG itself is drawn by
// app/ui/why/interval-picture.tsx; the numbers it shows are in its aria-label.
import type { CheckEstimate } from "@/experiments/registry/types.ts";
import { fixed, intervalDecimals } from "./format.ts";

export const PICTURE_WIDTH = 160;
export const PICTURE_HEIGHT = 22;
/** Room at each end so the interval's end caps and the estimate's dot are not clipped. */
const INSET = 6;

/**
 * What the band means:
 * - "no-effect" (superiority): null ± margin; an interval inside it shows there is no effect that matters;
 * - "equivalence": the claimed range lower..upper;
 * - "non-inferiority": from null − margin upwards (drawn to the right edge).
 */
export type BandKind = "no-effect" | "equivalence" | "non-inferiority";

export interface IntervalPicture {
  width: number;
  height: number;
  /** x of the interval's ends and of the estimate. */
  lo: number;
  hi: number;
  estimate: number;
  /** x of the null (no effect); null when the test has none (equivalence) or there is no test. */
  nullX: number | null;
  band: { kind: BandKind; from: number; to: number } | null;
  /** The numbers, for a screen reader. */
  label: string;
}

/** Where the test puts its reference lines, in the estimate's unit. */
function references(test: CheckEstimate["test"]): { nullValue: number | null; band: { kind: BandKind; from: number; to: number } | null } {
  if (!test) return { nullValue: null, band: null };
  switch (test.kind) {
    case "superiority":
      return { nullValue: test.null, band: { kind: "no-effect", from: test.null - test.margin, to: test.null + test.margin } };
    case "non-inferiority":
      return { nullValue: test.null, band: { kind: "non-inferiority", from: test.null - test.margin, to: Number.POSITIVE_INFINITY } };
    case "equivalence":
      return { nullValue: null, band: { kind: "equivalence", from: test.lower, to: test.upper } };
  }
}

/** The picture of one estimate, or null when it has no interval to draw. */
export function intervalPicture(e: CheckEstimate, width = PICTURE_WIDTH, height = PICTURE_HEIGHT): IntervalPicture | null {
  if (![e.lo, e.hi, e.estimate].every(Number.isFinite)) return null;
  const { nullValue, band } = references(e.test);
  const values = [e.lo, e.hi, e.estimate, ...(nullValue === null ? [] : [nullValue]), ...(band ? [band.from, band.to].filter(Number.isFinite) : [])];
  let min = Math.min(...values);
  let max = Math.max(...values);
  // A point (an exact fact, or everything at one value) still needs a scale: ±1 around it, or ±10 %.
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const x = (v: number) => {
    const clamped = Math.min(max, Math.max(min, v));
    return Math.round((INSET + ((clamped - min) / (max - min)) * (width - 2 * INSET)) * 100) / 100;
  };
  const d = intervalDecimals(e.lo, e.hi);
  const n = (v: number) => fixed(v, d);
  const unit = e.unit ? ` ${e.unit}` : "";
  const bandWords = !band
    ? ""
    : band.kind === "no-effect"
      ? `; no-effect band ${n(band.from)} to ${n(band.to)} around ${n(nullValue!)}`
      : band.kind === "equivalence"
        ? `; claimed range ${n(band.from)} to ${n(band.to)}`
        : `; margin: no worse than ${n(band.from)}`;
  return {
    width,
    height,
    lo: x(e.lo),
    hi: x(e.hi),
    estimate: x(e.estimate),
    nullX: nullValue === null ? null : x(nullValue),
    band: band ? { kind: band.kind, from: x(band.from), to: x(band.to) } : null,
    label: `Estimate ${n(e.estimate)}${unit}, 95 % interval ${n(e.lo)} to ${n(e.hi)}${bandWords}.`,
  };
}
