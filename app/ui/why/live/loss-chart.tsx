// The live run's training loss, step by step, over the recording's curve for the same variant
// and seed. A small SVG (no chart library): it redraws on every step, so it must stay cheap.
import { fmt } from "@/lib/why/format.ts";

export interface ChartSeries {
  /** [step, loss] pairs; NaN losses (a diverged run) are skipped. */
  points: Array<[number, number]>;
  label: string;
}

// viewBox units; the SVG scales to the panel's width, so ticks stay legible on a phone (~0.7 px per unit).
const W = 480;
const H = 200;
const PAD = { left: 44, right: 10, top: 10, bottom: 28 };

/** y axis top: covers the start of training, but a single spike does not flatten the rest. */
function yTop(values: number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return 1;
  const q95 = finite[Math.min(finite.length - 1, Math.floor(finite.length * 0.95))]!;
  return Math.max(0.1, Math.min(finite[finite.length - 1]!, q95 * 1.25));
}

function path(points: Array<[number, number]>, x: (s: number) => number, y: (v: number) => number): string {
  let d = "";
  let pen = false;
  for (const [s, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(s).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  }
  return d;
}

export function LossChart({ live, recorded, totalSteps, title }: { live: ChartSeries; recorded: ChartSeries | null; totalSteps: number; title: string }) {
  const all = [...live.points, ...(recorded?.points ?? [])];
  const xMax = Math.max(1, totalSteps, ...all.map(([s]) => s + 1));
  const top = yTop(all.map(([, v]) => v));
  const x = (s: number) => PAD.left + ((W - PAD.left - PAD.right) * s) / xMax;
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.min(v, top) / top);
  const yTicks = [0, top / 2, top];
  const xTicks = [0, Math.round(xMax / 2), xMax];
  const last = live.points.at(-1);
  return (
    <figure className="live-chart">
      <figcaption className="small">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}. ${last ? `Latest loss ${fmt(last[1])} at step ${last[0] + 1}.` : "No steps yet."}`}>
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="live-chart-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="live-chart-tick">
              {fmt(v, 2)}
            </text>
          </g>
        ))}
        {xTicks.map((s, i) => (
          <text key={`x${s}`} x={x(s)} y={H - 10} textAnchor={i === xTicks.length - 1 ? "end" : "middle"} className="live-chart-tick">
            {i === xTicks.length - 1 ? `${s} steps` : s}
          </text>
        ))}
        {recorded && <path d={path(recorded.points, x, y)} className="live-chart-recorded" />}
        <path d={path(live.points, x, y)} className="live-chart-live" />
      </svg>
      <p className="live-chart-legend small">
        <span className="live-chart-key live-chart-key-live" aria-hidden="true" /> {live.label}
        {recorded && (
          <>
            {" "}
            <span className="live-chart-key live-chart-key-recorded" aria-hidden="true" /> {recorded.label}
          </>
        )}
      </p>
    </figure>
  );
}
