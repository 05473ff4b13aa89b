// Public sign-up. It answers the same whether or not the address has an account (the mail tells
// the address's owner which it was), costs one argon2 hash either way, and is throttled per network.
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { discardAttempt, forgetOldAttempts, mailKey, recordEvent, resendKey, signUpKey } from "../auth/attempts.ts";
import { hashPassword, SIGN_UP_MAX_WAITING } from "../auth/password.ts";
import { describeRetry, windowWait, type SignUpLimits } from "../auth/rate-limit.ts";
import type { SignUpInput } from "../auth/validation.ts";
import { Busy } from "../auth/work-limit.ts";
import { enrolInStarterDecks } from "../decks/data.ts";
import { STARTER_DECK_SLUGS } from "../decks/starter.ts";
import type { Mailer } from "../mail/mailer.ts";
import { alreadyRegisteredMail, confirmationMail, type Mail } from "../mail/messages.ts";
import { issueEmailToken } from "./verification.ts";

export type Refusal = { refused: true; message: string; retryAfterMs: number };
export type SignUpOutcome = { refused: false } | Refusal;

export interface MailContext {
  mailer: Mailer;
  siteUrl: string;
  limits: SignUpLimits;
}

const BUSY_RETRY_MS = 5_000;

/** Counts an event under `key`; refused (and forgotten) when the window already holds `max`. */
async function throttle(db: Db, key: string, max: number, now: Date, limits: SignUpLimits, what: string): Promise<Refusal | null> {
  const { id, earlier } = await recordEvent(db, key, now, new Date(now.getTime() - limits.windowMs));
  const wait = windowWait(earlier, now, limits.windowMs, max);
  if (wait === null) return null;
  await discardAttempt(db, [id]);
  return { refused: true, message: `Too many ${what} from your network. Try again in ${describeRetry(wait)}.`, retryAfterMs: wait };
}

/** At most maxMailsPerAddress mails an hour to one address; more are dropped, so nobody's inbox is flooded through us. */
async function mailUnlessFlooding(db: Db, mail: Mail, now: Date, ctx: MailContext): Promise<void> {
  if (await throttle(db, mailKey(mail.to), ctx.limits.maxMailsPerAddress, now, ctx.limits, "mails")) {
    console.warn(`[mail] not sent: ${ctx.limits.maxMailsPerAddress} mails to one address this hour already`);
    return;
  }
  await ctx.mailer.send(mail);
}

export async function signUp(db: Db, input: SignUpInput, ip: string, now: Date, ctx: MailContext): Promise<SignUpOutcome> {
  const refused = await throttle(db, signUpKey(ip), ctx.limits.maxPerIp, now, ctx.limits, "sign-ups");
  if (refused) return refused;
  await forgetOldAttempts(db, now);

  // Hashed whether or not the address is taken, so the answer takes as long either way.
  let passwordHash: string;
  try {
    passwordHash = await hashPassword(input.password, SIGN_UP_MAX_WAITING);
  } catch (err) {
    if (err instanceof Busy) return { refused: true, message: "Many people are signing up right now. Try again in a few seconds.", retryAfterMs: BUSY_RETRY_MS };
    throw err;
  }

  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, emailVerifiedAt: true } });
  if (existing?.emailVerifiedAt) {
    await mailUnlessFlooding(db, alreadyRegisteredMail(input.email, ctx.siteUrl), now, ctx);
    return { refused: false };
  }
  let userId: string;
  if (existing) {
    // Not confirmed yet: whoever signs up last sets the password, and only the mailbox's owner gets
    // the link; confirming also takes that password (lib/auth/sign-in.ts), so a squatter gains nothing.
    await db.user.update({ where: { id: existing.id }, data: { name: input.name, passwordHash } });
    userId = existing.id;
  } else {
    try {
      userId = (await db.user.create({ data: { email: input.email, name: input.name, passwordHash }, select: { id: true } })).id;
    } catch (err) {
      // The same address signed up at the same moment: the other request mails the link.
      if (isUniqueViolation(err)) return { refused: false };
      throw err;
    }
    await enrolInStarterDecks(db, userId, STARTER_DECK_SLUGS);
  }
  const token = await issueEmailToken(db, userId, now);
  await mailUnlessFlooding(db, confirmationMail(input.email, ctx.siteUrl, token), now, ctx);
  return { refused: false };
}

/** "Send the link again": a new link if the address has an unconfirmed account; the same answer otherwise. */
export async function resendConfirmation(db: Db, email: string, ip: string, now: Date, ctx: MailContext): Promise<SignUpOutcome> {
  const refused = await throttle(db, resendKey(ip), ctx.limits.maxResendsPerIp, now, ctx.limits, "requests for a new link");
  if (refused) return refused;
  const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
  if (user && !user.emailVerifiedAt) {
    const token = await issueEmailToken(db, user.id, now);
    await mailUnlessFlooding(db, confirmationMail(email, ctx.siteUrl, token), now, ctx);
  }
  return { refused: false };
}
