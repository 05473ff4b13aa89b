import { db } from "@/lib/db/client.ts";
import { createExperiment, listExperiments } from "@/lib/experiments/data.ts";
import { route } from "@/lib/http/boundary.ts";
import { designSchema } from "@/experiments/custom/design.ts";

/** The signed-in author's experiments. */
export const GET = route({ auth: "LEARNER" }, ({ user }) => listExperiments(db(), user.id));

/** Pre-registers a design as version 1 of a new experiment: any signed-in author; frozen at once. */
export const POST = route({ auth: "LEARNER", body: designSchema }, ({ user, body }) => createExperiment(db(), user.id, body));
