// The pre-registered decision rules of the chapter-13 experiments (issue #9), driven by synthetic runs:
// every rule reaching each outcome it can give, the checks and summaries behind each verdict, and the
// power plans. The definitions are frozen (experiments/recordings/preregistrations.json); these tests
// only read them.
import { describe, expect, it } from "vitest";
import { outcomeOf, factCheck, judgedCheck, observation, unestimated } from "../../experiments/registry/helpers.ts";
import { armId } from "../../experiments/registry/ch13/lr-grid.ts";
import { OVERFIT_HIGH, OVERFIT_LOW, SWEEP_LRS, overfitId, sweepId } from "../../experiments/registry/ch13/one-cycle-high-lr.ts";
import { EXPERIMENTS, experimentById } from "../../experiments/registry/index.ts";
import { macsPerLayer, totalMacs } from "../../experiments/registry/model-cost.ts";
import { seedCount } from "../../experiments/registry/plan.ts";
import type { ExperimentDefinition, Outcome, PowerPlan, RunSummary, Test, Verdict, VerdictCheck } from "../../experiments/registry/types.ts";
import { MIRROR_LABEL, VERDICT_LABEL } from "../../experiments/registry/vocabulary.ts";
import { SOURCE_EXCERPTS } from "../../experiments/sources/excerpts.ts";
import { clopperPearson, pairedT, tInterval } from "../../experiments/statistics/intervals.ts";
import { judge } from "../../experiments/statistics/judge.ts";
import { MIN_SEEDS } from "../../experiments/statistics/power.ts";

// =====================================================================================================
// Builders
// =====================================================================================================

type Final = RunSummary["final"];
const HEALTHY: Final = { validLoss: 0.1, validAcc: 0.97, trainLoss: 0.08 };
/** The book's collapsed run: loss ≈ ln 10, accuracy = the majority class's share. */
const COLLAPSED: Final = { validLoss: 2.3059, validAcc: 0.1135, trainLoss: 2.302 };
/** Confirmatory-style seeds. */
const SEEDS = [101, 102, 103, 104, 105, 106, 107, 108];
const PILOT = [1, 2, 3];

/** Per-seed pattern with mean 0 over 8 seeds (sd 0.2928): a paired 95 % t interval over 8 seeds is mean ± 0.2448·k. */
const NOISE = [0.3, -0.2, 0.1, -0.4, 0.2, -0.1, 0.4, -0.3];
/** Per-seed values around `m` with spread `k` (NOISE scaled), one per seed index. */
const series = (m: number, k: number): ((i: number) => number) => (i) => m + k * NOISE[i % NOISE.length]!;
const constant = (m: number): ((i: number) => number) => () => m;

function run(variantId: string, seed: number, final: Partial<Final> = {}, metrics: Record<string, number> = {}): RunSummary {
  return { variantId, seed, steps: 125, final: { ...HEALTHY, ...final }, trainLossCurve: [2.3, 1, 0.2], metrics };
}

/** One run per seed of one variant; `f(seedIndex)` gives its final values and metrics. */
function runsOf(variantId: string, seeds: readonly number[], f: (i: number) => { final?: Partial<Final>; metrics?: Record<string, number> }): RunSummary[] {
  return seeds.map((s, i) => {
    const x = f(i);
    return run(variantId, s, x.final, x.metrics);
  });
}

const exp = (id: string): ExperimentDefinition => {
  const e = experimentById(id);
  if (!e) throw new Error(`missing ${id}`);
  return e;
};

const TRAINED = EXPERIMENTS.filter((e) => e.kind === "trained");

// ---------- card 1: accuracy differences in percentage points, per seed ----------
interface Card1 {
  /** doubling − constant 8 */ ab?: (i: number) => number;
  /** doubling − constant 16 */ ac?: (i: number) => number;
  /** constant 32 − doubling */ da?: (i: number) => number;
  seeds?: readonly number[];
}
function card1({ ab = series(2, 1), ac = series(0.2, 0.5), da = series(1, 0.5), seeds = SEEDS }: Card1 = {}): RunSummary[] {
  const a = (i: number) => 0.96 + 0.001 * i;
  return [
    ...runsOf("doubling", seeds, (i) => ({ final: { validAcc: a(i) } })),
    ...runsOf("const8", seeds, (i) => ({ final: { validAcc: a(i) - ab(i) / 100 } })),
    ...runsOf("const16", seeds, (i) => ({ final: { validAcc: a(i) - ac(i) / 100 } })),
    ...runsOf("const32", seeds, (i) => ({ final: { validAcc: a(i) + da(i) / 100 } })),
  ];
}

// ---------- card 2: validation-loss differences in nats, per setting ----------
interface Card2Setting {
  /** 3×3×8 − 5×5×8 */ k3c8?: (i: number) => number;
  /** 3×3×22 − 5×5×8 */ k3c22?: (i: number) => number;
  /** 3×3×4 − 3×3×8 (observation) */ k3c4?: (i: number) => number;
}
function card2(opts: { nobn?: Card2Setting; bn?: Card2Setting; seeds?: readonly number[] } = {}): RunSummary[] {
  const seeds = opts.seeds ?? SEEDS;
  return (["nobn", "bn"] as const).flatMap((s) => {
    const o = opts[s] ?? {};
    const k3c8 = o.k3c8 ?? series(0.05, 0.02);
    const k3c22 = o.k3c22 ?? series(0.03, 0.02);
    const k3c4 = o.k3c4 ?? series(0.02, 0.02);
    const base = (i: number) => 0.2 + 0.005 * i;
    return [
      ...runsOf(`k5c8-${s}`, seeds, (i) => ({ final: { validLoss: base(i) } })),
      ...runsOf(`k3c8-${s}`, seeds, (i) => ({ final: { validLoss: base(i) + k3c8(i) } })),
      ...runsOf(`k3c22-${s}`, seeds, (i) => ({ final: { validLoss: base(i) + k3c22(i) } })),
      ...runsOf(`k3c4-${s}`, seeds, (i) => ({ final: { validLoss: base(i) + k3c8(i) + k3c4(i) } })),
    ];
  });
}

// ---------- cards 3 and 4: live facts ----------
const ACT_FACTS: Record<string, number> = { has_mean: 1, has_std: 1, has_near_zero: 1, hist_bins: 40, hooked_relu: 0, hooked_layers: 5, train_batches_recorded: 30, valid_batches_recorded: 0 };
const CB_FACTS: Record<string, number> = { attr_recorder: 1, attr_activation_stats: 1, cbs_contains_all: 1, fit_only_cb_removed: 1 };
function liveRun(variantId: string, base: Record<string, number>, over: Record<string, number> = {}, drop: string[] = []): RunSummary[] {
  const m = { ...base, ...over };
  for (const k of drop) delete m[k];
  return [run(variantId, 1, {}, m)];
}
const card3 = (over?: Record<string, number>, drop?: string[]) => liveRun("live-stats", ACT_FACTS, over, drop);
const card4 = (over?: Record<string, number>, drop?: string[]) => liveRun("live-callbacks", CB_FACTS, over, drop);

// ---------- card 5: near-zero shares per layer ----------
interface Card5 {
  /** nobn-const: deeper layers' share − conv1's, in percentage points, per seed. */
  spread?: (i: number) => number;
  /** validation loss of a run from its variant, seed index and mean near-zero share. */
  loss?: (variant: string, i: number, share: number) => number;
  deadChannels?: number;
  deadGrad?: number;
  seeds?: readonly number[];
}
const CARD5_LOSS = (v: string, i: number): number => ({ "nobn-const": 1.5, "nobn-1cycle": 0.15, "bn-1cycle": 0.05 })[v]! + 0.01 * i;
function card5({ spread = series(40, 5), loss = CARD5_LOSS, deadChannels = 3, deadGrad = 0, seeds = SEEDS }: Card5 = {}): RunSummary[] {
  const shares = (v: string, i: number): number[] => {
    if (v === "nobn-const") {
      const first = 0.5;
      const deeper = first + spread(i) / 100;
      return [first, deeper, deeper, deeper];
    }
    const s = v === "nobn-1cycle" ? [0.2, 0.3, 0.35, 0.4] : [0.1, 0.12, 0.15, 0.18];
    return s.map((x) => x + 0.005 * i);
  };
  return ["nobn-const", "nobn-1cycle", "bn-1cycle"].flatMap((v) =>
    runsOf(v, seeds, (i) => {
      const s = shares(v, i);
      const metrics: Record<string, number> = Object.fromEntries(s.map((x, k) => [`nearZeroByLayer_conv${k + 1}`, x]));
      metrics.nearZeroByLayer_conv5 = 0.5;
      if (v === "nobn-const") Object.assign(metrics, { deadChannels, deadChannelGrad: deadGrad });
      else metrics.deadChannels = 0;
      return { final: { validLoss: loss(v, i, s.reduce((a, b) => a + b, 0) / 4) }, metrics };
    }),
  );
}

