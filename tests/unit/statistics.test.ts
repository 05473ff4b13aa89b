// The statistics behind every verdict, against values computed independently (SciPy 1.17: t.ppf,
// beta.ppf, noncentral-t power) and a paired-t example worked by hand.
import { describe, expect, it } from "vitest";
import { clopperPearson, pairedT, scaled, spearmanInterval, tInterval, tq } from "../../experiments/statistics/intervals.ts";
import { combine, describeTest, judge, type Test } from "../../experiments/statistics/judge.ts";
import { pairsForShare, powerOfShare, seedsForPairedT } from "../../experiments/statistics/power.ts";

describe("t quantiles (stdlib), against SciPy's t.ppf", () => {
  it.each([
    [0.975, 2, 4.302652729749462],
    [0.975, 9, 2.262157162798205],
    [0.975, 30, 2.0422724563012378],
    [0.8, 9, 0.8834038596855346],
  ])("t(%d, df %d) = %d", (p, df, want) => expect(tq(p, df)).toBeCloseTo(want, 10));
});

describe("paired t interval", () => {
  it("matches the example worked by hand", () => {
    // differences 0.02, 0.01, 0.03, 0.01: mean 0.0175, sd √(2.75e-4 / 3) = 0.0095743, se 0.0047871,
    // t(0.975, 3) = 3.182446, half-width 0.0152348
    const iv = pairedT([0.95, 0.96, 0.97, 0.94], [0.93, 0.95, 0.94, 0.93]);
    expect(iv.estimate).toBeCloseTo(0.0175, 12);
    expect(iv.se).toBeCloseTo(0.004787135538781691, 12);
    expect(iv.df).toBe(3);
    expect(iv.lo).toBeCloseTo(0.0175 - 0.01523480180829078, 10);
    expect(iv.hi).toBeCloseTo(0.0175 + 0.01523480180829078, 10);
    expect(iv.method).toBe("paired t");
    expect(iv.n).toBe(4);
  });

  it("gives no interval for fewer than 2 pairs or a non-finite value, and refuses unpaired input", () => {
    expect(Number.isNaN(tInterval([1]).lo)).toBe(true);
    expect(tInterval([1]).estimate).toBe(1);
    expect(Number.isNaN(tInterval([1, Number.NaN, 2]).hi)).toBe(true);
    expect(() => pairedT([1, 2], [1])).toThrow(RangeError);
  });

  it("scales an interval into another unit", () => {
    const iv = scaled(tInterval([0.01, 0.02, 0.03]), 100);
    expect(iv.estimate).toBeCloseTo(2, 12);
    expect(iv.hi - iv.lo).toBeCloseTo(100 * (tInterval([0.01, 0.02, 0.03]).hi - tInterval([0.01, 0.02, 0.03]).lo), 10);
  });
});

describe("Clopper–Pearson interval, against SciPy's beta.ppf", () => {
  it("5 of 10", () => {
    const iv = clopperPearson(5, 10);
    expect(iv.lo).toBeCloseTo(0.18708602844739855, 10);
    expect(iv.hi).toBeCloseTo(0.8129139715526015, 10);
  });
  it("all or none: the closed-form bounds", () => {
    expect(clopperPearson(6, 6).lo).toBeCloseTo(0.025 ** (1 / 6), 10); // 0.5407
    expect(clopperPearson(6, 6).hi).toBe(1);
    expect(clopperPearson(0, 10).hi).toBeCloseTo(1 - 0.025 ** (1 / 10), 10); // 0.3085
    expect(clopperPearson(0, 10).lo).toBe(0);
  });
  it("no trials: no interval", () => expect(Number.isNaN(clopperPearson(0, 0).lo)).toBe(true));
});

describe("Spearman interval through Fisher z", () => {
  it("ρ = 0.5 over 12 runs: tanh(atanh 0.5 ± 1.96·√(1.06/9))", () => {
    const iv = spearmanInterval(0.5, 12);
    expect(iv.lo).toBeCloseTo(-0.12270782765994147, 8);
    expect(iv.hi).toBeCloseTo(0.8402259835154469, 8);
  });
  it("needs at least 4 runs", () => expect(Number.isNaN(spearmanInterval(0.9, 3).lo)).toBe(true));
});

