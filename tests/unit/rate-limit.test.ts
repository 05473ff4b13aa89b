import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, decideSignIn, describeRetry, retryAfterSeconds, signUpLimitsFromEnv, windowWait, type SignInLimits } from "../../lib/auth/rate-limit.ts";
import { clientIp, trustedForwardedFor, trustedProxiesFromEnv } from "../../lib/http/forwarded.ts";

const MIN = 60_000;
const NOW = new Date("2026-11-27T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
/** n failures, `step` apart, the most recent `latestAgo` ago. */
const failures = (n: number, latestAgo = 0, step = 10_000) => Array.from({ length: n }, (_, i) => ago(latestAgo + i * step));

const none = { pair: [] as Date[], account: [] as Date[], ip: [] as Date[] };

describe("decideSignIn", () => {
  it("defaults: 5 free failures per account and network then 1, 2, 4… minutes (at most 15); 20 per network in 15 minutes; 100 per account in an hour", () => {
    expect(SIGN_IN_LIMITS).toEqual({
      ipWindowMs: 15 * MIN,
      maxFailuresPerIp: 20,
      pairWindowMs: 60 * MIN,
      pairFreeFailures: 5,
      pairBaseDelayMs: MIN,
      pairMaxDelayMs: 15 * MIN,
      accountWindowMs: 60 * MIN,
      maxFailuresPerAccount: 100,
    });
  });

  it("allows a first attempt, and up to 4 failures from one network for one account", () => {
    expect(decideSignIn(none, NOW)).toEqual({ allowed: true });
    expect(decideSignIn({ ...none, pair: failures(4), account: failures(4), ip: failures(19) }, NOW)).toEqual({ allowed: true });
  });

  it("after 5 failures from one network, waits 1 minute after the latest, doubling with each further failure up to 15 minutes", () => {
    expect(decideSignIn({ ...none, pair: failures(5) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: MIN });
    expect(decideSignIn({ ...none, pair: failures(6) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 2 * MIN });
    expect(decideSignIn({ ...none, pair: failures(8) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 8 * MIN });
    expect(decideSignIn({ ...none, pair: failures(9) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 15 * MIN });
    expect(decideSignIn({ ...none, pair: failures(30, 0, 1000) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 15 * MIN });
    // The wait runs from the latest failure: 6 failures, the latest 90 s ago → 30 s left; 2 minutes ago → allowed.
    expect(decideSignIn({ ...none, pair: failures(6, 90_000) }, NOW)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 30_000 });
    expect(decideSignIn({ ...none, pair: failures(6, 2 * MIN) }, NOW)).toEqual({ allowed: true });
  });

  it("one network cannot lock the account: its own failures never count towards another network's backoff", () => {
    // 12 failures for the account, all from the stranger's network (the pair belongs to the stranger):
    // the owner's network has no pair failures and the account is far below its cap.
    const stranger = failures(12, 0, MIN);
    expect(decideSignIn({ ...none, pair: stranger, account: stranger }, NOW)).toMatchObject({ allowed: false, scope: "pair" });
    expect(decideSignIn({ ...none, pair: [], account: stranger }, NOW)).toEqual({ allowed: true });
  });

  it("caps failures per account across networks at 100 an hour, until the 100th most recent leaves the hour", () => {
    expect(decideSignIn({ ...none, account: failures(99, 0, 30_000) }, NOW)).toEqual({ allowed: true });
    // 100 failures 0, 30 s, …, 49.5 min ago: the oldest leaves the hour in 10.5 minutes.
    expect(decideSignIn({ ...none, account: failures(100, 0, 30_000) }, NOW)).toEqual({ allowed: false, scope: "account", retryAfterMs: 60 * MIN - 99 * 30_000 });
  });

  it("blocks a network at 20 failures in 15 minutes across accounts, whatever the input order", () => {
    expect(decideSignIn({ ...none, ip: failures(20) }, NOW)).toEqual({ allowed: false, scope: "ip", retryAfterMs: 15 * MIN - 190_000 });
    const shuffled = failures(20).reverse();
    expect(decideSignIn({ ...none, ip: shuffled }, NOW)).toEqual({ allowed: false, scope: "ip", retryAfterMs: 15 * MIN - 190_000 });
  });

  it("reports the longest wait when several scopes refuse", () => {
    expect(decideSignIn({ pair: failures(5), account: [], ip: failures(20) }, NOW)).toMatchObject({ scope: "ip" });
    expect(decideSignIn({ pair: failures(9), account: [], ip: failures(20, 10 * MIN, 1000) }, NOW)).toMatchObject({ scope: "pair", retryAfterMs: 15 * MIN });
  });

  it("forgets failures outside each window", () => {
    const old = (n: number) => failures(n, 61 * MIN);
    expect(decideSignIn({ pair: old(30), account: old(200), ip: failures(40, 15 * MIN) }, NOW)).toEqual({ allowed: true });
  });

  it("allows again exactly when the wait is over", () => {
    const pair = failures(5, 0);
    expect(decideSignIn({ ...none, pair }, new Date(NOW.getTime() + MIN - 1))).toEqual({ allowed: false, scope: "pair", retryAfterMs: 1 });
    expect(decideSignIn({ ...none, pair }, new Date(NOW.getTime() + MIN))).toEqual({ allowed: true });
  });

  it("honours custom limits", () => {
    const limits: SignInLimits = { ...SIGN_IN_LIMITS, pairFreeFailures: 2, pairBaseDelayMs: 10_000, maxFailuresPerIp: 3, ipWindowMs: 10_000 };
    expect(decideSignIn({ ...none, pair: [ago(1_000)] }, NOW, limits)).toEqual({ allowed: true });
    expect(decideSignIn({ ...none, pair: [ago(1_000), ago(4_000)] }, NOW, limits)).toEqual({ allowed: false, scope: "pair", retryAfterMs: 9_000 });
    expect(decideSignIn({ ...none, ip: [ago(1_000), ago(2_000), ago(3_000)] }, NOW, limits)).toEqual({ allowed: false, scope: "ip", retryAfterMs: 7_000 });
  });
});

describe("sign-up limits", () => {
  it("20 sign-ups per network an hour unless PROOFDECK_SIGNUP_LIMIT says otherwise; nonsense is ignored", () => {
    expect(signUpLimitsFromEnv({} as NodeJS.ProcessEnv)).toEqual({ windowMs: 60 * MIN, maxPerIp: 20, maxResendsPerIp: 10, maxMailsPerAddress: 5 });
    expect(signUpLimitsFromEnv({ PROOFDECK_SIGNUP_LIMIT: "200" } as unknown as NodeJS.ProcessEnv).maxPerIp).toBe(200);
    for (const bad of ["0", "-3", "x", "1.5"]) expect(signUpLimitsFromEnv({ PROOFDECK_SIGNUP_LIMIT: bad } as unknown as NodeJS.ProcessEnv).maxPerIp).toBe(20);
  });

  it("windowWait: null below the limit, else until the limit-th most recent leaves the window", () => {
    expect(windowWait(failures(2, 0, MIN), NOW, 60 * MIN, 3)).toBeNull();
    expect(windowWait(failures(3, 0, MIN), NOW, 60 * MIN, 3)).toBe(58 * MIN);
    expect(retryAfterSeconds(58 * MIN)).toBe(3480);
    expect(retryAfterSeconds(1)).toBe(1);
  });
});

describe("describeRetry", () => {
  it("rounds up to whole minutes, and says at least 1 minute", () => {
    expect(describeRetry(1)).toBe("1 minute");
    expect(describeRetry(60_000)).toBe("1 minute");
    expect(describeRetry(60_001)).toBe("2 minutes");
    expect(describeRetry(15 * MIN)).toBe("15 minutes");
  });
});

describe("clientIp", () => {
  it("is 'unknown' without an X-Forwarded-For header", () => {
    expect(clientIp(undefined)).toBe("unknown");
    expect(clientIp(null)).toBe("unknown");
    expect(clientIp("")).toBe("unknown");
    expect(clientIp(" , ,")).toBe("unknown");
  });

  it("with no trusted proxy, takes the right-most entry (the one the client cannot forge)", () => {
    expect(clientIp("203.0.113.7")).toBe("203.0.113.7");
    expect(clientIp("1.2.3.4, 203.0.113.7")).toBe("203.0.113.7");
  });

  it("skips trustedHops proxies from the right", () => {
    const header = "6.6.6.6, 203.0.113.7, 10.0.0.2, 10.0.0.1";
    expect(clientIp(header, 0)).toBe("10.0.0.1");
    expect(clientIp(header, 1)).toBe("10.0.0.2");
    expect(clientIp(header, 2)).toBe("203.0.113.7");
  });

  it("trims spaces and ignores empty entries", () => {
    expect(clientIp("  203.0.113.7 ,,  10.0.0.1  ", 1)).toBe("203.0.113.7");
    expect(clientIp("2001:db8::1,10.0.0.1", 1)).toBe("2001:db8::1");
  });

  it("uses the left-most entry when there are fewer entries than trusted hops", () => {
    expect(clientIp("203.0.113.7", 3)).toBe("203.0.113.7");
  });
});

describe("trustedForwardedFor (what the server hands the app)", () => {
  it("with no proxy declared, drops whatever the client wrote and keeps only the socket's address", () => {
    const xff = trustedForwardedFor("6.6.6.6, 7.7.7.7", "198.51.100.9", 0);
    expect(xff).toBe("198.51.100.9");
    expect(clientIp(xff, 0)).toBe("198.51.100.9");
    // a random header per request changes nothing: the per-network limit sees one address
    for (const forged of ["1.1.1.1", "2.2.2.2, 3.3.3.3", ""]) expect(clientIp(trustedForwardedFor(forged, "198.51.100.9", 0), 0)).toBe("198.51.100.9");
  });
  it("behind one declared proxy, the client is what that proxy appended; anything the client wrote before is dropped", () => {
    const xff = trustedForwardedFor("6.6.6.6, 203.0.113.7", "10.0.0.1", 1);
    expect(xff).toBe("203.0.113.7, 10.0.0.1");
    expect(clientIp(xff, 1)).toBe("203.0.113.7");
  });
  it("reads TRUST_PROXY_HOPS, refusing nonsense", () => {
    expect(trustedProxiesFromEnv({ TRUST_PROXY_HOPS: "2" } as unknown as NodeJS.ProcessEnv)).toBe(2);
    expect(trustedProxiesFromEnv({} as unknown as NodeJS.ProcessEnv)).toBe(0);
    expect(trustedProxiesFromEnv({ TRUST_PROXY_HOPS: "-1" } as unknown as NodeJS.ProcessEnv)).toBe(0);
    expect(trustedProxiesFromEnv({ TRUST_PROXY_HOPS: "x" } as unknown as NodeJS.ProcessEnv)).toBe(0);
  });
});
