import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { CHAPTER13_CARDS } from "../../lib/decks/chapter13.ts";
import { estimateSeconds } from "../../experiments/registry/budget.ts";
import { armId } from "../../experiments/registry/ch13/lr-grid.ts";
import { OVERFIT_HIGH, OVERFIT_LOW, SWEEP_LRS, overfitId, sweepId } from "../../experiments/registry/ch13/one-cycle-high-lr.ts";
import { EXPERIMENTS, experimentById, registryProblems } from "../../experiments/registry/index.ts";
import { macsPerLayer, shapeOfModel, simpleCnnPlan, totalMacs } from "../../experiments/registry/model-cost.ts";
import { isCollapsed, mean, pooledSd, ranks, sampleSd, slope, spearman, standardError } from "../../experiments/registry/stats.ts";
import type { ExperimentDefinition, RunSummary, Verdict } from "../../experiments/registry/types.ts";

// ---------- synthetic runs ----------
type Final = RunSummary["final"];
const HEALTHY: Final = { validLoss: 0.1, validAcc: 0.97, trainLoss: 0.08 };
const COLLAPSED: Final = { validLoss: 2.3059, validAcc: 0.1135, trainLoss: 2.302 };
const SEEDS = [1, 2, 3];

function run(variantId: string, seed: number, final: Partial<Final> = {}, metrics: Record<string, number> = {}): RunSummary {
  return { variantId, seed, steps: 125, final: { ...HEALTHY, ...final }, trainLossCurve: [2.3, 1, 0.2], metrics };
}
/** One run per seed; `f(seedIndex)` gives the final values / metrics. */
function runs(variantId: string, f: (i: number) => { final?: Partial<Final>; metrics?: Record<string, number> }): RunSummary[] {
  return SEEDS.map((s, i) => run(variantId, s, f(i).final, f(i).metrics));
}
const exp = (id: string): ExperimentDefinition => {
  const e = experimentById(id);
  if (!e) throw new Error(`missing ${id}`);
  return e;
};
const expectVerdict = (v: Verdict, want: Verdict["verdict"]) => {
  expect(v.verdict, v.summary).toBe(want);
  expect(v.summary.length).toBeGreaterThan(10);
};