// ---------- card 6: per-seed log–log slopes and accuracy gaps ----------
interface Card6 {
  /** log–log slope of gradient error against batch size, per seed */ slope?: (i: number) => number;
  /** bs 64 − bs 512 accuracy in percentage points, per seed */ acc?: (i: number) => number;
  collapse64?: number;
  dropBs?: number;
  seeds?: readonly number[];
}
function card6({ slope = series(-1, 0.05), acc = series(10, 1), collapse64, dropBs, seeds = SEEDS }: Card6 = {}): RunSummary[] {
  const a64 = (i: number) => 0.95 + 0.001 * i;
  return [
    ...runsOf("grad-noise", seeds, (i) => ({
      metrics: Object.fromEntries([16, 64, 256, 1024].filter((b) => b !== dropBs).map((b) => [`gradErrorByBs_${b}`, 3 * (1 + 0.1 * i) * b ** slope(i)])),
    })),
    ...runsOf("bs64", seeds, (i) => ({ final: i === collapse64 ? COLLAPSED : { validAcc: a64(i) } })),
    ...runsOf("bs512", seeds, (i) => ({ final: { validAcc: a64(i) - acc(i) / 100 } })),
  ];
}

// ---------- cards 7 and 9: the warmup × annealing grid ----------
type ArmResult = { loss?: number; collapsed?: boolean; jitter?: number };
/** The four arms (+ the full 1cycle reference); `arm(warmup, anneal, seedIndex)` gives each run. */
function grid(arm: (w: boolean, a: boolean, i: number) => ArmResult, seeds: readonly number[] = SEEDS.slice(0, 7)): RunSummary[] {
  return [
    ...[false, true].flatMap((w) =>
      [false, true].flatMap((a) =>
        runsOf(armId(w, a), seeds, (i) => {
          const x = arm(w, a, i);
          const metrics: Record<string, number> = x.jitter === undefined ? {} : { jitterLast20pct: x.jitter };
          return { final: x.collapsed ? COLLAPSED : { validLoss: x.loss ?? 0.15 }, metrics };
        }),
      ),
    ),
    ...runsOf("one-cycle", seeds, () => ({ final: { validLoss: 0.08 }, metrics: { jitterLast20pct: 0.02 } })),
  ];
}
/** Warmup wins every pair (the arms without warmup collapse), annealing wins every pair on loss and jitter. */
const GRID_ALL_WINS = (w: boolean, a: boolean, i: number): ArmResult => (w ? { loss: (a ? 0.1 : 0.2) + 0.005 * i, jitter: a ? 0.02 : 0.1 } : { collapsed: true, jitter: 0.01 });

// ---------- card 8: speed, loss gap and sharpness differences ----------
interface Card8 {
  /** accuracy after 80 steps, max LR 0.03 − 0.003, percentage points */ speed?: (i: number) => number;
  /** loss gap at 0.003 − at 0.03, nats */ gap?: (i: number) => number;
  /** sharpness at 0.003 − at 0.03, nats */ sharp?: (i: number) => number;
  collapseSmall?: number;
  noSharp?: boolean;
  seeds?: readonly number[];
}
function card8({ speed = series(5, 1), gap = series(0.1, 0.02), sharp = series(0.02, 0.002), collapseSmall, noSharp, seeds = SEEDS }: Card8 = {}): RunSummary[] {
  const acc = (lr: number, i: number) => 0.9 + 0.001 * i + (lr === 0.03 ? speed(i) / 100 : lr === 0.003 ? 0 : 0.03);
  const gapLow = (i: number) => 0.28 + 0.01 * i;
  const sharpLow = (i: number) => 0.05 + 0.001 * i;
  const sh = (v: number): Record<string, number> => (noSharp ? {} : { sharpness: v });
  return [
    ...SWEEP_LRS.flatMap((lr) => runsOf(sweepId(lr), seeds, (i) => ({ final: { validAcc: acc(lr, i) }, metrics: { stepsTo95: lr <= 0.001 ? -1 : 60 } }))),
    ...runsOf(overfitId(OVERFIT_LOW), seeds, (i) => ({ final: { trainLoss: 0.02, validLoss: 0.02 + gapLow(i) }, metrics: sh(sharpLow(i)) })),
    ...runsOf(overfitId(OVERFIT_HIGH), seeds, (i) => ({
      final: i === collapseSmall ? COLLAPSED : { trainLoss: 0.05, validLoss: 0.05 + gapLow(i) - gap(i) },
      metrics: sh(sharpLow(i) - sharp(i)),
    })),
  ];
}

// =====================================================================================================
// What every verdict must satisfy
// =====================================================================================================

const lower = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const HEADS: Array<[Outcome, string]> = [
  ["supported", "Held"],
  ["contradicted", "Went against the claim"],
  ["not-shown", "Not shown (the interval is still too wide to decide)"],
  ["inconclusive", "Could not be judged"],
];
const said = (c: VerdictCheck): string => `${lower(c.description)} (${c.value})`;

/** The summary is made of the checks: each judged part under the heading of its outcome, observations apart. */
function expectSummaryFromChecks(v: Verdict): void {
  const judged = v.checks.filter((c) => c.role !== "observation");
  for (const [o, head] of HEADS) {
    const cs = judged.filter((c) => c.outcome === o);
    if (cs.length > 0) expect(v.summary).toContain(` ${head}: ${cs.map(said).join("; ")}.`);
    else expect(v.summary).not.toContain(` ${head}: `);
  }
  const obs = v.checks.filter((c) => c.role === "observation");
  if (obs.length > 0) expect(v.summary).toContain(` Also measured, not judged: ${obs.map(said).join("; ")}.`);
  else expect(v.summary).not.toContain("Also measured, not judged");
}

/** Every judged check with an outcome carries an estimate whose interval the pre-set test judged. */
function expectJudgedEstimates(v: Verdict): void {
  for (const c of v.checks) {
    expect(["judged", "fact", "observation"]).toContain(c.role);
    if (c.role === "judged" && c.outcome !== "inconclusive") {
      const e = c.estimate;
      expect(e, c.description).toBeDefined();
      expect(Number.isFinite(e!.lo) && Number.isFinite(e!.estimate) && Number.isFinite(e!.hi), c.description).toBe(true);
      expect(e!.lo).toBeLessThanOrEqual(e!.estimate);
      expect(e!.estimate).toBeLessThanOrEqual(e!.hi);
      expect(e!.unit.trim(), c.description).not.toBe("%");
      expect(e!.unit.trim().length).toBeGreaterThan(0);
      expect(e!.test, c.description).toBeDefined();
      expect(judge(e!, e!.test!), c.description).toBe(c.outcome);
      expect(e!.n).toBeGreaterThanOrEqual(2);
      expect(e!.method.length).toBeGreaterThan(0);
    }
    if (c.role === "judged" && c.outcome === "inconclusive" && c.estimate) expect(Number.isFinite(c.estimate.lo) && Number.isFinite(c.estimate.hi)).toBe(false);
    if (c.role === "observation") {
      expect(c.estimate?.test, c.description).toBeUndefined();
      if (c.estimate) expect(c.estimate.unit.trim()).not.toBe("%");
    }
    expect(c.value.length, c.description).toBeGreaterThan(0);
  }
}

/** Decides and checks the invariants every trained verdict must keep. */
function decide(id: string, runs: RunSummary[]): Verdict {
  const e = exp(id);
  const v = e.decide(runs);
  expect(v.summary.length).toBeGreaterThan(10);
  expect(VERDICT_LABEL[v.verdict]).toBeDefined();
  if (e.kind === "trained") {
    expect(v.verdict).not.toBe("confirmed-in-source");
    expect(v.mirror).toBeUndefined();
    if (v.checks.length > 0) {
      expect(v.verdict, v.summary).toBe(outcomeOf(v.checks));
      expectSummaryFromChecks(v);
    }
    expectJudgedEstimates(v);
  }
  return v;
}

const judgedOf = (v: Verdict): VerdictCheck[] => v.checks.filter((c) => c.role === "judged");
const outcomes = (v: Verdict): Outcome[] => judgedOf(v).map((c) => c.outcome);
const expectOutcome = (v: Verdict, want: Verdict["verdict"]) => expect(v.verdict, v.summary).toBe(want);

// =====================================================================================================
// Generic
// =====================================================================================================

