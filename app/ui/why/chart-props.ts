// The data of the why view's recharts charts, by name. They are drawn only when scrolled near
// (deferred-chart.tsx), and their data comes then from the why view's data route
// (app/api/decks/[deckId]/cards/[cardId]/why), not inline in the page: on a phone the document is only
// what the first screen needs. The page (evidence.tsx) and the route compute it with this one function.
import type { WhyView } from "@/lib/why/view.ts";
import { paddedDomain } from "@/lib/why/finals.ts";
import type { SeedDotsRow } from "./seed-dots-chart.tsx";

export const SCHEDULE_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B"];

export interface SeedDotsProps {
  rows: SeedDotsRow[];
  seeds: number[];
  domain: [number, number];
  percent?: boolean;
  name: string;
}

export interface ChartProps {
  accuracy: SeedDotsProps;
  loss: SeedDotsProps;
  jitter: SeedDotsProps | null;
  macs: { rows: NonNullable<WhyView["accVsMacs"]>["rows"]; variants: WhyView["variants"] } | null;
  gradNoise: { points: NonNullable<WhyView["gradNoise"]>["points"] } | null;
  steps: { rows: NonNullable<WhyView["stepsTo95"]>["rows"] } | null;
  nearZero: { data: NonNullable<WhyView["nearZero"]>; variants: WhyView["variants"] } | null;
  lr: { items: WhyView["schedules"]["items"]; colors: string[]; field: "lr" };
  mom: { items: WhyView["schedules"]["items"]; colors: string[]; field: "mom" };
  layerStats: { runs: WhyView["layerStats"]; labels: Record<string, string> } | null;
}

export type ChartName = keyof ChartProps;

export function chartProps(view: WhyView, seeds: number[]): ChartProps {
  const colorOf = (id: string) => view.variants.find((v) => v.id === id)?.color ?? "#555";
  const dots = (rows: Array<{ variantId: string; values: Array<{ seed: number; value: number }>; spread: { min: number; max: number } | null }>): SeedDotsRow[] =>
    rows.map((r) => ({ id: r.variantId, color: colorOf(r.variantId), values: r.values, min: r.spread?.min ?? null, max: r.spread?.max ?? null }));
  const accRows = dots(view.finals.rows.map((r) => ({ variantId: r.variantId, ...r.acc })));
  const lossRows = dots(view.finals.rows.map((r) => ({ variantId: r.variantId, ...r.loss })));
  const values = (rows: SeedDotsRow[]) => rows.flatMap((r) => r.values.map((v) => v.value));
  const jitterRows = view.jitter ? dots(view.jitter.rows) : null;
  return {
    accuracy: { rows: accRows, seeds, domain: paddedDomain(values(accRows), 0, 1), percent: true, name: "accuracy" },
    loss: { rows: lossRows, seeds, domain: paddedDomain(values(lossRows), 0), name: "loss" },
    jitter: jitterRows ? { rows: jitterRows, seeds, domain: paddedDomain(values(jitterRows), 0), name: "jitter" } : null,
    macs: view.accVsMacs ? { rows: view.accVsMacs.rows, variants: view.variants } : null,
    gradNoise: view.gradNoise ? { points: view.gradNoise.points } : null,
    steps: view.stepsTo95 ? { rows: view.stepsTo95.rows } : null,
    nearZero: view.nearZero ? { data: view.nearZero, variants: view.variants } : null,
    lr: { items: view.schedules.items, colors: SCHEDULE_COLORS, field: "lr" },
    mom: { items: view.schedules.items, colors: SCHEDULE_COLORS, field: "mom" },
    layerStats: view.layerStats.length > 0 ? { runs: view.layerStats, labels: Object.fromEntries(view.variants.map((v) => [v.id, v.label])) } : null,
  };
}
