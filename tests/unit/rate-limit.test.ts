import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS, decideSignIn, describeRetry, type SignInLimits } from "../../lib/auth/rate-limit.ts";
import { clientIp, trustedForwardedFor, trustedProxiesFromEnv } from "../../lib/http/forwarded.ts";

const MIN = 60_000;
const NOW = new Date("2026-11-27T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
/** n failures, `step` apart, the most recent `latestAgo` ago. */
const failures = (n: number, latestAgo = 0, step = 10_000) => Array.from({ length: n }, (_, i) => ago(latestAgo + i * step));

describe("decideSignIn", () => {
  it("uses 5 failures per account and 20 per IP in 15 minutes by default", () => {
    expect(SIGN_IN_LIMITS).toEqual({ windowMs: 15 * MIN, maxFailuresPerAccount: 5, maxFailuresPerIp: 20 });
  });

  it("allows a first attempt", () => {
    expect(decideSignIn({ account: [], ip: [] }, NOW)).toEqual({ allowed: true });
  });

  it("allows up to one below the limit", () => {
    expect(decideSignIn({ account: failures(4), ip: failures(19) }, NOW)).toEqual({ allowed: true });
  });

  it("blocks the account at the limit, until the oldest counted failure leaves the window", () => {
    // Failures 1, 2, 3, 4 and 5 minutes ago: the one 5 minutes ago ages out in 10 minutes.
    expect(decideSignIn({ account: failures(5, MIN, MIN), ip: [] }, NOW)).toEqual({
      allowed: false,
      scope: "account",
      retryAfterMs: 10 * MIN,
    });
  });

  it("with more failures than the limit, waits for the limit-th most recent one, whatever the input order", () => {
    // Seven failures 1..7 minutes ago, shuffled: after the 5th most recent (5 min ago) ages out, only 4 remain.
    const shuffled = [3, 7, 1, 5, 2, 6, 4].map((m) => ago(m * MIN));
    expect(decideSignIn({ account: shuffled, ip: [] }, NOW)).toEqual({ allowed: false, scope: "account", retryAfterMs: 10 * MIN });
  });

  it("blocks the IP at its limit, across accounts", () => {
    // 20 failures 0, 10, ..., 190 s ago: the oldest ages out in 15 min - 190 s.
    expect(decideSignIn({ account: [], ip: failures(20) }, NOW)).toEqual({
      allowed: false,
      scope: "ip",
      retryAfterMs: 15 * MIN - 190_000,
    });
  });

  it("reports the account scope when both limits are reached", () => {
    const d = decideSignIn({ account: failures(5), ip: failures(20) }, NOW);
    expect(d).toMatchObject({ allowed: false, scope: "account" });
  });

  it("does not count failures outside the window", () => {
    const old = [ago(15 * MIN), ago(16 * MIN), ago(60 * MIN), ago(24 * 60 * MIN)];
    expect(decideSignIn({ account: [...old, ...failures(4)], ip: [...old, ...old, ...old, ...old, ...old, ...failures(19)] }, NOW)).toEqual({
      allowed: true,
    });
  });

  it("allows again exactly when the gating failure is windowMs old", () => {
    const account = failures(5, 10 * MIN, MIN); // 10..14 minutes ago
    expect(decideSignIn({ account, ip: [] }, NOW)).toEqual({ allowed: false, scope: "account", retryAfterMs: MIN });
    const later = new Date(NOW.getTime() + MIN);
    expect(decideSignIn({ account, ip: [] }, new Date(later.getTime() - 1))).toEqual({ allowed: false, scope: "account", retryAfterMs: 1 });
    expect(decideSignIn({ account, ip: [] }, later)).toEqual({ allowed: true });
  });

  it("honours custom limits", () => {
    const limits: SignInLimits = { windowMs: 10_000, maxFailuresPerAccount: 2, maxFailuresPerIp: 3 };
    expect(decideSignIn({ account: [ago(1_000)], ip: [ago(1_000)] }, NOW, limits)).toEqual({ allowed: true });
    expect(decideSignIn({ account: [ago(1_000), ago(4_000)], ip: [] }, NOW, limits)).toEqual({
      allowed: false,
      scope: "account",
      retryAfterMs: 6_000,
    });
    expect(decideSignIn({ account: [], ip: [ago(1_000), ago(2_000), ago(3_000)] }, NOW, limits)).toEqual({
      allowed: false,
      scope: "ip",
      retryAfterMs: 7_000,
    });
    expect(decideSignIn({ account: [ago(10_000), ago(11_000)], ip: [] }, NOW, limits)).toEqual({ allowed: true });
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
