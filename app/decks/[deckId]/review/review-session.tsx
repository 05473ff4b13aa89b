"use client";

// The review screen. Online, the server decides every step (grade, undo, bury); the device keeps today's
// snapshot in step (IndexedDB). Offline (no connection, or a request that cannot get through), answers go
// to the device's outbox and the next card comes from the snapshot by the server's own SM-2 and queue
// rules (lib/offline/queue.ts); when the connection returns they are sent, once each (docs/offline.md).
import Link from "@/app/ui/link.tsx";
import { useCallback, useEffect, useRef, useState } from "react";
import type { SessionView } from "@/lib/reviews/data.ts";
import type { TodaySnapshot } from "@/lib/reviews/offline.ts";
import { applyToSnapshot, localView, pendingAnswer, withPending } from "@/lib/offline/queue.ts";
import { syncNotice } from "@/lib/offline/rule.ts";
import { registerServiceWorker } from "@/app/ui/offline/register.ts";
import { loadDeck, updateDeck, type DeckRecord } from "@/app/ui/offline/store.ts";
import { sendPending } from "@/app/ui/offline/sync.ts";
import { CardView, EMPTY_TALLY, Summary, SWIPE_GRADES, type Swipe, type Tally } from "./card-view.tsx";
import { postJson, RequestFailed } from "./post-json.ts";
import { useSwipeSetting } from "./swipe-setting.ts";
import "./review.css";

interface Props {
  userId: string;
  deckId: string;
  deckTitle: string;
  initial: SessionView;
}

/** While offline, how often to look whether the server answers again (the online event is not always fired). */
const RETRY_SYNC_MS = 20_000;

