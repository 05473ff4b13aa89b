import { authed, parse, readJson } from "@/lib/http/api.ts";
import { db } from "@/lib/db/client.ts";
import { changeCard } from "@/lib/reviews/data.ts";
import { cardActionInputSchema, cardIdSchema } from "@/lib/reviews/validation.ts";

type Ctx = { params: Promise<{ cardId: string }> };

/** Bury, suspend or unsuspend a card for the signed-in learner. */
export const POST = authed(async (user, req, ctx: Ctx) => {
  const cardId = parse(cardIdSchema, (await ctx.params).cardId);
  const { action } = await readJson(req, cardActionInputSchema);
  return changeCard(db(), user, cardId, action, new Date());
});
