// Checks a sign-in: input, throttling, password; records the attempt.
import type { Db } from "../db/client.ts";
import type { PublicUser } from "../users/data.ts";
import { findUserWithHashByEmail } from "../users/data.ts";
import { discardAttempt, openAttempt, recentFailures, settleAttempt } from "./attempts.ts";
import { verifyAgainstDummy, verifyPassword } from "./password.ts";
import { SIGN_IN_LIMITS, decideSignIn, describeRetry, type SignInLimits } from "./rate-limit.ts";
import { fieldErrors, signInSchema } from "./validation.ts";

export type SignInResult = { ok: true; user: PublicUser } | { ok: false; code: SignInErrorCode; message: string };
export type SignInErrorCode = "invalid-input" | "wrong-credentials" | "rate-limited";

export async function checkSignIn(
  db: Db,
  raw: unknown,
  ip: string,
  now = new Date(),
  limits: SignInLimits = SIGN_IN_LIMITS,
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, code: "invalid-input", message: errors.email ?? errors.password ?? "Enter your email and password." };
  }
  const { email, password } = parsed.data;

  const attempt = await openAttempt(db, email, ip, now);
  const since = new Date(now.getTime() - limits.windowMs);
  const decision = decideSignIn(await recentFailures(db, email, ip, since, attempt), now, limits);
  if (!decision.allowed) {
    await discardAttempt(db, attempt);
    const who = decision.scope === "account" ? "for this account" : "from your network";
    return {
      ok: false,
      code: "rate-limited",
      message: `Too many failed sign-in attempts ${who}. Try again in ${describeRetry(decision.retryAfterMs)}.`,
    };
  }

  const found = await findUserWithHashByEmail(db, email);
  const valid = found ? await verifyPassword(found.passwordHash, password) : await verifyAgainstDummy(password);
  await settleAttempt(db, attempt, valid, now);
  if (!found || !valid) return { ok: false, code: "wrong-credentials", message: "Wrong email or password." };
  const { passwordHash: _omit, ...user } = found;
  return { ok: true, user };
}
