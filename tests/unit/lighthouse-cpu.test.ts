import { describe, expect, it } from "vitest";
import { calibratedCpuMultiplier } from "../../scripts/bench/lighthouse-cpu.ts";

describe("calibratedCpuMultiplier", () => {
  it("gives Lighthouse's default ×4 only on the fast desktop it was calibrated on, less on slower machines", () => {
    expect(calibratedCpuMultiplier(1533)).toBeCloseTo(4, 2);
    expect(calibratedCpuMultiplier(2000)).toBeCloseTo(6, 2);
    expect(calibratedCpuMultiplier(1300)).toBeCloseTo(3, 5);
    expect(calibratedCpuMultiplier(800)).toBeCloseTo(2, 5);
    expect(calibratedCpuMultiplier(475)).toBeCloseTo(1.5, 5);
    expect(calibratedCpuMultiplier(100)).toBe(1);
    expect(calibratedCpuMultiplier(Number.NaN)).toBe(1);
  });
  it("never slows a faster machine less than a slower one", () => {
    for (let i = 100; i < 2500; i += 10) expect(calibratedCpuMultiplier(i + 10)).toBeGreaterThanOrEqual(calibratedCpuMultiplier(i));
  });
});
