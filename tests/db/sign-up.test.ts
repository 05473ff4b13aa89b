// Public sign-up (lib/users/sign-up.ts): the same answer whether or not the address has an account, a
// confirmation link for the address's owner, per-network throttling and the argon2 cap.
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword, argon2Work } from "../../lib/auth/password.ts";
import type { SignUpLimits } from "../../lib/auth/rate-limit.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import type { Mail } from "../../lib/mail/messages.ts";
import { createUser } from "../../lib/users/data.ts";
import { resendConfirmation, signUp, type MailContext } from "../../lib/users/sign-up.ts";
import { tokenOwner } from "../../lib/users/verification.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

const SITE = "https://proofdeck.example";
const T0 = Date.now() - 2 * 3600 * 1000;
const at = (ms: number) => new Date(T0 + ms);
const MIN = 60_000;
const input = (email: string, password = "a-long-study-passphrase", name = "Ada") => signUpSchema.parse({ name, email, password });

function context(limits: Partial<SignUpLimits> = {}): MailContext & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    mailer: { send: async (m) => void sent.push(m) },
    siteUrl: SITE,
    limits: { windowMs: 60 * MIN, maxPerIp: 100, maxResendsPerIp: 100, maxMailsPerAddress: 100, ...limits },
  };
}

const tokenIn = (mail: Mail) => {
  const link = /https:\/\/proofdeck\.example\/verify-email\?token=([\w-]+)/.exec(mail.text);
  expect(link, mail.text).not.toBeNull();
  return link![1];
};

describe.each(testDatabases())("signUp() on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    beforeAll(async () => {
      await createUser(h.db, input("taken@example.com", "the-owners-passphrase", "Owner"));
    });

    it("a new address: an unconfirmed account and a mail with a link that names it", async () => {
      const ctx = context();
      expect(await signUp(h.db, input("new@example.com"), "198.51.100.1", at(0), ctx)).toEqual({ refused: false });
      const user = await h.db.user.findUniqueOrThrow({ where: { email: "new@example.com" } });
      expect(user.emailVerifiedAt).toBeNull();
      expect(ctx.sent.map((m) => [m.to, m.subject])).toEqual([["new@example.com", "Confirm your address for Proofdeck"]]);
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[0]), at(MIN))).toEqual({ userId: user.id, email: "new@example.com" });
      // Only a hash of the token is stored.
      expect(JSON.stringify(await h.db.emailToken.findMany())).not.toContain(tokenIn(ctx.sent[0]));
      // It stops working after 24 hours.
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[0]), at(24 * 3600 * 1000))).toBeNull();
    });

    it("an address that has an account: the same answer, nothing changed, and its owner is told instead", async () => {
      const before = await h.db.user.findUniqueOrThrow({ where: { email: "taken@example.com" } });
      const ctx = context();
      expect(await signUp(h.db, input("TAKEN@example.com", "an-impostors-passphrase", "Impostor"), "198.51.100.2", at(0), ctx)).toEqual({ refused: false });
      expect(await h.db.user.findUniqueOrThrow({ where: { email: "taken@example.com" } })).toEqual(before);
      expect(ctx.sent.map((m) => [m.to, m.subject])).toEqual([["taken@example.com", "Someone tried to sign up to Proofdeck with your address"]]);
      expect(ctx.sent[0].text).not.toMatch(/token=/);
    });

    it("an address still unconfirmed: the last sign-up sets the password and only its link works", async () => {
      const ctx = context();
      await signUp(h.db, input("pending@example.com", "first-passphrase-1"), "198.51.100.3", at(0), ctx);
      await signUp(h.db, input("pending@example.com", "second-passphrase-2", "Second"), "198.51.100.4", at(MIN), ctx);
      const user = await h.db.user.findUniqueOrThrow({ where: { email: "pending@example.com" } });
      expect(user.name).toBe("Second");
      expect(await verifyPassword(user.passwordHash, "second-passphrase-2")).toBe(true);
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[0]), at(2 * MIN))).toBeNull();
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[1]), at(2 * MIN))).toMatchObject({ userId: user.id });
    });

    it("refuses the sign-up past the per-network limit, with how long to wait; other networks go on", async () => {
      const ctx = context({ maxPerIp: 3 });
      for (let i = 0; i < 3; i++) expect(await signUp(h.db, input(`burst${i}@example.com`), "203.0.113.9", at(i * MIN), ctx)).toEqual({ refused: false });
      expect(await signUp(h.db, input("burst3@example.com"), "203.0.113.9", at(10 * MIN), ctx)).toEqual({
        refused: true,
        message: "Too many sign-ups from your network. Try again in 50 minutes.",
        retryAfterMs: 50 * MIN,
      });
      expect(await h.db.user.count({ where: { email: "burst3@example.com" } })).toBe(0);
      expect(await signUp(h.db, input("burst3@example.com"), "203.0.113.10", at(10 * MIN), ctx)).toEqual({ refused: false });
      // Refusals are not counted: once the first sign-up is an hour old, one more is let in.
      expect(await signUp(h.db, input("burst4@example.com"), "203.0.113.9", at(60 * MIN), ctx)).toEqual({ refused: false });
    });

    it("sends at most maxMailsPerAddress mails an hour to one address, answering the same", async () => {
      await createUser(h.db, input("flooded@example.com", "the-owners-passphrase"));
      const ctx = context({ maxMailsPerAddress: 2 });
      for (let i = 0; i < 4; i++) expect(await signUp(h.db, input("flooded@example.com", `passphrase-number-${i}`), `203.0.113.${20 + i}`, at(i * 1000), ctx)).toEqual({ refused: false });
      expect(ctx.sent).toHaveLength(2);
    });

    it("sends a new link on request only to an unconfirmed address, answering the same for any address", async () => {
      const ctx = context();
      await signUp(h.db, input("resend@example.com"), "198.51.100.5", at(0), ctx);
      for (const email of ["resend@example.com", "taken@example.com", "nobody@example.com"]) {
        expect(await resendConfirmation(h.db, email, "198.51.100.5", at(MIN), ctx)).toEqual({ refused: false });
      }
      expect(ctx.sent.map((m) => m.to)).toEqual(["resend@example.com", "resend@example.com"]);
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[0]), at(2 * MIN))).toBeNull();
      expect(await tokenOwner(h.db, tokenIn(ctx.sent[1]), at(2 * MIN))).not.toBeNull();
      const limited = context({ maxResendsPerIp: 1 });
      await resendConfirmation(h.db, "resend@example.com", "198.51.100.6", at(MIN), limited);
      expect(await resendConfirmation(h.db, "resend@example.com", "198.51.100.6", at(MIN), limited)).toMatchObject({ refused: true });
    });

    it("when argon2 is saturated, refuses at once (busy) instead of queueing behind sign-ins", async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const hold = Array.from({ length: argon2Work.max + 8 }, () => argon2Work.run(() => gate));
      try {
        expect(await signUp(h.db, input("busy@example.com"), "198.51.100.7", at(0), context())).toEqual({
          refused: true,
          message: "Many people are signing up right now. Try again in a few seconds.",
          retryAfterMs: 5000,
        });
      } finally {
        release();
        await Promise.all(hold);
      }
      expect(await h.db.user.count({ where: { email: "busy@example.com" } })).toBe(0);
    });
  });
});
