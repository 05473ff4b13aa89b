// Classes on SQLite and PostgreSQL: an instructor makes a class and a code, learners join with it and
// study (through the real grading and undo code), and the dashboard's numbers and CSV match what the
// test computes itself from the log; codes expire, are revoked and are throttled; leaving keeps the
// learner's history; the access guards answer every kind of viewer; refusals write nothing.
import crypto from "node:crypto";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../lib/auth/roles.ts";
import { classForInstructor, classForMember, decksForNewClass, INSTRUCTORS_ONLY, CLASS_NOT_FOUND } from "../../lib/classes/access.ts";
import { normalizeCode } from "../../lib/classes/codes.ts";
import { cardsCsv, learnersCsv } from "../../lib/classes/csv.ts";
import { classDashboard } from "../../lib/classes/dashboard.ts";
import { addInstructor, CODE_EXPIRED, CODE_REFUSED, CODE_REVOKED, createClass, createJoinCode, joinByCode, leaveClass, recordWhyOpen, revokeJoinCode } from "../../lib/classes/data.ts";
import { enrol } from "../../lib/decks/data.ts";
import { undoLast, type Learner } from "../../lib/reviews/data.ts";
import { currentStudyDay, dayNumberToIsoDate } from "../../lib/srs/day.ts";
import { DEMO_INSTRUCTOR } from "../../lib/users/demo.ts";
import { expectedDashboard } from "../support/class-expect.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { answer, demoDeck, study } from "../support/study.ts";

const JOINED = new Date("2026-03-09T12:00:00Z");
const NOW = new Date("2026-03-19T12:00:00Z");

