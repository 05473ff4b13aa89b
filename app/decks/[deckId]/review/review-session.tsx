"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ReviewCard, SessionView } from "@/lib/reviews/data.ts";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { GRADES } from "@/lib/reviews/grades.ts";
import { hasWhyView, whyHref } from "@/lib/why/links.ts";
import { postJson, RequestFailed } from "./post-json.ts";

interface Props {
  deckId: string;
  deckTitle: string;
  initial: SessionView;
}

interface Tally {
  answered: number;
  byGrade: number[];
  ms: number;
}

const EMPTY_TALLY: Tally = { answered: 0, byGrade: [0, 0, 0, 0, 0, 0], ms: 0 };

function seconds(ms: number) {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function ReviewSession({ deckId, deckTitle, initial }: Props) {
  const [view, setView] = useState(initial);
  const [revealed, setRevealedState] = useState(false);
  // Keys can arrive faster than React re-renders (Space then 5): the key handler reads this.
  const revealedRef = useRef(false);
  const setRevealed = useCallback((value: boolean) => {
    revealedRef.current = value;
    setRevealedState(value);
  }, []);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [tally, setTally] = useState<Tally>(EMPTY_TALLY);
  const [canUndo, setCanUndo] = useState(false);
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
      } else {
        setNotice(err instanceof Error ? err.message : String(err));
      }
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, [deckId, show]);

  const grade = useCallback(
    (quality: number) =>
      run(async () => {
        const card = cardRef.current;
        if (!card) return;
        const durationMs = Math.min(Math.round(performance.now() - shownAt.current), 24 * 3600 * 1000);
        const result = await postJson<SessionView & { status: string; review: { id: string } }>("/api/reviews", {
          reviewId: reviewId.current,
          cardId: card.cardId,
          grade: quality,
          durationMs,
          expectedVersion: card.state.version,
        });
        setTally((t) => ({
          answered: t.answered + 1,
          byGrade: t.byGrade.map((n, q) => (q === quality ? n + 1 : n)),
          ms: t.ms + durationMs,
        }));
        lastAnswerRef.current = result.review.id;
        setCanUndo(true);
        show(result);
      }),
    [run, show],
  );

  const undo = useCallback(
    () =>
      run(async () => {
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
      }),
    [deckId, run, show],
  );

  const act = useCallback(
    (action: "bury" | "suspend") =>
      run(async () => {
        const card = cardRef.current;
        if (!card) return;
        const result = await postJson<SessionView>(`/api/cards/${card.cardId}/actions`, { action });
        show(result);
        setNotice(action === "bury" ? "Card buried until tomorrow." : "Card suspended. Unsuspend it from the deck page.");
      }),
    [run, show],
  );

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
    return () => window.removeEventListener("keydown", onKey);
  }, [setRevealed, grade, undo, canUndo]);

  const total = tally.answered + view.remaining.total;
  return (
    <div className="review">
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

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}

      {card ? (
        <CardView card={card} revealed={revealed} busy={busy} onReveal={() => setRevealed(true)} onGrade={grade} />
      ) : (
        <Summary tally={tally} deckId={deckId} />
      )}

      <div className="review-tools">
        <button type="button" className="button button-secondary button-small" onClick={undo} disabled={busy || !canUndo}>
          Undo <kbd>U</kbd>
        </button>
        {card && (
          <>
            <button type="button" className="button button-secondary button-small" onClick={() => act("bury")} disabled={busy}>
              Bury until tomorrow
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => act("suspend")} disabled={busy}>
              Suspend
            </button>
          </>
        )}
      </div>
    </div>
  );
}

function CardView(props: { card: ReviewCard; revealed: boolean; busy: boolean; onReveal: () => void; onGrade: (q: number) => void }) {
  const { card, revealed, busy } = props;
  return (
    <article className="flashcard" aria-label={`Card ${card.position}`} data-card-id={card.cardId} data-kind={card.kind}>
      <p className="eyebrow">
        {card.kind === "new" ? "New card" : card.kind === "repeat" ? "Again today" : "Review"}
      </p>
      <CardHtml html={card.frontHtml} className="flashcard-front" />
      {revealed ? (
        <>
          <hr />
          <CardHtml html={card.backHtml} className="flashcard-back" />
          {hasWhyView(card.experimentId) && (
            // Same tab: the answer is not graded yet, and the review screen comes back to this card.
            <Link href={whyHref(card.deckId, card.cardId, "review")} className="why-link" data-testid="why-link">
              Why? See the evidence →
            </Link>
          )}
          <div className="grades" role="group" aria-label="How well did you remember?">
            {GRADES.map((g) => {
              const preview = card.previews.find((p) => p.quality === g.quality)!;
              return (
                <button
                  key={g.quality}
                  type="button"
                  className={`grade grade-${g.quality}`}
                  disabled={busy}
                  onClick={() => props.onGrade(g.quality)}
                  title={`${g.quality}: ${g.hint}`}
                  aria-label={`${g.label} (${g.quality}): next review ${preview.label}`}
                >
                  <span className="grade-name">
                    <kbd>{g.quality}</kbd> {g.label}
                  </span>
                  <span className="grade-interval" data-testid={`interval-${g.quality}`}>
                    {preview.label}
                  </span>
                </button>
              );
            })}
          </div>
        </>
      ) : (
        <button type="button" className="button reveal" onClick={props.onReveal}>
          Show answer <kbd>Space</kbd>
        </button>
      )}
    </article>
  );
}

function Summary({ tally, deckId }: { tally: Tally; deckId: string }) {
  return (
    <section className="panel summary" aria-label="Session summary">
      <h1>All done for today</h1>
      {tally.answered > 0 ? (
        <>
          <p>
            You answered <strong data-testid="answered-count">{tally.answered}</strong> {tally.answered === 1 ? "card" : "cards"} in {seconds(tally.ms)}
            {" "}(about {seconds(tally.ms / tally.answered)} each).
          </p>
          <ul className="grade-tally">
            {GRADES.map((g) => (
              <li key={g.quality}>
                {g.label}: {tally.byGrade[g.quality]}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Nothing is due in this deck right now. Come back tomorrow.</p>
      )}
      <Link href={`/decks/${deckId}`} className="button">
        Back to the deck
      </Link>
    </section>
  );
}
