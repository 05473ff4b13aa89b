import { db } from "@/lib/db/client.ts";
import { createDeck, deckCreateSchema } from "@/lib/decks/authoring.ts";
import { route } from "@/lib/http/boundary.ts";

/** Creates a deck: any signed-in user, a private draft they own. */
export const POST = route({ auth: "LEARNER", body: deckCreateSchema }, ({ user, body }) => createDeck(db(), user, body));