describe("outcomeOf: observations never count", () => {
  const iv = tInterval([1.9, 2, 2.1]);
  const sup: Test = { kind: "superiority", null: 0, margin: 0.5 };
  const held = judgedCheck("A holds", iv, "nats", sup);
  const against = judgedCheck("B goes against", tInterval([-1.9, -2, -2.1]), "nats", sup);
  const seen = observation("C is seen", tInterval([-1, -2, -3]), "nats");
  it("ignores observations whatever their outcome", () => {
    expect(held.outcome).toBe("supported");
    expect(against.outcome).toBe("contradicted");
    expect(outcomeOf([held, seen])).toBe("supported");
    expect(outcomeOf([held, { ...seen, outcome: "contradicted" }])).toBe("supported");
    expect(outcomeOf([held, { ...seen, outcome: "inconclusive" }])).toBe("supported");
    expect(outcomeOf([against, { ...seen, outcome: "supported" }])).toBe("contradicted");
  });
  it("counts facts and unestimated parts; observations alone decide nothing", () => {
    expect(outcomeOf([held, factCheck("F", false, "no")])).toBe("contradicted");
    expect(outcomeOf([held, factCheck("F", true, "yes")])).toBe("supported");
    expect(outcomeOf([held, unestimated("U", "no data")])).toBe("inconclusive");
    expect(outcomeOf([seen])).toBe("inconclusive");
    expect(outcomeOf([])).toBe("inconclusive");
  });
});

/** A supported set of runs per experiment (api facts: every live fact matches). */
const SUPPORTED: Record<string, () => RunSummary[]> = {
  "ch13-double-filters": () => card1(),
  "ch13-first-kernel-size": () => card2(),
  "ch13-activation-stats": () => card3(),
  "ch13-callback-access": () => card4(),
  "ch13-near-zero-activations": () => card5(),
  "ch13-batch-size": () => card6(),
  "ch13-lr-warmup": () => grid(GRID_ALL_WINS),
  "ch13-one-cycle-high-lr": () => card8(),
  "ch13-lr-annealing": () => grid(GRID_ALL_WINS),
};
/** Variants a rule can do without: the grid's full-1cycle reference. */
const OPTIONAL_VARIANTS = new Set(["one-cycle"]);

describe("every decide() handles missing or odd data without throwing", () => {
  it("covers every registered experiment", () => expect(Object.keys(SUPPORTED).sort()).toEqual(EXPERIMENTS.map((e) => e.id).sort()));
  for (const e of EXPERIMENTS) {
    const good = e.kind === "trained" ? "supported" : "confirmed-in-source";
    it(`${e.id}: the fixture is ${good}; no runs, a missing variant, empty metrics or odd runs never throw`, () => {
      const full = SUPPORTED[e.id]!();
      const v = decide(e.id, full);
      expectOutcome(v, good);
      if (e.kind === "api-fact") expect(v.mirror).toBe("mirrors");
      const none = decide(e.id, []);
      if (e.kind === "trained") expectOutcome(none, "inconclusive");
      else expect([none.verdict, none.mirror]).toEqual(["confirmed-in-source", "not-reported"]);
      for (const variant of e.variants) {
        const without = decide(e.id, full.filter((r) => r.variantId !== variant.id));
        if (OPTIONAL_VARIANTS.has(variant.id)) expectOutcome(without, "supported");
        else if (e.kind === "trained") {
          expectOutcome(without, "inconclusive");
          expect(without.summary).toContain(variant.id);
        } else expect(without.mirror).toBe("not-reported");
      }
      expect(() => e.decide(full.map((r) => ({ ...r, metrics: {} })))).not.toThrow();
      const odd = [run("unknown-variant", 9, { validLoss: NaN, validAcc: NaN, trainLoss: NaN })];
      const oddV = decide(e.id, odd);
      if (e.kind === "trained") expectOutcome(oddV, "inconclusive");
      else expect(oddV.mirror).toBe("not-reported");
      expect(() => e.decide(null as unknown as RunSummary[])).not.toThrow();
      expect(() => e.decide([{ variantId: e.variants[0]!.id, seed: 1 } as unknown as RunSummary])).not.toThrow();
    });
    if (e.kind === "trained")
      it(`${e.id}: fewer than 2 seeds per variant is inconclusive`, () => {
        const full = SUPPORTED[e.id]!();
        const first = Math.min(...full.map((r) => r.seed));
        const v = decide(e.id, full.filter((r) => r.seed === first));
        expectOutcome(v, "inconclusive");
        expect(v.summary).toMatch(/need ≥ 2|Too few usable/);
        expect(v.checks.filter((c) => c.role !== "observation" && c.outcome !== "inconclusive")).toEqual([]);
      });
  }
});

// =====================================================================================================
// Card 1: doubling filters
// =====================================================================================================

