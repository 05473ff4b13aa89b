// Schema-2 recordings (and minimal rules) for the why view's and the live panel's unit tests, independent
// of the committed recordings and of the registry's rules. Every fixture goes through parseRecording, so a fixture the
// schema would refuse fails here, not in a test that happens to use it.
import { parseRecording, type Recording } from "../../experiments/recordings/index.ts";
import type { ExperimentDefinition, RunSummary, VariantSpec, Verdict, VerdictCheck } from "../../experiments/registry/types.ts";
import { pairedT, scaled } from "../../experiments/statistics/intervals.ts";
import { judge } from "../../experiments/statistics/judge.ts";

export const FIXTURE_SHA = "ab".repeat(32);

export const variant = (id: string, over: Partial<VariantSpec["train"]> = {}): VariantSpec => ({
  id,
  label: `${id} variant`,
  model: { batchNorm: false, channels: [8, 16, 32, 64], firstKernel: 5 },
  train: { lr: 0.01, schedule: "one-cycle", bs: 64, epochs: 1, ...over },
});

/** A run whose numbers are simple functions of variant and seed (easy to compute by hand). */
export function fixtureRun(variantId: string, seed: number, over: Partial<RunSummary> = {}): RunSummary {
  const acc = variantId === "a" ? 0.9 + seed / 1000 : 0.88 + seed / 1000;
  return {
    variantId,
    seed,
    steps: 20,
    final: { validLoss: 1 - acc, validAcc: acc, trainLoss: 0.9 - acc },
    trainLossCurve: [2.3, 1.5, 1.0, 0.6, 0.4],
    metrics: { macs: variantId === "a" ? 1000 : 2000 },
    ...over,
  };
}

export const judgedCheck: VerdictCheck = {
  description: "A is more accurate than B",
  role: "judged",
  outcome: "supported",
  value: "+2.0 percentage points (95 % CI 1.9 to 2.1; paired t, 3 seeds)",
  estimate: { estimate: 2, lo: 1.9, hi: 2.1, n: 3, method: "paired t", se: 0.02, df: 2, unit: "percentage points", test: { kind: "superiority", null: 0, margin: 0.5 } },
};

export const observationCheck: VerdictCheck = {
  description: "Loss gap",
  role: "observation",
  outcome: "not-shown",
  value: "−0.02 nats (95 % CI −0.03 to −0.01; paired t, 3 seeds)",
  estimate: { estimate: -0.02, lo: -0.03, hi: -0.01, n: 3, method: "paired t", unit: "nats" },
};

export const factCheck: VerdictCheck = { description: "B costs twice the MACs of A", role: "fact", outcome: "supported", value: "2000 vs 1000 MACs" };

export const trainedVerdict: Verdict = {
  verdict: "supported",
  summary: "A beat B on accuracy. Held: a is more accurate than b (+2.0 percentage points).",
  numbers: { accDiffPp: 2, macsRatio: 2 },
  checks: [judgedCheck, factCheck, observationCheck],
};

export const apiFactVerdict: Verdict = {
  verdict: "confirmed-in-source",
  summary: "fastai's learner exposes each callback as an attribute; our learner does the same.",
  numbers: { attr_recorder: 1 },
  checks: [{ description: "learn.recorder is the Recorder", role: "fact", outcome: "supported", value: "1 (expected 1)" }],
  mirror: "mirrors",
};

type FixtureOptions = {
  kind?: "trained" | "api-fact";
  version?: number;
  seeds?: number[];
  pilotSeeds?: number[];
  maxSeeds?: number;
  verdict?: Verdict;
  revisions?: Recording["config"]["revisions"];
  power?: Recording["power"];
  runs?: RunSummary[];
};