// ---------- registry ----------
describe("experiment registry", () => {
  it("has one experiment per chapter-13 card, ids unique, and no mismatches", () => {
    expect(EXPERIMENTS).toHaveLength(9);
    expect(new Set(EXPERIMENTS.map((e) => e.id)).size).toBe(9);
    expect(new Set(EXPERIMENTS.map((e) => e.cardExternalId)).size).toBe(9);
    for (const card of CHAPTER13_CARDS) {
      const e = experimentById(card.experimentId);
      expect(e, card.experimentId).toBeDefined();
      expect(e!.cardExternalId).toBe(card.externalId);
    }
    expect(registryProblems(CHAPTER13_CARDS)).toEqual([]);
  });

  it("reports mismatches between cards and the registry", () => {
    const cards = CHAPTER13_CARDS.map((c) => ({ externalId: c.externalId, experimentId: c.experimentId }));
    cards[0] = { ...cards[0]!, experimentId: "ch13-nonexistent" };
    const problems = registryProblems(cards);
    expect(problems.some((p) => p.includes("ch13-nonexistent") && p.includes("not registered"))).toBe(true);
    expect(problems.some((p) => p.includes("ch13-double-filters"))).toBe(true);
    const swapped = CHAPTER13_CARDS.map((c) => ({ externalId: c.externalId, experimentId: c.experimentId }));
    [swapped[0]!.experimentId, swapped[1]!.experimentId] = [swapped[1]!.experimentId, swapped[0]!.experimentId];
    expect(registryProblems(swapped).some((p) => p.includes("belongs to card"))).toBe(true);
    expect(registryProblems(CHAPTER13_CARDS, [...EXPERIMENTS, EXPERIMENTS[0]!]).some((p) => p.includes("registered 2 times"))).toBe(true);
  });

  it("gives trained experiments ≥ 3 seeds and a 1-seed quick mode; cards 3 and 4 are api facts", () => {
    for (const e of EXPERIMENTS) {
      expect(e.claim.length, e.id).toBeGreaterThan(20);
      expect(e.decisionRule.length, e.id).toBeGreaterThan(40);
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      expect(e.measures.length, e.id).toBeGreaterThan(0);
      expect(e.variants.length, e.id).toBeGreaterThan(0);
      expect(new Set(e.variants.map((v) => v.id)).size, e.id).toBe(e.variants.length);
      expect(e.quick.seeds).toHaveLength(1);
      expect(e.quick.maxSteps).toBeGreaterThan(0);
      if (e.kind === "trained") expect(new Set(e.seeds).size, e.id).toBeGreaterThanOrEqual(3);
    }
    expect(EXPERIMENTS.filter((e) => e.kind === "api-fact").map((e) => e.id).sort()).toEqual(["ch13-activation-stats", "ch13-callback-access"]);
    for (const id of ["ch13-activation-stats", "ch13-callback-access"])
      expect(exp(id).sources.some((s) => s.includes("fastai/"))).toBe(true);
  });

  it("shares one warmup × annealing grid (+ full 1cycle) between cards 7 and 9", () => {
    const w = exp("ch13-lr-warmup");
    const a = exp("ch13-lr-annealing");
    expect(w.runGroup).toBeDefined();
    expect(w.runGroup).toBe(a.runGroup);
    expect(w.variants).toEqual(a.variants);
    expect(w.seeds).toEqual(a.seeds);
    expect(w.variants.map((v) => v.id).sort()).toEqual(["nowarmup-anneal", "nowarmup-noanneal", "one-cycle", "warmup-anneal", "warmup-noanneal"]);
    expect(w.decide).not.toBe(a.decide);
  });

  it("keeps each experiment within the 2-core budget (full ≤ ~3 min, quick ≤ 20 s)", () => {
    for (const e of EXPERIMENTS) {
      expect(estimateSeconds(e), e.id).toBeLessThanOrEqual(180);
      expect(estimateSeconds(e, true), e.id).toBeLessThanOrEqual(20);
    }
  });

  it("computes the simple_cnn multiply counts of the facts file", () => {
    const base = { batchNorm: false, firstKernel: 5 as const };
    expect(totalMacs({ ...base, channels: [8, 16, 32, 64] })).toBe(248_864); // ≈ 249k
    expect(totalMacs({ ...base, channels: [8, 8, 8, 8] })).toBe(79_664); // ≈ 80k
    expect(totalMacs({ ...base, channels: [32, 32, 32, 32] })).toBe(795_584); // ≈ 796k
    expect(macsPerLayer({ ...base, channels: [8, 16, 32, 64] })).toEqual([39_200, 56_448, 73_728, 73_728, 5_760]);
    expect(macsPerLayer({ ...base, firstKernel: 3, channels: [8, 16, 32, 64], firstChannels: 4 })[0]).toBe(14 * 14 * 9 * 4);
    // The same plan SimpleCnn builds its layers from: 28→14→7→4→2→1 with PyTorch padding ks//2.
    expect(simpleCnnPlan(shapeOfModel({ ...base, channels: [8, 16, 32, 64] })).map((l) => [l.inSize, l.outSize, l.pad])).toEqual([
      [28, 14, 2],
      [14, 7, 1],
      [7, 4, 1],
      [4, 2, 1],
      [2, 1, 1],
    ]);
  });

  it("counts MACs without tfjs (model-cost.ts imports nothing but registry types)", () => {
    const src = readFileSync(new URL("../../experiments/registry/model-cost.ts", import.meta.url), "utf8");
    const imports = [...src.matchAll(/^import\s.*from\s+"([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports).toEqual(["./types.ts"]);
    expect(src).toMatch(/^import type /m);
  });
});

// ---------- stats ----------
describe("stats helpers", () => {
  it("mean, sample sd, standard error, pooled sd", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(standardError([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 12);
    expect(pooledSd([1, 2, 3], [2, 4, 6])).toBeCloseTo(Math.sqrt(2.5), 12); // variances 1 and 4
    expect(mean([])).toBeNaN();
    expect(sampleSd([1])).toBeNaN();
  });

  it("Spearman averages tied ranks", () => {
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    // ranks y = [1, 2.5, 2.5, 4, 5]: Σdxdy = 9.5, Σdx² = 10, Σdy² = 9.5 → 9.5 / √95
    expect(spearman([1, 2, 3, 4, 5], [1, 2, 2, 3, 5])).toBeCloseTo(9.5 / Math.sqrt(95), 12);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12); // monotone, not linear
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
  });

  it("least-squares slope, including a log-log slope", () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 12);
    expect(slope([0, 1, 2], [0, 2, 1])).toBeCloseTo(0.5, 12);
    const b = [16, 64, 256, 1024];
    expect(slope(b.map(Math.log), b.map((x) => Math.log(3 / x)))).toBeCloseTo(-1, 12);
    expect(slope([1, 1], [2, 3])).toBeNaN();
  });

  it("isCollapsed follows the facts file's rule", () => {
    expect(isCollapsed({ validLoss: 2.3059, validAcc: 0.1135 })).toBe(true); // the book's run 1
    expect(isCollapsed({ validLoss: 0.0848, validAcc: 0.9743 })).toBe(false); // run 3
    expect(isCollapsed({ validLoss: 2.29, validAcc: 0.5 })).toBe(true); // loss within 0.02 of ln 10
    expect(isCollapsed({ validLoss: 1.2, validAcc: 0.13 })).toBe(true); // ≤ 0.1135 + 0.02
    expect(isCollapsed({ validLoss: 1.2, validAcc: 0.14 })).toBe(false);
    expect(isCollapsed({ validLoss: 1.2, validAcc: 0.2 }, 0.19)).toBe(true);
    expect(isCollapsed({ validLoss: NaN, validAcc: 0.9 })).toBe(true); // diverged
  });
});

