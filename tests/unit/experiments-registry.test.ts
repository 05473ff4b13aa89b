// The experiment registry as data: one definition per chapter-13 card, its pre-registration bookkeeping
// (versions, revisions, fresh seeds, sources), the compute budget, the multiply counts and the small
// statistics helpers. The decision rules themselves are tested in experiments-rules.test.ts.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { CHAPTER13_CARDS } from "../../lib/decks/chapter13.ts";
import { estimateSeconds } from "../../experiments/registry/budget.ts";
import { EXPERIMENTS, experimentById, registryProblems } from "../../experiments/registry/index.ts";
import { macsPerLayer, shapeOfModel, simpleCnnPlan, totalMacs } from "../../experiments/registry/model-cost.ts";
import { isCollapsed, mean, pooledSd, ranks, sampleSd, slope, spearman, standardError } from "../../experiments/registry/stats.ts";
import type { ExperimentDefinition } from "../../experiments/registry/types.ts";

const exp = (id: string): ExperimentDefinition => {
  const e = experimentById(id);
  if (!e) throw new Error(`missing ${id}`);
  return e;
};
const TRAINED = EXPERIMENTS.filter((e) => e.kind === "trained");
const REPO_ROOT = new URL("../../", import.meta.url);

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
      expect(exp(id).sources.some((s) => s.text.includes("fastai/") && s.href.startsWith("https://github.com/fastai/"))).toBe(true);
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

  // Full runs now have up to 8 seeds (largest estimate ≈ 10 min, card 2); quick (phone) mode stays ≤ 20 s.
  it("keeps each experiment within the 2-core budget (full ≤ 12 min, quick ≤ 20 s)", () => {
    for (const e of EXPERIMENTS) {
      expect(estimateSeconds(e), e.id).toBeLessThanOrEqual(12 * 60);
      expect(estimateSeconds(e, true), e.id).toBeLessThanOrEqual(20);
    }
    // full mode grows with the seed count: every trained experiment at maxSeeds stays within budget too
    for (const e of TRAINED) {
      const atMax = { ...e, seeds: Array.from({ length: e.maxSeeds }, (_, i) => 1000 + i) };
      expect(estimateSeconds(atMax), e.id).toBeLessThanOrEqual(12 * 60);
    }
  });

  it("computes the simple_cnn multiply counts of docs/fastbook-ch13.md", () => {
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

// ---------- pre-registration bookkeeping ----------
describe("pre-registered definitions (issue #9)", () => {
  it("every trained definition is at version ≥ 2 with a revision for each version after 1, oldest first", () => {
    expect(TRAINED).toHaveLength(7);
    for (const e of EXPERIMENTS) {
      if (e.kind === "trained") expect(e.version, e.id).toBeGreaterThanOrEqual(2);
      const versions = e.revisions.map((r) => r.version);
      expect(versions, e.id).toEqual(Array.from({ length: e.version - 1 }, (_, i) => i + 2));
      for (const r of e.revisions) {
        expect(r.date, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(r.change.length, e.id).toBeGreaterThan(20);
        expect(r.because.length, e.id).toBeGreaterThan(20);
        expect(typeof r.afterSeeingResults).toBe("boolean");
      }
      const dates = e.revisions.map((r) => r.date);
      expect([...dates].sort(), e.id).toEqual(dates);
    }
  });

  it("cards 5 and 8 were revised after seeing results at version 2, then re-registered at version 3 for fresh seeds", () => {
    for (const id of ["ch13-near-zero-activations", "ch13-one-cycle-high-lr"]) {
      const e = exp(id);
      expect(e.version, id).toBe(3);
      expect(e.revisions.find((r) => r.version === 2)?.afterSeeingResults, id).toBe(true);
      const v3 = e.revisions.find((r) => r.version === 3);
      expect(v3, id).toBeDefined();
      expect(v3!.change, id).toMatch(/fresh seeds/);
    }
  });

  it("confirmatory seeds are fresh (disjoint from the pilot's), within the budget, at least 3", () => {
    for (const e of TRAINED) {
      expect(e.pilotSeeds.length, e.id).toBeGreaterThan(0);
      expect(e.seeds.filter((s) => e.pilotSeeds.includes(s)), e.id).toEqual([]);
      expect(new Set(e.seeds).size, e.id).toBe(e.seeds.length);
      expect(e.seeds.length, e.id).toBeLessThanOrEqual(e.maxSeeds);
      expect(e.seeds.length, e.id).toBeGreaterThanOrEqual(3);
      expect(e.seeds.filter((s) => e.quick.seeds.includes(s)), e.id).toEqual([]);
      expect(Object.keys(e.thresholds).length, e.id).toBeGreaterThan(0);
    }
    // versions' seeds never overlap between experiments that do not share a run group
    const seen = new Map<number, string>();
    for (const e of TRAINED) {
      for (const s of e.seeds) {
        const other = seen.get(s);
        if (other && other !== (e.runGroup ?? e.id)) throw new Error(`seed ${s} used by ${other} and ${e.id}`);
        seen.set(s, e.runGroup ?? e.id);
      }
    }
  });

  it("api facts have no pilot, no power plan and one live seed", () => {
    for (const e of EXPERIMENTS.filter((x) => x.kind === "api-fact")) {
      expect(e.pilotSeeds, e.id).toEqual([]);
      expect(e.seeds, e.id).toEqual([1]);
      expect(e.maxSeeds, e.id).toBe(1);
      expect(e.plan([]), e.id).toEqual([]);
    }
  });

  it("states its limits and decision rule in words", () => {
    for (const e of EXPERIMENTS) {
      expect(e.limits.trim().length, e.id).toBeGreaterThan(40);
      expect(e.decisionRule.trim().length, e.id).toBeGreaterThan(40);
      if (e.kind === "trained") expect(e.decisionRule, e.id).toMatch(/95 %/);
    }
  });

  it("sources are https links a reader can open, with no “shared reference” and no .md file outside the repo", () => {
    for (const e of EXPERIMENTS) {
      expect(e.sources.length, e.id).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(typeof s.text, e.id).toBe("string");
        expect(s.text.trim().length, e.id).toBeGreaterThan(5);
        expect(s.href, `${e.id}: ${s.text}`).toMatch(/^https:\/\/[^\s]+$/);
        expect(() => new URL(s.href)).not.toThrow();
        expect(`${s.text} ${s.href}`, e.id).not.toMatch(/shared reference/i);
        for (const m of s.text.matchAll(/[\w./-]+\.md\b/g)) expect(existsSync(new URL(m[0], REPO_ROOT)), `${e.id}: ${m[0]}`).toBe(true);
        expect(s.href, e.id).not.toMatch(/\.md(#|$)/);
      }
      const hrefs = e.sources.map((s) => `${s.text}|${s.href}`);
      expect(new Set(hrefs).size, e.id).toBe(hrefs.length);
    }
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