/** A valid schema-2 recording (checked by parseRecording). Trained by default: variants a and b, seeds 101–103. */
export function fixtureRecording(o: FixtureOptions = {}): Recording {
  const kind = o.kind ?? "trained";
  const seeds = o.seeds ?? (kind === "trained" ? [101, 102, 103] : [1]);
  const pilotSeeds = o.pilotSeeds ?? (kind === "trained" ? [1, 2, 3] : []);
  const version = o.version ?? 2;
  const variants = kind === "trained" ? [variant("a"), variant("b")] : [variant("live-callbacks")];
  const runs = o.runs ?? seeds.flatMap((s) => variants.map((v) => fixtureRun(v.id, s)));
  const raw = {
    schema: 2,
    id: kind === "trained" ? "fixture-trained" : "fixture-api-fact",
    version,
    claim: kind === "trained" ? "A is more accurate than B." : "Callbacks are attributes of the learner.",
    cardExternalId: "ch13-q99",
    mode: "full",
    config: {
      kind,
      variants,
      seeds,
      pilotSeeds,
      maxSeeds: o.maxSeeds ?? 8,
      measures: ["final validation accuracy"],
      decisionRule: "Supported when the paired 95 % interval of A − B lies above 0.",
      thresholds: { marginPp: 0.5 },
      limits: "Three seeds on 8,000 MNIST images; says nothing about other datasets.",
      sources: [
        { text: "fastbook 13_convolutions.ipynb", href: "https://github.com/fastai/fastbook/blob/master/13_convolutions.ipynb" },
        { text: "Smith (arXiv 1803.09820)", href: "https://arxiv.org/abs/1803.09820" },
      ],
      revisions: o.revisions ?? [],
    },
    ...(kind === "trained"
      ? {
          preregistration: { version, sha256: FIXTURE_SHA, frozenAt: "2026-11-28T09:05:00.000Z" },
          pilot: { seeds: pilotSeeds, note: "The runs of version 1 (seeds 1–3).", runs: pilotSeeds.map((s) => fixtureRun("a", s, { trainLossCurve: [] })) },
        }
      : {}),
    power: o.power ?? (kind === "trained" ? [{ check: "A − B accuracy", pilotSpread: 0.3, pilotN: 3, unit: "percentage points", test: { kind: "superiority", null: 0, margin: 0.5 }, seedsNeeded: 3 }] : []),
    runs,
    verdict: o.verdict ?? (kind === "trained" ? trainedVerdict : apiFactVerdict),
    backend: "wasm",
    tfjsVersion: "4.22.0",
    nodeVersion: "v22.0.0",
    wallMs: 61_000,
    recordedAt: "2026-11-28T10:00:00.000Z",
  };
  return parseRecording(JSON.parse(JSON.stringify(raw)));
}

// ---- definitions for the live comparison (only what compare.ts reads: decide, kind, quick, seeds) ----

export type FixtureDefinition = Pick<ExperimentDefinition, "decide" | "kind" | "quick" | "seeds">;

/**
 * A trained rule on variants a and b: paired t on validAcc(a) − validAcc(b) in percentage points, superiority
 * with margin 0.5; numbers accA, accB (means) and macsA (architecture); fewer than 2 paired seeds: inconclusive.
 */
export const trainedDefinition: FixtureDefinition = {
  kind: "trained",
  seeds: [101, 102, 103],
  quick: { seeds: [101], maxSteps: 5 },
  decide(runs): Verdict {
    const a = runs.filter((r) => r.variantId === "a").sort((x, y) => x.seed - y.seed);
    const b = runs.filter((r) => r.variantId === "b").sort((x, y) => x.seed - y.seed);
    const seeds = a.map((r) => r.seed).filter((s) => b.some((r) => r.seed === s));
    if (seeds.length < 2) return { verdict: "inconclusive", summary: `Only ${seeds.length} paired seed(s).`, numbers: {}, checks: [] };
    const accOf = (rs: RunSummary[]) => seeds.map((s) => rs.find((r) => r.seed === s)!.final.validAcc);
    const iv = scaled(pairedT(accOf(a), accOf(b)), 100);
    const test = { kind: "superiority", null: 0, margin: 0.5 } as const;
    const outcome = judge(iv, test);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    return {
      verdict: outcome,
      summary: `A − B: ${iv.estimate.toFixed(2)} percentage points.`,
      numbers: { accA: mean(accOf(a)), accB: mean(accOf(b)), macsA: a[0]!.metrics.macs! },
      checks: [{ description: "A is more accurate than B", role: "judged", outcome, value: `${iv.estimate.toFixed(2)} percentage points`, estimate: { ...iv, unit: "percentage points", test } }],
    };
  },
};

/** An API fact: confirmed in the source; the run mirrors it when attr_recorder is 1. */
export const apiFactDefinition: FixtureDefinition = {
  kind: "api-fact",
  seeds: [1],
  quick: { seeds: [1], maxSteps: 5 },
  decide(runs): Verdict {
    const flag = runs[0]?.metrics.attr_recorder;
    const numbers: Record<string, number> = flag === undefined ? {} : { attr_recorder: flag, train_batches_recorded: runs[0]!.steps };
    return {
      verdict: "confirmed-in-source",
      summary: "fastai's learner exposes each callback as an attribute.",
      numbers,
      checks: flag === undefined ? [] : [{ description: "learn.recorder is the Recorder", role: "fact", outcome: flag === 1 ? "supported" : "contradicted", value: `${flag} (expected 1)` }],
      mirror: flag === undefined ? "not-reported" : flag === 1 ? "mirrors" : "differs",
    };
  },
};

/** A recording whose verdict is the definition's own decide() of its runs (as the recorder writes it). */
export function recordingFrom(def: FixtureDefinition): Recording {
  if (def.kind === "trained") {
    const runs = [101, 102, 103].flatMap((s) => ["a", "b"].map((v) => fixtureRun(v, s, { steps: 125 })));
    return fixtureRecording({ runs, verdict: def.decide(runs) });
  }
  const runs = [fixtureRun("live-callbacks", 1, { steps: 10, metrics: { attr_recorder: 1 } })];
  return fixtureRecording({ kind: "api-fact", runs, verdict: def.decide(runs) });
}
