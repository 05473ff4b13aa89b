// Lighthouse's CPU throttling is a multiplier on the machine it runs on: its default ×4 was calibrated on
// a desktop fast enough to turn into a mid-tier phone. On a slower machine ×4 emulates a slower phone.
// Lighthouse measures the machine (`environment.benchmarkIndex` in each report) and its authors publish the
// multiplier that brings a machine of that index to the same phone (the "lighthouse CPU throttling
// calculator"; Lighthouse's own PageSpeed Insights config uses ×1.2 for its servers for the same reason).
// This is that table's piecewise-linear mapping.

/** The CPU slowdown that makes a machine of this benchmark index emulate Lighthouse's mid-tier phone. */
export function calibratedCpuMultiplier(benchmarkIndex: number): number {
  if (!Number.isFinite(benchmarkIndex) || benchmarkIndex <= 150) return 1;
  if (benchmarkIndex >= 1300) return 3 + (benchmarkIndex - 1300) / 233; // 1300 → ×3, 1533 → ×4, 2000 → ×6
  if (benchmarkIndex >= 800) return 2 + (benchmarkIndex - 800) / 500; // 800 → ×2
  return 1 + (benchmarkIndex - 150) / 650; // 150 → ×1
}
