// A class, for its instructors: the dashboard (per learner, per card, over a date range, with CSV
// exports), and managing it (join codes, co-instructors).
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireRole } from "@/lib/auth/session.ts";
import { rangeOf, rangeQuery } from "@/lib/classes/api.ts";
import { classForInstructor } from "@/lib/classes/access.ts";
import { codeStatus } from "@/lib/classes/codes.ts";
import { classDashboard } from "@/lib/classes/dashboard.ts";
import { classOverview } from "@/lib/classes/data.ts";
import { answersPerDay, hardestCards, mostOpenedCards } from "@/lib/classes/metrics.ts";
import { guardPage } from "@/lib/classes/page-access.ts";
import { db } from "@/lib/db/client.ts";
import { currentStudyDay, dayNumberToIsoDate } from "@/lib/srs/day.ts";
import { AddInstructorForm, NewCodeForm, RevokeCodeButton } from "../class-forms.tsx";
import { CardTable, LearnerTable } from "../tables.tsx";
import { AnswersPerDayChart, HardestCardsChart } from "./lazy-charts.tsx";
import "../classes.css";

export const metadata: Metadata = { title: "Class" };

type Props = { params: Promise<{ classId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ClassPage({ params, searchParams }: Props) {
  const [{ classId }, query] = await Promise.all([params, searchParams]);
  const user = await requireRole("INSTRUCTOR", `/classes/${encodeURIComponent(classId)}`);
  const c = await guardPage(classId, (id) => classForInstructor(db(), user, id));
  const now = new Date();
  const today = currentStudyDay(now, user.timeZone, user.dayRolloverHour);
  const parsed = rangeQuery.safeParse({ from: query.from, to: query.to });
  const range = rangeOf(parsed.success ? parsed.data : {}, today);
  const [overview, d] = await Promise.all([classOverview(db(), c.id), classDashboard(db(), c.id, range, now)]);
  const fromIso = dayNumberToIsoDate(range.from);
  const toIso = dayNumberToIsoDate(range.to);
  const qs = `from=${fromIso}&to=${toIso}`;
  const hardest = hardestCards(d.cards, 8);
  const opened = mostOpenedCards(d.cards, 8);
  return (
    <div className="classes">
      <p className="small">
        <Link href="/classes">← Classes</Link>
      </p>
      <h1>{overview.name}</h1>
      <p className="lead">
        {overview.learners === 1 ? "1 learner" : `${overview.learners} learners`} · decks: {overview.decks.map((dk) => dk.title).join(", ")} · taught by{" "}
        {overview.instructors.map((i) => i.name).join(", ")}
      </p>

      <form className="class-range" method="get" aria-label="Date range">
        <label>
          From <input type="date" name="from" defaultValue={fromIso} />
        </label>
        <label>
          To <input type="date" name="to" defaultValue={toIso} />
        </label>
        <button type="submit" className="button button-small">
          Show
        </button>
        <a className="button button-small" href={`/api/classes/${c.id}/export?${qs}&table=learners`} download>
          Learners as CSV
        </a>
        <a className="button button-small" href={`/api/classes/${c.id}/export?${qs}&table=cards`} download>
          Cards as CSV
        </a>
      </form>
      {!parsed.success && <p role="alert" className="form-error">{parsed.error.issues[0]?.message} Showing the last 30 days.</p>}
      <p className="muted small">
        Study days in each learner&apos;s own time zone, {fromIso} to {toIso}. Only answers to this class&apos;s decks since the learner joined count; an undone
        answer does not count. Retention: reviews of learned cards graded 3 or more. Why-view opens are counted, not dated: the range does not apply to them.
      </p>

      <h2>Learners</h2>
      {d.learners.length === 0 ? <p className="empty">Nobody has joined yet. Make a join code below and give it to your learners.</p> : <LearnerTable rows={d.learners} caption="Per learner" />}

      <h2>Answers per day</h2>
      <div className="class-chart">
        <AnswersPerDayChart data={answersPerDay(d.days, range).map((p) => ({ date: dayNumberToIsoDate(p.day), answers: p.answers }))} />
      </div>

      <h2>Hardest cards</h2>
      {hardest.length === 0 ? (
        <p className="empty">No answers in this range.</p>
      ) : (
        <div className="class-chart">
          <HardestCardsChart data={hardest.map((r) => ({ label: `${r.deckTitle.slice(0, 12)} · ${r.position}`, lapseRate: (r.lapseRate ?? 0) * 100 }))} />
        </div>
      )}
      <h2>Why view opened most</h2>
      {opened.length === 0 ? <p className="empty">No learner of this class has opened a card&apos;s why view yet.</p> : <CardTable rows={opened} caption="Cards whose why view was opened most" ariaLabel="Why view opened most" />}

      <h2>Every card</h2>
      <CardTable rows={d.cards} caption="Per card" ariaLabel="Every card" />

      <h2>Join codes</h2>
      <p className="muted small">
        Learners join at <code>/classes/join/&lt;code&gt;</code> or by typing the code on the Classes page. A code is shown once; revoking it stops new joins (who joined stays).
      </p>
      <NewCodeForm classId={c.id} />
      {overview.codes.length > 0 && (
        <ul aria-label="Join codes">
          {overview.codes.map((code) => {
            const status = codeStatus(code, now);
            return (
              <li key={code.id}>
                …{code.hint} · {status === "active" ? `valid until ${code.expiresAt.toISOString().slice(0, 10)}` : status} {status === "active" && <RevokeCodeButton classId={c.id} codeId={code.id} />}
              </li>
            );
          })}
        </ul>
      )}
      <h2>Instructors</h2>
      <p className="muted small">Every instructor of the class sees this page and may manage the class.</p>
      <AddInstructorForm classId={c.id} />
    </div>
  );
}
