import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { deckForReview } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { todaySnapshot } from "@/lib/reviews/offline.ts";

/** Today's whole queue in a deck, cards with their HTML and states: what the device keeps for offline review. */
export const GET = route(
  {
    auth: "LEARNER",
    params: z.object({ deckId: deckIdSchema }),
    access: ({ user, params }) => deckForReview(db(), user, params.deckId),
  },
  ({ user, access: deck }) => todaySnapshot(db(), user, deck.id, new Date(), deck),
);
