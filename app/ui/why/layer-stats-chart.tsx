"use client";
// (d) fastai's plot_layer_stats: per hooked layer, the activations' mean, std and share near zero over
// training. One run is shown at a time; a row of buttons switches between variants.
import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { LAYER_STATS, type LayerStat, type LayerStatsTable } from "@/lib/why/layers.ts";
import type { RunLayers } from "@/lib/why/view.ts";
import { fmt, pct } from "@/lib/why/format.ts";
import { GRID, MARGIN, TICK, tickFmt, tickPct, TOOLTIP_STYLE } from "./axis.ts";

const TITLES: Record<LayerStat, string> = { mean: "Mean", std: "Standard deviation", nearZero: "Share ≤ 0.05 (near zero)" };
// Layers get their own palette (sequential by depth) so they are not confused with variant colours.
const LAYER_COLORS = ["#08306b", "#2171b5", "#6baed6", "#41ab5d", "#d94801", "#7f2704", "#6a51a3", "#9e9ac8", "#525252", "#cb181d"];

export function LayerStatsCharts({ runs, labels }: { runs: Array<RunLayers<LayerStatsTable>>; labels: Record<string, string> }) {
  const [index, setIndex] = useState(0);
  const run = runs[Math.min(index, runs.length - 1)]!;
  const t = run.data;
  return (
    <div>
      {runs.length > 1 && (
        <div className="why-switch" role="group" aria-label="Run shown">
          {runs.map((r, i) => (
            <button key={r.variantId} type="button" className="button button-secondary button-small" aria-pressed={i === index} onClick={() => setIndex(i)}>
              {r.variantId}
            </button>
          ))}
        </div>
      )}
      <p className="small muted">
        {labels[run.variantId] ?? run.variantId}, seed {run.seed}.
      </p>
      <div className="why-grid">
        {LAYER_STATS.map((stat) => (
          <figure key={stat} className="why-small-chart">
            <figcaption className="small">{TITLES[stat]}</figcaption>
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={t.rows[stat]} margin={MARGIN}>
                <CartesianGrid stroke={GRID} />
                <XAxis type="number" dataKey="step" domain={["dataMin", "dataMax"]} tick={TICK} height={28} />
                <YAxis type="number" domain={stat === "nearZero" ? [0, 1] : ["auto", "auto"]} tick={TICK} tickFormatter={stat === "nearZero" ? tickPct : tickFmt} width={44} />
                <Tooltip formatter={(v, n) => [stat === "nearZero" ? pct(Number(v)) : fmt(Number(v)), String(n)]} labelFormatter={(s) => `step ${s}`} contentStyle={TOOLTIP_STYLE} />
                {t.layers.map((layer, i) => (
                  <Line key={layer} dataKey={layer} stroke={LAYER_COLORS[i % LAYER_COLORS.length]} strokeWidth={1.8} dot={false} isAnimationActive={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        ))}
      </div>
      <ul className="why-legend" aria-label="Layers">
        {t.layers.map((layer, i) => (
          <li key={layer}>
            <span className="why-swatch" style={{ background: LAYER_COLORS[i % LAYER_COLORS.length] }} aria-hidden /> {layer}
          </li>
        ))}
      </ul>
      <div className="why-table-wrap">
        <table className="why-table">
          <caption className="visually-hidden">Per-layer statistics, first and last recorded point</caption>
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
              <th scope="col">Near zero</th>
            </tr>
          </thead>
          <tbody>
            {t.endpoints.map((e) => (
              <tr key={e.layer}>
                <th scope="row">{e.layer}</th>
                <td>
                  {fmt(e.mean.first)} → {fmt(e.mean.last)}
                </td>
                <td>
                  {fmt(e.std.first)} → {fmt(e.std.last)}
                </td>
                <td>
                  {pct(e.nearZero.first, 0)} → {pct(e.nearZero.last, 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
