import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { experimentForEditing } from "@/lib/experiments/access.ts";
import { customExperimentIdSchema } from "@/lib/experiments/api.ts";
import { route } from "@/lib/http/boundary.ts";

/** The experiment with every version, its recording and the cards it backs: its owner. */
export const GET = route(
  { auth: "LEARNER", params: z.object({ experimentId: customExperimentIdSchema }), access: ({ user, params }) => experimentForEditing(db(), user, params.experimentId) },
  ({ access }) => access,
);
