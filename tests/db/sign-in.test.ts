import { beforeAll, describe, expect, it } from "vitest";
import { checkSignIn } from "../../lib/auth/sign-in.ts";
import { SIGN_IN_LIMITS, type SignInLimits } from "../../lib/auth/rate-limit.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { STALE_LINK_MESSAGE, UNCONFIRMED_MESSAGE } from "../../lib/auth/sign-in-messages.ts";
import { createUser } from "../../lib/users/data.ts";
import { issueEmailToken } from "../../lib/users/verification.ts";
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
    const emails = ["ok", "wrong", "locked", "cleared", "ipvictim", "burst", "spread", "unconfirmed"].map((n) => `${n}@example.com`);
    const [OK, WRONG_PW, LOCKED, CLEARED, IP_VICTIM, BURST, SPREAD, UNCONFIRMED] = emails;

    beforeAll(async () => {
      for (const email of emails) await createUser(h.db, signUpSchema.parse({ name: email, email, password: PASSWORD }));
      await h.db.user.update({ where: { email: UNCONFIRMED }, data: { emailVerifiedAt: null } });
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
      expect(await attempts()).toBe(before + 3);
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

    it("a stranger guessing from one network is slowed down (1, 2, 4 minutes…), and the owner elsewhere still gets in", async () => {
      const stranger = "192.0.2.10";
      for (let i = 0; i < 5; i++) {
        expect(await checkSignIn(h.db, { email: LOCKED, password: `wrong-${i}` }, stranger, at(i * 1000))).toEqual(WRONG);
      }
      const before = await attempts();
      // Sixth try from that network, even with the right password: wait a minute after the latest failure.
      expect(await checkSignIn(h.db, { email: LOCKED, password: PASSWORD }, stranger, at(5_000))).toEqual({
        ok: false,
        code: "rate-limited",
        message: "Too many failed sign-in attempts for this account from your network. Try again in 1 minute.",
      });
      // Refused tries leave no trace, so hammering does not extend the wait.
      expect(await checkSignIn(h.db, { email: LOCKED, password: "still-wrong" }, stranger, at(30_000))).toMatchObject({ code: "rate-limited" });
      expect(await attempts()).toBe(before);
      // While the stranger waits, the owner signs in from their own network at once.
      expect(await checkSignIn(h.db, { email: LOCKED, password: PASSWORD }, "192.0.2.99", at(31_000))).toMatchObject({ ok: true });
      // The stranger's next failure (after the minute) doubles the wait: 2 minutes, then 4.
      expect(await checkSignIn(h.db, { email: LOCKED, password: "wrong-5" }, stranger, at(65_000))).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: LOCKED, password: "wrong" }, stranger, at(66_000))).toMatchObject({
        message: "Too many failed sign-in attempts for this account from your network. Try again in 2 minutes.",
      });
      expect(await checkSignIn(h.db, { email: LOCKED, password: "wrong-6" }, stranger, at(65_000 + 2 * MIN))).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: LOCKED, password: "wrong" }, stranger, at(66_000 + 2 * MIN))).toMatchObject({
        message: "Too many failed sign-in attempts for this account from your network. Try again in 4 minutes.",
      });
      // And the owner, again, from their network.
      expect(await checkSignIn(h.db, { email: LOCKED, password: PASSWORD }, "192.0.2.99", at(67_000 + 2 * MIN))).toMatchObject({ ok: true });
    });

    it("caps failures per account across many networks (distributed guessing), without a lone network reaching it", async () => {
      const limits: SignInLimits = { ...SIGN_IN_LIMITS, maxFailuresPerAccount: 6 };
      for (let i = 0; i < 6; i++) {
        expect(await checkSignIn(h.db, { email: SPREAD, password: "wrong" }, `198.18.0.${i}`, at(i * 1000), limits)).toEqual(WRONG);
      }
      expect(await checkSignIn(h.db, { email: SPREAD, password: PASSWORD }, "198.18.1.1", at(10_000), limits)).toEqual({
        ok: false,
        code: "rate-limited",
        message: "Too many failed sign-in attempts for this account. Try again in 60 minutes.",
      });
      expect(await checkSignIn(h.db, { email: SPREAD, password: PASSWORD }, "198.18.1.1", at(60 * MIN), limits)).toMatchObject({ ok: true });
    });

    it("an unconfirmed address: wrong password as anyone's; right password asks for the link; the link with the password confirms it", async () => {
      const ip = "192.0.2.77";
      const user = await h.db.user.findUniqueOrThrow({ where: { email: UNCONFIRMED } });
      expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: "wrong-password" }, ip, at(0))).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: PASSWORD }, ip, at(0))).toEqual({ ok: false, code: "unconfirmed", message: UNCONFIRMED_MESSAGE });

      const other = await h.db.user.findUniqueOrThrow({ where: { email: OK } });
      const othersToken = await issueEmailToken(h.db, other.id, at(0));
      const stale = await issueEmailToken(h.db, user.id, at(-25 * 3600 * 1000));
      for (const token of [stale, othersToken, "made-up"]) {
        expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: PASSWORD }, ip, at(0), undefined, token)).toEqual({ ok: false, code: "unconfirmed", message: STALE_LINK_MESSAGE });
      }
      const token = await issueEmailToken(h.db, user.id, at(0));
      // The link alone is not enough: a wrong password confirms nothing.
      expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: "wrong-password" }, ip, at(0), undefined, token)).toEqual(WRONG);
      expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: PASSWORD }, ip, at(MIN), undefined, token)).toMatchObject({ ok: true });
      expect((await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toEqual(at(MIN));
      expect(await h.db.emailToken.count({ where: { userId: user.id } })).toBe(0);
      expect(await checkSignIn(h.db, { email: UNCONFIRMED, password: PASSWORD }, ip, at(2 * MIN))).toMatchObject({ ok: true });
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
      const limits: SignInLimits = { ...SIGN_IN_LIMITS, maxFailuresPerIp: 3 };
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

    it("20 guesses sent at the same moment from one network get at most 5 password checks (the limit holds under concurrency)", async () => {
      const now = at(60 * MIN);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => checkSignIn(h.db, { email: BURST, password: `guess-${i}` }, "198.51.100.100", now)),
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
