"use client";
// The why view's recharts charts, each loaded only when its <Deferred> mounts it (near the viewport): a
// server component that imported the chart modules directly would put recharts in the page's first
// scripts, which a phone parses before it is interactive (issue #13: Lighthouse counted it as blocking time).
import dynamic from "next/dynamic";

const none = () => null;
export const SeedDotsChart = dynamic(() => import("./seed-dots-chart.tsx").then((m) => m.SeedDotsChart), { ssr: false, loading: none });
export const ScheduleChart = dynamic(() => import("./schedule-chart.tsx").then((m) => m.ScheduleChart), { ssr: false, loading: none });
export const LayerStatsCharts = dynamic(() => import("./layer-stats-chart.tsx").then((m) => m.LayerStatsCharts), { ssr: false, loading: none });
export const GradNoiseChart = dynamic(() => import("./extra-charts.tsx").then((m) => m.GradNoiseChart), { ssr: false, loading: none });
export const StepsChart = dynamic(() => import("./extra-charts.tsx").then((m) => m.StepsChart), { ssr: false, loading: none });
export const MacsChart = dynamic(() => import("./extra-charts.tsx").then((m) => m.MacsChart), { ssr: false, loading: none });
export const NearZeroChart = dynamic(() => import("./extra-charts.tsx").then((m) => m.NearZeroChart), { ssr: false, loading: none });
