import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForReview } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { sessionView } from "@/lib/reviews/data.ts";

/** What is left today in a deck, and the next card. */
export const GET = route(
  {
    auth: "LEARNER",
    params: z.object({ deckId: deckIdSchema }),
    access: ({ user, params }) => deckForReview(db(), user, params.deckId),
  },
  ({ user, access: deck }) => sessionView(db(), user, deck.id, new Date(), deck),
);
