import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { experimentForEditing } from "@/lib/experiments/access.ts";
import { customExperimentIdSchema, revisionSchema } from "@/lib/experiments/api.ts";
import { reviseExperiment } from "@/lib/experiments/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** A new version of the design (frozen at once, on fresh seeds, with what changed and why): its owner. */
export const POST = route(
  {
    auth: "LEARNER",
    params: z.object({ experimentId: customExperimentIdSchema }),
    body: revisionSchema,
    access: ({ user, params }) => experimentForEditing(db(), user, params.experimentId),
  },
  ({ body, access }) => reviseExperiment(db(), access.id, body.design, { change: body.change, because: body.because }),
);
