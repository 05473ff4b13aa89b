"use client";
// (b) A value per variant (final accuracy, final loss, jitter): every seed's value as a dot, the spread
// (lowest to highest seed) as a bar behind them, variants as rows so long names fit a phone.
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { fmt } from "@/lib/why/format.ts";
import { axisTicks } from "@/lib/why/ticks.ts";
import { dotsHeight, GRID, labelWidth, TICK, TOOLTIP_STYLE, tickFmt } from "./axis.ts";

export interface SeedDotsRow {
  id: string;
  color: string;
  values: Array<{ seed: number; value: number }>;
  min: number | null;
  max: number | null;
}

export function SeedDotsChart({ rows, seeds, domain, percent = false, name }: { rows: SeedDotsRow[]; seeds: number[]; domain: [number, number]; percent?: boolean; name: string }) {
  const data = rows.map((r) => {
    const row: Record<string, unknown> = { id: r.id, range: r.min !== null && r.max !== null ? [r.min, r.max] : null };
    for (const v of r.values) row[`s${v.seed}`] = Number.isFinite(v.value) ? v.value : null;
    return row;
  });
  // Enough decimals that neighbouring ticks differ (a 1-point accuracy range needs tenths).
  const ticks = axisTicks(domain[0], domain[1], 5);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  // Fewest decimals that write the step in percent exactly (2.5 % steps need one).
  const tickDecimals = [0, 1, 2, 3].find((d) => Math.abs(step * 100 * 10 ** d - Math.round(step * 100 * 10 ** d)) < 1e-6) ?? 3;
  const tickPercent = (v: number) => `${(v * 100).toFixed(tickDecimals)}%`;
  const format = percent ? (v: number) => `${(v * 100).toFixed(2)} %` : (v: number) => fmt(v, 4);
  return (
    <ResponsiveContainer width="100%" height={dotsHeight(rows.length)}>
      <ComposedChart layout="vertical" data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} barCategoryGap="30%">
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis type="number" domain={domain} ticks={ticks} allowDataOverflow tick={TICK} tickFormatter={percent ? tickPercent : tickFmt} />
        <YAxis type="category" dataKey="id" tick={TICK} width={labelWidth(rows.map((r) => r.id))} interval={0} />
        <Tooltip formatter={(v, n) => [Array.isArray(v) ? `${format(Number(v[0]))} – ${format(Number(v[1]))}` : format(Number(v)), n === "range" ? "spread" : String(n)]} contentStyle={TOOLTIP_STYLE} />
        <Bar dataKey="range" name="spread" isAnimationActive={false} minPointSize={2}>
          {rows.map((r) => (
            <Cell key={r.id} fill={r.color} fillOpacity={0.22} />
          ))}
        </Bar>
        {seeds.map((s) => (
          <Line key={s} dataKey={`s${s}`} name={`${name}, seed ${s}`} stroke="none" isAnimationActive={false} dot={{ r: 5, fill: "#1b1f24", stroke: "#fff", strokeWidth: 1.5 }} activeDot={{ r: 7 }} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
