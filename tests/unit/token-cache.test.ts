import { describe, expect, it } from "vitest";
import { createTokenCache, type Claims } from "../../lib/auth/token-cache.ts";

const T0 = 1_800_000_000_000;

function counting(claims: Record<string, Claims | null>) {
  const calls: string[] = [];
  const cache = createTokenCache(async (t) => {
    calls.push(t);
    return claims[t] ?? null;
  }, { ttlMs: 60_000, max: 2 });
  return { cache, calls };
}

describe("session token cache", () => {
  const a: Claims = { id: "u1", sv: 0, expiresAt: T0 + 3600_000 };

  it("decodes a token once within its minute, again after it", async () => {
    const { cache, calls } = counting({ a });
    expect(await cache.claims("a", T0)).toEqual(a);
    expect(await cache.claims("a", T0 + 59_000)).toEqual(a);
    expect(calls).toEqual(["a"]);
    expect(await cache.claims("a", T0 + 60_001)).toEqual(a);
    expect(calls).toEqual(["a", "a"]);
  });

  it("never answers for a token past its own expiry, cached or not", async () => {
    const soon: Claims = { id: "u2", sv: 1, expiresAt: T0 + 10_000 };
    const { cache } = counting({ soon });
    expect(await cache.claims("soon", T0)).toEqual(soon);
    expect(await cache.claims("soon", T0 + 10_000)).toBeNull();
    expect(await cache.claims("soon", T0 + 20_000)).toBeNull();
  });

  it("keeps no answer for a token that does not decode, and forgets on request", async () => {
    const { cache, calls } = counting({ a });
    expect(await cache.claims("forged", T0)).toBeNull();
    expect(await cache.claims("forged", T0)).toBeNull();
    expect(calls).toEqual(["forged", "forged"]);
    await cache.claims("a", T0);
    cache.forget("a");
    await cache.claims("a", T0 + 1);
    expect(calls.filter((c) => c === "a")).toHaveLength(2);
  });

  it("holds at most `max` tokens, dropping the oldest", async () => {
    const b: Claims = { ...a, id: "u3" };
    const c: Claims = { ...a, id: "u4" };
    const { cache, calls } = counting({ a, b, c });
    for (const t of ["a", "b", "c"]) await cache.claims(t, T0);
    expect(cache.size).toBe(2);
    await cache.claims("b", T0);
    await cache.claims("a", T0);
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
