import { db } from "@/lib/db/client.ts";
import { route } from "@/lib/http/boundary.ts";
import { contributionSchema } from "@/lib/replications/api.ts";
import { contributeReplication } from "@/lib/replications/data.ts";
import { MAX_SUBMISSION_BYTES } from "@/experiments/custom/submission.ts";

/** Contributes a finished live run as a replication (opt-in): anyone signed in who may see the card. Checked and judged by the server. */
export const POST = route({ auth: "LEARNER", body: contributionSchema, maxBodyBytes: MAX_SUBMISSION_BYTES }, ({ user, body }) => contributeReplication(db(), user, body));
