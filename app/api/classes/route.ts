import { db } from "@/lib/db/client.ts";
import { createClassSchema } from "@/lib/classes/api.ts";
import { decksForNewClass } from "@/lib/classes/access.ts";
import { createClass } from "@/lib/classes/data.ts";
import { route } from "@/lib/http/boundary.ts";

/** Creates a class for decks the instructor may teach; they are its first instructor. */
export const POST = route(
  { auth: "INSTRUCTOR", body: createClassSchema, access: ({ user, body }) => decksForNewClass(db(), user, body.deckIds) },
  ({ user, body, access: deckIds }) => createClass(db(), user, body.name, deckIds),
);
