import { authed, parse } from "@/lib/http/api.ts";
import { db } from "@/lib/db/client.ts";
import { sessionView } from "@/lib/reviews/data.ts";
import { deckIdParamSchema } from "@/lib/reviews/validation.ts";

type Ctx = { params: Promise<{ deckId: string }> };

/** What is left today in a deck, and the next card. */
export const GET = authed(async (user, _req, ctx: Ctx) => {
  const deckId = parse(deckIdParamSchema, (await ctx.params).deckId);
  return sessionView(db(), user, deckId, new Date());
});
