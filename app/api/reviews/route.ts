import { authed, readJson } from "@/lib/http/api.ts";
import { db } from "@/lib/db/client.ts";
import { grade } from "@/lib/reviews/data.ts";
import { gradeInputSchema } from "@/lib/reviews/validation.ts";

/** Grade a card; answers with the recorded result and the next card. */
export const POST = authed(async (user, req) => grade(db(), user, await readJson(req, gradeInputSchema), new Date()));