describe("card 1 (ch13-double-filters): MACs fact, beats constant 8, no worse than compute-matched constant 16", () => {
  const id = "ch13-double-filters";
  const A = { batchNorm: true, channels: [8, 16, 32, 64], firstKernel: 5 as const };

  it("supported: the computed fact holds and both judged comparisons hold", () => {
    const v = decide(id, card1());
    expectOutcome(v, "supported");
    expect(outcomes(v)).toEqual(["supported", "supported"]);
    expect(v.checks.map((c) => c.role)).toEqual(["fact", "judged", "judged", "observation"]);
    expect(v.summary).toMatch(/^Tested on 8 fresh seeds/);
    expect(v.summary).toContain("Held: doubling keeps per-layer compute about constant");
    expect(v.summary).toContain("doubling beats constant 8 in validation accuracy (+2 percentage points (95 % CI 1.76 to 2.24; paired t, 8 seeds))");
    expect(v.checks[1]!.estimate!.test).toEqual({ kind: "superiority", null: 0, margin: 0.5 });
    expect(v.checks[2]!.estimate!.test).toEqual({ kind: "non-inferiority", null: 0, margin: 0.5 });
    expect(v.checks.every((c) => c.estimate === undefined || c.estimate.unit === "percentage points")).toBe(true);
  });

  it("computes the MACs ratio of conv2–conv4 from the architecture (a fact, not a measurement)", () => {
    const v = decide(id, card1());
    const fact = v.checks[0]!;
    expect(fact.role).toBe("fact");
    expect(fact.outcome).toBe("supported");
    expect(fact.estimate).toBeUndefined();
    expect(macsPerLayer(A)).toEqual([39_200, 56_448, 73_728, 73_728, 5_760]);
    expect(v.numbers.macsRatioMiddleLayers).toBeCloseTo(73_728 / 56_448, 12); // 1.306 ≤ 1.5
    expect(fact.value).toContain("56,448 / 73,728 / 73,728 MACs per image (ratio 1.31)");
    expect(v.numbers.macsA).toBe(248_864);
    expect(v.numbers.macsB).toBe(79_664);
    expect(v.numbers.macsC).toBe(totalMacs({ ...A, channels: [16, 16, 16, 16] }));
    expect(v.numbers.macsC / v.numbers.macsA).toBeLessThanOrEqual(1.1); // compute-matched
    expect(v.numbers.macsD).toBe(795_584);
    expect([1, 2, 3, 4, 5].map((k) => v.numbers[`macsA_conv${k}`])).toEqual(macsPerLayer(A));
    // the fact does not depend on the runs
    expect(decide(id, card1({ ab: series(-2, 1) })).checks[0]).toEqual(fact);
  });

  it("contradicted when doubling is below constant 8 (interval on the wrong side)", () => {
    const v = decide(id, card1({ ab: series(-2, 1) }));
    expectOutcome(v, "contradicted");
    expect(v.checks[1]!.outcome).toBe("contradicted");
    expect(v.checks[1]!.estimate!.hi).toBeLessThan(0);
    expect(v.summary).toContain("Went against the claim: doubling beats constant 8 in validation accuracy (");
  });

  it("contradicted when doubling and constant 8 are shown equivalent (interval inside ±0.5 points)", () => {
    const v = decide(id, card1({ ab: series(0.05, 0.5) }));
    expectOutcome(v, "contradicted");
    const e = v.checks[1]!.estimate!;
    expect(e.lo).toBeLessThanOrEqual(0);
    expect(e.lo).toBeGreaterThanOrEqual(-0.5);
    expect(e.hi).toBeLessThanOrEqual(0.5);
  });

  it("not shown when the doubling − constant 8 interval straddles 0 and the margin", () => {
    const v = decide(id, card1({ ab: series(0.5, 4) }));
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["not-shown", "supported"]);
    expect(v.summary).toContain("Not shown (the interval is still too wide to decide): doubling beats constant 8");
    expect(v.summary).toContain("Held: doubling keeps per-layer compute");
  });

  it("contradicted when doubling trails compute-matched constant 16 by more than 0.5 points", () => {
    const v = decide(id, card1({ ac: series(-2, 0.5) }));
    expectOutcome(v, "contradicted");
    expect(outcomes(v)).toEqual(["supported", "contradicted"]);
    expect(v.checks[2]!.estimate!.hi).toBeLessThan(-0.5);
  });

  it("not shown when the doubling − constant 16 interval straddles −0.5", () => {
    const v = decide(id, card1({ ac: series(-0.5, 2) }));
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["supported", "not-shown"]);
  });

  it("non-inferiority: doubling a little behind constant 16 (within the margin) is still supported", () => {
    const v = decide(id, card1({ ac: series(-0.2, 0.3) }));
    expectOutcome(v, "supported");
    expect(v.checks[2]!.estimate!.estimate).toBeLessThan(0);
  });

  it("a contradicted part outweighs a not-shown one", () => expectOutcome(decide(id, card1({ ab: series(-2, 1), ac: series(-0.5, 2) })), "contradicted"));

  it("constant 32 is an observation: hugely better or hugely worse never changes the verdict", () => {
    for (const base of [{}, { ab: series(0.5, 4) }, { ab: series(-2, 1) }] as Card1[]) {
      const want = decide(id, card1(base)).verdict;
      for (const da of [series(2.5, 0.05), series(-40, 2), constant(0)]) {
        const v = decide(id, card1({ ...base, da }));
        expectOutcome(v, want);
        const obs = v.checks[3]!;
        expect(obs.role).toBe("observation");
        expect(obs.estimate!.test).toBeUndefined();
        expect(v.summary).toContain(`Also measured, not judged: ${lower(obs.description)}`);
      }
    }
    expect(decide(id, card1({ da: series(-40, 2) })).checks[3]!.estimate!.estimate).toBeCloseTo(-40, 9);
  });

  it("the observation's variant is still part of the design: a collapsed or missing constant 32 makes the verdict inconclusive", () => {
    // As the rule states ("any collapsed run, or fewer than 2 seeds per variant"), though constant 32 is not judged.
    const v = decide(id, card1().map((r) => (r.variantId === "const32" && r.seed === 105 ? { ...r, final: COLLAPSED } : r)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("const32/seed 105");
    expectOutcome(decide(id, card1().filter((r) => r.variantId !== "const32")), "inconclusive");
  });

  it("an interval above 0 counts as supported even when it lies inside ±margin (judge checks “above the null” first)", () => {
    // doubling − constant 8 ≈ +0.2 points, 95 % CI ≈ [0.15, 0.25]: above 0 and smaller than the 0.5-point margin
    const v = decide(id, card1({ ab: series(0.2, 0.2) }));
    const e = v.checks[1]!.estimate!;
    expect(e.lo).toBeGreaterThan(0);
    expect(e.hi).toBeLessThan(0.5);
    expect(v.checks[1]!.outcome).toBe("supported");
    expectOutcome(v, "supported");
  });

  it("inconclusive when a run collapsed, naming it", () => {
    const v = decide(id, card1().map((r) => (r.variantId === "const8" && r.seed === 103 ? { ...r, final: COLLAPSED } : r)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("const8/seed 103");
    expect(v.checks).toEqual([]);
  });

  it("inconclusive when a variant is missing or seeds do not match", () => {
    expect(decide(id, card1().filter((r) => r.variantId !== "const16")).summary).toContain("const16 (0 runs, need ≥ 2)");
    const shifted = card1().map((r) => (r.variantId === "const8" ? { ...r, seed: r.seed + 100 } : r));
    const v = decide(id, shifted);
    expectOutcome(v, "inconclusive");
    expect(v.summary).toMatch(/seed-matched/);
  });

  it("judges only the seeds all variants share (paired by seed)", () => {
    const runs = card1().filter((r) => !(r.variantId === "const8" && r.seed === 108));
    const v = decide(id, runs);
    expect(v.checks[1]!.estimate!.n).toBe(7);
    expect(v.checks[2]!.estimate!.n).toBe(8);
  });
});

// =====================================================================================================
// Card 2: first kernel size
// =====================================================================================================

describe("card 2 (ch13-first-kernel-size): 5×5×8 against 3×3×8 and 3×3×22, without and with BN", () => {
  const id = "ch13-first-kernel-size";
  const SUP = { kind: "superiority", null: 0, margin: 0.01 };

  it("supported when 5×5×8 has lower loss than both 3×3 controls in both settings", () => {
    const v = decide(id, card2());
    expectOutcome(v, "supported");
    expect(v.checks.map((c) => c.role)).toEqual(["judged", "judged", "observation", "judged", "judged", "observation"]);
    expect(outcomes(v)).toEqual(["supported", "supported", "supported", "supported"]);
    for (const c of judgedOf(v)) {
      expect(c.estimate!.test).toEqual(SUP);
      expect(c.estimate!.unit).toBe("nats of validation loss");
    }
    expect(v.checks[0]!.description).toMatch(/^without batch norm/);
    expect(v.checks[3]!.description).toMatch(/^with batch norm/);
    expect(v.numbers.loss_k5c8_bn).toBeCloseTo(0.2175, 9);
  });

  it("contradicted when 3×3×8 is better with batch norm (interval below 0)", () => {
    const v = decide(id, card2({ bn: { k3c8: series(-0.05, 0.02) } }));
    expectOutcome(v, "contradicted");
    expect(outcomes(v)).toEqual(["supported", "supported", "contradicted", "supported"]);
    expect(v.summary).toContain("Went against the claim: with batch norm: the 5×5×8 first conv has lower validation loss than 3×3×8");
  });

  it("contradicted when 3×3×22 (same weights) is shown equivalent (interval inside ±0.01 nats)", () => {
    const v = decide(id, card2({ nobn: { k3c22: series(0.001, 0.005) } }));
    expectOutcome(v, "contradicted");
    const e = v.checks[1]!.estimate!;
    expect(v.checks[1]!.outcome).toBe("contradicted");
    expect(e.lo).toBeLessThanOrEqual(0);
    expect(e.lo).toBeGreaterThanOrEqual(-0.01);
    expect(e.hi).toBeLessThanOrEqual(0.01);
  });

  it("not shown when a gap's interval straddles 0 and the margin", () => {
    const v = decide(id, card2({ bn: { k3c22: series(0.01, 0.1) } }));
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["supported", "supported", "supported", "not-shown"]);
    expect(v.summary).toContain("Not shown (the interval is still too wide to decide): with batch norm: it also beats a 3×3×22 first conv");
  });

  it("the 3×3×4 control is an observation: hugely better or worse never changes the verdict", () => {
    for (const base of [{}, { bn: { k3c22: series(0.01, 0.1) } }, { bn: { k3c8: series(-0.05, 0.02) } }]) {
      const want = decide(id, card2(base)).verdict;
      for (const k3c4 of [series(-0.1, 0.01), series(1.5, 0.01)]) {
        const v = decide(id, card2({ nobn: { k3c4 }, bn: { ...(base as { bn?: Card2Setting }).bn, k3c4 } }));
        expectOutcome(v, want);
        expect(v.checks[2]!.role).toBe("observation");
        expect(v.checks[5]!.role).toBe("observation");
        expect(v.summary).toContain("Also measured, not judged: without batch norm: compressing at the small field");
      }
    }
  });

  it("inconclusive when a run collapsed", () => {
    const v = decide(id, card2().map((r) => (r.variantId === "k3c8-nobn" && r.seed === 101 ? { ...r, final: COLLAPSED } : r)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("k3c8-nobn/seed 101");
  });

  it("inconclusive when a control is missing", () => {
    const v = decide(id, card2().filter((r) => r.variantId !== "k3c22-bn"));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("k3c22-bn");
  });
});

// =====================================================================================================
// Cards 3 and 4: API facts
// =====================================================================================================

// One-line excerpts read "line 95", longer ones "lines 113–118".
const excerptPlaces = (id: string): string[] => SOURCE_EXCERPTS[id]!.map((e) => `${e.path}@${e.commit.slice(0, 7)}, ${e.lines[0] === e.lines[1] ? `line ${e.lines[0]}` : `lines ${e.lines[0]}–${e.lines[1]}`}`);

describe("card 3 (ch13-activation-stats): confirmed in the fastai source, our learner's mirror apart", () => {
  const id = "ch13-activation-stats";

  it("confirmed-in-source, mirrors, naming the fastai file@commit and line ranges", () => {
    const v = decide(id, card3());
    expect(v.verdict).toBe("confirmed-in-source");
    expect(v.mirror).toBe("mirrors");
    expect(v.summary).toMatch(/^Confirmed in the fastai source \(/);
    expect(v.summary).toContain("fastai/callback/hook.py@2cbe0dd, lines ");
    for (const p of excerptPlaces(id)) expect(v.summary).toContain(p);
    expect(v.summary).toContain("Our learner mirrors it");
    expect(v.checks).toHaveLength(8);
    expect(v.checks.every((c) => c.role === "fact" && c.outcome === "supported")).toBe(true);
    expect(v.numbers.hist_bins).toBe(40);
    expect(MIRROR_LABEL[v.mirror!]).toBeDefined();
  });

  it.each([
    [{ hooked_relu: 1 }, "our learner does not hook the ReLUs", "1 (fastai: 0)"],
    [{ hist_bins: 20 }, "our learner stores a 40-bin histogram per layer per batch", "20 (fastai: 40)"],
    [{ has_std: 0 }, "our learner records the standard deviation", "0 (fastai: 1)"],
    [{ valid_batches_recorded: 3 }, "our learner skips validation batches", "3 (fastai: 0)"],
  ])("differs when %o, still confirmed in the source", (over, names, shown) => {
    const v = decide(id, card3(over));
    expect(v.verdict).toBe("confirmed-in-source");
    expect(v.mirror).toBe("differs");
    expect(v.summary).toContain("Our learner differs: ");
    expect(v.summary).toContain(names);
    expect(v.summary).toContain(shown);
    expect(v.checks.filter((c) => c.outcome === "contradicted")).toHaveLength(1);
  });

  it("not reported when a required fact is missing (named) or there is no run", () => {
    const v = decide(id, card3({}, ["has_std"]));
    expect([v.verdict, v.mirror]).toEqual(["confirmed-in-source", "not-reported"]);
    expect(v.summary).toContain("did not report has_std");
    const none = decide(id, []);
    expect([none.verdict, none.mirror]).toEqual(["confirmed-in-source", "not-reported"]);
    for (const p of excerptPlaces(id)) expect(none.summary).toContain(p);
    expect(decide(id, card3({ hist_bins: NaN })).mirror).toBe("not-reported");
  });

  it("optional facts may be absent; when present they are checked", () => {
    const v = decide(id, card3({}, ["hooked_relu", "hooked_layers", "train_batches_recorded", "valid_batches_recorded"]));
    expect(v.mirror).toBe("mirrors");
    expect(v.checks).toHaveLength(4);
    expect(decide(id, card3({ hooked_layers: 4 })).mirror).toBe("differs");
  });
});

describe("card 4 (ch13-callback-access): confirmed in the fastai source, our learner's mirror apart", () => {
  const id = "ch13-callback-access";

  it("confirmed-in-source, mirrors, naming learner.py, core.py and fastcore's basics.py at their commits", () => {
    const v = decide(id, card4());
    expect([v.verdict, v.mirror]).toEqual(["confirmed-in-source", "mirrors"]);
    for (const p of excerptPlaces(id)) expect(v.summary).toContain(p);
    expect(v.summary).toContain("fastai/learner.py@5bc369c, lines ");
    expect(v.summary).toContain("fastcore/basics.py@ec5751c, lines ");
    expect(v.checks.map((c) => c.value)).toEqual(["yes", "yes", "yes", "yes"]);
  });

  it("differs when learner.recorder is missing (attr_recorder 0) or a fit-only callback stays", () => {
    const v = decide(id, card4({ attr_recorder: 0 }));
    expect([v.verdict, v.mirror]).toEqual(["confirmed-in-source", "differs"]);
    expect(v.summary).toContain("Our learner differs: our learner has learner.recorder (the Recorder) after training (no (0))");
    expect(decide(id, card4({ fit_only_cb_removed: 0 })).mirror).toBe("differs");
  });

  it("not reported when a required fact is missing or there is no run", () => {
    const v = decide(id, card4({}, ["attr_activation_stats"]));
    expect([v.verdict, v.mirror]).toEqual(["confirmed-in-source", "not-reported"]);
    expect(v.summary).toContain("did not report attr_activation_stats");
    expect(decide(id, []).mirror).toBe("not-reported");
    expect(decide(id, card4({}, ["cbs_contains_all", "fit_only_cb_removed"])).mirror).toBe("mirrors");
  });
});

// =====================================================================================================
// Card 5: near-zero activations
// =====================================================================================================

describe("card 5 (ch13-near-zero-activations): dead-channel fact, spread to deeper layers, association with loss", () => {
  const id = "ch13-near-zero-activations";

  it("supported: zero gradient on dead channels, deeper layers hold more zeros, more zeros go with higher loss", () => {
    const v = decide(id, card5());
    expectOutcome(v, "supported");
    expect(v.checks.map((c) => [c.role, c.outcome])).toEqual([
      ["fact", "supported"],
      ["judged", "supported"],
      ["judged", "supported"],
    ]);
    expect(v.checks[1]!.estimate).toMatchObject({ unit: "percentage points of activations", method: "one-sample t", n: 8, test: { kind: "superiority", null: 0, margin: 10 } });
    expect(v.checks[1]!.estimate!.estimate).toBeCloseTo(40, 9);
    expect(v.checks[2]!.estimate).toMatchObject({ unit: "Spearman ρ", method: "Fisher z (Spearman)", n: 24, test: { kind: "superiority", null: 0, margin: 0.2 } });
    expect(v.numbers.runsWithDeadChannels).toBe(8);
    expect(v.numbers.deadChannelGradMax).toBe(0);
    expect(v.checks[0]!.value).toContain("largest |gradient| 0 over 8 run(s)");
  });

  it("contradicted when a dead channel still gets a nonzero gradient (the fact fails)", () => {
    const v = decide(id, card5({ deadGrad: 1e-4 }));
    expectOutcome(v, "contradicted");
    expect(v.checks[0]).toMatchObject({ role: "fact", outcome: "contradicted" });
    expect(v.numbers.deadChannelGradMax).toBe(1e-4);
    expect(v.summary).toContain("Went against the claim: channels whose ReLU output is zero on every input get exactly zero gradient");
    expect(decide(id, card5({ deadGrad: -1e-6 })).verdict).toBe("contradicted"); // |gradient|
  });

  it("inconclusive when no run produced an all-zero channel (the fact cannot be checked)", () => {
    const v = decide(id, card5({ deadChannels: 0 }));
    expectOutcome(v, "inconclusive");
    expect(v.checks[0]).toMatchObject({ outcome: "inconclusive", value: "no run produced an all-zero ReLU channel" });
    expect(outcomes(v).slice(1)).toEqual(["supported", "supported"]);
    expect(v.summary).toContain("Could not be judged: channels whose ReLU output is zero");
  });

  it("contradicted when the deeper layers hold fewer zeros than conv1 (interval below 0)", () => {
    const v = decide(id, card5({ spread: series(-40, 5) }));
    expectOutcome(v, "contradicted");
    expect(v.checks[1]!.outcome).toBe("contradicted");
    expect(v.checks[1]!.estimate!.hi).toBeLessThan(0);
  });

  it("contradicted when deeper and first layers are shown equivalent (interval inside ±10 points)", () => {
    const v = decide(id, card5({ spread: series(1, 5) }));
    expectOutcome(v, "contradicted");
    const e = v.checks[1]!.estimate!;
    expect(v.checks[1]!.outcome).toBe("contradicted");
    expect(e.lo).toBeLessThanOrEqual(0);
    expect(e.lo).toBeGreaterThanOrEqual(-10);
    expect(e.hi).toBeLessThanOrEqual(10);
  });

  it("not shown when the spread's interval straddles 0 and the margin", () => {
    const v = decide(id, card5({ spread: series(5, 80) }));
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["not-shown", "supported"]);
  });

  it("contradicted when more zeros go with lower loss (ρ below 0)", () => {
    const v = decide(id, card5({ loss: (_v, i, share) => 1 - share + 0.3 * NOISE[i]! }));
    expectOutcome(v, "contradicted");
    expect(v.checks[2]!.outcome).toBe("contradicted");
    expect(v.numbers.lossRho).toBeCloseTo(-0.842, 2);
    expect(v.checks[2]!.estimate!.hi).toBeLessThan(0);
  });

  // For |ρ| = 1 the Fisher bounds come from ρ kept just inside ±1; the interval must still contain ρ.
  it("a perfect rank correlation (ρ = −1) gives an interval that contains its estimate", () => {
    const v = exp(id).decide(card5({ loss: (_v, _i, share) => 1 - share }));
    expect(v.verdict).toBe("contradicted");
    expect(v.numbers.lossRho).toBe(-1);
    const e = v.checks[2]!.estimate!;
    expect(e.lo).toBeLessThanOrEqual(e.estimate);
  });

  it("not shown when near-zero share and loss are unrelated (ρ interval straddles 0 and ±0.2)", () => {
    // the same losses in every set-up, in an order unrelated to the seeds' shares
    const v = decide(id, card5({ loss: (_v, i) => 0.2 + 0.01 * ((i * 3) % 8) }));
    expectOutcome(v, "not-shown");
    const e = v.checks[2]!.estimate!;
    expect(v.checks[2]!.outcome).toBe("not-shown");
    expect(e.lo).toBeLessThan(-0.2);
    expect(e.hi).toBeGreaterThan(0.2);
  });

  it("the ρ check can never be contradicted by equivalence within the budget: its interval is wider than ±0.2", () => {
    // 8 seeds × 3 set-ups = 24 runs: Fisher-z half-width 1.96·√(1.06/21) ≈ 0.44 > 0.2 even at ρ = 0
    const v = decide(id, card5({ loss: (_v, i) => 0.2 + 0.01 * i }));
    const e = v.checks[2]!.estimate!;
    expect(e.hi - e.lo).toBeGreaterThan(0.4);
    expect(v.checks[2]!.outcome).not.toBe("contradicted");
  });

  // The rank correlation reads only the design's variants: eight stray runs of another variant (which would
  // turn ρ 0.07 into 0.60) change nothing.
  it("runs of a variant outside the design do not change the verdict", () => {
    const base = card5({ loss: (_v, i) => 0.2 + 0.01 * ((i * 3) % 8) });
    const stray = SEEDS.map((s, i) =>
      run("stray", s + 800, { validLoss: 3 + i, validAcc: 0.5 }, { nearZeroByLayer_conv1: 0.9, nearZeroByLayer_conv2: 0.95, nearZeroByLayer_conv3: 0.97, nearZeroByLayer_conv4: 0.99 }),
    );
    const e = exp(id);
    expect(e.decide(base).verdict).toBe("not-shown");
    expect(e.decide([...base, ...stray]).verdict).toBe("not-shown");
  });

  it("inconclusive when per-layer near-zero shares are missing, naming the run", () => {
    const runs = card5().map((r) => {
      if (r.variantId !== "bn-1cycle" || r.seed !== 104) return r;
      const { nearZeroByLayer_conv3: _drop, ...metrics } = r.metrics;
      return { ...r, metrics };
    });
    const v = decide(id, runs);
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("bn-1cycle/seed 104");
  });

  it("collapsed constant-LR runs are data here (the book's baseline collapses), not a reason to give up", () => {
    const runs = card5().map((r) => (r.variantId === "nobn-const" ? { ...r, final: { ...COLLAPSED, validLoss: 2.3 + 0.001 * (r.seed - 100) } } : r));
    expectOutcome(decide(id, runs), "supported");
  });
});

// =====================================================================================================
// Card 6: batch size
// =====================================================================================================

describe("card 6 (ch13-batch-size): gradient error ∝ 1/bs (equivalence band), fewer updates cost accuracy", () => {
  const id = "ch13-batch-size";

  it("supported: slope −1 inside [−1.3, −0.7], bs 512 clearly less accurate", () => {
    const v = decide(id, card6());
    expectOutcome(v, "supported");
    expect(v.numbers.logLogSlope).toBeCloseTo(-1, 9);
    expect(v.checks[0]!.estimate).toMatchObject({ unit: "log–log slope", test: { kind: "equivalence", lower: -1.3, upper: -0.7 } });
    expect(v.checks[1]!.estimate).toMatchObject({ unit: "percentage points", test: { kind: "superiority", null: 0, margin: 1 } });
    expect(v.summary).toContain("Worse generalization of large batches is not tested");
    expect(v.numbers.acc64).toBeCloseTo(0.9535, 9);
  });

  it("contradicted when the error shrinks only as 1/√bs (slope −0.5, interval outside the band)", () => {
    const v = decide(id, card6({ slope: series(-0.5, 0.05) }));
    expectOutcome(v, "contradicted");
    expect(v.checks[0]!.outcome).toBe("contradicted");
    expect(v.checks[0]!.estimate!.lo).toBeGreaterThan(-0.7);
    expect(decide(id, card6({ slope: series(-2, 0.05) })).checks[0]!.outcome).toBe("contradicted");
  });

  it("not shown when the per-seed slopes spread wider than the band", () => {
    const v = decide(id, card6({ slope: series(-1, 1.5) }));
    expectOutcome(v, "not-shown");
    const e = v.checks[0]!.estimate!;
    expect(e.lo).toBeLessThan(-1.3);
    expect(e.hi).toBeGreaterThan(-0.7);
    expect(decide(id, card6({ slope: series(-0.7, 0.5) })).checks[0]!.outcome).toBe("not-shown"); // straddles one edge
  });

  it("contradicted when bs 512 is more accurate (interval below 0)", () => {
    const v = decide(id, card6({ acc: series(-5, 1) }));
    expectOutcome(v, "contradicted");
    expect(outcomes(v)).toEqual(["supported", "contradicted"]);
  });

  it("contradicted when bs 64 and bs 512 are shown equivalent (interval inside ±1 point)", () => {
    const v = decide(id, card6({ acc: series(0.1, 1) }));
    expectOutcome(v, "contradicted");
    const e = v.checks[1]!.estimate!;
    expect(e.lo).toBeLessThanOrEqual(0);
    expect(e.hi).toBeLessThanOrEqual(1);
  });

  it("not shown when the accuracy gap's interval straddles 0 and the margin", () => {
    const v = decide(id, card6({ acc: series(1, 6) }));
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["supported", "not-shown"]);
  });

  it("inconclusive when a bs 64 run collapsed", () => {
    const v = decide(id, card6({ collapse64: 2 }));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("seed(s) 103");
  });

  it("inconclusive when a batch size's gradient error is missing", () => {
    const v = decide(id, card6({ dropBs: 256 }));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("gradErrorByBs_16…1024");
  });
});

// =====================================================================================================
// Cards 7 and 9: win shares on the shared grid
// =====================================================================================================

const cp = (k: number, n: number) => clopperPearson(k, n);

describe("card 7 (ch13-lr-warmup): share of seed-matched pairs warmup wins (Clopper–Pearson)", () => {
  const id = "ch13-lr-warmup";
  /** warmup wins in the annealing stratum when `annealWins`, in the flat one when `flatWins` (by loss, nothing collapses) */
  const byStratum = (annealWins: (i: number) => boolean, flatWins: (i: number) => boolean) =>
    grid((w, a, i) => {
      const win = a ? annealWins(i) : flatWins(i);
      return { loss: 0.15 + (w === win ? -0.02 : 0.02) + 0.001 * i };
    });

  it("supported at 14/14 (no-warmup arms collapse, warmup arms train)", () => {
    const v = decide(id, grid(GRID_ALL_WINS));
    expectOutcome(v, "supported");
    expect(v.numbers).toMatchObject({ pairs: 14, usablePairs: 14, warmupWins: 14, collapsesWithWarmup: 0, collapsesWithoutWarmup: 14 });
    const e = v.checks[0]!.estimate!;
    expect(e).toMatchObject({ method: "Clopper–Pearson", n: 14, estimate: 1, unit: "share of seed-matched pairs", test: { kind: "superiority", null: 0.5, margin: 0.15 } });
    expect(e.lo).toBeCloseTo(cp(14, 14).lo, 12); // 0.768
    expect(v.summary).toMatch(/^Tested on 7 fresh seeds/);
    expect(v.summary).toContain("14/14 won");
  });

  it("supported at 14/14 on loss alone when nothing collapses", () => expectOutcome(decide(id, byStratum(() => true, () => true)), "supported"));

  it("7/14 is not shown: [0.23, 0.77] straddles 0.5 and is wider than 0.35–0.65", () => {
    const v = decide(id, byStratum(() => true, () => false));
    expect(v.numbers.warmupWins).toBe(7);
    expectOutcome(v, "not-shown");
    const e = v.checks[0]!.estimate!;
    expect(e.lo).toBeCloseTo(0.2304, 3);
    expect(e.hi).toBeCloseTo(0.7696, 3);
    expect(e.lo).toBeLessThan(0.35);
  });

  it("0/14 is contradicted (interval below 0.5)", () => {
    const v = decide(id, byStratum(() => false, () => false));
    expectOutcome(v, "contradicted");
    expect(v.checks[0]!.estimate!.hi).toBeCloseTo(cp(0, 14).hi, 12); // 0.232
  });

  it("5/6 (3 seeds) is not shown; 6/6 is already supported", () => {
    const three = (annealWins: (i: number) => boolean) =>
      grid((w, a, i) => ({ loss: 0.15 + (w === (a ? annealWins(i) : true) ? -0.02 : 0.02) }), SEEDS.slice(0, 3));
    const v = decide(id, three((i) => i !== 0));
    expect(v.numbers.warmupWins).toBe(5);
    expectOutcome(v, "not-shown");
    expect(v.checks[0]!.estimate!.lo).toBeCloseTo(0.3588, 3);
    expectOutcome(decide(id, three(() => true)), "supported"); // CP(6, 6).lo = 0.541 > 0.5
  });

  it("equivalence (interval inside 0.35–0.65) contradicts, but only with far more pairs than the budget gives", () => {
    const forty = SEEDS.map((_, k) => 200 + k).concat(Array.from({ length: 32 }, (_, k) => 300 + k));
    const v = decide(id, grid((w, a, i) => ({ loss: 0.15 + (w === a ? -0.02 : 0.02) + 0.0001 * i }), forty));
    expect(v.numbers.warmupWins).toBe(40);
    expect(v.numbers.usablePairs).toBe(80);
    const e = v.checks[0]!.estimate!;
    expect(e.lo).toBeGreaterThanOrEqual(0.35);
    expect(e.hi).toBeLessThanOrEqual(0.65);
    expectOutcome(v, "contradicted");
    // with maxSeeds = 8 (16 pairs) even 8/16 stays wider than the band
    const half = cp(8, 16);
    expect(half.lo).toBeLessThan(0.35);
    expect(exp(id).maxSeeds).toBe(8);
  });

  it("a collapse loses to a trained run; pairs where both collapsed are set aside", () => {
    // seed index 0: every arm collapses (2 pairs set aside); otherwise warmup wins
    const v = decide(id, grid((w, a, i) => (i === 0 ? { collapsed: true } : { loss: w ? 0.1 : 0.2 })));
    expect(v.numbers).toMatchObject({ pairs: 14, usablePairs: 12, warmupWins: 12 });
    expect(v.checks[0]!.value).toContain("2 pair(s) with both collapsed set aside");
    expectOutcome(v, "supported");
  });

  it("inconclusive when (nearly) every pair collapsed on both sides", () => {
    const v = decide(id, grid(() => ({ collapsed: true })));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("Too few usable pairs (0)");
    expect(v.numbers.collapsesWithoutWarmup).toBe(14);
    const two = decide(id, grid((w, a, i) => (i < 6 ? { collapsed: true } : { loss: w ? 0.1 : 0.2 })));
    expect(two.numbers.usablePairs).toBe(2);
    expectOutcome(two, "inconclusive");
  });

  it("inconclusive when an arm is missing (the 1cycle reference is optional)", () => {
    const v = decide(id, grid(GRID_ALL_WINS).filter((r) => r.variantId !== armId(true, true)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("warmup-anneal");
  });
});

describe("card 9 (ch13-lr-annealing): loss wins and jitter wins on the same grid", () => {
  const id = "ch13-lr-annealing";
  /** annealed arm's loss and jitter relative to the flat one (per stratum, per seed) */
  const arms = (lossWin: (w: boolean, i: number) => boolean, jitterWin: (w: boolean, i: number) => boolean, seeds?: readonly number[]) =>
    grid((w, a, i) => ({
      loss: 0.15 + (a === lossWin(w, i) ? -0.02 : 0.02) + 0.001 * i,
      jitter: 0.05 + (a === jitterWin(w, i) ? -0.02 : 0.02),
    }), seeds);

  it("supported at 14/14 on both loss and jitter", () => {
    const v = decide(id, arms(() => true, () => true));
    expectOutcome(v, "supported");
    expect(v.numbers).toMatchObject({ pairs: 14, lossUsablePairs: 14, annealLossWins: 14, jitterPairs: 14, annealJitterWins: 14 });
    expect(v.numbers.jitterAnnealed).toBeCloseTo(0.03, 12);
    expect(v.numbers.jitterFlat).toBeCloseTo(0.07, 12);
    expect(judgedOf(v).map((c) => c.estimate!.test)).toEqual([
      { kind: "superiority", null: 0.5, margin: 0.15 },
      { kind: "superiority", null: 0.5, margin: 0.15 },
    ]);
  });

  it("contradicted when annealed arms end with higher loss (0/14)", () => {
    const v = decide(id, arms(() => false, () => true));
    expectOutcome(v, "contradicted");
    expect(outcomes(v)).toEqual(["contradicted", "supported"]);
  });

  it("contradicted when annealed arms are more jittery (0/14)", () => {
    const v = decide(id, arms(() => true, () => false));
    expectOutcome(v, "contradicted");
    expect(outcomes(v)).toEqual(["supported", "contradicted"]);
    expect(v.summary).toContain("Went against the claim: annealed arms have less training-loss jitter");
  });

  it("not shown at 7/14 jitter wins", () => {
    const v = decide(id, arms(() => true, (w) => w));
    expect(v.numbers.annealJitterWins).toBe(7);
    expectOutcome(v, "not-shown");
    expect(outcomes(v)).toEqual(["supported", "not-shown"]);
  });

  it("not shown at 5/6 loss wins (3 seeds)", () => {
    const v = decide(id, arms((w, i) => !(w && i === 0), () => true, SEEDS.slice(0, 3)));
    expect(v.numbers.annealLossWins).toBe(5);
    expectOutcome(v, "not-shown");
  });

  it("the same grid can support card 9 while card 7 is not shown", () => {
    // annealing always helps; warmup helps with annealing and hurts without it (7 of 14 pairs)
    const g = grid((w, a, i) => ({ loss: (a ? 0.1 : 0.2) + (w ? (a ? -0.01 : 0.01) : 0) + 0.001 * i, jitter: a ? 0.02 : 0.1 }));
    const nine = decide(id, g);
    const seven = decide("ch13-lr-warmup", g);
    expectOutcome(nine, "supported");
    expectOutcome(seven, "not-shown");
    expect(seven.numbers.warmupWins).toBe(7);
  });

  it("jitter of collapsed runs is not compared", () => {
    // the flat arms without warmup collapse: they lose on loss, and their jitter pairs are dropped
    const g = grid((w, a, i) => (!a && !w ? { collapsed: true, jitter: 0.001 } : { loss: a ? 0.1 : 0.2 + 0.001 * i, jitter: a ? 0.02 : 0.1 }));
    const v = decide(id, g);
    expect(v.numbers).toMatchObject({ lossUsablePairs: 14, annealLossWins: 14, jitterPairs: 7, annealJitterWins: 7 });
    expect(v.checks[1]!.estimate!.n).toBe(7);
    expectOutcome(v, "supported"); // 7/7: CP lower bound 0.59
  });

  it("inconclusive without jitter measurements, or when every run collapsed", () => {
    const noJitter = decide(id, grid((_w, a) => ({ loss: a ? 0.1 : 0.2 })));
    expectOutcome(noJitter, "inconclusive");
    expect(noJitter.summary).toContain("jitter 0");
    const collapsed = decide(id, grid(() => ({ collapsed: true, jitter: 0.01 })));
    expectOutcome(collapsed, "inconclusive");
    expect(collapsed.summary).toContain("loss 0");
  });

  it("inconclusive when an arm is missing", () => {
    const v = decide(id, arms(() => true, () => true).filter((r) => r.variantId !== armId(false, true)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("nowarmup-anneal");
  });
});

// =====================================================================================================
// Card 8: 1cycle and high learning rates
// =====================================================================================================

describe("card 8 (ch13-one-cycle-high-lr): faster, smaller loss gap, flatter", () => {
  const id = "ch13-one-cycle-high-lr";
  const TESTS = [
    { kind: "superiority", null: 0, margin: 1 },
    { kind: "superiority", null: 0, margin: 0.02 },
    { kind: "superiority", null: 0, margin: 0.001 },
  ];

  it("supported when all three comparisons hold", () => {
    const v = decide(id, card8());
    expectOutcome(v, "supported");
    expect(judgedOf(v).map((c) => c.estimate!.test)).toEqual(TESTS);
    expect(judgedOf(v).map((c) => c.estimate!.unit)).toEqual(["percentage points", "nats", "nats"]);
    expect(v.checks[0]!.estimate!.estimate).toBeCloseTo(5, 9);
    expect(v.checks[1]!.estimate!.estimate).toBeCloseTo(0.1, 9);
    expect(v.checks[2]!.estimate!.estimate).toBeCloseTo(0.02, 9);
    expect(v.summary).toMatch(/hypothesis/);
    expect(v.numbers["seedsReached95_lr0.001"]).toBe(0);
    expect(v.numbers["seedsReached95_lr0.03"]).toBe(8);
  });

  const cases: Array<[string, number, Card8, Outcome]> = [
    ["speed: max LR 0.03 less accurate than 0.003", 0, { speed: series(-5, 1) }, "contradicted"],
    ["speed: equivalent within ±1 point", 0, { speed: series(0.1, 1) }, "contradicted"],
    ["speed: interval straddles 0 and 1 point", 0, { speed: series(1, 8) }, "not-shown"],
    ["gap: larger at the high LR", 1, { gap: series(-0.1, 0.02) }, "contradicted"],
    ["gap: equivalent within ±0.02 nats", 1, { gap: series(0.001, 0.01) }, "contradicted"],
    ["gap: interval straddles 0 and 0.02 nats", 1, { gap: series(0.02, 0.2) }, "not-shown"],
    ["sharpness: sharper at the high LR", 2, { sharp: series(-0.02, 0.002) }, "contradicted"],
    ["sharpness: equivalent within ±0.001 nats", 2, { sharp: series(0.0001, 0.001) }, "contradicted"],
    ["sharpness: interval straddles 0 and 0.001 nats", 2, { sharp: series(0.001, 0.01) }, "not-shown"],
  ];
  it.each(cases)("%s → %s for that part and the verdict", (_name, k, opts, want) => {
    const v = decide(id, card8(opts));
    expectOutcome(v, want);
    const got = outcomes(v);
    expect(got[k]).toBe(want);
    expect(got.filter((_, j) => j !== k)).toEqual(["supported", "supported"]);
    const e = v.checks[k]!.estimate!;
    const m = (TESTS[k] as { margin: number }).margin;
    if (want === "not-shown") expect(e.lo < 0 && e.hi > m).toBe(true);
    else if (e.hi >= 0) expect(e.lo >= -m && e.hi <= m).toBe(true); // contradicted by equivalence
  });

  it("inconclusive when a small-data run collapsed", () => {
    const v = decide(id, card8({ collapseSmall: 2 }));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("overfit-lr0.03/seed 103");
  });

  it("inconclusive when sharpness is not reported", () => expectOutcome(decide(id, card8({ noSharp: true })), "inconclusive"));

  it("inconclusive when a sweep LR is missing (every sweep arm is part of the design)", () => {
    const v = decide(id, card8().filter((r) => r.variantId !== sweepId(0.06)));
    expectOutcome(v, "inconclusive");
    expect(v.summary).toContain("sweep-lr0.06");
  });
});

// =====================================================================================================
// Power plans
// =====================================================================================================

/** Pilot runs on seeds 1–3 with a plausible spread (the builders' default, supported-looking data). */
const PILOTS: Record<string, () => RunSummary[]> = {
  "ch13-double-filters": () => card1({ seeds: PILOT }),
  "ch13-first-kernel-size": () => card2({ seeds: PILOT }),
  "ch13-near-zero-activations": () => card5({ seeds: PILOT }),
  "ch13-batch-size": () => card6({ seeds: PILOT }),
  "ch13-lr-warmup": () => grid((w, a, i) => ({ loss: (a ? 0.1 : 0.2) + (w ? -0.02 : 0.02) * (i === 2 && !a ? -1 : 1), jitter: a ? 0.02 : 0.1 + 0.01 * i }), PILOT),
  "ch13-lr-annealing": () => grid((w, a, i) => ({ loss: (a ? 0.1 : 0.2) + (w ? -0.02 : 0.02) * (i === 2 && !a ? -1 : 1), jitter: a ? 0.02 : 0.1 + 0.01 * i }), PILOT),
  "ch13-one-cycle-high-lr": () => card8({ seeds: PILOT }),
};
const CONFIRMATORY: Record<string, () => RunSummary[]> = {
  "ch13-double-filters": () => card1(),
  "ch13-first-kernel-size": () => card2(),
  "ch13-near-zero-activations": () => card5(),
  "ch13-batch-size": () => card6(),
  "ch13-one-cycle-high-lr": () => card8(),
};
const keyOf = (t: Test | undefined): string => JSON.stringify(t);

describe("power plans from pilot runs", () => {
  it("covers every trained experiment; api facts plan nothing", () => {
    expect(Object.keys(PILOTS).sort()).toEqual(TRAINED.map((e) => e.id).sort());
    for (const e of EXPERIMENTS.filter((x) => x.kind === "api-fact")) expect(e.plan(card3())).toEqual([]);
  });

  for (const e of TRAINED) {
    it(`${e.id}: a finite seed count for every judged comparison`, () => {
      const plans: PowerPlan[] = e.plan(PILOTS[e.id]!());
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans) {
        expect(p.check.length).toBeGreaterThan(0);
        expect(Number.isFinite(p.seedsNeeded), `${p.check}: ${p.seedsNeeded}`).toBe(true);
        expect(Number.isInteger(p.seedsNeeded)).toBe(true);
        expect(p.seedsNeeded).toBeGreaterThanOrEqual(1);
        expect(p.seedsNeeded, p.check).toBeLessThanOrEqual(200);
        expect(Number.isFinite(p.pilotSpread)).toBe(true);
        expect(p.pilotN).toBeGreaterThanOrEqual(3);
        expect(p.unit.trim()).not.toBe("%");
      }
      const n = seedCount(plans, e.maxSeeds);
      expect(n).toBeGreaterThanOrEqual(MIN_SEEDS);
      expect(n).toBeLessThanOrEqual(e.maxSeeds);
    });
  }

  it("one plan per judged comparison, with the same pre-set test the verdict judges by", () => {
    for (const [id, make] of Object.entries(CONFIRMATORY)) {
      const e = exp(id);
      const plans = e.plan(PILOTS[id]!());
      const judged = judgedOf(e.decide(make())).filter((c) => c.estimate);
      expect(plans.length, id).toBe(judged.length);
      expect(plans.map((p) => keyOf(p.test)), id).toEqual(judged.map((c) => keyOf(c.estimate!.test)));
      expect(plans.map((p) => p.unit), id).toEqual(judged.map((c) => c.estimate!.unit));
    }
  });

  it("cards 7 and 9 share one grid plan: one share per judged comparison of either card", () => {
    const w = exp("ch13-lr-warmup");
    const a = exp("ch13-lr-annealing");
    expect(w.plan).toBe(a.plan);
    const plans = w.plan(PILOTS["ch13-lr-warmup"]!());
    const g = grid(GRID_ALL_WINS);
    const judged = [...judgedOf(w.decide(g)), ...judgedOf(a.decide(g))];
    expect(plans).toHaveLength(judged.length);
    expect(plans.map((p) => p.check)).toEqual(["card 7: warmup wins", "card 9: annealing wins on validation loss", "card 9: annealing has less jitter"]);
    for (const p of plans) {
      expect(p.test).toEqual({ kind: "superiority", null: 0.5, margin: 0.15 });
      expect(p.unit).toBe("share of seed-matched pairs");
    }
    // the pilot's shares: warmup 5/6, annealing 6/6 on loss and on jitter
    expect(plans.map((p) => [p.pilotSpread, p.pilotN])).toEqual([
      [5 / 6, 6],
      [1, 6],
      [1, 6],
    ]);
  });

  it("more spread in the pilot asks for more seeds", () => {
    const e = exp("ch13-double-filters");
    const tight = e.plan(card1({ seeds: PILOT, ab: series(2, 1) }))[0]!;
    const loose = e.plan(card1({ seeds: PILOT, ab: series(2, 6) }))[0]!;
    expect(loose.pilotSpread).toBeGreaterThan(tight.pilotSpread);
    expect(loose.seedsNeeded).toBeGreaterThan(tight.seedsNeeded);
  });
});

describe("seedCount (plan.ts) clamps to [3, maxSeeds]", () => {
  const p = (seedsNeeded: number): PowerPlan => ({ check: "x", pilotSpread: 1, pilotN: 3, unit: "nats", test: { kind: "superiority", null: 0, margin: 1 }, seedsNeeded });
  it.each([
    [[1], 8, 3],
    [[2, 1], 8, 3],
    [[3], 8, 3],
    [[5, 4], 8, 5],
    [[4, 7], 8, 7],
    [[8], 8, 8],
    [[9], 8, 8],
    [[201], 8, 8],
    [[NaN], 8, 8],
    [[Infinity], 8, 8],
    [[4, NaN], 8, 8],
    [[], 8, 3],
    [[50], 12, 12],
  ] as Array<[number[], number, number]>)("needs %o with maxSeeds %i → %i", (needs, max, want) => expect(seedCount(needs.map(p), max)).toBe(want));
});

// =====================================================================================================
// Interval helpers used above behave as the rules assume (sanity of the builders)
// =====================================================================================================

describe("the builders' per-seed series", () => {
  it("give a paired interval of mean ± 0.2448·k over 8 seeds", () => {
    const d = SEEDS.map((_, i) => series(2, 1)(i));
    const iv = pairedT(d, d.map(() => 0));
    expect(iv.estimate).toBeCloseTo(2, 12);
    expect(iv.hi - iv.estimate).toBeCloseTo(0.2448, 3);
  });
});
