import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForPublishing } from "@/lib/decks/access.ts";
import { publishSchema, setDeckPublished } from "@/lib/decks/authoring.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";

/** Publishes or unpublishes a deck: its owner, as an instructor. */
export const POST = route(
  {
    auth: "INSTRUCTOR",
    params: z.object({ deckId: deckIdSchema }),
    body: publishSchema,
    access: ({ user, params }) => deckForPublishing(db(), user, params.deckId),
  },
  ({ body, access: deck }) => setDeckPublished(db(), deck.id, body.published),
);
