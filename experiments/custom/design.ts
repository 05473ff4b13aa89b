/**
 * An author's own experiment (pure): what an instructor may choose when backing a card with evidence
 * of their own. It is the registry's model family (the book's simple_cnn on 8,000 MNIST digits) with
 * every parameter inside validated bounds, and one decision rule from a small set of templates.
 *
 * The design is pre-registered as it is: the server hashes its canonical JSON when it is frozen, and a
 * recording is only accepted for the frozen design (experiments/custom/submission.ts).
 */
import { z } from "zod";
import { TRAIN_IMAGES, estimateVariantSeconds } from "../registry/budget.ts";
import { totalMacs } from "../registry/model-cost.ts";
import type { Schedule, VariantSpec } from "../registry/types.ts";

/** Every bound in one place: the form shows them, the schema enforces them. */
export const BOUNDS = {
  claim: { min: 10, max: 300 },
  label: { min: 1, max: 60 },
  variants: { min: 2, max: 4 },
  channels: { count: 4, min: 2, max: 64 },
  lr: { min: 1e-4, max: 0.5 },
  bs: { min: 8, max: 512 },
  steps: { min: 10, max: 1000 },
  seedCount: { min: 2, max: 10 },
  firstSeed: { min: 1, max: 1_000_000 },
  /** Estimated seconds of the whole design on the reference (2 cores, wasm): a browser run must stay reasonable. */
  budgetSeconds: 1800,
  margin: {
    /** "beats" / "within" on validation accuracy: percentage points. */
    accuracy: { min: 0.1, max: 20 },
    /** On validation or training loss: nats. */
    loss: { min: 0.001, max: 1 },
    /** "trend": Spearman's ρ. */
    rho: { min: 0, max: 0.9 },
  },
} as const;

export const SCHEDULES = ["constant", "one-cycle", "warmup", "anneal", "warmup-anneal"] as const;
export type CustomSchedule = (typeof SCHEDULES)[number];

export const SCHEDULE_LABELS: Record<CustomSchedule, string> = {
  constant: "constant learning rate",
  "one-cycle": "1cycle (warmup, cosine annealing, momentum cycling)",
  warmup: "warmup only (then flat)",
  anneal: "annealing only (flat, then cosine down)",
  "warmup-anneal": "warmup and annealing, momentum fixed",
};

export const METRICS = ["validAcc", "validLoss", "trainLoss"] as const;
export type CustomMetric = (typeof METRICS)[number];

/** How each metric reads and which way is "better" (the rule's claimed direction). */
export const METRIC_INFO: Record<CustomMetric, { label: string; unit: string; scale: number; higherIsBetter: boolean; margin: "accuracy" | "loss" }> = {
  validAcc: { label: "validation accuracy", unit: "percentage points", scale: 100, higherIsBetter: true, margin: "accuracy" },
  validLoss: { label: "validation loss", unit: "nats of validation loss", scale: 1, higherIsBetter: false, margin: "loss" },
  trainLoss: { label: "training loss", unit: "nats of training loss", scale: 1, higherIsBetter: false, margin: "loss" },
};

export const VARIANT_IDS = ["a", "b", "c", "d"] as const;

const finite = (what: string, min: number, max: number) =>
  z.number({ error: `${what} must be a number` }).finite(`${what} must be a finite number`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);
const int = (what: string, min: number, max: number) => finite(what, min, max).int(`${what} must be a whole number`);

export const variantDesignSchema = z.strictObject({
  label: z.string().trim().min(BOUNDS.label.min, "Give the variant a name").max(BOUNDS.label.max, `At most ${BOUNDS.label.max} characters`),
  channels: z
    .array(int("Channels", BOUNDS.channels.min, BOUNDS.channels.max))
    .length(BOUNDS.channels.count, `Exactly ${BOUNDS.channels.count} hidden conv layers (channels per layer)`),
  firstKernel: z.union([z.literal(3), z.literal(5)], { error: "The first kernel is 3 or 5" }),
  batchNorm: z.boolean(),
  lr: finite("Learning rate", BOUNDS.lr.min, BOUNDS.lr.max),
  schedule: z.enum(SCHEDULES, { error: `Schedule is one of: ${SCHEDULES.join(", ")}` }),
  bs: int("Batch size", BOUNDS.bs.min, BOUNDS.bs.max),
  steps: int("Steps", BOUNDS.steps.min, BOUNDS.steps.max),
});
export type VariantDesign = z.infer<typeof variantDesignSchema>;

const variantId = z.enum(VARIANT_IDS);

