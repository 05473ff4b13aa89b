import { beforeAll, describe, expect, it } from "vitest";
import { checkSignIn } from "../../lib/auth/sign-in.ts";
import type { SignInLimits } from "../../lib/auth/rate-limit.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { createUser } from "../../lib/users/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

const MIN = 60_000;
const PASSWORD = "correct-horse-battery";
const WRONG = { ok: false, code: "wrong-credentials", message: "Wrong email or password." };
// Recent, so the 24-hour clean-up of old attempts keeps everything these tests write.
const T0 = Date.now() - 2 * 3600 * 1000;
const at = (ms: number) => new Date(T0 + ms);

describe.each(testDatabases())("checkSignIn() on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    // Each test signs in to its own account from its own addresses, so their attempts do not mix.
    const emails = ["ok", "wrong", "locked", "cleared", "ipvictim", "burst"].map((n) => `${n}@example.com`);
    const [OK, WRONG_PW, LOCKED, CLEARED, IP_VICTIM, BURST] = emails;

    beforeAll(async () => {
      for (const email of emails) await createUser(h.db, signUpSchema.parse({ name: email, email, password: PASSWORD }));
    });

    const attempts = () => h.db.authAttempt.count();

    it("signs in with the right password, whatever the email's case and spaces, and records the success", async () => {
      const r = await checkSignIn(h.db, { email: "  OK@Example.com ", password: PASSWORD }, "198.51.100.1", at(0));
      expect(r).toEqual({
        ok: true,
        user: { id: expect.any(String), email: OK, name: OK, role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4, sessionVersion: 0 },
      });
      expect(r.ok && r.user).not.toHaveProperty("passwordHash");
      const rows = await h.db.authAttempt.findMany({ where: { key: { in: [`email:${OK}`, "ip:198.51.100.1"] } } });
      expect(rows.map((a) => [a.key, a.succeeded]).sort()).toEqual([["email:ok@example.com", true], ["ip:198.51.100.1", true]]);
    });

    it("says 'Wrong email or password.' for a wrong password, and records the failure", async () => {
      const before = await attempts();
      expect(await checkSignIn(h.db, { email: WRONG_PW, password: "not-the-password" }, "198.51.100.2", at(0))).toEqual(WRONG);
      expect(await attempts()).toBe(before + 2);
      expect(await h.db.authAttempt.count({ where: { key: `email:${WRONG_PW}`, succeeded: false } })).toBe(1);
    });

    it("says exactly the same for an unknown email, so it does not reveal who has an account", async () => {
      expect(await checkSignIn(h.db, { email: "nobody@example.com", password: PASSWORD }, "198.51.100.3", at(0))).toEqual(WRONG);
    });

    it.each([
      [{ email: "not-an-email", password: PASSWORD }, "Enter a valid email address, like name@example.com."],
      [{ email: "", password: PASSWORD }, "Enter your email address."],
      [{ email: OK, password: "" }, "Enter your password."],
      [{ email: OK }, "Enter your password."],
      [{ email: "not-an-email", password: "" }, "Enter a valid email address, like name@example.com."],
      [null, "Enter your email and password."],
    ])("explains malformed input %j and records nothing", async (raw, message) => {
      const before = await attempts();
      expect(await checkSignIn(h.db, raw, "198.51.100.4", at(0))).toEqual({ ok: false, code: "invalid-input", message });
      expect(await attempts()).toBe(before);
    });

    it("after 5 failures for an account, refuses the 6th even with the right password, until the oldest failure is 15 minutes old", async () => {
      // Five failures a minute apart, from different addresses.
      for (let i = 0; i < 5; i++) {
        expect(await checkSignIn(h.db, { email: LOCKED, password: `wrong-${i}` }, `192.0.2.${10 + i}`, at(i * MIN))).toEqual(WRONG);
      }
      const refused = {
        ok: false,
        code: "rate-limited",
        message: "Too many failed sign-in attempts for this account. Try again in 10 minutes.",
      };
      const before = await attempts();
      // Right password, new address: still refused, because the account is the target.
      expect(await checkSignIn(h.db, { email: LOCKED, password: PASSWORD }, "192.0.2.99", at(5 * MIN))).toEqual(refused);
      // More tries while locked are refused without checking the password, and do not extend the lock.
      expect(await checkSignIn(h.db, { email: LOCKED, password: "still-wrong" }, "192.0.2.99", at(14 * MIN))).toMatchObject({
        code: "rate-limited",
        message: "Too many failed sign-in attempts for this account. Try again in 1 minute.",
      });
      expect(await attempts()).toBe(before);
      // When told: the first failure has left the 15-minute window.
      expect(await checkSignIn(h.db, { email: LOCKED, password: PASSWORD }, "192.0.2.99", at(15 * MIN))).toMatchObject({ ok: true });
    });

    it("a successful sign-in clears the account's earlier failures", async () => {
      for (let i = 0; i < 4; i++) await checkSignIn(h.db, { email: CLEARED, password: "wrong" }, "192.0.2.50", at(i * MIN));
      expect(await checkSignIn(h.db, { email: CLEARED, password: PASSWORD }, "192.0.2.50", at(4 * MIN))).toMatchObject({ ok: true });
      for (let i = 5; i < 9; i++) {
        expect(await checkSignIn(h.db, { email: CLEARED, password: "wrong" }, "192.0.2.50", at(i * MIN))).toEqual(WRONG);
      }
      // 8 failures in the window, but only 4 since the success: not locked.
      expect(await checkSignIn(h.db, { email: CLEARED, password: PASSWORD }, "192.0.2.50", at(9 * MIN))).toMatchObject({ ok: true });
    });

    it("limits failures per IP across different emails", async () => {
      const limits: SignInLimits = { windowMs: 15 * MIN, maxFailuresPerAccount: 5, maxFailuresPerIp: 3 };
      const ip = "203.0.113.66";
      expect(await checkSignIn(h.db, { email: "guess1@example.com", password: "x" }, ip, at(0), limits)).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: "guess2@example.com", password: "x" }, ip, at(MIN), limits)).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: IP_VICTIM, password: "x" }, ip, at(2 * MIN), limits)).toEqual(WRONG);
      // Fourth try from that network, even for a real account with its right password:
      expect(await checkSignIn(h.db, { email: IP_VICTIM, password: PASSWORD }, ip, at(3 * MIN), limits)).toEqual({
        ok: false,
        code: "rate-limited",
        message: "Too many failed sign-in attempts from your network. Try again in 12 minutes.",
      });
      // The account itself is not locked: its owner signs in from elsewhere.
      expect(await checkSignIn(h.db, { email: IP_VICTIM, password: PASSWORD }, "203.0.113.67", at(3 * MIN), limits)).toMatchObject({ ok: true });
      // And the network is let back in when the first failure leaves the window.
      expect(await checkSignIn(h.db, { email: IP_VICTIM, password: PASSWORD }, ip, at(15 * MIN), limits)).toMatchObject({ ok: true });
    });

    it("20 guesses sent at the same moment get at most 5 password checks (the limit holds under concurrency)", async () => {
      const now = at(60 * MIN);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => checkSignIn(h.db, { email: BURST, password: `guess-${i}` }, `198.51.100.${100 + i}`, now)),
      );
      const checked = results.filter((r) => !r.ok && r.code === "wrong-credentials").length;
      const refused = results.filter((r) => !r.ok && r.code === "rate-limited").length;
      expect(checked + refused).toBe(20);
      expect(checked).toBeLessThanOrEqual(5);
      expect(refused).toBeGreaterThanOrEqual(15);
      // Only the checked guesses are remembered as failures.
      expect(await h.db.authAttempt.count({ where: { key: `email:${BURST}`, succeeded: false } })).toBe(checked);
    });
  });
});
