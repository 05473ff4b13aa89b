// Sign-in and sign-up throttling policy (pure). The attempts come from the database so the
// limits hold across app instances.
//
// Sign-in failures are counted three ways:
//   - per account and network: 5 free failures, then a wait of 1 minute after the latest
//     failure, doubling with each further one (capped at 15). This is what stops one guesser,
//     and it locks out only that network: the owner elsewhere still gets in.
//   - per network, across accounts: 20 in 15 minutes (one network trying many emails).
//   - per account, across networks: 100 in an hour, to slow guessing spread over many networks.
//     One network cannot reach it on its own (its backoff allows about 12 an hour), so a lone
//     stranger cannot lock a person out.

export interface SignInLimits {
  ipWindowMs: number;
  maxFailuresPerIp: number;
  pairWindowMs: number;
  /** Failures allowed from one network for one account before the backoff starts. */
  pairFreeFailures: number;
  pairBaseDelayMs: number;
  pairMaxDelayMs: number;
  accountWindowMs: number;
  maxFailuresPerAccount: number;
}

const MIN = 60 * 1000;

export const SIGN_IN_LIMITS: SignInLimits = {
  ipWindowMs: 15 * MIN,
  maxFailuresPerIp: 20,
  pairWindowMs: 60 * MIN,
  pairFreeFailures: 5,
  pairBaseDelayMs: MIN,
  pairMaxDelayMs: 15 * MIN,
  accountWindowMs: 60 * MIN,
  maxFailuresPerAccount: 100,
};

/** How far back the failures must be read to decide. */
export const lookbackMs = (l: SignInLimits) => Math.max(l.ipWindowMs, l.pairWindowMs, l.accountWindowMs);

export type ThrottleScope = "pair" | "account" | "ip";
export type ThrottleDecision = { allowed: true } | { allowed: false; scope: ThrottleScope; retryAfterMs: number };

export interface RecentFailures {
  /** This account from this network (since the pair's last success). */
  pair: Date[];
  /** This account from any network (since the account's last success). */
  account: Date[];
  /** This network, any account. */
  ip: Date[];
}

const newestFirst = (times: Date[], now: Date, windowMs: number) =>
  times.filter((t) => now.getTime() - t.getTime() < windowMs).sort((a, b) => b.getTime() - a.getTime());

/**
 * A sliding-window limit: null while fewer than `max` events are inside the window, else how
 * long until the max-th most recent one leaves it.
 */
export function windowWait(times: Date[], now: Date, windowMs: number, max: number): number | null {
  const inWindow = newestFirst(times, now, windowMs);
  if (inWindow.length < max) return null;
  return windowMs - (now.getTime() - inWindow[max - 1].getTime());
}

/** Exponential backoff: after `free` failures, base × 2^(n − free) after the latest, capped. */
export function backoffWait(times: Date[], now: Date, l: SignInLimits): number | null {
  const inWindow = newestFirst(times, now, l.pairWindowMs);
  if (inWindow.length < l.pairFreeFailures) return null;
  const delay = Math.min(l.pairMaxDelayMs, l.pairBaseDelayMs * 2 ** (inWindow.length - l.pairFreeFailures));
  const wait = delay - (now.getTime() - inWindow[0].getTime());
  return wait > 0 ? wait : null;
}

/** Refused when any scope says wait; the longest wait is the one reported. */
export function decideSignIn(failures: RecentFailures, now: Date, limits: SignInLimits = SIGN_IN_LIMITS): ThrottleDecision {
  const waits: [ThrottleScope, number | null][] = [
    ["pair", backoffWait(failures.pair, now, limits)],
    ["account", windowWait(failures.account, now, limits.accountWindowMs, limits.maxFailuresPerAccount)],
    ["ip", windowWait(failures.ip, now, limits.ipWindowMs, limits.maxFailuresPerIp)],
  ];
  let worst: ThrottleDecision = { allowed: true };
  for (const [scope, wait] of waits) {
    if (wait !== null && (worst.allowed || wait > worst.retryAfterMs)) worst = { allowed: false, scope, retryAfterMs: wait };
  }
  return worst;
}

export const THROTTLE_MESSAGES: Record<ThrottleScope, string> = {
  pair: "Too many failed sign-in attempts for this account from your network.",
  account: "Too many failed sign-in attempts for this account.",
  ip: "Too many failed sign-in attempts from your network.",
};

export interface SignUpLimits {
  windowMs: number;
  /** Sign-ups per network in the window (a classroom behind one address may need more). */
  maxPerIp: number;
  /** "Send the link again" per network in the window. */
  maxResendsPerIp: number;
  /** Mails to one address in the window; more are dropped silently, so nobody's inbox is flooded. */
  maxMailsPerAddress: number;
}

/** PROOFDECK_SIGNUP_LIMIT: sign-ups per network per hour (default 20). */
export function signUpLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): SignUpLimits {
  const n = Number(env.PROOFDECK_SIGNUP_LIMIT);
  return { windowMs: 60 * MIN, maxPerIp: Number.isInteger(n) && n > 0 ? n : 20, maxResendsPerIp: 10, maxMailsPerAddress: 5 };
}

export function describeRetry(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60000));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** Retry-After in whole seconds, at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
