// Final validation accuracy and loss per variant: every seed's value and the spread.
import type { RunSummary } from "@/experiments/registry/types.ts";
import { runsByVariant } from "./curves.ts";
import { spreadOf, type Spread } from "./stats.ts";
import { roundStep } from "./ticks.ts";

export interface SeedValue {
  seed: number;
  /** NaN (a diverged run) is kept so the table can say so; charts skip it. */
  value: number;
}

export interface VariantFinal {
  variantId: string;
  acc: { values: SeedValue[]; spread: Spread | null };
  loss: { values: SeedValue[]; spread: Spread | null };
  /** Seeds whose run the trainer marked collapsed (predicts one class). */
  collapsedSeeds: number[];
}

export function variantFinals(runs: readonly RunSummary[], order: readonly string[] = []): VariantFinal[] {
  return [...runsByVariant(runs, order)].map(([variantId, rs]) => {
    const sorted = [...rs].sort((a, b) => a.seed - b.seed);
    const acc = sorted.map((r) => ({ seed: r.seed, value: r.final.validAcc }));
    const loss = sorted.map((r) => ({ seed: r.seed, value: r.final.validLoss }));
    return {
      variantId,
      acc: { values: acc, spread: spreadOf(acc.map((v) => v.value)) },
      loss: { values: loss, spread: spreadOf(loss.map((v) => v.value)) },
      collapsedSeeds: sorted.filter((r) => r.collapsed).map((r) => r.seed),
    };
  });
}

/**
 * An axis range around all values with 8 % padding, widened outward to multiples of a round step
 * (1, 2, 2.5 or 5 × 10^k, about a quarter of the range) so the ticks read cleanly, then clamped to [lo, hi].
 */
export function paddedDomain(values: readonly number[], lo = Number.NEGATIVE_INFINITY, hi = Number.POSITIVE_INFINITY): [number, number] {
  const s = spreadOf(values);
  if (!s) return [Math.max(lo, 0), Math.min(hi, 1)];
  const pad = (s.max - s.min) * 0.08 || Math.abs(s.max) * 0.05 || 0.05;
  const step = roundStep((s.max - s.min + 2 * pad) / 4);
  // The 1e-9 keeps a bound that is already a multiple (1.9 / 0.05 = 37.99999…) where it is.
  const a = Math.floor((s.min - pad) / step + 1e-9) * step;
  const b = Math.ceil((s.max + pad) / step - 1e-9) * step;
  // Rounding noise (0.30000000000000004) would show in the ticks.
  const clean = (v: number) => Number(v.toPrecision(12));
  return [Math.max(lo, clean(a)), Math.min(hi, clean(b))];
}