describe("judging an interval against a pre-set test", () => {
  const sup: Test = { kind: "superiority", null: 0, margin: 0.5 };
  const noninf: Test = { kind: "non-inferiority", null: 0, margin: 0.5 };
  const eq: Test = { kind: "equivalence", lower: -1.3, upper: -0.7 };
  it.each([
    // superiority: above 0 → supported; below 0 → contradicted; inside ±margin → contradicted (equivalence shown); else not shown
    [sup, 0.1, 2, "supported"],
    [sup, -2, -0.1, "contradicted"],
    [sup, -0.4, 0.45, "contradicted"],
    [sup, -0.2, 1.5, "not-shown"],
    [sup, -1, 0.3, "not-shown"],
    // non-inferiority: lower end above −margin → supported; upper end below −margin → contradicted
    [noninf, -0.4, 1, "supported"],
    [noninf, -2, -0.6, "contradicted"],
    [noninf, -0.7, 0.2, "not-shown"],
    // equivalence band
    [eq, -1.2, -0.8, "supported"],
    [eq, -0.6, -0.1, "contradicted"],
    [eq, -2, -1.4, "contradicted"],
    [eq, -1.5, -0.9, "not-shown"],
  ] as const)("%o on [%d, %d] → %s", (test, lo, hi, want) => expect(judge({ lo, hi }, test)).toBe(want));

  it("no interval is inconclusive, whatever the test", () => {
    for (const t of [sup, noninf, eq]) expect(judge({ lo: Number.NaN, hi: Number.NaN }, t)).toBe("inconclusive");
  });

  it("a claim holds only if every part does", () => {
    expect(combine(["supported", "supported"])).toBe("supported");
    expect(combine(["supported", "not-shown"])).toBe("not-shown");
    expect(combine(["not-shown", "inconclusive"])).toBe("inconclusive");
    expect(combine(["inconclusive", "contradicted", "supported"])).toBe("contradicted");
    expect(combine([])).toBe("inconclusive");
  });

  it("states the test in words with its unit", () => {
    expect(describeTest(sup, "percentage points")).toBe("claimed above 0 percentage points; ±0.5 percentage points around 0 counts as no effect");
    expect(describeTest(noninf, "nats")).toBe("claimed no worse than -0.5 nats (margin 0.5 nats)");
    expect(describeTest(eq, "log–log slope")).toBe("claimed between -1.3 and -0.7 log–log slope");
  });
});

describe("seed counts from pilot spread", () => {
  it("paired t at effect = 1 sd needs 10 seeds: the first n whose exact power (noncentral t, SciPy) reaches 0.8", () => {
    // SciPy: power 0.681 at n = 8, 0.748 at n = 9, 0.803 at n = 10
    expect(seedsForPairedT(1, { kind: "superiority", null: 0, margin: 1 })).toBe(10);
  });
  it("needs more seeds for more spread, never fewer than 3, and says when no count up to 200 suffices", () => {
    const t: Test = { kind: "superiority", null: 0, margin: 1 };
    expect(seedsForPairedT(2, t)).toBeGreaterThan(seedsForPairedT(1, t));
    expect(seedsForPairedT(0.01, t)).toBe(3);
    expect(seedsForPairedT(100, t)).toBe(201);
    expect(Number.isNaN(seedsForPairedT(Number.NaN, t))).toBe(true);
  });
  it("equivalence asks both ends to clear the band", () => {
    const half = seedsForPairedT(0.1, { kind: "equivalence", lower: -1.3, upper: -0.7 });
    expect(half).toBeGreaterThanOrEqual(seedsForPairedT(0.1, { kind: "non-inferiority", null: 0, margin: 0.3 }));
  });
  it("win shares: exact binomial power of the Clopper–Pearson bound", () => {
    // 5 of 5 wins gives a lower bound 0.025^(1/5) = 0.478 < 0.5; 6 of 6 gives 0.541 > 0.5
    expect(powerOfShare(5, 0.99, 0.5)).toBe(0);
    expect(powerOfShare(6, 0.9, 0.5)).toBeCloseTo(0.9 ** 6, 12);
    const n = pairsForShare(0.95, 0.5);
    expect(powerOfShare(n, 0.95, 0.5)).toBeGreaterThanOrEqual(0.8);
    expect(powerOfShare(n - 1, 0.95, 0.5)).toBeLessThan(0.8);
    expect(pairsForShare(0.5, 0.5)).toBe(201);
  });
});
