// Checks a sign-in: input, throttling, password, a confirmed address; records the attempt.
import type { Db } from "../db/client.ts";
import type { PublicUser } from "../users/data.ts";
import { findUserWithHashByEmail } from "../users/data.ts";
import { confirmEmail } from "../users/verification.ts";
import { discardAttempt, openAttempt, recentFailures, settleAttempt } from "./attempts.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { BUSY_MESSAGE, STALE_LINK_MESSAGE, UNCONFIRMED_MESSAGE } from "./sign-in-messages.ts";
import { SIGN_IN_LIMITS, THROTTLE_MESSAGES, decideSignIn, describeRetry, lookbackMs, type SignInLimits } from "./rate-limit.ts";
import { fieldErrors, signInSchema } from "./validation.ts";
import { Busy } from "./work-limit.ts";

export type SignInResult = { ok: true; user: PublicUser } | { ok: false; code: SignInErrorCode; message: string };
export type SignInErrorCode = "invalid-input" | "wrong-credentials" | "rate-limited" | "unconfirmed" | "busy";


/**
 * `token`: the confirmation link's token, when signing in from it. The address is confirmed only
 * by someone who knows the password too: a link mailed after someone else signed up with your
 * address cannot hand them your mailbox's account.
 */
export async function checkSignIn(
  db: Db,
  raw: unknown,
  ip: string,
  now = new Date(),
  limits: SignInLimits = SIGN_IN_LIMITS,
  token?: string,
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, code: "invalid-input", message: errors.email ?? errors.password ?? "Enter your email and password." };
  }
  const { email, password } = parsed.data;

  const attempt = await openAttempt(db, email, ip, now);
  const since = new Date(now.getTime() - lookbackMs(limits));
  const decision = decideSignIn(await recentFailures(db, email, ip, since, attempt), now, limits);
  if (!decision.allowed) {
    await discardAttempt(db, attempt);
    return { ok: false, code: "rate-limited", message: `${THROTTLE_MESSAGES[decision.scope]} Try again in ${describeRetry(decision.retryAfterMs)}.` };
  }

  const found = await findUserWithHashByEmail(db, email);
  let valid: boolean;
  try {
    valid = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDummy(password);
  } catch (err) {
    if (!(err instanceof Busy)) throw err;
    await discardAttempt(db, attempt);
    return { ok: false, code: "busy", message: BUSY_MESSAGE };
  }
  await settleAttempt(db, attempt, valid, now);
  if (!found || !valid) return { ok: false, code: "wrong-credentials", message: "Wrong email or password." };
  const { passwordHash: _omit, emailVerifiedAt, ...user } = found;
  // Said only after the right password, so it tells nothing about who has an account.
  if (!emailVerifiedAt) {
    if (!token) return { ok: false, code: "unconfirmed", message: UNCONFIRMED_MESSAGE };
    if (!(await confirmEmail(db, token, user.id, now))) return { ok: false, code: "unconfirmed", message: STALE_LINK_MESSAGE };
  }
  return { ok: true, user };
}
