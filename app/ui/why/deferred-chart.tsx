"use client";
// One recharts chart of the why view, drawn when it comes near the screen (Deferred) from the data the
// why view's data route sends then (chart-props.ts, why-data.ts). Until then, and while the data loads,
// its place keeps the chart's height; the figure's caption and tables already give its numbers as text.
import { useEffect, useState } from "react";
import type { ChartName, ChartProps } from "./chart-props.ts";
import { Deferred } from "./deferred.tsx";
import { GradNoiseChart, LayerStatsCharts, MacsChart, NearZeroChart, ScheduleChart, SeedDotsChart, StepsChart } from "./lazy-charts.tsx";
import { loadWhyPart } from "./why-data.ts";

export function DeferredChart({ src, chart, minHeight }: { src: string; chart: ChartName; minHeight: number }) {
  return (
    <Deferred minHeight={minHeight}>
      <ChartFromData src={src} chart={chart} minHeight={minHeight} />
    </Deferred>
  );
}

function ChartFromData({ src, chart, minHeight }: { src: string; chart: ChartName; minHeight: number }) {
  const [charts, setCharts] = useState<ChartProps | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadWhyPart(src, "charts").then(
      (c) => live && setCharts(c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [src]);
  if (failed) {
    return (
      <p className="small muted" role="status" style={{ minHeight }} data-testid="chart-unavailable">
        This chart could not be loaded (are you offline?); its numbers are in the caption and table. Reload the page to try again.
      </p>
    );
  }
  if (!charts) return <div style={{ minHeight }} aria-hidden data-chart-loading="" />;
  return <Chart name={chart} charts={charts} />;
}

function Chart({ name, charts }: { name: ChartName; charts: ChartProps }) {
  switch (name) {
    case "accuracy":
    case "loss":
      return <SeedDotsChart {...charts[name]} />;
    case "jitter":
      return charts.jitter && <SeedDotsChart {...charts.jitter} />;
    case "macs":
      return charts.macs && <MacsChart {...charts.macs} />;
    case "gradNoise":
      return charts.gradNoise && <GradNoiseChart {...charts.gradNoise} />;
    case "steps":
      return charts.steps && <StepsChart {...charts.steps} />;
    case "nearZero":
      return charts.nearZero && <NearZeroChart {...charts.nearZero} />;
    case "lr":
    case "mom":
      return <ScheduleChart {...charts[name]} />;
    case "layerStats":
      return charts.layerStats && <LayerStatsCharts {...charts.layerStats} />;
  }
}