// ---------- fixtures per experiment: a supported set, then variations ----------
const D = {
  doubleFilters: (b: number[] = [0.95, 0.951, 0.949], c: number[] = [0.973, 0.974, 0.972]) => [
    ...runs("doubling", (i) => ({ final: { validAcc: [0.97, 0.972, 0.971][i]! } })),
    ...runs("const8", (i) => ({ final: { validAcc: b[i]! } })),
    ...runs("const32", (i) => ({ final: { validAcc: c[i]! } })),
  ],
  firstKernel: (k3bn: number[] = [0.25, 0.27, 0.24], collapseNobn = false) =>
    (["nobn", "bn"] as const).flatMap((s) => [
      ...runs(`k5c8-${s}`, (i) => ({ final: { validLoss: [0.2, 0.21, 0.19][i]! } })),
      ...runs(`k3c8-${s}`, (i) => ({ final: s === "bn" ? { validLoss: k3bn[i]! } : collapseNobn && i === 0 ? COLLAPSED : { validLoss: [0.25, 0.27, 0.24][i]! } })),
      ...runs(`k3c4-${s}`, () => ({ final: { validLoss: 0.3 } })),
    ]),
  activationStats: (over: Record<string, number> = {}, drop: string[] = []) => {
    const m: Record<string, number> = {
      has_mean: 1, has_std: 1, has_near_zero: 1, hist_bins: 40, hist_min: 0, hist_max: 10,
      near_zero_threshold: 0.05, hooked_relu: 0, hooked_layers: 5, train_batches_recorded: 30, valid_batches_recorded: 0, ...over,
    };
    for (const k of drop) delete m[k];
    return [run("live-stats", 1, {}, m)];
  },
  callbacks: (over: Record<string, number> = {}, drop: string[] = []) => {
    const m: Record<string, number> = { attr_recorder: 1, attr_activation_stats: 1, cbs_contains_all: 1, fit_only_cb_removed: 1, ...over };
    for (const k of drop) delete m[k];
    return [run("live-callbacks", 1, {}, m)];
  },
  nearZero: (opts: { constShares?: number[]; deadGrad?: number; dead?: number; bnLoss?: number } = {}) => {
    const nz = (s: number[], j: number) => Object.fromEntries(s.map((v, k) => [`nearZeroByLayer_conv${k + 1}`, v + j * 0.01]));
    const dead = { deadChannels: opts.dead ?? 4, deadChannelGrad: opts.deadGrad ?? 0 };
    return [
      ...runs("nobn-const", (i) => ({ final: { ...COLLAPSED, validLoss: 2.3 + i * 0.003 }, metrics: { ...nz(opts.constShares ?? [0.3, 0.5, 0.7, 0.9], i), ...dead } })),
      ...runs("nobn-1cycle", (i) => ({ final: { validLoss: 0.12 + i * 0.01 }, metrics: { ...nz([0.2, 0.3, 0.35, 0.4], i), deadChannels: 0 } })),
      ...runs("bn-1cycle", (i) => ({ final: { validLoss: (opts.bnLoss ?? 0.05) + i * 0.01 }, metrics: { ...nz([0.1, 0.12, 0.15, 0.18], i), deadChannels: 0 } })),
    ];
  },
  batchSize: (opts: { exponent?: number; acc512?: number[]; collapse64?: boolean; dropBs?: number } = {}) => [
    ...runs("grad-noise", (i) => ({
      metrics: Object.fromEntries(
        [16, 64, 256, 1024].filter((b) => b !== opts.dropBs).map((b) => [`gradErrorByBs_${b}`, (4 * (1 + 0.05 * i)) / b ** (opts.exponent ?? 1)]),
      ),
    })),
    ...runs("bs64", (i) => ({ final: opts.collapse64 && i === 1 ? COLLAPSED : { validAcc: 0.95 + i * 0.002 } })),
    ...runs("bs512", (i) => ({ final: { validAcc: (opts.acc512 ?? [0.85, 0.86, 0.84])[i]! } })),
  ],
  /** the 4 arms + 1cycle; `arm(warmup, anneal, seedIndex)` gives final and jitter */
  grid: (arm: (w: boolean, a: boolean, i: number) => { final?: Partial<Final>; jitter?: number }) => [
    ...[false, true].flatMap((w) =>
      [false, true].flatMap((a) =>
        runs(armId(w, a), (i) => {
          const x = arm(w, a, i);
          const metrics: Record<string, number> = x.jitter === undefined ? {} : { jitterLast20pct: x.jitter };
          return { final: x.final, metrics };
        }),
      ),
    ),
    ...runs("one-cycle", () => ({ final: { validLoss: 0.08 }, metrics: { jitterLast20pct: 0.02 } })),
  ],
  oneCycle: (opts: { steps?: Record<number, number[]>; sharpHigh?: number; collapseSmall?: boolean; noSharp?: boolean } = {}) => {
    const steps: Record<number, number[]> = { 0.001: [-1, -1, -1], 0.003: [70, 72, 68], 0.01: [40, 42, 38], 0.03: [30, 31, 29], 0.06: [35, 33, 36], ...opts.steps };
    const sharp = (v: number): Record<string, number> => (opts.noSharp ? {} : { sharpness: v });
    return [
      ...SWEEP_LRS.flatMap((lr) => runs(sweepId(lr), (i) => ({ metrics: { stepsTo95: steps[lr]![i]! } }))),
      ...runs(overfitId(OVERFIT_LOW), (i) => ({ final: { validLoss: 0.3 + i * 0.01, trainLoss: 0.02 }, metrics: sharp(0.05) })),
      ...runs(overfitId(OVERFIT_HIGH), (i) => ({
        final: opts.collapseSmall && i === 2 ? COLLAPSED : { validLoss: 0.2 + i * 0.01, trainLoss: 0.05 },
        metrics: sharp(opts.sharpHigh ?? 0.02),
      })),
    ];
  },
};

