// The client's address for per-network limits (pure). With no proxy in front, X-Forwarded-For is whatever
// the client wrote: only the socket's address counts. Behind `trustedProxies` proxies that each append the
// address they received from, the client is that many entries from the right of the chain.

/**
 * The X-Forwarded-For the app sees: the last `trustedProxies` entries of what arrived (those the operator's
 * proxies appended) followed by the socket's address. Anything a client wrote further left is dropped.
 */
export function trustedForwardedFor(received: string | string[] | undefined, socketAddress: string | undefined, trustedProxies: number): string {
  const raw = Array.isArray(received) ? received.join(",") : (received ?? "");
  const chain = raw.split(",").map((s) => s.trim()).filter(Boolean);
  const kept = trustedProxies > 0 ? chain.slice(-trustedProxies) : [];
  return [...kept, socketAddress ?? "unknown"].join(", ");
}

/** The client: `trustedProxies` entries from the right of the chain trustedForwardedFor built. */
export function clientIp(forwardedFor: string | null | undefined, trustedProxies = 0): string {
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return "unknown";
  return hops[Math.max(0, hops.length - 1 - trustedProxies)]!;
}

/** TRUST_PROXY_HOPS: how many proxies the operator runs in front of the app (0: none, the default). */
export function trustedProxiesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.TRUST_PROXY_HOPS ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= 10 ? n : 0;
}
