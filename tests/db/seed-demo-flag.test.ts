// Demo accounts only when asked for (issue #11): without them the chapter-13 deck belongs to a system
// account nobody can sign in as; switching them off later makes their published passwords stop working.
import { describe, expect, it } from "vitest";
import { checkSignIn } from "../../lib/auth/sign-in.ts";
import { CHAPTER13_DECK } from "../../lib/decks/chapter13.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { DEMO_INSTRUCTOR, DEMO_LEARNER, SYSTEM_OWNER } from "../../lib/users/demo.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

describe.each(testDatabases())("seedDemo({ demoAccounts }) on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    const deckOwner = async () => (await h.db.deck.findUniqueOrThrow({ where: { slug: CHAPTER13_DECK.slug }, include: { owner: true } })).owner.email;
    const signIn = (email: string, password: string, ip: string) => checkSignIn(h.db, { email, password }, ip);

    it("off: the deck, published, owned by the system account; no demo account; nobody signs in as the owner", async () => {
      expect(await seedDemo(h.db, { demoAccounts: false })).toMatchObject({ usersCreated: 1, deckCreated: true, cardsCreated: 9 });
      expect(await deckOwner()).toBe(SYSTEM_OWNER.email);
      expect(await h.db.user.count({ where: { email: { in: [DEMO_LEARNER.email, DEMO_INSTRUCTOR.email] } } })).toBe(0);
      for (const password of ["", "!no-password", "proofdeck-dummy-password"]) {
        expect(await signIn(SYSTEM_OWNER.email, password || "x", "192.0.2.1")).toMatchObject({ ok: false });
      }
    });

    it("on: the demo accounts sign in and the demo instructor owns the deck; off again: their passwords stop working", async () => {
      await seedDemo(h.db, { demoAccounts: true });
      expect(await deckOwner()).toBe(DEMO_INSTRUCTOR.email);
      expect(await signIn(DEMO_LEARNER.email, DEMO_LEARNER.password, "192.0.2.2")).toMatchObject({ ok: true });

      await seedDemo(h.db, { demoAccounts: false });
      expect(await deckOwner()).toBe(SYSTEM_OWNER.email);
      expect(await signIn(DEMO_LEARNER.email, DEMO_LEARNER.password, "192.0.2.3")).toMatchObject({ ok: false, code: "wrong-credentials" });
      expect(await signIn(DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password, "192.0.2.3")).toMatchObject({ ok: false, code: "wrong-credentials" });
      // Sessions issued while they were on end too.
      expect((await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } })).sessionVersion).toBe(1);

      await seedDemo(h.db, { demoAccounts: true });
      expect(await signIn(DEMO_INSTRUCTOR.email, DEMO_INSTRUCTOR.password, "192.0.2.4")).toMatchObject({ ok: true });
      expect(await deckOwner()).toBe(DEMO_INSTRUCTOR.email);
    });
  });
});