const SUPPORTED: Record<string, RunSummary[]> = {
  "ch13-double-filters": D.doubleFilters(),
  "ch13-first-kernel-size": D.firstKernel(),
  "ch13-activation-stats": D.activationStats(),
  "ch13-callback-access": D.callbacks(),
  "ch13-near-zero-activations": D.nearZero(),
  "ch13-batch-size": D.batchSize(),
  "ch13-lr-warmup": D.grid((w, a, i) => ({ final: w ? { validLoss: (a ? 0.1 : 0.2) + i * 0.01 } : COLLAPSED })),
  "ch13-one-cycle-high-lr": D.oneCycle(),
  "ch13-lr-annealing": D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.1 : 0.2) + (w ? 0 : 0.05) + i * 0.01 }, jitter: a ? 0.02 : 0.1 })),
};

/** Variants a rule can do without (reported only). */
const OPTIONAL_VARIANTS = new Set(["one-cycle", "k3c4-nobn", "k3c4-bn"]);

describe("every decide() handles missing or odd data without throwing", () => {
  for (const e of EXPERIMENTS) {
    it(`${e.id}: no runs, missing variants, empty metrics → inconclusive with a reason`, () => {
      expectVerdict(e.decide([]), "inconclusive");
      const full = SUPPORTED[e.id]!;
      expectVerdict(e.decide(full), "supported");
      for (const v of e.variants) {
        const without = full.filter((r) => r.variantId !== v.id);
        const verdict = e.decide(without);
        if (OPTIONAL_VARIANTS.has(v.id)) expect(verdict.verdict).toBe("supported");
        else {
          expectVerdict(verdict, "inconclusive");
          expect(verdict.summary).toContain(v.id);
        }
      }
      const stripped = full.map((r) => ({ ...r, metrics: {} }));
      expect(() => e.decide(stripped)).not.toThrow();
      const odd = [run("unknown-variant", 9, { validLoss: NaN, validAcc: NaN, trainLoss: NaN })];
      expectVerdict(e.decide(odd), "inconclusive");
      expect(() => e.decide(null as unknown as RunSummary[])).not.toThrow();
    });
  }
});

