// Geometry for the statistics charts, drawn as plain SVG on the server so they paint with
// the HTML, before (and without) JavaScript. Recharts 3 renders an empty wrapper on the
// server (recharts/recharts#5997), so it cannot give a chart in the first HTML. Pure.
import { axisTicks } from "../why/ticks.ts";

export const MARGIN = { top: 10, right: 12, bottom: 34, left: 44 };

export interface Frame {
  width: number;
  height: number;
}

export interface Scale {
  /** Value → y pixel (top of the plot is max). */
  y: (v: number) => number;
  ticks: number[];
  max: number;
  plotTop: number;
  plotBottom: number;
  plotLeft: number;
  plotRight: number;
}

/**
 * A linear y scale from 0 to a round maximum covering `max`. With `whole`, for counts (cards, answers),
 * every tick is a whole number: no "0.5 cards due" on a day with one or two.
 */
export function yScale(max: number, frame: Frame, opts: { target?: number; margin?: typeof MARGIN; whole?: boolean } = {}): Scale {
  const { target = 5, margin = MARGIN, whole = false } = opts;
  let ticks = axisTicks(0, max > 0 ? max : 1, target);
  let step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  if (whole && !Number.isInteger(step)) {
    // Below 1 the step becomes 1; the only other fractional step is 2.5 (ticks come in 1, 2, 2.5 and 5 × 10^k).
    step = step < 1 ? 1 : 5;
    ticks = Array.from({ length: Math.ceil(Math.max(max, 1) / step) + 1 }, (_, i) => i * step);
  }
  // Round the top up to the next tick, so the highest bar ends under a labelled line.
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  const top = ticks[ticks.length - 1];
  const plotTop = margin.top;
  const plotBottom = frame.height - margin.bottom;
  return {
    y: (v) => plotBottom - (v / top) * (plotBottom - plotTop),
    ticks,
    max: top,
    plotTop,
    plotBottom,
    plotLeft: margin.left,
    plotRight: frame.width - margin.right,
  };
}

export interface BarGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre of the bar's slot, for its label. */
  cx: number;
}

/** Evenly spaced bars from 0 up to each value. */
export function bars(values: number[], scale: Scale, gap = 0.2): BarGeometry[] {
  const slot = (scale.plotRight - scale.plotLeft) / Math.max(1, values.length);
  return values.map((v, i) => {
    const y = scale.y(Math.max(0, v));
    const x = scale.plotLeft + i * slot + (slot * gap) / 2;
    return { x, y, width: slot * (1 - gap), height: scale.plotBottom - y, cx: scale.plotLeft + (i + 0.5) * slot };
  });
}

/** Every n-th index to label so labels do not overlap (`room` px per label). */
export function labelEvery(count: number, plotWidth: number, room: number): number {
  return Math.max(1, Math.ceil((count * room) / Math.max(1, plotWidth)));
}

/** SVG path through points, as a polyline. */
export function linePath(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
}
