// Data access for classes: creating them, join codes, joining and leaving, co-instructors, the
// dashboard's queries and the why-view open counter. Who may call what is decided in access.ts;
// the numbers' definitions are metrics.ts.
import type { Db } from "../db/client.ts";
import { recordEvent } from "../auth/attempts.ts";
import { windowWait } from "../auth/rate-limit.ts";
import type { Viewer } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { currentStudyDay, localDayNumber } from "../srs/day.ts";
import { decodeCounts, ROLLUP_VERSION } from "../stats/compute.ts";
import { refreshRollup } from "../stats/data.ts";
import { codeHint, codeStatus, expiryFrom, generateCode, hashCode, JOIN_LIMIT, joinThrottleKey, normalizeCode } from "./codes.ts";
import { cardRows, cardsLessUndone, daysLessUndone, learnerRows, type CardRow, type DayRange, type LearnerDay, type LearnerRow, type UndoneAnswer } from "./metrics.ts";

export async function createClass(db: Db, creator: Viewer, name: string, deckIds: string[]): Promise<{ id: string }> {
  return db.class.create({
    data: { name, instructors: { create: { userId: creator.id } }, decks: { create: deckIds.map((deckId) => ({ deckId })) } },
    select: { id: true },
  });
}

/** The classes a user teaches and those they belong to. */
export async function classesOf(db: Db, userId: string) {
  const [teaching, member] = await Promise.all([
    db.class.findMany({
      where: { instructors: { some: { userId } } },
      select: { id: true, name: true, _count: { select: { members: true, decks: true } } },
      orderBy: { createdAt: "desc" },
    }),
    db.classMember.findMany({ where: { userId }, select: { joinedAt: true, class: { select: { id: true, name: true } } }, orderBy: { joinedAt: "desc" } }),
  ]);
  return {
    teaching: teaching.map((c) => ({ id: c.id, name: c.name, learners: c._count.members, decks: c._count.decks })),
    member: member.map((m) => ({ id: m.class.id, name: m.class.name, joinedAt: m.joinedAt })),
  };
}

/** What the class page shows its instructors besides the numbers: decks, instructors, codes. */
export async function classOverview(db: Db, classId: string) {
  const c = await db.class.findUniqueOrThrow({
    where: { id: classId },
    select: {
      id: true, name: true,
      decks: { select: { deck: { select: { id: true, title: true } } } },
      instructors: { select: { user: { select: { id: true, name: true } } }, orderBy: { addedAt: "asc" } },
      joinCodes: { select: { id: true, hint: true, expiresAt: true, revokedAt: true, createdAt: true }, orderBy: { createdAt: "desc" } },
      _count: { select: { members: true } },
    },
  });
  return {
    id: c.id, name: c.name, learners: c._count.members,
    decks: c.decks.map((d) => d.deck).sort((a, b) => a.title.localeCompare(b.title)),
    instructors: c.instructors.map((i) => i.user),
    codes: c.joinCodes,
  };
}

/** A new join code; the code itself is returned once and never stored. */
export async function createJoinCode(db: Db, classId: string, createdById: string, days: number, now: Date) {
  const code = generateCode();
  const row = await db.classJoinCode.create({
    data: { classId, codeHash: hashCode(code), hint: codeHint(code), expiresAt: expiryFrom(now, days), createdById, createdAt: now },
    select: { id: true, expiresAt: true },
  });
  return { id: row.id, code, expiresAt: row.expiresAt };
}

export async function revokeJoinCode(db: Db, classId: string, codeId: string, now: Date): Promise<void> {
  const { count } = await db.classJoinCode.updateMany({ where: { id: codeId, classId, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0 && !(await db.classJoinCode.count({ where: { id: codeId, classId } }))) throw new DomainError(404, "That code does not exist.");
}

export const NO_SUCH_INSTRUCTOR = "No instructor has an account with that address.";

/** Adds a co-instructor by address: an existing instructor account (idempotent). */
export async function addInstructor(db: Db, classId: string, email: string): Promise<{ name: string }> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, role: true } });
  if (!user || user.role === "LEARNER") throw new DomainError(404, NO_SUCH_INSTRUCTOR);
  await db.classInstructor.upsert({ where: { classId_userId: { classId, userId: user.id } }, create: { classId, userId: user.id }, update: {} });
  return { name: user.name };
}

export const CODE_REFUSED = "That code does not open any class. Check it, or ask your instructor for a new one.";
export const CODE_EXPIRED = "That code has expired. Ask your instructor for a new one.";
export const CODE_REVOKED = "That code was withdrawn by the class's instructors. Ask them for a new one.";

/**
 * Joins the class a code opens and adds its decks to the learner's decks (one transaction). Throttled
 * per user before the code is looked at (429); joining twice keeps the first joining time.
 */
