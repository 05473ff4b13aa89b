// Everything the why view shows, shaped from one recording on the server (pure: recording in, plain
// serialisable data out), so the browser gets small chart-ready props and no experiment code.
import type { Recording } from "@/experiments/recordings/index.ts";
import type { Verdict } from "@/experiments/registry/types.ts";
import { colorDimImage, type ColorDimImage } from "./color-dim.ts";
import { lossAxis, variantCurve, runsByVariant, type LossAxis, type VariantCurve } from "./curves.ts";
import { accVsMacs, gradNoise, metricByVariant, nearZeroByLayer, stepsToTarget, type AccVsMacs, type GradNoisePoint, type MetricByVariant, type NearZeroByLayer, type StepsToTarget } from "./extras.ts";
import { variantFinals, type VariantFinal } from "./finals.ts";
import { duration, fmt, int, pct } from "./format.ts";
import { layerStatsTable, type LayerStatsTable } from "./layers.ts";
import { distinctSchedules, type DistinctSchedule } from "./schedules.ts";
import { sourceLink, type SourceLink } from "./sources.ts";
import { parseVariants } from "./variants.ts";

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, dark enough on white. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B", "#8C510A"] as const;

export const VERDICT_LABEL: Record<Verdict["verdict"], string> = {
  supported: "Supported",
  "not-supported": "Not supported",
  inconclusive: "Inconclusive",
};

export interface VariantView {
  id: string;
  label: string;
  color: string;
}

export interface RunLayers<T> {
  variantId: string;
  seed: number;
  data: T;
}

export interface WhyView {
  id: string;
  claim: string;
  kind: Recording["config"]["kind"];
  verdict: Verdict["verdict"];
  verdictLabel: string;
  summary: string;
  checks: Verdict["checks"];
  numbers: Array<{ key: string; value: string }>;
  decisionRule: string;
  measures: string[];
  sources: SourceLink[];
  facts: Array<{ label: string; value: string }>;
  variants: VariantView[];
  loss: { curves: VariantCurve[]; axis: LossAxis; caption: string };
  finals: { rows: VariantFinal[]; caption: string };
  schedules: { items: DistinctSchedule[]; caption: string };
  layerStats: Array<RunLayers<LayerStatsTable>>;
  colorDim: Array<RunLayers<ColorDimImage[]>>;
  gradNoise: { points: GradNoisePoint[]; slope: number; caption: string } | null;
  stepsTo95: { rows: StepsToTarget[]; caption: string } | null;
  accVsMacs: { rows: AccVsMacs[]; caption: string } | null;
  nearZero: (NearZeroByLayer & { caption: string }) | null;
  jitter: { rows: MetricByVariant[]; caption: string } | null;
}

const labelOf = (variants: readonly VariantView[], id: string) => variants.find((v) => v.id === id)?.label ?? id;

export function lossCaption(curves: readonly VariantCurve[], axis: LossAxis, variants: readonly VariantView[]): string {
  const parts = curves.map((c) => {
    const last = [...c.points].reverse().find((p) => p.mean !== null);
    const first = c.points.find((p) => p.mean !== null);
    const range = last?.band ? ` (seeds ${fmt(last.band[0])}–${fmt(last.band[1])})` : "";
    return `${labelOf(variants, c.variantId)}: ${fmt(first?.mean)} at step ${first?.step ?? "—"} → ${fmt(last?.mean)} at step ${last?.step ?? "—"}${range}`;
  });
  const cut = axis.peak > axis.yMax ? ` The y axis stops at ${fmt(axis.yMax)}; peaks up to ${fmt(axis.peak)} are cut off.` : "";
  return `Training loss, mean over seeds (band: lowest to highest seed). ${parts.join("; ")}.${cut}`;
}

export function finalsCaption(rows: readonly VariantFinal[], variants: readonly VariantView[]): string {
  return rows
    .map((r) => {
      const a = r.acc.spread;
      const l = r.loss.spread;
      const n = r.acc.values.length;
      const spread = n > 1 && a && l ? ` (range ${pct(a.min, 2)}–${pct(a.max, 2)}; loss ${fmt(l.min)}–${fmt(l.max)})` : "";
      const collapsed = r.collapsedSeeds.length ? `, ${r.collapsedSeeds.length} of ${n} collapsed` : "";
      return `${labelOf(variants, r.variantId)}: accuracy ${pct(a?.mean, 2)}, loss ${fmt(l?.mean)} over ${n} seed${n === 1 ? "" : "s"}${spread}${collapsed}`;
    })
    .join("; ") + ".";
}

export function schedulesCaption(items: readonly DistinctSchedule[]): string {
  return items
    .map((s) => {
      const lrs = s.points.map((p) => p.lr);
      const moms = s.points.map((p) => p.mom);
      const first = s.points[0];
      const last = s.points[s.points.length - 1];
      const mom = Math.min(...moms) === Math.max(...moms) ? `momentum ${fmt(first?.mom)}` : `momentum ${fmt(first?.mom)} → ${fmt(Math.min(...moms))} → ${fmt(last?.mom)}`;
      return `${s.label} (${s.variantIds.join(", ")}): LR ${fmt(first?.lr)} at step 0, peak ${fmt(Math.max(...lrs))}, ${fmt(last?.lr)} at step ${last?.step}; ${mom}`;
    })
    .join("; ") + ".";
}

