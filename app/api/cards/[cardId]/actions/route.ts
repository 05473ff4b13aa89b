import { z } from "zod";
import { db } from "@/lib/db/client.ts";
import { cardForReview } from "@/lib/decks/access.ts";
import { cardIdSchema } from "@/lib/decks/ids.ts";
import { route } from "@/lib/http/boundary.ts";
import { changeCard } from "@/lib/reviews/data.ts";
import { cardActionInputSchema } from "@/lib/reviews/validation.ts";

/** Bury, suspend or unsuspend a card for the signed-in learner. */
export const POST = route(
  {
    auth: "LEARNER",
    params: z.object({ cardId: cardIdSchema }),
    body: cardActionInputSchema,
    access: ({ user, params }) => cardForReview(db(), user, params.cardId),
  },
  ({ user, params, body, access }) => changeCard(db(), user, params.cardId, body.action, new Date(), access),
);