describe("card 1: doubling filters", () => {
  const d = exp("ch13-double-filters").decide;
  it("supported when A clearly beats constant 8 and matches constant 32", () => {
    const v = d(D.doubleFilters());
    expectVerdict(v, "supported");
    expect(v.numbers.macsA).toBe(248_864);
    expect(v.checks).toHaveLength(3);
  });
  it("not supported when constant 8 is as good", () => expectVerdict(d(D.doubleFilters([0.969, 0.973, 0.97])), "not-supported"));
  it("not supported when constant 32 is clearly better", () => expectVerdict(d(D.doubleFilters(undefined, [0.985, 0.986, 0.984])), "not-supported"));
  it("inconclusive when a run collapsed", () =>
    expectVerdict(d(D.doubleFilters().map((r) => (r.variantId === "const32" && r.seed === 2 ? { ...r, final: COLLAPSED } : r))), "inconclusive"));
  it("inconclusive with one seed per variant (no spread)", () =>
    expectVerdict(d(D.doubleFilters().filter((r) => r.seed === 1)), "inconclusive"));
});

describe("card 2: larger first kernel", () => {
  const d = exp("ch13-first-kernel-size").decide;
  it("supported when 5×5 is lower in every seed, in both settings", () => expectVerdict(d(D.firstKernel()), "supported"));
  it("not supported when 3×3 wins one seed with batch norm", () => expectVerdict(d(D.firstKernel([0.25, 0.2, 0.24])), "not-supported"));
  it("not supported when the gap is within noise", () => expectVerdict(d(D.firstKernel([0.201, 0.215, 0.191])), "not-supported"));
  it("inconclusive when a run collapsed", () => {
    const v = d(D.firstKernel(undefined, true));
    expectVerdict(v, "inconclusive");
    expect(v.summary).toMatch(/collapsed/);
  });
});

describe("card 3: ActivationStats (api fact)", () => {
  const d = exp("ch13-activation-stats").decide;
  it("supported when the live learner reports every quantity", () => expectVerdict(d(D.activationStats()), "supported"));
  it("not supported when the histogram differs", () => expectVerdict(d(D.activationStats({ hist_bins: 20 })), "not-supported"));
  it("not supported when ReLUs are hooked", () => expectVerdict(d(D.activationStats({ hooked_relu: 4 })), "not-supported"));
  it("inconclusive when a required quantity was not reported", () => {
    const v = d(D.activationStats({}, ["has_std"]));
    expectVerdict(v, "inconclusive");
    expect(v.summary).toContain("has_std");
  });
  it("optional quantities may be absent", () => expectVerdict(d(D.activationStats({}, ["hooked_layers", "valid_batches_recorded"])), "supported"));
});

