// The recorded variant configs (recording.config.variants is `unknown[]`), checked with zod before the
// why view reads their labels and training settings. Same shape as the registry's VariantSpec.
import { z } from "zod";
import type { VariantSpec } from "@/experiments/registry/types.ts";

const scheduleSchema = z.union([
  z.literal("constant"),
  z.literal("one-cycle"),
  z.object({ warmup: z.boolean(), anneal: z.boolean() }),
]);

export const variantSpecSchema = z.looseObject({
  id: z.string().min(1),
  label: z.string(),
  model: z.looseObject({
    batchNorm: z.boolean(),
    channels: z.array(z.number()),
    firstKernel: z.union([z.literal(3), z.literal(5)]),
    firstChannels: z.number().optional(),
  }),
  train: z.looseObject({
    lr: z.number().positive(),
    schedule: scheduleSchema,
    bs: z.number().int().positive(),
    epochs: z.number().int().positive(),
    maxSteps: z.number().int().positive().optional(),
    trainSubset: z.number().int().positive().optional(),
  }),
});

/** The recording's variants as VariantSpecs; throws (naming the field) if one does not fit the shape. */
export function parseVariants(variants: readonly unknown[]): VariantSpec[] {
  return variants.map((v) => variantSpecSchema.parse(v) as VariantSpec);
}
