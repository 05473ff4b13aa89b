// The class dashboard's numbers computed a second way, straight from the rows (ReviewLog, CardState,
// WhyOpen) with none of lib/classes' queries or aggregation: what the DB and browser tests compare
// the dashboard and its CSV with.
import type { Db } from "../../lib/db/client.ts";
import { currentStudyDay, dayNumberToIsoDate } from "../../lib/srs/day.ts";

export interface ExpectedLearner {
  name: string;
  due: number;
  today: number;
  week: number;
  answers: number;
  retention: number | null;
  streak: number;
  lastSeen: string | null;
}

export interface ExpectedCard {
  answers: number;
  averageGrade: number | null;
  lapses: number;
  whyOpens: number;
}

export async function expectedDashboard(db: Db, classId: string, from: number, to: number, now: Date) {
  const members = await db.classMember.findMany({ where: { classId }, include: { user: true } });
  const deckIds = (await db.classDeck.findMany({ where: { classId } })).map((d) => d.deckId);
  const logs = await db.reviewLog.findMany({ where: { deckId: { in: deckIds } } });
  const undone = new Set(logs.filter((l) => l.kind === "UNDO").map((l) => l.undoesId));
  const learners = new Map<string, ExpectedLearner>();
  const cards = new Map<string, ExpectedCard & { gradeSum: number }>();
  for (const m of members) {
    const today = currentStudyDay(now, m.user.timeZone, m.user.dayRolloverHour);
    // Counted from the study day the learner joined, in their own calendar.
    const joinDay = currentStudyDay(m.joinedAt, m.user.timeZone, m.user.dayRolloverHour);
    const mine = logs.filter((l) => l.userId === m.userId && l.kind === "ANSWER" && !undone.has(l.id) && l.reviewDay >= joinDay);
    const inRange = mine.filter((l) => l.reviewDay >= from && l.reviewDay <= to);
    const reviews = inRange.filter((l) => l.repetitionsBefore > 0 && !l.extraReviewBefore);
    const days = new Set(mine.map((l) => l.reviewDay));
    let streak = 0;
    for (let d = days.has(today) ? today : today - 1; days.has(d); d--) streak++;
    const states = await db.cardState.findMany({ where: { userId: m.userId, deckId: { in: deckIds }, card: { archivedAt: null } } });
    // Last seen: the last study day with any entry (an answer or an undo) since joining.
    const seen = logs.filter((l) => l.userId === m.userId && l.reviewDay >= joinDay).map((l) => l.reviewDay);
    learners.set(m.userId, {
      name: m.user.name,
      due: states.filter((s) => s.lastReviewedAt && !s.suspended && s.dueDay <= today && (s.buriedUntilDay === null || s.buriedUntilDay <= today)).length,
      today: mine.filter((l) => l.reviewDay === today).length,
      week: mine.filter((l) => l.reviewDay > today - 7 && l.reviewDay <= today).length,
      answers: inRange.length,
      retention: reviews.length ? reviews.filter((l) => (l.grade ?? 0) >= 3).length / reviews.length : null,
      streak,
      lastSeen: seen.length ? dayNumberToIsoDate(Math.max(...seen)) : null,
    });
    for (const l of inRange) {
      const c = cards.get(l.cardId) ?? { answers: 0, gradeSum: 0, averageGrade: null, lapses: 0, whyOpens: 0 };
      c.answers++;
      c.gradeSum += l.grade ?? 0;
      c.averageGrade = c.gradeSum / c.answers;
      if (l.repetitionsBefore > 0 && !l.extraReviewBefore && (l.grade ?? 0) < 3) c.lapses++;
      cards.set(l.cardId, c);
    }
  }
  const opens = await db.whyOpen.findMany({ where: { deckId: { in: deckIds }, userId: { in: members.map((m) => m.userId) } } });
  for (const o of opens) {
    const c = cards.get(o.cardId) ?? { answers: 0, gradeSum: 0, averageGrade: null, lapses: 0, whyOpens: 0 };
    c.whyOpens += o.count;
    cards.set(o.cardId, c);
  }
  return { learners, cards };
}
