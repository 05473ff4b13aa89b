"use client";

// The card on screen and the end-of-session summary. Touch: a tap on the card flips it; with swipes on
// (a setting), a swipe right on the answer grades Good (4), left Wrong (1), and a swipe left on a question
// takes back the last answer. The second tap of a double tap (click detail 2) never flips or grades, so a
// quick double tap cannot answer two cards.
import Link from "@/app/ui/link.tsx";
import { useEffect, useRef } from "react";
import type { ReviewCard } from "@/lib/reviews/data.ts";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { GRADES } from "@/lib/reviews/grades.ts";
import { duration } from "@/lib/why/format.ts";
import { hasWhyView, whyHref } from "@/lib/why/links.ts";

/** A horizontal swipe: at least this far, and mostly sideways. */
const SWIPE_PX = 60;
export const SWIPE_GRADES = { right: 4, left: 1 } as const;

export type Swipe = "left" | "right";

export function swipeOf(dx: number, dy: number): Swipe | null {
  if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 2 * Math.abs(dy)) return null;
  return dx > 0 ? "right" : "left";
}

/** A click made by the second tap or click of a double one. */
const repeated = (e: React.MouseEvent) => e.detail > 1;

interface CardViewProps {
  card: ReviewCard;
  revealed: boolean;
  busy: boolean;
  swipes: boolean;
  /** No connection: the why view would leave review for the offline page, so the card says so instead. */
  offline: boolean;
  onReveal: () => void;
  onGrade: (q: number) => void;
  onSwipe: (s: Swipe) => void;
}

export function CardView({ card, revealed, busy, swipes, offline, onReveal, onGrade, onSwipe }: CardViewProps) {
  const article = useRef<HTMLElement>(null);
  const onSwipeRef = useRef(onSwipe);
  onSwipeRef.current = onSwipe;
  useEffect(() => {
    // Touch events, not pointer events: once the browser takes a gesture as a scroll it cancels the pointer
    // (pointercancel, no pointerup) but still reports where the finger lifted. A swipe that scrolled the page
    // moved mostly vertically, and swipeOf turns it down. Listened to on the document, for touches that start
    // on this card.
    const el = article.current;
    if (!el || !swipes) return;
    let start: { x: number; y: number; id: number } | null = null;
    const down = (e: TouchEvent) => {
      const t = e.changedTouches[0];
      start = e.touches.length === 1 && t && el.contains(e.target as Node) ? { x: t.clientX, y: t.clientY, id: t.identifier } : null;
    };
    const up = (e: TouchEvent) => {
      const s = start;
      const t = s && [...e.changedTouches].find((c) => c.identifier === s.id);
      start = null;
      if (!s || !t) return;
      const swipe = swipeOf(t.clientX - s.x, t.clientY - s.y);
      if (swipe) onSwipeRef.current(swipe);
    };
    const cancel = () => (start = null);
    const passive = { capture: true, passive: true };
    document.addEventListener("touchstart", down, passive);
    document.addEventListener("touchend", up, passive);
    document.addEventListener("touchcancel", cancel, passive);
    return () => {
      document.removeEventListener("touchstart", down, passive);
      document.removeEventListener("touchend", up, passive);
      document.removeEventListener("touchcancel", cancel, passive);
    };
  }, [swipes]);
  return (
    <article
      ref={article}
      className={`flashcard${swipes ? " flashcard-swipes" : ""}`}
      aria-label={`Card ${card.position}`}
      data-card-id={card.cardId}
      data-kind={card.kind}
      data-revealed={revealed}
      onClick={(e) => {
        // Tap to flip: anywhere on the question, except on a link or button of its own.
        if (revealed || repeated(e) || (e.target as HTMLElement).closest("a, button, summary, input, label")) return;
        onReveal();
      }}
    >
      <p className="eyebrow">{card.kind === "new" ? "New card" : card.kind === "repeat" ? "Again today" : "Review"}</p>
      <CardHtml html={card.frontHtml} className="flashcard-front" />
      {revealed && (
        <>
          <hr />
          <CardHtml html={card.backHtml} className="flashcard-back" />
          {hasWhyView(card.experimentId) &&
            (offline ? (
              <p className="small muted" data-testid="why-offline">
                Why? The evidence needs a connection; it is here again once you are back online.
              </p>
            ) : (
              // Same tab: the answer is not graded yet, and the review screen comes back to this card.
              <Link href={whyHref(card.deckId, card.cardId, "review")} className="why-link" data-testid="why-link">
                Why? See the evidence →
              </Link>
            ))}
        </>
      )}
      {swipes && (
        <p className="swipe-hint small muted" data-testid="swipe-hint">
          {revealed ? "Swipe → Good (4) · ← Wrong (1)" : "Tap to see the answer · swipe ← to undo the last answer"}
        </p>
      )}
      {/* One bar, the same size on both sides of the card, at the bottom where a thumb reaches: no layout shift. */}
      <div className="answer-bar">
        {revealed ? (
          <div className="grades" role="group" aria-label="How well did you remember?">
            {GRADES.map((g) => {
              const preview = card.previews.find((p) => p.quality === g.quality)!;
              return (
                <button
                  key={g.quality}
                  type="button"
                  className={`grade grade-${g.quality}`}
                  disabled={busy}
                  onClick={(e) => !repeated(e) && onGrade(g.quality)}
                  title={`${g.quality}: ${g.hint}`}
                >
                  {/* The name is the visible text ("4 Good, next review 1 day"): an aria-label that differs from it
                      fails axe's label-content-name-mismatch (a voice-control user says what they see). */}
                  <span className="grade-name">
                    <kbd>{g.quality}</kbd> {g.label}
                  </span>
                  <span className="grade-interval">
                    <span className="visually-hidden">, next review </span>
                    <span data-testid={`interval-${g.quality}`}>{preview.label}</span>
                  </span>
                </button>
              );
            })}
          </div>
        ) : (
          <button type="button" className="button reveal" onClick={(e) => !repeated(e) && onReveal()}>
            Show answer <kbd>Space</kbd>
          </button>
        )}
      </div>
    </article>
  );
}

export interface Tally {
  answered: number;
  byGrade: number[];
  ms: number;
}

export const EMPTY_TALLY: Tally = { answered: 0, byGrade: [0, 0, 0, 0, 0, 0], ms: 0 };

export function Summary({ tally, deckId }: { tally: Tally; deckId: string }) {
  return (
    <section className="panel summary" aria-label="Session summary">
      <h1>All done for today</h1>
      {tally.answered > 0 ? (
        <>
          <p>
            You answered <strong data-testid="answered-count">{tally.answered}</strong> {tally.answered === 1 ? "card" : "cards"} in {duration(tally.ms)}
            {" "}(about {duration(tally.ms / tally.answered)} each).
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
