import { db } from "@/lib/db/client.ts";
import { classParams, rangeOf, rangeQuery } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { classDashboard } from "@/lib/classes/dashboard.ts";
import { hardestCards, mostOpenedCards } from "@/lib/classes/metrics.ts";
import { currentStudyDay } from "@/lib/srs/day.ts";
import { route } from "@/lib/http/boundary.ts";

/** The class's numbers over a date range (the instructor's study days; default the last 30). */
export const GET = route(
  { auth: "INSTRUCTOR", params: classParams, query: rangeQuery, access: ({ user, params }) => classForInstructor(db(), user, params.classId) },
  async ({ user, query, access: c }) => {
    const now = new Date();
    const range = rangeOf(query, currentStudyDay(now, user.timeZone, user.dayRolloverHour));
    const d = await classDashboard(db(), c.id, range, now);
    return { range: d.range, learners: d.learners, cards: d.cards, hardest: hardestCards(d.cards).map((r) => r.cardId), mostOpened: mostOpenedCards(d.cards).map((r) => r.cardId) };
  },
);
