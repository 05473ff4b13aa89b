"use client";
// The class dashboard's two charts: answers per study day over the range, and the hardest cards' lapse rates.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { GRID, MARGIN, TICK, TOOLTIP_STYLE } from "@/app/ui/why/axis.ts";

export function AnswersPerDayChart({ data }: { data: { date: string; answers: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={data} margin={MARGIN}>
        <CartesianGrid stroke={GRID} vertical={false} />
        <XAxis dataKey="date" tick={TICK} tickFormatter={(d: string) => d.slice(5)} minTickGap={16} />
        <YAxis allowDecimals={false} tick={TICK} width={40} />
        <Tooltip contentStyle={TOOLTIP_STYLE} />
        <Bar dataKey="answers" name="answers" fill="#2f6fb5" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function HardestCardsChart({ data }: { data: { label: string; lapseRate: number }[] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(140, 32 * data.length + 40)}>
      <BarChart data={data} layout="vertical" margin={MARGIN}>
        <CartesianGrid stroke={GRID} horizontal={false} />
        <XAxis type="number" domain={[0, 100]} unit=" %" tick={TICK} />
        <YAxis type="category" dataKey="label" tick={TICK} width={120} />
        <Tooltip contentStyle={TOOLTIP_STYLE} formatter={(v) => [`${Number(v).toFixed(0)} %`, "lapse rate"]} />
        <Bar dataKey="lapseRate" name="lapse rate" fill="#c0504d" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
