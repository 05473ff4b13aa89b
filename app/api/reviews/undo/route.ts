import { db } from "@/lib/db/client.ts";
import { deckForReview } from "@/lib/decks/access.ts";
import { route } from "@/lib/http/boundary.ts";
import { undoLast } from "@/lib/reviews/data.ts";
import { undoInputSchema } from "@/lib/reviews/validation.ts";

/** Undo the latest answer in a deck. */
export const POST = route(
  {
    auth: "LEARNER",
    body: undoInputSchema,
    access: ({ user, body }) => deckForReview(db(), user, body.deckId),
  },
  ({ user, body, access }) => undoLast(db(), user, body.deckId, body.undoId, new Date(), access, { answerId: body.reviewId }),
);
