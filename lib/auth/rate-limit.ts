// Sign-in throttling policy (pure). Failures are counted per account (email) and per
// client IP over a sliding window; the counts come from the database so the limits hold
// across app instances.

export interface SignInLimits {
  windowMs: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60 * 1000,
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 20,
};

export type ThrottleDecision = { allowed: true } | { allowed: false; scope: "account" | "ip"; retryAfterMs: number };

export interface RecentFailures {
  account: Date[];
  ip: Date[];
}

/**
 * Blocked once a scope has reached its limit inside the window; allowed again when the
 * oldest counted failure leaves the window.
 */
export function decideSignIn(failures: RecentFailures, now: Date, limits: SignInLimits = SIGN_IN_LIMITS): ThrottleDecision {
  const check = (times: Date[], max: number) => {
    const inWindow = times
      .filter((t) => now.getTime() - t.getTime() < limits.windowMs)
      .sort((a, b) => b.getTime() - a.getTime());
    if (inWindow.length < max) return null;
    // The max-th most recent failure must age out before another try is allowed.
    const gate = inWindow[max - 1];
    return limits.windowMs - (now.getTime() - gate.getTime());
  };
  const account = check(failures.account, limits.maxFailuresPerAccount);
  if (account !== null) return { allowed: false, scope: "account", retryAfterMs: account };
  const ip = check(failures.ip, limits.maxFailuresPerIp);
  if (ip !== null) return { allowed: false, scope: "ip", retryAfterMs: ip };
  return { allowed: true };
}

export function describeRetry(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60000));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
