// Data access for classes: creating them, join codes, joining and leaving, co-instructors and
// the why-view open counter (the dashboard's queries are dashboard.ts). Who may call what is
// decided in access.ts; the numbers' definitions are metrics.ts.
import type { Db } from "../db/client.ts";
import { recordEvent } from "../auth/attempts.ts";
import { windowWait } from "../auth/rate-limit.ts";
import type { Viewer } from "../decks/access.ts";
import { DomainError } from "../errors.ts";
import { currentStudyDay } from "../srs/day.ts";
import { codeHint, codeStatus, expiryFrom, generateCode, hashCode, JOIN_LIMIT, joinThrottleKey, normalizeCode } from "./codes.ts";
import { removeMember } from "./card-sums.ts";

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

/**
 * Leaving ends the membership only: the decks stay in the learner's decks, with their schedule and history;
 * the class's per-card sums lose their answers (card-sums.ts).
 */
export async function leaveClass(db: Db, classId: string, userId: string): Promise<void> {
  await removeMember(db, classId, userId);
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
