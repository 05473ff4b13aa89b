"use client";
// (c) LR or momentum over training for each distinct schedule (computed on the server from the config).
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DistinctSchedule } from "@/lib/why/schedules.ts";
import { fmt } from "@/lib/why/format.ts";
import { axisTicks } from "@/lib/why/ticks.ts";
import { GRID, MARGIN, SCHEDULE_HEIGHT, TICK, tickFmt, TOOLTIP_STYLE } from "./axis.ts";

export function ScheduleChart({ items, colors, field }: { items: DistinctSchedule[]; colors: string[]; field: "lr" | "mom" }) {
  const maxStep = Math.max(1, ...items.map((s) => s.totalSteps - 1));
  return (
    <ResponsiveContainer width="100%" height={SCHEDULE_HEIGHT}>
      <LineChart margin={MARGIN}>
        <CartesianGrid stroke={GRID} />
        <XAxis type="number" dataKey="step" domain={[0, maxStep]} ticks={axisTicks(0, maxStep, 6)} tick={TICK} allowDuplicatedCategory={false} height={30} />
        <YAxis type="number" domain={field === "mom" ? [0.8, 1] : [0, "auto"]} tick={TICK} tickFormatter={tickFmt} width={48} />
        <Tooltip formatter={(v, n) => [fmt(Number(v), 4), String(n)]} labelFormatter={(s) => `step ${s}`} contentStyle={TOOLTIP_STYLE} />
        {items.map((s, i) => (
          <Line key={s.label} data={s.points} dataKey={field} name={s.label} stroke={colors[i % colors.length]} strokeWidth={2} dot={false} isAnimationActive={false} />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
