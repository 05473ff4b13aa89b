// Geometry of the why view's first chart (training loss per variant), drawn by the server as SVG so it
// shows with the HTML, before any script. The plot area is a viewBox stretched to the page's width
// (lines keep their width with non-scaling strokes); tick positions are fractions, so the tick labels can
// be HTML text that never scales.
import type { LossAxis, VariantCurve } from "./curves.ts";
import { axisTicks } from "./ticks.ts";

/** viewBox of the plot area: wide enough that rounding to 0.1 is invisible at any screen width. */
export const PLOT_W = 600;
export const PLOT_H = 200;

export interface Tick {
  value: number;
  /** Share of the axis from its start (x: left, y: bottom), 0–1. */
  at: number;
}

export interface LossSeries {
  variantId: string;
  /** Path of the mean; a gap (no finite value) starts a new subpath. */
  line: string;
  /** Closed path of the min–max band over each run of points that have one; "" when none. */
  band: string;
}

export interface LossPlot {
  xTicks: Tick[];
  yTicks: Tick[];
  series: LossSeries[];
}

const r1 = (v: number) => String(Math.round(v * 10) / 10);

export function lossPlot(curves: readonly VariantCurve[], axis: LossAxis): LossPlot {
  const maxStep = Math.max(1, Math.ceil(Math.max(0, ...curves.map((c) => c.points[c.points.length - 1]?.step ?? 0))));
  const x = (step: number) => (step / maxStep) * PLOT_W;
  // Values above the axis are drawn past the top and clipped by the SVG, as recharts' allowDataOverflow.
  const y = (v: number) => (1 - v / axis.yMax) * PLOT_H;
  const xy = (step: number, v: number) => `${r1(x(step))} ${r1(y(v))}`;
  const series = curves.map((c): LossSeries => {
    let line = "";
    let pen = false;
    for (const p of c.points) {
      if (p.mean === null || !Number.isFinite(p.mean)) {
        pen = false;
        continue;
      }
      line += `${pen ? "L" : "M"}${xy(p.step, p.mean)}`;
      pen = true;
    }
    let band = "";
    let run: Array<{ step: number; lo: number; hi: number }> = [];
    const close = () => {
      if (run.length >= 2) band += `M${run.map((p) => xy(p.step, p.hi)).join("L")}L${[...run].reverse().map((p) => xy(p.step, p.lo)).join("L")}Z`;
      run = [];
    };
    for (const p of c.points) {
      if (p.band && Number.isFinite(p.band[0]) && Number.isFinite(p.band[1])) run.push({ step: p.step, lo: p.band[0], hi: p.band[1] });
      else close();
    }
    close();
    return { variantId: c.variantId, line, band };
  });
  return {
    xTicks: axisTicks(0, maxStep, 6).map((value) => ({ value, at: value / maxStep })),
    yTicks: axisTicks(0, axis.yMax, 6).map((value) => ({ value, at: value / axis.yMax })),
    series,
  };
}
