"use client";
// (f) Experiment-specific charts, drawn only when the recording has the measurement.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { AccVsMacs, GradNoisePoint, NearZeroByLayer, StepsToTarget } from "@/lib/why/extras.ts";
import type { VariantView } from "@/lib/why/view.ts";
import { fmt, int, pct } from "@/lib/why/format.ts";
import { CHART_HEIGHT, GRID, MARGIN, TICK, tickFmt, tickPct, TOOLTIP_STYLE } from "./axis.ts";

/** Card 6: gradient error against batch size, both axes logarithmic (a slope of −1 is error ∝ 1/bs). */
export function GradNoiseChart({ points }: { points: GradNoisePoint[] }) {
  const seeds = points.flatMap((p) => p.values.map((v) => ({ bs: p.bs, err: v.value, seed: v.seed })));
  const means = points.map((p) => ({ bs: p.bs, err: p.spread.mean }));
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart margin={MARGIN}>
        <CartesianGrid stroke={GRID} />
        <XAxis type="number" dataKey="bs" scale="log" domain={["auto", "auto"]} ticks={points.map((p) => p.bs)} tick={TICK} allowDuplicatedCategory={false} label={{ value: "batch size", position: "insideBottomRight", offset: -2, fontSize: 12 }} height={36} />
        <YAxis type="number" dataKey="err" scale="log" domain={["auto", "auto"]} tick={TICK} tickFormatter={tickFmt} width={44} />
        <Tooltip formatter={(v, n) => [fmt(Number(v)), String(n)]} labelFormatter={(s) => `bs ${s}`} contentStyle={TOOLTIP_STYLE} />
        <Line data={means} dataKey="err" name="mean over seeds" stroke="#0072B2" strokeWidth={2} isAnimationActive={false} dot={{ r: 4 }} />
        <Scatter data={seeds} dataKey="err" name="one seed" fill="#D55E00" isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Card 8: optimizer steps to reach 95 % validation accuracy per max LR; seeds that never got there have no dot. */
export function StepsChart({ rows }: { rows: StepsToTarget[] }) {
  const seeds = [...new Set(rows.flatMap((r) => r.values.map((v) => v.seed)))].sort((a, b) => a - b);
  const data = rows.map((r) => {
    const row: Record<string, unknown> = { lr: String(r.lr), median: r.median };
    for (const v of r.values) row[`s${v.seed}`] = v.steps;
    return row;
  });
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart data={data} margin={MARGIN}>
        <CartesianGrid stroke={GRID} />
        <XAxis dataKey="lr" tick={TICK} interval={0} label={{ value: "max LR", position: "insideBottomRight", offset: -2, fontSize: 12 }} height={36} />
        <YAxis type="number" domain={[0, "auto"]} tick={TICK} width={40} />
        <Tooltip formatter={(v, n) => [v === null || v === undefined ? "never" : int(Number(v)), String(n)]} contentStyle={TOOLTIP_STYLE} />
        <Bar dataKey="median" name="median steps" fill="#56B4E9" isAnimationActive={false} />
        {seeds.map((s) => (
          <Line key={s} dataKey={`s${s}`} name={`seed ${s}`} stroke="none" isAnimationActive={false} dot={{ r: 5, fill: "#1b1f24", stroke: "#fff", strokeWidth: 1.5 }} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Card 1: validation accuracy against multiply–accumulates per image (log axis), one colour per variant. */
export function MacsChart({ rows, variants }: { rows: AccVsMacs[]; variants: VariantView[] }) {
  const color = (id: string) => variants.find((v) => v.id === id)?.color ?? "#555";
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart margin={{ ...MARGIN, right: 20 }}>
        <CartesianGrid stroke={GRID} />
        <XAxis type="number" dataKey="macs" scale="log" domain={["auto", "auto"]} ticks={rows.map((r) => r.macs)} tickFormatter={(v: number) => `${Math.round(v / 1000)}k`} tick={TICK} allowDuplicatedCategory={false} label={{ value: "MACs per image", position: "insideBottomRight", offset: -2, fontSize: 12 }} height={36} />
        <YAxis type="number" dataKey="acc" domain={["auto", "auto"]} tick={TICK} tickFormatter={tickPct} width={44} />
        <Tooltip formatter={(v, n) => [n === "macs" ? int(Number(v)) : pct(Number(v), 2), String(n)]} contentStyle={TOOLTIP_STYLE} />
        {rows.map((r) => (
          <Scatter key={r.variantId} name={r.variantId} data={r.values.map((v) => ({ macs: r.macs, acc: v.value }))} dataKey="acc" fill={color(r.variantId)} isAnimationActive={false} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** Card 5: near-zero share per layer at the end of training, one line per variant. */
export function NearZeroChart({ data, variants }: { data: NearZeroByLayer; variants: VariantView[] }) {
  const color = (id: string) => variants.find((v) => v.id === id)?.color ?? "#555";
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart data={data.rows} margin={MARGIN}>
        <CartesianGrid stroke={GRID} />
        <XAxis dataKey="layer" tick={TICK} interval="preserveStartEnd" height={30} />
        <YAxis type="number" domain={[0, 1]} tick={TICK} tickFormatter={tickPct} width={44} />
        <Tooltip formatter={(v, n) => [pct(Number(v)), String(n)]} contentStyle={TOOLTIP_STYLE} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {data.variantIds.map((id) => (
          <Line key={id} dataKey={id} stroke={color(id)} strokeWidth={2} isAnimationActive={false} connectNulls dot={{ r: 3 }} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
