// Sends the answers made offline, oldest first, one request each (POST /api/reviews/offline). An answer
// leaves the device only once the server has acknowledged it (recorded, or recorded before: a replay is
// safe), and in the same IndexedDB transaction it joins the snapshot, so nothing is lost or counted twice.
import { applyToSnapshot, frontLine, type PendingAnswer } from "@/lib/offline/queue.ts";
import { loadDeck, updateDeck } from "./store.ts";

export interface SyncOutcome {
  sent: number;
  /** Fronts of cards also answered on another device meanwhile. */
  merged: string[];
  /** Answers the server refused (card archived, no longer enrolled): dropped, with why. */
  refused: string[];
  /** The connection failed (or the server is down): the rest waits for the next try. */
  stopped: boolean;
  /** Signed out meanwhile: sign in again and the answers go then. */
  signedOut: boolean;
  lastReviewId: string | null;
}

const TIMEOUT_MS = 15_000;

async function send(a: PendingAnswer): Promise<{ status: number; body: Record<string, unknown> } | null> {
  const { deckId: _deck, ...answer } = a;
  try {
    const res = await fetch("/api/reviews/offline", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(answer),
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  } catch {
    return null;
  }
}

export async function sendPending(userId: string, deckId: string): Promise<SyncOutcome> {
  const out: SyncOutcome = { sent: 0, merged: [], refused: [], stopped: false, signedOut: false, lastReviewId: null };
  let busyTries = 0;
  for (;;) {
    const rec = await loadDeck(userId, deckId);
    const next = rec.pending[0];
    if (!next) return out;
    const front = frontLine(rec.snapshot?.cards.find((c) => c.cardId === next.cardId)?.frontHtml ?? "");
    const res = await send(next);
    if (!res || res.status >= 500) return { ...out, stopped: true };
    if (res.status === 401) return { ...out, stopped: true, signedOut: true };
    // 409 can be "another answer of yours was being recorded at the same moment": try again shortly.
    if (res.status === 409 && busyTries++ < 3) {
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    busyTries = 0;
    const ok = res.status < 300;
    await updateDeck(userId, deckId, (r) => ({
      ...r,
      snapshot: ok && r.snapshot ? applyToSnapshot(r.snapshot, next) : r.snapshot,
      pending: r.pending.filter((p) => p.reviewId !== next.reviewId),
    }));
    if (ok) {
      out.sent++;
      out.lastReviewId = next.reviewId;
      if (res.body.merged === true) out.merged.push(front);
    } else {
      out.refused.push(`“${front}”: ${String(res.body.error ?? `refused (${res.status})`)}`);
    }
  }
}
