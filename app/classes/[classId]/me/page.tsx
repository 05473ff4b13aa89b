// What a class's instructors see about the signed-in learner: their own row of the dashboard and the
// cards as they answered them, nothing about anyone else; and leaving the class.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { rangeOf } from "@/lib/classes/api.ts";
import { classForMember } from "@/lib/classes/access.ts";
import { classDashboard } from "@/lib/classes/dashboard.ts";
import { guardPage } from "@/lib/classes/page-access.ts";
import { db } from "@/lib/db/client.ts";
import { currentStudyDay, dayNumberToIsoDate } from "@/lib/srs/day.ts";
import { LeaveClassButton } from "../../class-forms.tsx";
import { CardTable, LearnerTable } from "../../tables.tsx";
import "../../classes.css";

export const metadata: Metadata = { title: "What your instructors see" };

export default async function MyClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  const user = await requireUser(`/classes/${encodeURIComponent(classId)}/me`);
  const c = await guardPage(classId, (id) => classForMember(db(), user, id));
  const now = new Date();
  const range = rangeOf({}, currentStudyDay(now, user.timeZone, user.dayRolloverHour));
  const d = await classDashboard(db(), c.id, range, now, user.id);
  return (
    <div className="classes">
      <p className="small">
        <Link href="/classes">← Classes</Link>
      </p>
      <h1>What your instructors see</h1>
      <p className="lead">
        In <strong>{c.name}</strong>, since you joined on {c.joinedAt.toISOString().slice(0, 10)}: your row of the class dashboard (here over the last 30 days,{" "}
        {dayNumberToIsoDate(range.from)} to {dayNumberToIsoDate(range.to)}; your instructors may pick any range), and your answers and why-view opens counted into each card&apos;s
        totals. They see your name, not your address; your study of other decks, and what you did before joining, is not shown to them.
      </p>
      <h2>Your row</h2>
      <LearnerTable rows={d.learners} caption="Your row of the dashboard" />
      <h2>Your part of the card totals</h2>
      <CardTable rows={d.cards} caption="Your answers per card" ariaLabel="Your answers per card" />
      <h2>Leaving</h2>
      <p>
        Leaving removes you from the class: its instructors no longer see you. The class&apos;s decks stay in <Link href="/decks">My decks</Link> with your schedule
        and your whole history; nothing of your study is deleted.
      </p>
      <LeaveClassButton classId={c.id} />
    </div>
  );
}
