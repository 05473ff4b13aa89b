// Load generation for the review benchmark: autocannon connections that each grade the
// card their previous response named as next, in decks of their own (connection k owns
// decks k, k + c, k + 2c, … and takes them in turn), so concurrent connections never
// answer the same card and no request is a version conflict by construction.
import crypto from "node:crypto";
import autocannon, { type Client, type RequestParams } from "autocannon";

export interface Target {
  /** http://127.0.0.1:port */
  url: string;
  cookie: string;
  deckIds: string[];
}

export interface Head {
  cardId: string;
  version: number;
}

/** The card each deck shows next (null: nothing left today). */
export type Heads = Map<string, Head | null>;

interface SessionJson {
  next: { cardId: string; state: { version: number } } | null;
}

const headOf = (j: SessionJson): Head | null => (j.next ? { cardId: j.next.cardId, version: j.next.state.version } : null);

/** Asks the server for every deck's next card (GET /api/decks/:id/session). */
export async function fetchHeads(target: Target, heads: Heads = new Map()): Promise<Heads> {
  for (const deckId of target.deckIds) {
    const res = await fetch(`${target.url}/api/decks/${deckId}/session`, { headers: { cookie: target.cookie } });
    if (res.status !== 200) throw new Error(`GET session for deck ${deckId}: ${res.status} ${await res.text()}`);
    heads.set(deckId, headOf((await res.json()) as SessionJson));
  }
  return heads;
}

/** One connection's grades, cycling: mostly pass, some 3s (same-day repeat) and fails. */
const GRADES = [4, 5, 4, 3, 5, 4, 2, 4, 5, 4];

export interface LoadResult {
  connections: number;
  seconds: number;
  ok: number;
  non2xx: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Requests sent for a deck with nothing left (GET session instead of a grade); should be 0. */
  exhausted: number;
  /** Latencies (ms) of the 2xx grade responses, sorted. */
  latencies: number[];
  bytes: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Runs `connections` connections for `warmup` + `seconds`, grading; `heads` is updated as
 * it goes. The same connections carry on from the warm-up into the measured window, and
 * only requests started inside the window count, so connection set-up and the first
 * round (cold caches, every connection's first request arriving at once) are not measured.
 */
export function runLoad(target: Target, heads: Heads, connections: number, seconds: number, warmup = 0): Promise<LoadResult> {
  let nextIndex = 0;
  const latencies: number[] = [];
  const non2xx: Record<string, number> = {};
  let exhausted = 0;
  let bytes = 0;
  const lastKind = new WeakMap<Client, "grade" | "session">();

  const setupClient = (client: Client) => {
    const index = nextIndex++;
    const mine = target.deckIds.filter((_, d) => d % connections === index);
    if (mine.length === 0) throw new Error(`connection ${index} has no deck: use at least as many decks as connections`);
    let turn = 0;
    let seq = index;
    let current = mine[0];
    const headers = { "content-type": "application/json", cookie: target.cookie };
    client.setRequests([
      {
        method: "POST",
        path: "/api/reviews",
        setupRequest(req: RequestParams): RequestParams {
          for (let i = 0; i < mine.length; i++) {
            current = mine[turn++ % mine.length];
            const head = heads.get(current);
            if (head) {
              lastKind.set(client, "grade");
              const grade = GRADES[seq++ % GRADES.length];
              const body = JSON.stringify({ reviewId: crypto.randomUUID(), cardId: head.cardId, grade, durationMs: 1500 + (seq % 7) * 450, expectedVersion: head.version });
              return { ...req, method: "POST", path: "/api/reviews", headers, body };
            }
          }
          // Every deck of this connection is done for today: ask again instead of grading.
          exhausted++;
          lastKind.set(client, "session");
          return { ...req, method: "GET", path: `/api/decks/${current}/session`, headers: { cookie: target.cookie }, body: "" };
        },
        onResponse(status: number, body: string) {
          if (status === 200) {
            heads.set(current, headOf(JSON.parse(body) as SessionJson));
          } else if (status === 409) {
            // Conflict: take the stored version and grade the same card again.
            const j = JSON.parse(body) as { state?: { version: number } };
            const head = heads.get(current);
            if (head && j.state) heads.set(current, { cardId: head.cardId, version: j.state.version });
            else heads.set(current, null);
          } else {
            heads.set(current, null);
          }
        },
      },
    ]);
  };

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: target.url, connections, duration: warmup + seconds, timeout: 30, setupClient },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        resolve({
          connections,
          seconds: Math.min(seconds, (lastDone - windowStart) / 1000),
          ok: latencies.length,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          exhausted,
          latencies,
          bytes,
        });
      },
    );
    const windowStart = performance.now() + warmup * 1000;
    let lastDone = windowStart;
    instance.on("response", (client: Client, status: number, resBytes: number, ms: number) => {
      const done = performance.now();
      if (lastKind.get(client) !== "grade" || done - ms < windowStart) return;
      lastDone = done;
      if (status >= 200 && status < 300) {
        latencies.push(ms);
        bytes += resBytes;
      } else non2xx[status] = (non2xx[status] ?? 0) + 1;
    });
  });
}
