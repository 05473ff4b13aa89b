import { db } from "@/lib/db/client.ts";
import { cardForReview } from "@/lib/decks/access.ts";
import { route } from "@/lib/http/boundary.ts";
import { recordOfflineAnswer } from "@/lib/reviews/offline.ts";
import { offlineAnswerSchema } from "@/lib/reviews/validation.ts";

/** An answer made offline, sent when the connection returned: recorded once, its state computed here. */
export const POST = route(
  {
    auth: "LEARNER",
    body: offlineAnswerSchema,
    access: ({ user, body }) => cardForReview(db(), user, body.cardId),
  },
  ({ user, body, access }) => recordOfflineAnswer(db(), user, body, new Date(), access),
);
