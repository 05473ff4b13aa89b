import { db } from "@/lib/db/client.ts";
import { classParams, rangeOf, rangeQuery } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { cardsCsv, csvFileName, learnersCsv } from "@/lib/classes/csv.ts";
import { classDashboard } from "@/lib/classes/dashboard.ts";
import { currentStudyDay } from "@/lib/srs/day.ts";
import { route } from "@/lib/http/boundary.ts";

/** The dashboard's learner table (?table=learners, the default) or card table (?table=cards) as CSV. */
export const GET = route(
  { auth: "INSTRUCTOR", params: classParams, query: rangeQuery, access: ({ user, params }) => classForInstructor(db(), user, params.classId) },
  async ({ user, query, access: c }) => {
    const now = new Date();
    const range = rangeOf(query, currentStudyDay(now, user.timeZone, user.dayRolloverHour));
    const d = await classDashboard(db(), c.id, range, now);
    const table = query.table ?? "learners";
    const csv = table === "cards" ? cardsCsv(d.cards) : learnersCsv(d.learners);
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csvFileName(c.name, table, range.from, range.to)}"`,
        "cache-control": "no-store",
      },
    });
  },
);
