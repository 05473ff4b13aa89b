// bench:why's verdict (scripts/bench/summary.ts): the ratio of paired loads, judged by its 95 % interval, so
// that a noisy run is "not shown" rather than a lucky pass or an unlucky miss.
import { describe, expect, it } from "vitest";
import { pairedRatio, ratioVerdict } from "../../scripts/bench/summary.ts";

describe("bench:why paired ratio", () => {
  it("is the geometric mean of the pair ratios", () => {
    // Ratios 1.1 and 1.1·1.21 / 1.1 … : pairs 220/200 and 242/200 → ratios 1.1 and 1.21, geometric mean √(1.1·1.21).
    const r = pairedRatio([220, 242], [200, 200]);
    expect(r.estimate).toBeCloseTo(Math.sqrt(1.1 * 1.21), 10);
    expect(r.n).toBe(2);
  });

  it("meets the target when every pair has the same ratio below it", () => {
    const r = pairedRatio([110, 220, 330], [100, 200, 300]);
    expect(r.lo).toBeCloseTo(1.1, 10);
    expect(r.hi).toBeCloseTo(1.1, 10);
    expect(ratioVerdict(r, { atMost: 1.2 })).toBe("met");
  });

  it("says 'not shown' when the interval straddles the target, though the estimate is below it", () => {
    // Log ratios ±0.1 over 4 pairs: mean 0, sd 0.1155, t(0.975, 3) = 3.182 → exp(±0.1837) = 0.832–1.202.
    const b = [100, 100, 100, 100];
    const a = [Math.exp(0.1), Math.exp(-0.1), Math.exp(0.1), Math.exp(-0.1)].map((x) => 100 * x);
    const r = pairedRatio(a, b);
    expect(r.estimate).toBeCloseTo(1, 10);
    expect(r.lo).toBeCloseTo(0.832, 3);
    expect(r.hi).toBeCloseTo(1.202, 3);
    expect(ratioVerdict(r, { atMost: 1.2 })).toBe("not shown");
    expect(ratioVerdict(r, { atMost: 1.21 })).toBe("met");
  });

  it("is a miss only when the whole interval is above the target", () => {
    const r = pairedRatio([150, 160, 140, 155], [100, 100, 100, 100]);
    expect(r.lo).toBeGreaterThan(1.2);
    expect(ratioVerdict(r, { atMost: 1.2 })).toBe("miss");
  });

  it("shows nothing from fewer than two pairs, and refuses unpaired data", () => {
    expect(ratioVerdict(pairedRatio([100], [100]), { atMost: 1.2 })).toBe("not shown");
    expect(() => pairedRatio([1, 2], [1])).toThrow(RangeError);
  });
});
