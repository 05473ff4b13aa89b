// How a recording stores a loss curve. A module of its own (no zod): the why view's live comparison
// needs it in the browser, before any recording is parsed.
import { downsample } from "../registry/stats.ts";

/** Most curve points kept per run in a recording (bucket means of the runner's curve). */
export const RECORDING_CURVE_POINTS = 100;

/** Curve values are stored with 6 significant digits (losses are float32 anyway). */
export function roundCurveValue(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}

/** The curve as a recording stores it: downsampled to ≤ 100 points, 6 significant digits. */
export function recordingCurve(xs: readonly number[]): number[] {
  return downsample(xs, RECORDING_CURVE_POINTS).map(roundCurveValue);
}
