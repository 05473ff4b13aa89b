import { db } from "@/lib/db/client.ts";
import { cardForReview } from "@/lib/decks/access.ts";
import { route } from "@/lib/http/boundary.ts";
import { grade } from "@/lib/reviews/data.ts";
import { gradeInputSchema } from "@/lib/reviews/validation.ts";

/** Grade a card; answers with the recorded result and the next card. */
export const POST = route(
  {
    auth: "LEARNER",
    body: gradeInputSchema,
    access: ({ user, body }) => cardForReview(db(), user, body.cardId),
  },
  ({ user, body, access }) => grade(db(), user, body, new Date(), access),
);