export async function joinByCode(db: Db, viewer: Viewer & { timeZone: string; dayRolloverHour: number }, typed: string, now: Date) {
  await throttleJoin(db, viewer.id, now);
  const code = normalizeCode(typed);
  const row = code ? await db.classJoinCode.findUnique({ where: { codeHash: hashCode(code) }, select: { classId: true, expiresAt: true, revokedAt: true } }) : null;
  if (!row) throw new DomainError(404, CODE_REFUSED);
  const status = codeStatus(row, now);
  if (status !== "active") throw new DomainError(404, status === "expired" ? CODE_EXPIRED : CODE_REVOKED);
  const classId = row.classId;
  if (await db.classInstructor.count({ where: { classId, userId: viewer.id } })) throw new DomainError(409, "You teach this class; learners join it with this code.");
  return db.$transaction(async (tx) => {
    await tx.classMember.upsert({ where: { classId_userId: { classId, userId: viewer.id } }, create: { classId, userId: viewer.id, joinedAt: now, joinedDay: currentStudyDay(now, viewer.timeZone, viewer.dayRolloverHour) }, update: {} });
    const decks = await tx.classDeck.findMany({ where: { classId, deck: { archivedAt: null } }, select: { deck: { select: { id: true, title: true } } } });
    for (const { deck } of decks) {
      await tx.enrolment.upsert({ where: { userId_deckId: { userId: viewer.id, deckId: deck.id } }, create: { userId: viewer.id, deckId: deck.id }, update: {} });
    }
    const c = await tx.class.findUniqueOrThrow({ where: { id: classId }, select: { id: true, name: true } });
    return { classId: c.id, name: c.name, decks: decks.map((d) => d.deck) };
  });
}

/** Leaving ends the membership only: the decks stay in the learner's decks, with their schedule and history. */
export async function leaveClass(db: Db, classId: string, userId: string): Promise<void> {
  await db.classMember.deleteMany({ where: { classId, userId } });
}

/** Every look at a code (joining, or the join link's page) counts against the user's tries: 429 past the limit. */
async function throttleJoin(db: Db, userId: string, now: Date): Promise<void> {
  const { earlier } = await recordEvent(db, joinThrottleKey(userId), now, new Date(now.getTime() - JOIN_LIMIT.windowMs));
  const wait = windowWait(earlier, now, JOIN_LIMIT.windowMs, JOIN_LIMIT.max);
  if (wait !== null) {
    const seconds = Math.ceil(wait / 1000);
    throw new DomainError(429, `Too many tries. Try again in ${Math.ceil(seconds / 60)} minute(s).`, { retryAfterSeconds: seconds });
  }
}

/** The class name a code opens, for the join link's page (null when it opens none now); throttled as joining. */
export async function classForCode(db: Db, viewer: Viewer, typed: string, now: Date): Promise<{ name: string } | null> {
  await throttleJoin(db, viewer.id, now);
  const code = normalizeCode(typed);
  if (!code) return null;
  const row = await db.classJoinCode.findUnique({ where: { codeHash: hashCode(code) }, select: { expiresAt: true, revokedAt: true, class: { select: { name: true } } } });
  return row && codeStatus(row, now) === "active" ? { name: row.class.name } : null;
}

// ---------------------------------------------------------------------------------
// Why-view opens: a count per learner and card, kept only for decks taught in a class the learner belongs to.

/** Never fails the page that calls it: a lost count is logged, not shown. */
export async function recordWhyOpen(db: Db, userId: string, cardId: string, deckId: string, now: Date): Promise<void> {
  try {
    const inClass = await db.classMember.count({ where: { userId, class: { decks: { some: { deckId } } } } });
    if (!inClass) return;
    await db.whyOpen.upsert({
      where: { userId_cardId: { userId, cardId } },
      create: { userId, cardId, deckId, count: 1, lastOpenedAt: now },
      update: { count: { increment: 1 }, lastOpenedAt: now },
    });
  } catch (err) {
    console.error("[classes] why-view open not counted:", err);
  }
}

// ---------------------------------------------------------------------------------
// The dashboard.

const n = (v: unknown) => Number(v ?? 0);
/** Streaks look this far back (study days). */
export const LOOKBACK_DAYS = 400;

export interface Dashboard {
  range: DayRange;
  learners: LearnerRow[];
  cards: CardRow[];
  days: LearnerDay[];
}

/**
 * The class's numbers over `range` (study days). `onlyUserId` restricts every query to one member
 * (their "what your instructors see" page); the card table then holds their own answers.
 * Per-day sums come from the statistics rollup (StatsDay, lib/stats); the card table over the range
 * reads the log; undone answers are read apart (few) and taken out in metrics.ts.
 */
