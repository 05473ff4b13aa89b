// What the replication entry points accept: a learner's finished live run (the runs as the recording
// endpoint takes them, with the card it was run from and its mode), and hiding one.
import { z } from "zod";
import { submissionSchema } from "@/experiments/custom/submission.ts";
import { cardIdSchema } from "../decks/ids.ts";
import { anyExperimentIdSchema } from "../experiments/api.ts";

export const contributionSchema = submissionSchema.omit({ sha256: true }).extend({
  cardId: cardIdSchema,
  experimentId: anyExperimentIdSchema,
  mode: z.enum(["quick", "full"], { error: 'mode must be "quick" or "full".' }),
});
export type Contribution = z.infer<typeof contributionSchema>;

export const replicationIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/, "Malformed replication id.");
export const hideSchema = z.strictObject({ hidden: z.boolean({ error: "hidden must be true or false." }) });
