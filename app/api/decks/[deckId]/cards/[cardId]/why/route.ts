import { z } from "zod";
import { chartProps } from "@/app/ui/why/chart-props.ts";
import { db } from "@/lib/db/client.ts";
import { CARD_NOT_FOUND } from "@/lib/decks/access.ts";
import { cardIdSchema, deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { route } from "@/lib/http/boundary.ts";
import { cardEvidence, whyViewOf } from "@/lib/replications/evidence.ts";

/**
 * The why view's data that is not in its HTML, for whoever may see the page: `part=charts`, the charts
 * drawn when scrolled near (app/ui/why/chart-props.ts); `part=recording`, the whole recording, for a
 * live run and its comparison.
 */
export const GET = route(
  {
    auth: "LEARNER",
    params: z.object({ deckId: deckIdSchema, cardId: cardIdSchema }),
    query: z.object({ part: z.enum(["charts", "recording"]) }),
    access: async ({ user, params }) => {
      const found = await cardEvidence(db(), user, params.deckId, params.cardId);
      if (!found || "pending" in found.evidence) throw new DomainError(404, CARD_NOT_FOUND);
      return found.evidence;
    },
  },
  ({ query, access }) => (query.part === "recording" ? { recording: access.recording } : chartProps(whyViewOf(access), access.recording.config.seeds)),
);