export async function classDashboard(db: Db, classId: string, range: DayRange, now: Date, onlyUserId = ""): Promise<Dashboard> {
  const members = await db.classMember.findMany({
    where: { classId, ...(onlyUserId ? { userId: onlyUserId } : {}) },
    select: { joinedDay: true, user: { select: { id: true, name: true, timeZone: true, dayRolloverHour: true } } },
  });
  // Learners' "today" differs by time zone; every zone's today is within -2..+1 of the UTC date.
  const base = localDayNumber(now, "UTC", 0);
  const from = Math.min(range.from, base - LOOKBACK_DAYS);
  // Bring stale rollups up to date, one at a time (each may write its learner's rows; the first view sums
  // their whole log once). Which are stale: one query, a cursor and an index probe per learner.
  const cursors = await db.$queryRaw<{ userId: string; through: unknown; version: unknown; last: unknown }[]>`
    SELECT m."userId" AS "userId", c."throughSeq" AS "through", c."version" AS "version",
      (SELECT MAX(r."seq") FROM "ReviewLog" r WHERE r."userId" = m."userId") AS "last"
    FROM "ClassMember" m LEFT JOIN "StatsCursor" c ON c."userId" = m."userId"
    WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})`;
  for (const c of cursors) {
    if (c.through === null || n(c.version) !== ROLLUP_VERSION || n(c.last) > n(c.through)) await refreshRollup(db, c.userId);
  }
  const [dueRows, dayRows, undoneRows, lastRows, cards, cardAgg, opens] = await Promise.all([
    db.$queryRaw<{ userId: string; d0: unknown; d1: unknown; d2: unknown; d3: unknown }[]>`
      SELECT cs."userId" AS "userId",
        SUM(CASE WHEN cs."dueDay" <= ${base - 2} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base - 2}) THEN 1 ELSE 0 END) AS "d0",
        SUM(CASE WHEN cs."dueDay" <= ${base - 1} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base - 1}) THEN 1 ELSE 0 END) AS "d1",
        SUM(CASE WHEN cs."dueDay" <= ${base} AND (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base}) THEN 1 ELSE 0 END) AS "d2",
        SUM(CASE WHEN (cs."buriedUntilDay" IS NULL OR cs."buriedUntilDay" <= ${base + 1}) THEN 1 ELSE 0 END) AS "d3"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "CardState" cs ON cs."userId" = m."userId" AND cs."deckId" = cd."deckId"
      JOIN "Card" c ON c."id" = cs."cardId" AND c."archivedAt" IS NULL
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
        AND cs."lastReviewedAt" IS NOT NULL AND cs."suspended" = false AND cs."dueDay" <= ${base + 1}
      GROUP BY cs."userId"`,
    // Per-day sums from the statistics rollup (lib/stats StatsDay, brought up to date just above).
    // The buckets only for days in the range (retention); the look-back for streaks needs the answer count alone,
    // and decoding a JSON array for each of its (up to 400 × learners) rows was most of the dashboard's time.
    db.$queryRaw<{ userId: string; day: unknown; answers: unknown; counts: string | null }[]>`
      SELECT s."userId" AS "userId", s."day" AS "day", s."answers" AS "answers",
        CASE WHEN s."day" >= ${range.from} AND s."day" <= ${range.to} THEN s."counts" ELSE NULL END AS "counts"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "StatsDay" s ON s."userId" = m."userId" AND s."deckId" = cd."deckId" AND s."day" >= m."joinedDay"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId}) AND s."day" >= ${from}`,
    db.$queryRaw<{ userId: string; day: unknown; cardId: string; grade: unknown; repetitionsBefore: unknown; extraReviewBefore: unknown }[]>`
      SELECT a."userId" AS "userId", a."reviewDay" AS "day", a."cardId" AS "cardId", a."grade" AS "grade",
        a."repetitionsBefore" AS "repetitionsBefore", a."extraReviewBefore" AS "extraReviewBefore"
      FROM "ClassMember" m
      CROSS JOIN "ReviewLog" u
      JOIN "ReviewLog" a ON a."id" = u."undoesId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
        AND u."userId" = m."userId" AND u."kind" = 'UNDO' AND u."reviewDay" >= ${from}
        AND u."deckId" IN (SELECT cd."deckId" FROM "ClassDeck" cd WHERE cd."classId" = ${classId})
        AND a."reviewDay" >= m."joinedDay" AND a."reviewDay" >= ${from}`,
    // One index probe per learner and deck (the index on userId, deckId, reviewDay).
    db.$queryRaw<{ userId: string; joinedDay: unknown; last: unknown }[]>`
      SELECT m."userId" AS "userId", m."joinedDay" AS "joinedDay",
        (SELECT MAX(r."reviewDay") FROM "ReviewLog" r WHERE r."userId" = m."userId" AND r."deckId" = cd."deckId") AS "last"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})`,
    db.card.findMany({
      where: { archivedAt: null, deck: { archivedAt: null, classes: { some: { classId } } } },
      select: { id: true, position: true, front: true, deck: { select: { title: true } } },
    }),
    db.$queryRaw<{ cardId: string; answers: unknown; gradeSum: unknown; reviews: unknown; lapses: unknown }[]>`
      SELECT r."cardId" AS "cardId", COUNT(*) AS "answers", SUM(r."grade") AS "gradeSum",
        SUM(CASE WHEN r."repetitionsBefore" > 0 AND r."extraReviewBefore" = false THEN 1 ELSE 0 END) AS "reviews",
        SUM(CASE WHEN r."repetitionsBefore" > 0 AND r."extraReviewBefore" = false AND r."grade" < 3 THEN 1 ELSE 0 END) AS "lapses"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "ReviewLog" r ON r."userId" = m."userId" AND r."kind" = 'ANSWER' AND r."reviewDay" >= m."joinedDay" AND r."deckId" = cd."deckId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
        AND r."reviewDay" >= ${range.from} AND r."reviewDay" <= ${range.to}
      GROUP BY r."cardId"`,
    db.$queryRaw<{ cardId: string; opens: unknown }[]>`
      SELECT w."cardId" AS "cardId", SUM(w."count") AS "opens"
      FROM "ClassMember" m
      JOIN "ClassDeck" cd ON cd."classId" = m."classId"
      JOIN "WhyOpen" w ON w."userId" = m."userId" AND w."deckId" = cd."deckId"
      WHERE m."classId" = ${classId} AND (${onlyUserId} = '' OR m."userId" = ${onlyUserId})
      GROUP BY w."cardId"`,
  ]);
  const due = new Map(dueRows.map((r) => [r.userId, [n(r.d0), n(r.d1), n(r.d2), n(r.d3)]]));
  const lastSeen = new Map<string, number>();
  for (const r of lastRows) {
    if (r.last === null || n(r.last) < n(r.joinedDay)) continue;
    lastSeen.set(r.userId, Math.max(lastSeen.get(r.userId) ?? -Infinity, n(r.last)));
  }
  const undone: UndoneAnswer[] = undoneRows.map((r) => ({
    userId: r.userId, day: n(r.day), cardId: r.cardId, grade: n(r.grade), repetitionsBefore: n(r.repetitionsBefore), extraReviewBefore: Boolean(n(r.extraReviewBefore)),
  }));
  const perDay = new Map<string, LearnerDay>();
  for (const r of dayRows) {
    const key = `${r.userId}\u0000${n(r.day)}`;
    const d = perDay.get(key) ?? perDay.set(key, { userId: r.userId, day: n(r.day), answers: 0, reviews: 0, recalled: 0 }).get(key)!;
    d.answers += n(r.answers);
    if (r.counts === null) continue;
    const c = decodeCounts(r.counts);
    d.reviews += c.reviews.reduce((a, b) => a + b, 0);
    d.recalled += c.passed.reduce((a, b) => a + b, 0);
  }
  const days = daysLessUndone([...perDay.values()], undone);

  const facts = members.map(({ user }) => {
    const today = currentStudyDay(now, user.timeZone, user.dayRolloverHour);
    const k = Math.max(0, Math.min(3, today - base + 2));
    return { userId: user.id, name: user.name, today, due: due.get(user.id)?.[k] ?? 0, lastSeen: lastSeen.get(user.id) ?? null };
  });
  facts.sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1));

  const aggregates = cardsLessUndone(
    cardAgg.map((r) => ({ cardId: r.cardId, answers: n(r.answers), gradeSum: n(r.gradeSum), reviews: n(r.reviews), lapses: n(r.lapses) })),
    undone,
    range,
  );
  const cardFacts = cards
    .map((c) => ({ cardId: c.id, deckTitle: c.deck.title, position: c.position, front: plainText(c.front) }))
    .sort((a, b) => a.deckTitle.localeCompare(b.deckTitle) || a.position - b.position);
  return {
    range,
    learners: learnerRows(facts, days, range),
    cards: cardRows(cardFacts, aggregates, new Map(opens.map((o) => [o.cardId, n(o.opens)]))),
    days,
  };
}

/** A card's front as one short line of text (Markdown marks dropped) for tables and CSV. */
function plainText(markdown: string): string {
  const s = markdown.replace(/\{\{c\d+::([^}]*?)(::[^}]*)?\}\}/g, "[…]").replace(/[`*_#>$]/g, "").replace(/\s+/g, " ").trim();
  return s.length > 120 ? `${s.slice(0, 119)}…` : s;
}
