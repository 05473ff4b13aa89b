import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { experimentForEditing } from "@/lib/experiments/access.ts";
import { customExperimentIdSchema } from "@/lib/experiments/api.ts";
import { recordExperiment } from "@/lib/experiments/data.ts";
import { route } from "@/lib/http/boundary.ts";
import { MAX_SUBMISSION_BYTES, submissionSchema } from "@/experiments/custom/submission.ts";

/**
 * Publishes the runs the owner's browser made as the current version's recording. The server checks
 * them against the frozen design and computes the verdict itself (lib/experiments/data.ts).
 */
export const POST = route(
  {
    auth: "LEARNER",
    params: z.object({ experimentId: customExperimentIdSchema }),
    body: submissionSchema,
    maxBodyBytes: MAX_SUBMISSION_BYTES,
    access: ({ user, params }) => experimentForEditing(db(), user, params.experimentId),
  },
  ({ user, body, access }) => recordExperiment(db(), access.id, body, user.name),
);