describe.each(testDatabases())("classes on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "a class of two learners" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let deckId: string;
    let cardIds: string[];
    let instructor: Learner, coInstructor: Learner, otherInstructor: Learner, l1: Learner, l2: Learner, outsider: Learner;
    let classId: string;
    let code: string;

    const make = async (name: string, role: Role, timeZone = "UTC"): Promise<Learner> => {
      const u = await h.db.user.create({ data: { email: `${name}@example.com`, name, role, passwordHash: "unused", timeZone } });
      return { id: u.id, role: u.role, timeZone: u.timeZone, dayRolloverHour: u.dayRolloverHour };
    };

    beforeAll(async () => {
      ({ deckId, cardIds } = await demoDeck(h.db));
      const owner = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_INSTRUCTOR.email } });
      instructor = { id: owner.id, role: owner.role, timeZone: owner.timeZone, dayRolloverHour: owner.dayRolloverHour };
      coInstructor = await make("co-instructor", "INSTRUCTOR");
      otherInstructor = await make("other-instructor", "INSTRUCTOR");
      l1 = await make("Ada", "LEARNER");
      l2 = await make("Bo", "LEARNER", "America/Los_Angeles");
      outsider = await make("Cy", "LEARNER");
      await enrol(h.db, deckId, outsider);
      // Ada studied the deck before the class existed: that stays out of the class's numbers.
      await enrol(h.db, deckId, l1);
      await answer(h.db, l1, cardIds[0], 1, new Date("2026-03-01T10:00:00Z"));
      classId = (await createClass(h.db, instructor, "CNN seminar", await decksForNewClass(h.db, instructor, [deckId]))).id;
      code = (await createJoinCode(h.db, classId, instructor.id, 14, JOINED)).code;
    });

    it("joins with the code typed loosely; the class decks join the learner's decks; joining again changes nothing", async () => {
      const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
      const r = await joinByCode(h.db, l2, typed, JOINED);
      expect(r).toMatchObject({ classId, name: "CNN seminar" });
      expect(await h.db.enrolment.count({ where: { userId: l2.id, deckId } })).toBe(1);
      await joinByCode(h.db, l1, code, JOINED);
      await joinByCode(h.db, l1, code, new Date(JOINED.getTime() + 3600_000));
      const m = await h.db.classMember.findUniqueOrThrow({ where: { classId_userId: { classId, userId: l1.id } } });
      expect(m.joinedAt.toISOString()).toBe(JOINED.toISOString());
    });

    it("counts why-view opens only for the class's learners", async () => {
      await recordWhyOpen(h.db, l1.id, cardIds[2], deckId, NOW);
      await recordWhyOpen(h.db, l1.id, cardIds[2], deckId, NOW);
      await recordWhyOpen(h.db, l2.id, cardIds[2], deckId, NOW);
      await recordWhyOpen(h.db, l2.id, cardIds[3], deckId, NOW);
      await recordWhyOpen(h.db, outsider.id, cardIds[3], deckId, NOW);
      expect(await h.db.whyOpen.count({ where: { userId: outsider.id } })).toBe(0);
      expect((await h.db.whyOpen.findUniqueOrThrow({ where: { userId_cardId: { userId: l1.id, cardId: cardIds[2] } } })).count).toBe(2);
    });

    /** The dashboard's card table against the log, card by card; returns the table. */
    const expectCards = async (range: { from: number; to: number }) => {
      const d = await classDashboard(h.db, classId, range, NOW);
      const want = await expectedDashboard(h.db, classId, range.from, range.to, NOW);
      for (const c of d.cards) {
        const e = want.cards.get(c.cardId) ?? { answers: 0, averageGrade: null, lapses: 0, whyOpens: 0 };
        expect({ answers: c.answers, averageGrade: c.averageGrade, lapses: c.lapses, whyOpens: c.whyOpens }, c.cardId).toEqual({
          answers: e.answers, averageGrade: e.averageGrade, lapses: e.lapses, whyOpens: e.whyOpens,
        });
      }
      return d.cards;
    };

    it("shows per learner and per card exactly what the log says (undone answers cancelled, outsiders left out), and the CSV says the same", async () => {
      const today = currentStudyDay(NOW, "UTC", 4);
      // The class's card sums are kept up to date from each view to the next (lib/classes/card-sums.ts).
      await study(h.db, [l1, l2, outsider], deckId, cardIds, 90, 11);
      const before = await expectCards({ from: today - 29, to: today });
      expect(before.some((c) => c.answers > 0)).toBe(true);
      for (const who of [l1, l2, outsider]) await answer(h.db, who, cardIds[1], 2, new Date(NOW.getTime() - 3600_000));
      await undoLast(h.db, l1, deckId, crypto.randomUUID(), new Date(NOW.getTime() - 3000_000)); // takes Ada's back
      // Two views at once add the new answers once (Bo's: Ada's was undone, Cy is not in the class).
      const [, after] = await Promise.all([classDashboard(h.db, classId, { from: today - 29, to: today }, NOW), expectCards({ from: today - 29, to: today })]);
      const answersOf = (cards: { cardId: string; answers: number }[], cardId: string) => cards.find((c) => c.cardId === cardId)?.answers ?? 0;
      expect(answersOf(after, cardIds[1])).toBe(answersOf(before, cardIds[1]) + 1);
      // Short ranges find streaks in SQL; one of half the look-back or more counts them from the per-day rows.
      for (const range of [{ from: today - 29, to: today }, { from: today - 6, to: today - 3 }, { from: today - 249, to: today }]) {
        const d = await classDashboard(h.db, classId, range, NOW);
        const want = await expectedDashboard(h.db, classId, range.from, range.to, NOW);
        expect(d.learners.map((l) => l.userId).sort()).toEqual([l1.id, l2.id].sort());
        for (const l of d.learners) {
          const e = want.learners.get(l.userId)!;
          expect({ ...l, userId: undefined, lastSeen: l.lastSeen === null ? null : dayNumberToIsoDate(l.lastSeen) }).toEqual({
            userId: undefined, name: e.name, due: e.due, reviewedToday: e.today, reviewedThisWeek: e.week, answers: e.answers,
            retention: e.retention, streak: e.streak, lastSeen: e.lastSeen,
          });
        }
        expect(d.learners.some((l) => l.answers > 0)).toBe(true);
        expect(d.learners.some((l) => l.streak > 1)).toBe(true); // streaks of several days, found in SQL
        for (const c of d.cards) {
          const e = want.cards.get(c.cardId) ?? { answers: 0, averageGrade: null, lapses: 0, whyOpens: 0 };
          expect({ answers: c.answers, averageGrade: c.averageGrade, lapses: c.lapses, whyOpens: c.whyOpens }, c.cardId).toEqual({
            answers: e.answers, averageGrade: e.averageGrade, lapses: e.lapses, whyOpens: e.whyOpens,
          });
        }
        const csv = Papa.parse<Record<string, string>>(learnersCsv(d.learners), { header: true, skipEmptyLines: true }).data;
        expect(csv.map((r) => [r.learner, Number(r.answers_in_range), Number(r.due)])).toEqual(d.learners.map((l) => [want.learners.get(l.userId)!.name, want.learners.get(l.userId)!.answers, want.learners.get(l.userId)!.due]));
        const cardCsv = Papa.parse<Record<string, string>>(cardsCsv(d.cards), { header: true, skipEmptyLines: true }).data;
        expect(cardCsv.map((r) => Number(r.why_opens))).toEqual(d.cards.map((c) => want.cards.get(c.cardId)?.whyOpens ?? 0));
      }
      // One learner's own view holds only their row.
      const mine = await classDashboard(h.db, classId, { from: today - 29, to: today }, NOW, l2.id);
      expect(mine.learners.map((l) => l.userId)).toEqual([l2.id]);
    });

    it("lets every instructor of the class manage it, tells its learners they may not, and others that it does not exist", async () => {
      await expect(classForInstructor(h.db, coInstructor, classId)).rejects.toMatchObject({ status: 404, message: CLASS_NOT_FOUND });
      await addInstructor(h.db, classId, "co-instructor@example.com");
      expect(await classForInstructor(h.db, coInstructor, classId)).toMatchObject({ id: classId });
      expect(await classForInstructor(h.db, instructor, classId)).toMatchObject({ id: classId });
      await expect(classForInstructor(h.db, otherInstructor, classId)).rejects.toMatchObject({ status: 404 });
      await expect(classForInstructor(h.db, l1, classId)).rejects.toMatchObject({ status: 403, message: INSTRUCTORS_ONLY });
      await expect(classForInstructor(h.db, outsider, classId)).rejects.toMatchObject({ status: 404 });
      expect(await classForMember(h.db, l1, classId)).toMatchObject({ id: classId });
      for (const v of [instructor, coInstructor, otherInstructor, outsider]) await expect(classForMember(h.db, v, classId)).rejects.toMatchObject({ status: 404 });
      await expect(addInstructor(h.db, classId, "ada@example.com")).rejects.toMatchObject({ status: 404 });
      const draft = await h.db.deck.create({ data: { slug: "someone-elses-draft", title: "Draft", ownerId: otherInstructor.id } });
      await expect(decksForNewClass(h.db, instructor, [deckId, draft.id])).rejects.toMatchObject({ status: 404 });
    });

    it("refuses expired, revoked and mistyped codes with a clear message, and throttles a user's tries; refusals add no member", async () => {
      const newcomer = await make("Di", "LEARNER");
      const expired = await createJoinCode(h.db, classId, instructor.id, 1, new Date(NOW.getTime() - 2 * 86_400_000));
      const revoked = await createJoinCode(h.db, classId, instructor.id, 14, NOW);
      await revokeJoinCode(h.db, classId, revoked.id, NOW);
      await expect(revokeJoinCode(h.db, "nosuchclass", revoked.id, NOW)).rejects.toMatchObject({ status: 404 });
      const members = await h.db.classMember.count();
      await expect(joinByCode(h.db, newcomer, expired.code, NOW)).rejects.toMatchObject({ status: 404, message: CODE_EXPIRED });
      await expect(joinByCode(h.db, newcomer, revoked.code, NOW)).rejects.toMatchObject({ status: 404, message: CODE_REVOKED });
      await expect(joinByCode(h.db, newcomer, "ZZZZZ-ZZZZZ", NOW)).rejects.toMatchObject({ status: 404, message: CODE_REFUSED });
      await expect(joinByCode(h.db, instructor, code, NOW)).rejects.toMatchObject({ status: 409 });
      for (let i = 0; i < 7; i++) await expect(joinByCode(h.db, newcomer, "nope", NOW)).rejects.toMatchObject({ status: 404 });
      // The 11th try in 15 minutes is refused before the code is looked at, even a good one.
      await expect(joinByCode(h.db, newcomer, code, NOW)).rejects.toMatchObject({ status: 429 });
      expect(await h.db.classMember.count()).toBe(members);
      expect(normalizeCode(code)).toBe(code);
    });

    it("leaving ends the membership and keeps the learner's decks, card states and log", async () => {
      const before = { logs: await h.db.reviewLog.count({ where: { userId: l2.id } }), states: await h.db.cardState.count({ where: { userId: l2.id } }) };
      expect(before.logs).toBeGreaterThan(0);
      await leaveClass(h.db, classId, l2.id);
      await expect(classForMember(h.db, l2, classId)).rejects.toMatchObject({ status: 404 });
      expect(await h.db.enrolment.count({ where: { userId: l2.id, deckId } })).toBe(1);
      expect({ logs: await h.db.reviewLog.count({ where: { userId: l2.id } }), states: await h.db.cardState.count({ where: { userId: l2.id } }) }).toEqual(before);
      const all = { from: 0, to: currentStudyDay(NOW, "UTC", 4) };
      const d = await classDashboard(h.db, classId, all, NOW);
      expect(d.learners.map((l) => l.userId)).toEqual([l1.id]);
      // Their answers left the card table with them (the class's card sums subtract them)…
      const withoutBo = await expectCards(all);
      // …and joining again counts them from the new joining day only.
      await joinByCode(h.db, l2, code, NOW);
      await answer(h.db, l2, cardIds[0], 4, NOW);
      const withBoAgain = await expectCards(all);
      const answersOf = (cards: { cardId: string; answers: number }[]) => cards.find((c) => c.cardId === cardIds[0])?.answers ?? 0;
      expect(answersOf(withBoAgain)).toBe(answersOf(withoutBo) + 1);
      expect(withoutBo.reduce((a, c) => a + c.answers, 0)).toBeGreaterThan(0);
    });
  });
});