export function buildWhyView(rec: Recording): WhyView {
  const specs = parseVariants(rec.config.variants);
  const order = specs.map((v) => v.id);
  const groups = runsByVariant(rec.runs, order);
  const variants: VariantView[] = [...groups.keys()].map((id, i) => ({
    id,
    label: specs.find((v) => v.id === id)?.label ?? id,
    color: PALETTE[i % PALETTE.length]!,
  }));

  const curves = [...groups].map(([id, rs]) => variantCurve(id, rs));
  const axis = lossAxis(curves);
  const finals = variantFinals(rec.runs, order);
  const schedules = distinctSchedules(specs, rec.runs);

  // One run per variant (its first seed) for the per-layer views: the seeds look alike and a phone
  // should not download nine copies.
  const firstRuns = [...groups.values()].map((rs) => [...rs].sort((a, b) => a.seed - b.seed)[0]!);
  const layerStats = firstRuns.flatMap((r) => {
    const t = layerStatsTable(r.layerStats);
    return t ? [{ variantId: r.variantId, seed: r.seed, data: t }] : [];
  });
  const colorDim = firstRuns.flatMap((r) => (r.layerHist?.length ? [{ variantId: r.variantId, seed: r.seed, data: r.layerHist.map(colorDimImage) }] : []));

  const gn = gradNoise(rec.runs);
  const steps = stepsToTarget(specs, rec.runs);
  const macs = rec.id === "ch13-double-filters" ? accVsMacs(rec.runs, order) : [];
  const nz = rec.config.kind === "trained" ? nearZeroByLayer(rec.runs, order) : null;
  const jitter = metricByVariant(rec.runs, "jitterLast20pct", order);

  return {
    id: rec.id,
    claim: rec.claim,
    kind: rec.config.kind,
    verdict: rec.verdict.verdict,
    verdictLabel: VERDICT_LABEL[rec.verdict.verdict],
    summary: rec.verdict.summary,
    checks: rec.verdict.checks,
    numbers: Object.entries(rec.verdict.numbers).map(([key, v]) => ({ key, value: Number.isInteger(v) && Math.abs(v) >= 1000 ? int(v) : fmt(v, 4) })),
    decisionRule: rec.config.decisionRule,
    measures: rec.config.measures,
    sources: rec.config.sources.map(sourceLink),
    facts: [
      { label: "Backend", value: `tfjs ${rec.backend} (Node ${rec.nodeVersion})` },
      { label: "tfjs version", value: rec.tfjsVersion },
      { label: "Seeds", value: rec.config.seeds.join(", ") },
      { label: "Runs", value: String(rec.runs.length) },
      { label: "Wall time", value: duration(rec.wallMs) },
      { label: "Recorded", value: rec.recordedAt.slice(0, 10) },
      ...(rec.rejudgedAt ? [{ label: "Verdict recomputed", value: rec.rejudgedAt.slice(0, 10) }] : []),
    ],
    variants,
    loss: { curves, axis, caption: lossCaption(curves, axis, variants) },
    finals: { rows: finals, caption: finalsCaption(finals, variants) },
    schedules: { items: schedules, caption: schedulesCaption(schedules) },
    layerStats,
    colorDim,
    gradNoise: gn
      ? {
          ...gn,
          caption: `Relative gradient error ‖g_b − g‖²/‖g‖², mean over seeds: ${gn.points.map((p) => `bs ${p.bs}: ${fmt(p.spread.mean)}`).join(", ")}. Log–log slope ${fmt(gn.slope)} (−1 = error ∝ 1/bs).`,
        }
      : null,
    stepsTo95: steps.length
      ? {
          rows: steps,
          caption: `Steps to 95 % validation accuracy per max LR: ${steps
            .map((s) => `${s.lr}: ${s.values.map((v) => (v.steps === null ? "never" : v.steps)).join(", ")}`)
            .join("; ")}.`,
        }
      : null,
    accVsMacs: macs.length > 1
      ? {
          rows: macs,
          caption: `Validation accuracy against multiply–accumulates per image: ${macs
            .map((m) => `${labelOf(variants, m.variantId)}: ${int(m.macs)} MACs, ${pct(m.spread?.mean, 2)}`)
            .join("; ")}.`,
        }
      : null,
    nearZero: nz && nz.variantIds.length > 1
      ? {
          ...nz,
          caption: `Share of activations ≤ 0.05 over the last 20 % of training, mean over seeds: ${nz.variantIds
            .map((id) => `${labelOf(variants, id)}: ${nz.rows.map((r) => `${r.layer} ${pct(r[id] as number | null, 0)}`).join(", ")}`)
            .join("; ")}.`,
        }
      : null,
    jitter: jitter.length > 1
      ? {
          rows: jitter,
          caption: `Training-loss jitter over the last 20 % of steps, per seed: ${jitter
            .map((j) => `${labelOf(variants, j.variantId)}: ${j.values.map((v) => fmt(v.value)).join(", ")}`)
            .join("; ")}.`,
        }
      : null,
  };
}