export function ReviewSession({ userId, deckId, deckTitle, initial }: Props) {
  const [view, setView] = useState(initial);
  const [revealed, setRevealedState] = useState(false);
  // Keys can arrive faster than React re-renders (Space then 5): the key handler reads this.
  const revealedRef = useRef(false);
  const setRevealed = useCallback((value: boolean) => {
    revealedRef.current = value;
    setRevealedState(value);
  }, []);
  const [busy, setBusy] = useState(false);
  // Set once the keyboard handler is attached: before hydration a key press does nothing (tests wait on it).
  const [keysReady, setKeysReady] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [tally, setTally] = useState<Tally>(EMPTY_TALLY);
  const [canUndo, setCanUndo] = useState(false);
  const [offline, setOfflineState] = useState(false);
  const offlineRef = useRef(false);
  const setOffline = useCallback((value: boolean) => {
    offlineRef.current = value;
    setOfflineState(value);
  }, []);
  const [swipes, setSwipes] = useSwipeSetting();
  // The device's copy of today (snapshot + unsent answers), as last written to IndexedDB.
  const record = useRef<DeckRecord | null>(null);
  const [unsent, setUnsent] = useState(0);
  // Bumped by every change this screen makes to the snapshot: a refresh begun before it is stale.
  const snapshotEpoch = useRef(0);
  // One review id per shown card: a retried or double-clicked grade reuses it, so the
  // server records the answer once.
  const reviewId = useRef<string>(crypto.randomUUID());
  const shownAt = useRef<number>(performance.now());
  const busyRef = useRef(false);
  // The latest answer this screen knows: what Undo reverses (so a second press after a lost response undoes nothing more).
  const lastAnswerRef = useRef<string | null>(null);

  const card = view.next;
  // The card the next key press applies to, current even before React re-renders.
  const cardRef = useRef(initial.next);

  const show = useCallback((next: SessionView) => {
    setView(next);
    cardRef.current = next.next;
    setRevealed(false);
    reviewId.current = crypto.randomUUID();
    shownAt.current = performance.now();
  }, [setRevealed]);

  const save = useCallback(async (change: (r: DeckRecord) => DeckRecord) => {
    const rec = await updateDeck(userId, deckId, change);
    record.current = rec;
    setUnsent(rec.pending.length);
    return rec;
  }, [userId, deckId]);

  const showLocal = useCallback((rec: DeckRecord) => show(localView(withPending(rec.snapshot!, rec.pending))), [show]);

  /** Today's snapshot from the server, unless this screen changed it meanwhile (then fetch again). */
  const refreshSnapshot = useCallback(async () => {
    for (let tries = 0; tries < 3; tries++) {
      const epoch = snapshotEpoch.current;
      const snapshot = await postJson<TodaySnapshot>(`/api/decks/${deckId}/today`, undefined, "GET").catch(() => null);
      if (!snapshot) return;
      if (epoch !== snapshotEpoch.current) continue;
      await save((r) => (r.pending.length ? r : { ...r, snapshot }));
      return;
    }
  }, [deckId, save]);

  const run = useCallback(async (action: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setNotice(null);
    try {
      await action();
    } catch (err) {
      // A refused answer was not recorded under this id: the next press is a new answer with a new id
      // (a network failure keeps the id, so that a retry is recognised).
      if (err instanceof RequestFailed && err.status >= 400 && err.status < 500) reviewId.current = crypto.randomUUID();
      if (err instanceof RequestFailed && err.status === 409 && err.body.state) {
        // Another tab answered this card first: load what is true now, then say why.
        show(await postJson<SessionView>(`/api/decks/${deckId}/session`, undefined, "GET"));
        setNotice(err.message);
        void refreshSnapshot();
      } else {
        setNotice(err instanceof Error ? err.message : String(err));
      }
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [deckId, show, refreshSnapshot]);

  const count = useCallback((quality: number, durationMs: number) => setTally((t) => ({
    answered: t.answered + 1,
    byGrade: t.byGrade.map((n, q) => (q === quality ? n + 1 : n)),
    ms: t.ms + durationMs,
  })), []);

  /** Keeps the answer on the device and moves on by the snapshot. */
  const gradeOffline = useCallback(async (cardId: string, quality: number, durationMs: number) => {
    const rec = record.current;
    if (!rec?.snapshot) throw new Error("You are offline, and today's cards are not saved on this device yet. Reconnect to keep reviewing.");
    const answer = pendingAnswer(withPending(rec.snapshot, rec.pending), cardId, quality, durationMs, reviewId.current, new Date());
    const saved = await save((r) => ({ ...r, pending: [...r.pending, answer] }));
    setOffline(true);
    count(quality, durationMs);
    lastAnswerRef.current = null;
    setCanUndo(true);
    showLocal(saved);
  }, [save, setOffline, count, showLocal]);

  const grade = useCallback(
    (quality: number) =>
      run(async () => {
        const card = cardRef.current;
        if (!card) return;
        const durationMs = Math.min(Math.round(performance.now() - shownAt.current), 24 * 3600 * 1000);
        if (offlineRef.current || !navigator.onLine) return gradeOffline(card.cardId, quality, durationMs);
        let result: SessionView & { status: string; review: { id: string } };
        try {
          result = await postJson("/api/reviews", {
            reviewId: reviewId.current,
            cardId: card.cardId,
            grade: quality,
            durationMs,
            expectedVersion: card.state.version,
          });
        } catch (err) {
          // No answer from the server after the retries: keep it here under the same review id (if it did
          // arrive, the replay is recognised).
          if (err instanceof RequestFailed && err.status === 0) return gradeOffline(card.cardId, quality, durationMs);
          throw err;
        }
        count(quality, durationMs);
        lastAnswerRef.current = result.review.id;
        setCanUndo(true);
        snapshotEpoch.current++;
        if (result.status === "recorded") {
          const answer = { reviewId: result.review.id, cardId: card.cardId, grade: quality, answeredAt: new Date().toISOString() };
          void save((r) => (r.snapshot ? { ...r, snapshot: applyToSnapshot(r.snapshot, answer) } : r)).catch(() => undefined);
        } else void refreshSnapshot();
        show(result);
      }),
    [run, show, save, gradeOffline, count, refreshSnapshot],
  );

  const undo = useCallback(
    () =>
      run(async () => {
        if (offlineRef.current) {
          // Offline, only answers not sent yet can be taken back: they leave the outbox.
          if (!record.current?.pending.length) throw new Error("Undo of an answer already saved needs a connection.");
          const saved = await save((r) => ({ ...r, pending: r.pending.slice(0, -1) }));
          setTally((t) => (t.answered > 0 ? { ...t, answered: t.answered - 1 } : t));
          setCanUndo(saved.pending.length > 0);
          showLocal(saved);
          setNotice("Last answer undone.");
          return;
        }
        const answer = lastAnswerRef.current;
        const result = await postJson<SessionView & { previousAnswerId: string | null }>("/api/reviews/undo", {
          deckId,
          undoId: crypto.randomUUID(),
          ...(answer ? { reviewId: answer } : {}),
        });
        setTally((t) => (t.answered > 0 ? { ...t, answered: t.answered - 1 } : t));
        lastAnswerRef.current = result.previousAnswerId;
        setCanUndo(result.previousAnswerId !== null);
        show(result);
        setNotice("Last answer undone.");
        snapshotEpoch.current++;
        void refreshSnapshot();
      }),
    [deckId, run, show, save, showLocal, refreshSnapshot],
  );

  const act = useCallback(
    (action: "bury" | "suspend") =>
      run(async () => {
        const card = cardRef.current;
        if (!card) return;
        const result = await postJson<SessionView>(`/api/cards/${card.cardId}/actions`, { action });
        show(result);
        setNotice(action === "bury" ? "Card buried until tomorrow." : "Card suspended. Unsuspend it from the deck page.");
        snapshotEpoch.current++;
        void refreshSnapshot();
      }),
    [run, show, refreshSnapshot],
  );

  /** Sends the answers kept on the device, then takes the server's word for today again. */
  const sync = useCallback(async () => {
    if (busyRef.current || !navigator.onLine) return;
    busyRef.current = true;
    setBusy(true);
    try {
      const out = await sendPending(userId, deckId);
      const rec = await loadDeck(userId, deckId);
      record.current = rec;
      setUnsent(rec.pending.length);
      if (out.stopped || rec.pending.length) {
        if (out.signedOut) setNotice("Sign in again to send the answers made offline; they are kept on this device.");
        return;
      }
      const [next, snapshot] = await Promise.all([
        postJson<SessionView>(`/api/decks/${deckId}/session`, undefined, "GET"),
        postJson<TodaySnapshot>(`/api/decks/${deckId}/today`, undefined, "GET"),
      ]);
      snapshotEpoch.current++;
      await save((r) => (r.pending.length ? r : { ...r, snapshot }));
      setOffline(false);
      if (out.lastReviewId) lastAnswerRef.current = out.lastReviewId;
      setCanUndo(lastAnswerRef.current !== null);
      // The card on screen stays as it is (answer shown or not) when the server agrees on it.
      if (next.next?.cardId === cardRef.current?.cardId) setView(next);
      else show(next);
      const told = [syncNotice(out.sent, out.merged), ...out.refused.map((r) => `Not saved: ${r}`)].filter(Boolean).join(" ");
      if (told) setNotice(told);
    } catch {
      // Still no connection: everything stays on the device for the next try.
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [userId, deckId, save, setOffline, show]);

  useEffect(() => {
    registerServiceWorker(userId);
    let stop = false;
    void (async () => {
      const rec = await loadDeck(userId, deckId).catch(() => null);
      if (stop || !rec) return;
      record.current = rec;
      setUnsent(rec.pending.length);
      // Answers still on the device, or no connection: the page (perhaps served by the worker) shows the device's today.
      if (rec.snapshot && (rec.pending.length > 0 || !navigator.onLine)) {
        setOffline(true);
        setCanUndo(rec.pending.length > 0);
        showLocal(rec);
      }
      if (navigator.onLine) await (rec.pending.length ? sync() : refreshSnapshot());
    })();
    const onOnline = () => void sync();
    const onOffline = () => {
      setOffline(true);
      setCanUndo((record.current?.pending.length ?? 0) > 0);
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const timer = setInterval(() => offlineRef.current && navigator.onLine && void sync(), RETRY_SYNC_MS);
    return () => {
      stop = true;
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      clearInterval(timer);
    };
    // Once per page: the callbacks it uses are stable for a given user and deck.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, deckId]);

  const onSwipe = useCallback((s: Swipe) => {
    if (revealedRef.current) void grade(SWIPE_GRADES[s]);
    else if (s === "left" && canUndo) void undo();
  }, [grade, undo, canUndo]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.altKey || e.metaKey || (e.target as HTMLElement)?.closest?.("input, textarea, select")) return;
      if ((e.key === "z" && e.ctrlKey) || (e.key === "u" && !e.ctrlKey)) {
        e.preventDefault();
        if (canUndo) void undo();
        return;
      }
      if (e.ctrlKey || !cardRef.current) return;
      if (!revealedRef.current && (e.key === " " || e.key === "Enter")) {
        e.preventDefault();
        setRevealed(true);
      } else if (revealedRef.current && /^[0-5]$/.test(e.key)) {
        e.preventDefault();
        void grade(Number(e.key));
      }
    }
    window.addEventListener("keydown", onKey);
    setKeysReady(true);
    return () => window.removeEventListener("keydown", onKey);
  }, [setRevealed, grade, undo, canUndo]);

  const total = tally.answered + view.remaining.total;
  return (
    <div className="review" data-pd-user={userId} data-keys={keysReady ? "ready" : undefined}>
      <div className="review-top">
        <Link href={`/decks/${deckId}`} className="small">
          ← {deckTitle}
        </Link>
        <p className="review-progress" aria-live="polite">
          <strong data-testid="left-today">{view.remaining.total}</strong> left today
          <span className="muted small">
            {" "}
            · {view.remaining.new} new · {view.remaining.review} review · {view.remaining.repeat} again
          </span>
        </p>
        <div className="progress-bar" role="progressbar" aria-label="Today's progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={tally.answered}>
          <span style={{ width: total ? `${(100 * tally.answered) / total}%` : "100%" }} />
        </div>
      </div>

      {offline && (
        <p className="offline-banner" role="status" data-testid="offline-banner">
          Offline: answers are saved on this device{unsent > 0 ? ` (${unsent} to send)` : ""} and sent when the connection returns.
        </p>
      )}

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}

      {card ? (
        <CardView card={card} revealed={revealed} busy={busy} swipes={swipes} offline={offline} onReveal={() => setRevealed(true)} onGrade={grade} onSwipe={onSwipe} />
      ) : (
        <Summary tally={tally} deckId={deckId} />
      )}

      <div className="review-tools">
        <button type="button" className="button button-secondary button-small" onClick={undo} disabled={busy || !canUndo}>
          Undo <kbd>U</kbd>
        </button>
        {card && !offline && (
          <>
            <button type="button" className="button button-secondary button-small" onClick={() => act("bury")} disabled={busy}>
              Bury until tomorrow
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => act("suspend")} disabled={busy}>
              Suspend
            </button>
          </>
        )}
        <label className="swipe-setting small">
          <input type="checkbox" checked={swipes} onChange={(e) => setSwipes(e.target.checked)} /> Swipe to grade
        </label>
      </div>
    </div>
  );
}
