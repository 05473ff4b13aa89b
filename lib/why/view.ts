// Everything the why view shows, shaped from one recording on the server (pure: recording in, plain
// serialisable data out), so the browser gets small chart-ready props and no experiment code.
import type { HistoryEntry } from "@/experiments/recordings/history.ts";
import type { Recording } from "@/experiments/recordings/index.ts";
import type { Source, VerdictKey } from "@/experiments/registry/types.ts";
import { MIRROR_LABEL, VERDICT_LABEL, VERDICT_MEANING } from "@/experiments/registry/vocabulary.ts";
import { apiFactView, excerptView, type ApiFactView, type ExcerptInput, type ExcerptView } from "./api-fact.ts";
import { checkRow, type CheckRow } from "./checks.ts";
import { colorDimImage, type ColorDimImage } from "./color-dim.ts";
import { lossAxis, variantCurve, runsByVariant, type LossAxis, type VariantCurve } from "./curves.ts";
import { accVsMacs, gradNoise, metricByVariant, nearZeroByLayer, stepsToTarget, type AccVsMacs, type GradNoisePoint, type MetricByVariant, type NearZeroByLayer, type StepsToTarget } from "./extras.ts";
import { variantFinals, type VariantFinal } from "./finals.ts";
import { preregistrationView, pilotView, type PilotView, type PreregistrationView } from "./design.ts";
import { duration, fmt, int, pct, seedList } from "./format.ts";
import { historySteps, type HistoryStep } from "./history.ts";
import { layerStatsTable, type LayerStatsTable } from "./layers.ts";
import { distinctSchedules, type DistinctSchedule } from "./schedules.ts";
import { parseVariants } from "./variants.ts";

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, dark enough on white. */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B", "#8C510A"] as const;

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
  verdict: VerdictKey;
  verdictLabel: string;
  /** The verdict's meaning in one sentence (vocabulary.ts). */
  verdictMeaning: string;
  summary: string;
  checks: CheckRow[];
  numbers: Array<{ key: string; value: string }>;
  decisionRule: string;
  limits: string;
  measures: string[];
  sources: Source[];
  /** API facts: the source lines that state it, and our learner's mirror of it. */
  apiFact: ApiFactView | null;
  /** Trained verdicts: fastai source lines the claim is about (how fastai does it), if any are cited. */
  sourceExcerpts: ExcerptView[];
  preregistration: PreregistrationView | null;
  pilot: PilotView | null;
  history: HistoryStep[];
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

/** What the view needs besides the recording (read by the page: earlier recordings, pinned source excerpts). */
export interface WhyContext {
  history: readonly HistoryEntry[];
  excerpts: readonly ExcerptInput[];
}

/** The current verdict's words; an API fact's include whether our learner mirrors it. */
export function currentVerdictLabel(verdict: Recording["verdict"]): string {
  const label = VERDICT_LABEL[verdict.verdict];
  if (!verdict.mirror) return label;
  const mirror = MIRROR_LABEL[verdict.mirror];
  return `${label} (${mirror.charAt(0).toLowerCase()}${mirror.slice(1)})`;
}

export function buildWhyView(rec: Recording, ctx: WhyContext = { history: [], excerpts: [] }): WhyView {
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

  const apiFact = rec.config.kind === "api-fact";
  const earlierSeeds = ctx.history.filter((h) => h.version < rec.version).flatMap((h) => h.seeds);
  const preregistration = preregistrationView(rec, earlierSeeds);

  return {
    id: rec.id,
    claim: rec.claim,
    kind: rec.config.kind,
    verdict: rec.verdict.verdict,
    verdictLabel: VERDICT_LABEL[rec.verdict.verdict],
    verdictMeaning: VERDICT_MEANING[rec.verdict.verdict],
    summary: rec.verdict.summary,
    checks: rec.verdict.checks.map(checkRow),
    numbers: Object.entries(rec.verdict.numbers).map(([key, v]) => ({ key, value: Number.isInteger(v) && Math.abs(v) >= 1000 ? int(v) : fmt(v, 4) })),
    decisionRule: rec.config.decisionRule,
    limits: rec.config.limits,
    measures: rec.config.measures,
    sources: rec.config.sources,
    apiFact: apiFact ? apiFactView(rec.verdict, ctx.excerpts) : null,
    sourceExcerpts: apiFact ? [] : ctx.excerpts.map(excerptView),
    preregistration,
    pilot: pilotView(rec),
    history: historySteps(rec.config.revisions, ctx.history, {
      version: rec.version,
      seeds: rec.config.seeds,
      recordedAt: rec.recordedAt,
      verdictLabel: currentVerdictLabel(rec.verdict),
      freshSeeds: preregistration?.fresh ?? false,
      apiFact,
    }),
    facts: [
      ...(rec.provenance
        ? [
            { label: "Recorded where", value: `In ${rec.provenance.recordedBy}'s browser: ${rec.provenance.browser}, a ${rec.provenance.deviceClass}` },
            { label: "Backend", value: `tfjs ${rec.backend} (in the browser)` },
          ]
        : [{ label: "Backend", value: `tfjs ${rec.backend} (Node ${rec.nodeVersion ?? "?"})` }]),
      { label: "tfjs version", value: rec.tfjsVersion },
      { label: apiFact ? "Seeds" : "Confirmatory seeds", value: seedList(rec.config.seeds) },
      ...(rec.pilot ? [{ label: "Pilot seeds (not judged)", value: seedList(rec.pilot.seeds) }] : []),
      { label: "Runs", value: String(rec.runs.length) },
      { label: "Wall time", value: duration(rec.wallMs) },
      { label: "Recorded", value: rec.recordedAt.slice(0, 10) },
      { label: "Version", value: String(rec.version) },
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
