import { beforeAll, describe, expect, it } from "vitest";
import { initWasmBackend } from "../../experiments/backend/wasm-node.ts";
import { loadMnistNode } from "../../experiments/data/load-node.ts";
import { stratifiedSplit } from "../../experiments/data/mnist.ts";
import { learnerDataFromMnist, type LearnerData } from "../../experiments/learner/learner.ts";
import { designSchema, designSeconds, type CustomDesign } from "../../experiments/custom/design.ts";
import { definitionOf } from "../../experiments/custom/definition.ts";
import { designSha256, historyOf, recordingOf, type CustomVersion } from "../../experiments/custom/recording.ts";
import { MAX_CURVE_POINTS as SUBMITTED_CURVE_POINTS, browserOf, checkSubmission, deviceClassOf, submissionSchema, type Submission } from "../../experiments/custom/submission.ts";
import { parseRecording } from "../../experiments/recordings/index.ts";
import type { RunSummary } from "../../experiments/registry/types.ts";
import { runExperiment } from "../../experiments/runner/run-experiment.ts";
import { MAX_CURVE_POINTS } from "../../experiments/runner/run-variant.ts";
import { buildWhyView } from "../../lib/why/view.ts";

const variant = (label: string, over: Partial<CustomDesign["variants"][number]> = {}) => ({
  label, channels: [4, 8, 8, 8], firstKernel: 3 as const, batchNorm: false, lr: 0.01, schedule: "constant" as const, bs: 64, steps: 20, ...over,
});
const design = (over: Partial<CustomDesign> = {}): CustomDesign => ({
  claim: "A higher learning rate trains this small CNN faster.",
  variants: [variant("lr 0.01"), variant("lr 0.001", { lr: 0.001 })],
  firstSeed: 101,
  seedCount: 3,
  rule: { template: "beats", a: "a", b: "b", metric: "validAcc", margin: 1 },
  ...over,
});
const issues = (d: unknown) => {
  const r = designSchema.safeParse(d);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("designing an experiment: every parameter within bounds", () => {
  it("accepts a design inside the bounds and refuses each parameter outside them, naming it", () => {
    expect(issues(design())).toEqual([]);
    expect(issues(design({ variants: [variant("x", { lr: 2 }), variant("y")] }))[0]).toMatch(/variants\.0\.lr: Learning rate must be at most 0.5/);
    expect(issues(design({ variants: [variant("x", { lr: Number.NaN }), variant("y")] }))[0]).toMatch(/variants\.0\.lr/);
    expect(issues(design({ variants: [variant("x", { channels: [4, 8, 8] }), variant("y")] }))[0]).toMatch(/Exactly 4 hidden conv layers/);
    expect(issues(design({ variants: [variant("x", { channels: [4, 8, 8, 500] }), variant("y")] }))[0]).toMatch(/Channels must be at most 64/);
    expect(issues(design({ variants: [variant("x", { bs: 12.5 }), variant("y")] }))[0]).toMatch(/Batch size must be a whole number/);
    expect(issues(design({ variants: [variant("x", { steps: 5 }), variant("y")] }))[0]).toMatch(/Steps must be at least 10/);
    expect(issues(design({ variants: [variant("only")] }))[0]).toMatch(/At least 2 variants/);
    expect(issues(design({ seedCount: 1 }))[0]).toMatch(/Seeds must be at least 2/);
    expect(issues(design({ rule: { template: "beats", a: "a", b: "c", metric: "validAcc", margin: 1 } }))[0]).toMatch(/Variant C does not exist/);
    expect(issues(design({ rule: { template: "trend", metric: "validAcc", margin: 0.2 } }))[0]).toMatch(/A trend needs at least 3 variants/);
    expect(issues(design({ rule: { template: "within", a: "a", b: "b", metric: "validLoss", margin: 5 } }))[0]).toMatch(/margin must be between 0.001 and 1 nats/);
    expect(issues({ ...design(), extra: 1 })[0]).toMatch(/Unrecognized key/);
    expect(issues(design({ variants: [variant("x", { channels: [64, 64, 64, 64], steps: 1000, bs: 512 }), variant("y", { channels: [64, 64, 64, 64], steps: 1000, bs: 512 })], seedCount: 10 }))[0]).toMatch(
      /Too much training/,
    );
    expect(designSeconds(design())).toBeLessThan(30);
  });

  it("freezes to a hash that ignores key order and changes with any pre-registered choice", () => {
    const d = design();
    const shuffled = JSON.parse(JSON.stringify({ rule: d.rule, seedCount: d.seedCount, firstSeed: d.firstSeed, variants: d.variants, claim: d.claim })) as CustomDesign;
    expect(designSha256(1, shuffled)).toBe(designSha256(1, d));
    expect(designSha256(2, d)).not.toBe(designSha256(1, d));
    expect(designSha256(1, design({ firstSeed: 102 }))).not.toBe(designSha256(1, d));
    expect(designSha256(1, design({ rule: { ...d.rule, margin: 2 } as CustomDesign["rule"] }))).not.toBe(designSha256(1, d));
  });
});

// Synthetic runs: accuracy per variant and seed as given.
function runsOf(acc: Record<string, number[]>, d = design()): RunSummary[] {
  const seeds = Array.from({ length: d.seedCount }, (_, i) => d.firstSeed + i);
  return Object.entries(acc).flatMap(([variantId, xs]) =>
    xs.map((a, i) => ({
      variantId, seed: seeds[i]!, steps: 20, final: { validAcc: a, validLoss: 2 - a, trainLoss: 2 - a }, trainLossCurve: [2.3, 1.5, 1],
      metrics: {}, majorityShare: 0.1135,
    })),
  );
}

describe("the rule templates judge intervals, fixed before the runs", () => {
  const def = (d: CustomDesign) => definitionOf(d, { id: "custom-t", version: 1, revisions: [] });

  it("A beats B: supported above 0, contradicted below or inside ±margin, not shown when too noisy", () => {
    const d = design();
    expect(def(d).decide(runsOf({ a: [0.9, 0.92, 0.91], b: [0.85, 0.86, 0.85] })).verdict).toBe("supported");
    expect(def(d).decide(runsOf({ a: [0.85, 0.86, 0.85], b: [0.9, 0.92, 0.91] })).verdict).toBe("contradicted");
    expect(def(d).decide(runsOf({ a: [0.9, 0.901, 0.9], b: [0.9, 0.9, 0.9005] })).verdict).toBe("contradicted"); // inside ±1 pp
    expect(def(d).decide(runsOf({ a: [0.95, 0.8, 0.93], b: [0.85, 0.92, 0.84] })).verdict).toBe("not-shown");
    const v = def(d).decide(runsOf({ a: [0.9, 0.92, 0.91], b: [0.85, 0.86, 0.85] }));
    expect(v.checks[0]!.estimate!.unit).toBe("percentage points");
    expect(v.checks[0]!.estimate!.estimate).toBeCloseTo(5.67, 1);
    expect(v.summary).toMatch(/Held: a beats b/i);
  });

  it("on a loss, lower is better: the difference is B − A", () => {
    const d = design({ rule: { template: "beats", a: "a", b: "b", metric: "validLoss", margin: 0.01 } });
    expect(def(d).decide(runsOf({ a: [0.9, 0.92, 0.91], b: [0.85, 0.86, 0.85] })).verdict).toBe("supported");
  });

  it("A within a margin of B is equivalence; a trend is Spearman's ρ along the variants' order", () => {
    const w = design({ rule: { template: "within", a: "a", b: "b", metric: "validAcc", margin: 1 } });
    expect(def(w).decide(runsOf({ a: [0.9, 0.901, 0.9], b: [0.9, 0.9, 0.9005] })).verdict).toBe("supported");
    expect(def(w).decide(runsOf({ a: [0.9, 0.92, 0.91], b: [0.85, 0.86, 0.85] })).verdict).toBe("contradicted");
    const t = design({ variants: [variant("1"), variant("2"), variant("3")], seedCount: 4, rule: { template: "trend", metric: "validAcc", margin: 0.1 } });
    expect(def(t).decide(runsOf({ a: [0.8, 0.81, 0.79, 0.8], b: [0.85, 0.86, 0.84, 0.85], c: [0.9, 0.91, 0.9, 0.92] }, t)).verdict).toBe("supported");
    expect(def(t).decide(runsOf({ a: [0.9, 0.91, 0.9, 0.92], b: [0.85, 0.86, 0.84, 0.85], c: [0.8, 0.81, 0.79, 0.8] }, t)).verdict).toBe("contradicted");
  });

  it("missing runs are inconclusive, never a verdict", () => {
    expect(def(design()).decide(runsOf({ a: [0.9, 0.92, 0.91] })).verdict).toBe("inconclusive");
  });
});

describe("a recording sent from the author's browser", () => {
  const d = design();
  const def = definitionOf(d, { id: "custom-t", version: 1, revisions: [] });
  const good = (): Submission => ({
    version: 1,
    sha256: "a".repeat(64),
    runs: runsOf({ a: [0.9, 0.92, 0.91], b: [0.85, 0.86, 0.85] }).map((r) => ({ ...r, steps: 20, trainLossCurve: Array.from({ length: 200 }, (_, i) => 2.3 - i / 100), majorityShare: 0.1135 })),
    verdict: "supported",
    environment: { backend: "wasm", tfjsVersion: "4.22.0", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36", wallMs: 1234 },
  });

  it("is accepted with the verdict the server recomputes, curves at recording resolution", () => {
    const checked = checkSubmission(def, submissionSchema.parse(good()));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.verdict.verdict).toBe("supported");
    expect(checked.runs.every((r) => r.trainLossCurve.length <= 100)).toBe(true);
  });

  it("is refused when it is not the frozen design's runs, or claims a verdict its runs do not give", () => {
    const missing = { ...good(), runs: good().runs.slice(1) };
    expect(checkSubmission(def, missing)).toMatchObject({ ok: false, error: expect.stringMatching(/Missing runs: A SEED 101/) });
    const foreign = good();
    foreign.runs[0]!.seed = 7;
    expect(checkSubmission(def, foreign)).toMatchObject({ ok: false, error: expect.stringMatching(/not part of the pre-registered design/) });
    const twice = good();
    twice.runs[1] = { ...twice.runs[0]! };
    expect(checkSubmission(def, twice)).toMatchObject({ ok: false, error: expect.stringMatching(/sent twice/) });
    const steps = good();
    steps.runs[0]!.steps = 10;
    expect(checkSubmission(def, steps)).toMatchObject({ ok: false, error: expect.stringMatching(/trained 10 steps; the pre-registered design says 20/) });
    expect(checkSubmission(def, { ...good(), verdict: "contradicted" })).toMatchObject({ ok: false, error: expect.stringMatching(/does not follow from the runs/) });
  });

  it("refuses non-finite or out-of-range numbers and oversized parts before judging", () => {
    const nan = good() as unknown as { runs: { final: { validAcc: unknown } }[] };
    nan.runs[0]!.final.validAcc = Number.NaN;
    expect(submissionSchema.safeParse(nan).success).toBe(false);
    const inf = good() as unknown as { runs: { trainLossCurve: unknown[] }[] };
    inf.runs[0]!.trainLossCurve[3] = Number.POSITIVE_INFINITY;
    expect(submissionSchema.safeParse(inf).success).toBe(false);
    const acc = good();
    acc.runs[0]!.final.validAcc = 1.5;
    expect(submissionSchema.safeParse(acc).success).toBe(false);
    const long = good();
    long.runs[0]!.trainLossCurve = Array(201).fill(1);
    expect(submissionSchema.safeParse(long).success).toBe(false);
    expect(SUBMITTED_CURVE_POINTS).toBe(MAX_CURVE_POINTS);
  });

  it("recomputes collapse itself instead of believing the browser", () => {
    const s = good();
    for (const r of s.runs.filter((x) => x.variantId === "b")) {
      r.final = { validAcc: 0.1135, validLoss: Math.log(10), trainLoss: Math.log(10) };
      r.collapsed = false;
    }
    s.verdict = undefined;
    const checked = checkSubmission(def, s);
    expect(checked.ok && checked.runs.filter((r) => r.collapsed).length).toBe(3);
  });

  it("says where it was made", () => {
    expect(deviceClassOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1")).toBe("phone");
    expect(deviceClassOf("Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/131.0 Mobile Safari/537.36")).toBe("phone");
    expect(deviceClassOf("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")).toBe("desktop");
    expect(browserOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toBe("Chrome 131 on Linux");
    expect(browserOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).toBe("Safari 17 on iOS");
  });

  it("reads back as a recording the why view shows, with where it was made and the earlier versions", () => {
    const checked = checkSubmission(def, good());
    if (!checked.ok) throw new Error(checked.error);
    const v1: CustomVersion = {
      version: 1, design: d, sha256: designSha256(1, d), frozenAt: new Date("2026-12-01T10:00:00Z"), revision: null,
      recording: { runs: checked.runs, verdict: checked.verdict, tfjsVersion: "4.22.0", wallMs: 1234, provenance: { where: "browser", backend: "wasm", userAgent: "UA", deviceClass: "desktop", browser: "Chrome 131 on Linux" } },
      recordedAt: new Date("2026-12-01T10:05:00Z"), recordedBy: "Ada",
    };
    const d2 = design({ firstSeed: 201 });
    const v2: CustomVersion = { ...v1, version: 2, design: d2, sha256: designSha256(2, d2), revision: { version: 2, date: "2026-12-01", afterSeeingResults: true, change: "more seeds", because: "too noisy" } };
    const rec = parseRecording(JSON.parse(JSON.stringify(recordingOf("custom-t", [v1, v2], v2))));
    const view = buildWhyView(rec, { history: historyOf([v1, v2], 2), excerpts: [] });
    expect(view.facts.find((f) => f.label === "Recorded where")?.value).toBe("In Ada's browser: Chrome 131 on Linux, a desktop");
    expect(view.preregistration?.sha256).toBe(v2.sha256);
    expect(view.preregistration?.fresh).toBe(true);
    expect(view.history.map((h) => h.kind)).toEqual(["recorded", "revised", "current"]);
    expect(recordingOf("custom-t", [v1], { ...v1, recording: null })).toBeNull();
  });
});

describe("a design trains with the registry's runner", () => {
  let data: LearnerData;
  beforeAll(async () => {
    await initWasmBackend();
    const mnist = await loadMnistNode();
    const split = stratifiedSplit(mnist.labels);
    data = learnerDataFromMnist(mnist, { train: split.train, valid: split.valid.subarray(0, 300) });
  }, 30_000);

  it("runs every variant × seed for the planned steps, and the server accepts exactly those runs", async () => {
    const d = design({ variants: [variant("lr 0.02", { lr: 0.02, steps: 12, channels: [2, 4, 4, 4] }), variant("lr 0.0005", { lr: 0.0005, steps: 12, channels: [2, 4, 4, 4] })], seedCount: 2 });
    const def = definitionOf(d, { id: "custom-run", version: 1, revisions: [] });
    const result = await runExperiment(def, data, { mode: "full" });
    expect(result.runs.map((r) => `${r.variantId}${r.seed}:${r.steps}`)).toEqual(["a101:12", "b101:12", "a102:12", "b102:12"]);
    const sent: Submission = submissionSchema.parse({
      version: 1, sha256: "b".repeat(64), verdict: result.verdict.verdict,
      runs: result.runs.map((r) => ({ variantId: r.variantId, seed: r.seed, steps: r.steps, final: r.final, trainLossCurve: r.trainLossCurve, metrics: r.metrics, majorityShare: r.majorityShare, collapsed: r.collapsed })),
      environment: { backend: "wasm", tfjsVersion: "4.22.0", userAgent: "node", wallMs: result.wallMs },
    });
    const checked = checkSubmission(def, sent);
    expect(checked.ok && checked.verdict.verdict).toBe(result.verdict.verdict);
  }, 60_000);
});