describe("card 4: callback access (api fact)", () => {
  const d = exp("ch13-callback-access").decide;
  it("supported when learner.recorder and learner.activation_stats exist", () => expectVerdict(d(D.callbacks()), "supported"));
  it("not supported when an attribute is absent", () => expectVerdict(d(D.callbacks({ attr_activation_stats: 0 })), "not-supported"));
  it("inconclusive when not reported", () => expectVerdict(d(D.callbacks({}, ["attr_recorder"])), "inconclusive"));
});

describe("card 5: near-zero activations", () => {
  const d = exp("ch13-near-zero-activations").decide;
  it("supported: growth toward last layers, correlation with loss, zero gradient", () => expectVerdict(d(D.nearZero()), "supported"));
  it("not supported when near-zero shares shrink toward the last layers", () =>
    expectVerdict(d(D.nearZero({ constShares: [0.9, 0.7, 0.5, 0.3] })), "not-supported"));
  it("supported when the deeper layers saturate near 1 (no rank order needed at the ceiling)", () =>
    expectVerdict(d(D.nearZero({ constShares: [0.52, 0.995, 0.975, 0.97] })), "supported"));
  it("not supported when one deeper layer is less than 0.1 above the first", () => {
    const v = d(D.nearZero({ constShares: [0.5, 0.55, 0.9, 0.9] }));
    expectVerdict(v, "not-supported");
    expect(v.numbers.deeperMinusFirstMin).toBeCloseTo(0.05, 9);
  });
  it("not supported when dead channels still get gradient", () => expectVerdict(d(D.nearZero({ deadGrad: 1e-4 })), "not-supported"));
  it("not supported when near-zero share does not go with validation loss", () =>
    expectVerdict(d(D.nearZero({ bnLoss: 3.0 }).map((r) => (r.variantId === "nobn-const" ? { ...r, final: { ...r.final, validLoss: 0.01 } } : r))), "not-supported"));
  it("inconclusive when no channel died", () => {
    const v = d(D.nearZero({ dead: 0 }));
    expectVerdict(v, "inconclusive");
    expect(v.summary).toMatch(/zero-gradient/);
  });
});

describe("card 6: batch size", () => {
  const d = exp("ch13-batch-size").decide;
  it("supported: error ∝ 1/bs and bs 512 less accurate after one epoch", () => {
    const v = d(D.batchSize());
    expectVerdict(v, "supported");
    expect(v.numbers.logLogSlope).toBeCloseTo(-1, 6);
    expect(v.summary).toMatch(/not tested/);
  });
  it("not supported when error shrinks only as 1/√bs", () => expectVerdict(d(D.batchSize({ exponent: 0.5 })), "not-supported"));
  it("not supported when bs 512 is as accurate in one seed", () => expectVerdict(d(D.batchSize({ acc512: [0.85, 0.96, 0.84] })), "not-supported"));
  it("inconclusive when bs 64 collapsed", () => expectVerdict(d(D.batchSize({ collapse64: true })), "inconclusive"));
  it("inconclusive when a batch size's error is missing", () => expectVerdict(d(D.batchSize({ dropBs: 256 })), "inconclusive"));
});

describe("card 7: warmup (shared grid)", () => {
  const d = exp("ch13-lr-warmup").decide;
  it("supported when arms without warmup collapse and warmup arms train", () => {
    const v = d(SUPPORTED["ch13-lr-warmup"]!);
    expectVerdict(v, "supported");
    expect(v.numbers.warmupWins).toBe(6);
  });
  it("supported on lower loss in ≥ 5/6 pairs when nothing collapses", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: w ? 0.1 : i === 0 && a ? 0.09 : 0.2 } }))), "supported"));
  it("not supported when warmup arms do worse", () => expectVerdict(d(D.grid((w) => ({ final: { validLoss: w ? 0.2 : 0.1 } }))), "not-supported"));
  it("inconclusive when every arm collapsed", () => expectVerdict(d(D.grid(() => ({ final: COLLAPSED }))), "inconclusive"));
  it("inconclusive in the grey zone (4/6)", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: w ? 0.1 : i < 2 && a ? 0.05 : 0.2 } }))), "inconclusive"));
});

