// What the experiment entry points (app/api/experiments/…, PUT /api/notes/<id>/experiment) accept
// besides a design itself (designSchema, experiments/custom/design.ts) and a recording
// (submissionSchema, experiments/custom/submission.ts).
import { z } from "zod";
import { designSchema } from "@/experiments/custom/design.ts";
import { CUSTOM_ID_PREFIX } from "@/experiments/custom/definition.ts";

export const customExperimentIdSchema = z
  .string({ error: "Missing experiment id." })
  .regex(new RegExp(`^${CUSTOM_ID_PREFIX}[a-z0-9]{8,40}$`), "Malformed experiment id.");

/** A registry id ("ch13-batch-size") or an author's ("custom-…"). */
export const anyExperimentIdSchema = z.string({ error: "Missing experiment id." }).regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "Malformed experiment id.");

export const attachSchema = z.strictObject({ experimentId: anyExperimentIdSchema.nullable() });

export const revisionSchema = z.strictObject({
  design: designSchema,
  change: z.string().trim().min(3, "Say what changed.").max(500, "At most 500 characters."),
  because: z.string().trim().min(3, "Say why it changed.").max(500, "At most 500 characters."),
});
