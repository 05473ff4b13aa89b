import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { route } from "@/lib/http/boundary.ts";
import { hideSchema, replicationIdSchema } from "@/lib/replications/api.ts";
import { setReplicationHidden } from "@/lib/replications/data.ts";

/** Hides (or shows again) a replication: the experiment's author, or an administrator for the registry's. */
export const PATCH = route(
  { auth: "LEARNER", params: z.object({ replicationId: replicationIdSchema }), body: hideSchema },
  ({ user, params, body }) => setReplicationHidden(db(), user, params.replicationId, body.hidden),
);