describe("card 9: annealing (shared grid)", () => {
  const d = exp("ch13-lr-annealing").decide;
  it("supported when annealed arms end lower and steadier", () => expectVerdict(d(SUPPORTED["ch13-lr-annealing"]!), "supported"));
  it("the same grid can support card 9 and not card 7", () => {
    const grid = D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.1 : 0.2) + (w ? 0.05 : 0) + i * 0.01 }, jitter: a ? 0.02 : 0.1 }));
    expectVerdict(d(grid), "supported");
    expectVerdict(exp("ch13-lr-warmup").decide(grid), "not-supported");
  });
  it("not supported when annealed arms are more jittery", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.1 : 0.2) + i * 0.01 }, jitter: a ? 0.2 : 0.1 }))), "not-supported"));
  it("not supported when annealing does not lower the loss", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.2 : 0.1) + i * 0.01 }, jitter: a ? 0.02 : 0.1 }))), "not-supported"));
  it("inconclusive when every arm collapsed", () => expectVerdict(d(D.grid(() => ({ final: COLLAPSED, jitter: 0.01 }))), "inconclusive"));
  it("inconclusive without jitter measurements", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.1 : 0.2) + i * 0.01 } }))), "inconclusive"));
  it("inconclusive in the grey zone", () =>
    expectVerdict(d(D.grid((w, a, i) => ({ final: { validLoss: (a ? 0.1 : 0.2) + i * 0.01 }, jitter: a ? (i === 0 ? 0.3 : 0.02) : 0.1 }))), "inconclusive"));
});

describe("card 8: 1cycle and high learning rates", () => {
  const d = exp("ch13-one-cycle-high-lr").decide;
  it("supported: LR ≥ 0.01 fastest, higher LR smaller gap and flatter", () => {
    const v = d(D.oneCycle());
    expectVerdict(v, "supported");
    expect(v.numbers.fastestLr).toBe(0.03);
    expect(v.summary).toMatch(/hypothesis/);
  });
  it("not supported when a low max LR is fastest", () =>
    expectVerdict(d(D.oneCycle({ steps: { 0.003: [20, 22, 21] } })), "not-supported"));
  it("not supported when the higher LR is sharper", () => expectVerdict(d(D.oneCycle({ sharpHigh: 0.09 })), "not-supported"));
  it("ties in speed go to the lower LR", () => {
    const v = d(D.oneCycle({ steps: { 0.003: [30, 31, 29] } }));
    expect(v.numbers.fastestLr).toBe(0.003);
    expectVerdict(v, "not-supported");
  });
  it("ties in median steps go first to the LR that reached 95% in more seeds (the first recording's case)", () => {
    const v = d(D.oneCycle({ steps: { 0.01: [70, -1, 60], 0.03: [70, 70, 50], 0.06: [50, 80, 70] } }));
    expect(v.numbers.fastestLr).toBe(0.03);
    expect(v.numbers["seedsReached_lr0.01"]).toBe(2);
    expectVerdict(v, "supported");
  });
  it("then to fewer mean steps", () => {
    const v = d(D.oneCycle({ steps: { 0.01: [75, 75, 75], 0.03: [70, 70, 50], 0.06: [70, 70, 40] } }));
    expect(v.numbers.fastestLr).toBe(0.06);
  });
  it("inconclusive when no LR reaches 95%", () =>
    expectVerdict(d(D.oneCycle({ steps: Object.fromEntries(SWEEP_LRS.map((lr) => [lr, [-1, -1, -1]])) })), "inconclusive"));
  it("inconclusive when a small-data run collapsed or sharpness is missing", () => {
    expectVerdict(d(D.oneCycle({ collapseSmall: true })), "inconclusive");
    expectVerdict(d(D.oneCycle({ noSharp: true })), "inconclusive");
  });
});
