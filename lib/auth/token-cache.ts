// Decoded session tokens, kept briefly per process. Decoding a next-auth cookie through
// getServerSession runs its whole session handler on every request (key derivation, decrypt,
// and a re-encrypted token that a route handler throws away); the same cookie comes back on
// every answer a learner sends. What is kept is only what the token says (user id and session
// version), for at most `ttlMs` and never past the token's own expiry: whether it is still a
// session is decided per request against the user row (lib/auth/session.ts compares
// sessionVersion, which sign-out raises), so a cached entry cannot outlive a sign-out.

export interface Claims {
  id: string;
  /** The user's sessionVersion when the token was issued. */
  sv: number;
  /** When the token expires (ms since 1970). */
  expiresAt: number;
}

export interface TokenCache {
  /** The token's claims (null: not a valid session token), decoding it only when not cached. */
  claims(token: string, now?: number): Promise<Claims | null>;
  /** Forgets a token (its user signed out, or the claims no longer match the user). */
  forget(token: string): void;
  readonly size: number;
}

export function createTokenCache(decode: (token: string) => Promise<Claims | null>, opts: { ttlMs: number; max: number }): TokenCache {
  const entries = new Map<string, { claims: Claims; until: number }>();
  return {
    async claims(token, now = Date.now()) {
      const hit = entries.get(token);
      if (hit && hit.until > now) return hit.claims;
      if (hit) entries.delete(token);
      const claims = await decode(token);
      if (!claims || claims.expiresAt <= now) return null;
      // Oldest first out: a Map keeps insertion order.
      if (entries.size >= opts.max) entries.delete(entries.keys().next().value!);
      entries.set(token, { claims, until: Math.min(now + opts.ttlMs, claims.expiresAt) });
      return claims;
    },
    forget(token) {
      entries.delete(token);
    },
    get size() {
      return entries.size;
    },
  };
}