export const ruleSchema = z.discriminatedUnion(
  "template",
  [
    // A beats B: the difference (in the better direction) is above 0; within ±margin counts as no difference.
    z.strictObject({ template: z.literal("beats"), a: variantId, b: variantId, metric: z.enum(METRICS), margin: z.number().finite() }),
    // A within ±margin of B: equivalence.
    z.strictObject({ template: z.literal("within"), a: variantId, b: variantId, metric: z.enum(METRICS), margin: z.number().finite() }),
    // The metric gets better along the variants' order (a → b → c …): Spearman's ρ above 0; within ±margin counts as no trend.
    z.strictObject({ template: z.literal("trend"), metric: z.enum(METRICS), margin: z.number().finite() }),
  ],
  { error: "The rule is one of: beats, within, trend" },
);
export type RuleDesign = z.infer<typeof ruleSchema>;

export const designSchema = z
  .strictObject({
    claim: z.string().trim().min(BOUNDS.claim.min, `State the claim in at least ${BOUNDS.claim.min} characters`).max(BOUNDS.claim.max, `At most ${BOUNDS.claim.max} characters`),
    variants: z.array(variantDesignSchema).min(BOUNDS.variants.min, `At least ${BOUNDS.variants.min} variants`).max(BOUNDS.variants.max, `At most ${BOUNDS.variants.max} variants`),
    firstSeed: int("First seed", BOUNDS.firstSeed.min, BOUNDS.firstSeed.max),
    seedCount: int("Seeds", BOUNDS.seedCount.min, BOUNDS.seedCount.max),
    rule: ruleSchema,
  })
  .superRefine((d, ctx) => {
    const ids = VARIANT_IDS.slice(0, d.variants.length) as readonly string[];
    const r = d.rule;
    if (r.template !== "trend") {
      if (!ids.includes(r.a)) ctx.addIssue({ code: "custom", path: ["rule", "a"], message: `Variant ${r.a.toUpperCase()} does not exist` });
      if (!ids.includes(r.b)) ctx.addIssue({ code: "custom", path: ["rule", "b"], message: `Variant ${r.b.toUpperCase()} does not exist` });
      if (r.a === r.b) ctx.addIssue({ code: "custom", path: ["rule", "b"], message: "Compare two different variants" });
    } else if (d.variants.length < 3) {
      ctx.addIssue({ code: "custom", path: ["rule", "template"], message: "A trend needs at least 3 variants" });
    }
    const bounds = r.template === "trend" ? BOUNDS.margin.rho : BOUNDS.margin[METRIC_INFO[r.metric].margin];
    if (!(r.margin >= bounds.min && r.margin <= bounds.max))
      ctx.addIssue({ code: "custom", path: ["rule", "margin"], message: `The margin must be between ${bounds.min} and ${bounds.max} ${r.template === "trend" ? "(Spearman's ρ)" : METRIC_INFO[r.metric].unit}` });
    const labels = d.variants.map((v) => v.label.toLowerCase());
    if (new Set(labels).size !== labels.length) ctx.addIssue({ code: "custom", path: ["variants"], message: "Give every variant a different name" });
    const seconds = designSeconds(d);
    if (seconds > BOUNDS.budgetSeconds)
      ctx.addIssue({ code: "custom", path: ["variants"], message: `Too much training: about ${Math.round(seconds / 60)} minutes on a reference laptop; at most ${BOUNDS.budgetSeconds / 60}. Use fewer steps, seeds or channels.` });
  });
export type CustomDesign = z.infer<typeof designSchema>;

/** Seeds of a design: firstSeed, firstSeed + 1, … */
export function seedsOf(d: Pick<CustomDesign, "firstSeed" | "seedCount">): number[] {
  return Array.from({ length: d.seedCount }, (_, i) => d.firstSeed + i);
}

/** Estimated seconds of every variant × seed on the registry's reference machine. */
export function designSeconds(d: Pick<CustomDesign, "variants" | "seedCount">): number {
  return d.seedCount * d.variants.reduce((s, v) => s + estimateVariantSeconds(variantSpecOf(v, "a")), 0);
}

/** Multiply-accumulates per image of a variant's model (shown beside the channels). */
export const variantMacs = (v: VariantDesign): number => totalMacs({ channels: v.channels, firstKernel: v.firstKernel, batchNorm: v.batchNorm });

export function scheduleOf(s: CustomSchedule): Schedule {
  if (s === "constant" || s === "one-cycle") return s;
  return { warmup: s !== "anneal", anneal: s !== "warmup" };
}

/** The registry's VariantSpec: the epoch count covers the steps asked for, and maxSteps stops there. */
export function variantSpecOf(v: VariantDesign, id: string): VariantSpec {
  const perEpoch = Math.floor(TRAIN_IMAGES / v.bs);
  return {
    id,
    label: v.label,
    model: { batchNorm: v.batchNorm, channels: [...v.channels], firstKernel: v.firstKernel },
    train: { lr: v.lr, schedule: scheduleOf(v.schedule), bs: v.bs, epochs: Math.max(1, Math.ceil(v.steps / perEpoch)), maxSteps: v.steps },
  };
}
