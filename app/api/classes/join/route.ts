import { db } from "@/lib/db/client.ts";
import { joinSchema } from "@/lib/classes/api.ts";
import { joinByCode } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** Joins the class a code opens (throttled per user); its decks join the learner's decks. */
export const POST = route({ auth: "LEARNER", body: joinSchema }, ({ user, body }) => joinByCode(db(), user, body.code, new Date()));
