"use client";
// (a) Training loss per variant over steps: mean across seeds, min–max band.
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LossAxis, VariantCurve } from "@/lib/why/curves.ts";
import type { VariantView } from "@/lib/why/view.ts";
import { fmt } from "@/lib/why/format.ts";
import { axisTicks } from "@/lib/why/ticks.ts";
import { CHART_HEIGHT, GRID, MARGIN, TICK, TOOLTIP_STYLE, tickFmt } from "./axis.ts";

export function LossChart({ curves, variants, axis }: { curves: VariantCurve[]; variants: VariantView[]; axis: LossAxis }) {
  const color = (id: string) => variants.find((v) => v.id === id)?.color ?? "#555";
  const maxStep = Math.max(1, ...curves.map((c) => c.points[c.points.length - 1]?.step ?? 0));
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart margin={MARGIN}>
        <CartesianGrid stroke={GRID} />
        <XAxis type="number" dataKey="step" domain={[0, Math.ceil(maxStep)]} ticks={axisTicks(0, Math.ceil(maxStep), 6)} tick={TICK} tickFormatter={tickFmt} allowDuplicatedCategory={false} label={{ value: "step", position: "insideBottomRight", offset: -2, fontSize: 12 }} height={36} />
        <YAxis type="number" domain={[0, axis.yMax]} ticks={axisTicks(0, axis.yMax, 6)} allowDataOverflow tick={TICK} tickFormatter={tickFmt} width={40} />
        <Tooltip formatter={(v, name) => [fmt(Number(v)), String(name)]} labelFormatter={(s) => `step ${fmt(Number(s))}`} contentStyle={TOOLTIP_STYLE} wrapperStyle={{ zIndex: 2 }} />
        {curves.map((c) => (
          <Area key={`band-${c.variantId}`} data={c.points} dataKey="band" tooltipType="none" stroke="none" fill={color(c.variantId)} fillOpacity={0.16} isAnimationActive={false} activeDot={false} />
        ))}
        {curves.map((c) => (
          <Line key={`mean-${c.variantId}`} data={c.points} dataKey="mean" name={c.variantId} stroke={color(c.variantId)} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
