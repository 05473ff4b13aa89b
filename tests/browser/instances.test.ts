// The production server on each database, and two instances sharing one PostgreSQL
// database as they would behind a load balancer: sessions, sign-in limits, and one learner
// grading through both at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { rebuildStates } from "../../lib/reviews/rebuild.ts";
import { testDatabases } from "../support/databases.ts";
import { gradeRequest, learnerWithPassword, postGrade, type GradeRequest } from "../support/grading.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";

// SQLite is one machine's database; several instances are a PostgreSQL deployment.
const target = testDatabases().find((t) => t.provider === "postgres")!;

describe.skipIf(!target.available)("two app instances on one PostgreSQL database", () => {
  describe("behind a load balancer", () => {
    let url: string;
    let a: RunningServer;
    let b: RunningServer;

    beforeAll(async () => {
      url = await target.create();
      await migrate(url);
      const db = createDb(url);
      await seedDemo(db);
      await db.$disconnect();
      [a, b] = await Promise.all([startServer({ databaseUrl: url }), startServer({ databaseUrl: url })]);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await target.dropAll();
    });

    it("a session made on one instance is valid on the other", async () => {
      const { status, cookie } = await signInOverHttp(a.baseUrl, DEMO_LEARNER.email, DEMO_LEARNER.password);
      expect(status).toBe(200);
      const page = await fetch(`${b.baseUrl}/decks`, { headers: { cookie }, redirect: "manual" });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("My decks");
      expect(html).toContain("chapter 13: Convolutional neural networks");
    });

    it("failed sign-ins count across instances", async () => {
      const email = "nobody-here@example.com";
      const statuses: number[] = [];
      // Alternate instances: the sixth failure is refused whichever instance sees it.
      for (let i = 0; i < 6; i++) statuses.push((await signInOverHttp(i % 2 ? b.baseUrl : a.baseUrl, email, `guess-${i}`)).status);
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      // Five failures remembered; the refused sixth left no trace.
      const db = createDb(url);
      try {
        expect(await db.authAttempt.count({ where: { key: `email:${email}`, succeeded: false } })).toBe(5);
      } finally {
        await db.$disconnect();
      }
    });

    it("one learner grading from two devices, one through each instance, at once: every answer counted once, the loser of a race gets 409 with the card's state", async () => {
      const db = createDb(url);
      try {
        const deck = await db.deck.findFirstOrThrow({ include: { cards: { orderBy: { position: "asc" }, select: { id: true } } } });
        const cards = deck.cards.map((c) => c.id);
        const learner = await learnerWithPassword(db, deck.id, "two-devices");
        const phone = { base: a.baseUrl, cookie: (await signInOverHttp(a.baseUrl, learner.email, learner.password)).cookie };
        const laptop = { base: b.baseUrl, cookie: (await signInOverHttp(b.baseUrl, learner.email, learner.password)).cookie };
        const recorded: GradeRequest[] = [];
        const lostRace: GradeRequest[] = [];

        // Different cards at once, half through each instance: all recorded (their sequence numbers collide and are taken again).
        const spread = cards.slice(0, 8).map((cardId, i) => ({ device: i % 2 ? laptop : phone, input: gradeRequest(cardId, 0, 3 + (i % 3)) }));
        const outs = await Promise.all(spread.map(({ device, input }) => postGrade(device.base, device.cookie, input)));
        expect(outs.map((o) => o.answered && o.status)).toEqual(Array(8).fill(200));
        recorded.push(...spread.map((s) => s.input));

        // The same card from both devices at once, five times: one wins, the other is told the state the winner left.
        let version = 1;
        for (let round = 0; round < 5; round++) {
          const pair = [gradeRequest(cards[0]!, version, 4), gradeRequest(cards[0]!, version, 5)];
          const [p, l] = await Promise.all([postGrade(phone.base, phone.cookie, pair[0]!), postGrade(laptop.base, laptop.cookie, pair[1]!)]);
          const statuses = [p, l].map((o) => (o.answered ? o.status : 0));
          expect([...statuses].sort()).toEqual([200, 409]);
          const loser = statuses[0] === 409 ? p : l;
          expect(loser.answered && loser.body).toMatchObject({ error: expect.stringMatching(/answered in another tab or on another device/), state: { version: version + 1 } });
          recorded.push(pair[statuses[0] === 200 ? 0 : 1]!);
          lostRace.push(pair[statuses[0] === 409 ? 0 : 1]!);
          version++;
        }

        const log = await db.reviewLog.findMany({ where: { userId: learner.id }, orderBy: { seq: "asc" } });
        expect(log.map((e) => e.seq)).toEqual(recorded.map((_, i) => i + 1));
        expect(new Set(log.map((e) => e.id))).toEqual(new Set(recorded.map((r) => r.reviewId)));
        for (const r of lostRace) expect(log.some((e) => e.id === r.reviewId)).toBe(false);
        expect(await db.cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: learner.id, cardId: cards[0]! } } })).toMatchObject({ version: 6 });
        expect((await rebuildStates(db)).drifted).toEqual([]);
      } finally {
        await db.$disconnect();
      }
    });
  });
});
