import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { canEditDeck } from "@/lib/decks/access.ts";
import { deckWithCards } from "@/lib/decks/data.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { cardFlags, sessionView } from "@/lib/reviews/data.ts";
import { hasWhyView, whyHref } from "@/lib/why/links.ts";
import { EnrolButton } from "../enrol-button.tsx";
import { UnsuspendButton } from "./unsuspend-button.tsx";

type Props = { params: Promise<{ deckId: string }> };

export const metadata: Metadata = { title: "Deck" };

export default async function DeckPage({ params }: Props) {
  const { deckId } = await params;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}`);
  const id = deckIdSchema.safeParse(deckId);
  if (!id.success) notFound();
  const result = await deckWithCards(db(), id.data, user);
  // A deck the viewer may not see is answered as absent, so ids reveal nothing.
  if (result.status !== "ok") notFound();
  // Who may review is decided by lib/decks/access.ts (canReview); the deck just read is the one to review.
  const { deck, canReview } = result;
  const session = canReview ? await sessionView(db(), user, deck.id, new Date(), { ...deck, enrolled: deck.enrolments.length > 0 }) : null;
  const flags = session ? await cardFlags(db(), user.id, deck.id, session.today) : new Map<string, { suspended: boolean; buried: boolean }>();
  return (
    <div>
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> /
      </p>
      <h1>{deck.title}</h1>
      {deck.description && <p className="lead">{deck.description}</p>}
      <p className="muted small">
        {deck.cards.length} cards · by {deck.owner.name}
        {!deck.published && " · draft"}
      </p>
      <div className="deck-actions">
        {session ? (
          session.remaining.total > 0 ? (
            <>
              <Link href={`/decks/${deck.id}/review`} className="button">
                Review now
              </Link>
              <span className="muted small" data-testid="due-summary">
                {session.remaining.total} due today: {session.remaining.new} new, {session.remaining.review} to review
                {session.remaining.repeat ? `, ${session.remaining.repeat} again` : ""}
              </span>
            </>
          ) : (
            <span className="muted" data-testid="due-summary">
              Nothing due today. Come back tomorrow.
            </span>
          )
        ) : (
          <EnrolButton deckId={deck.id} />
        )}
        {session && (
          <Link href={`/decks/${deck.id}/stats`} className="button button-secondary">
            Statistics
          </Link>
        )}
        {canEditDeck(deck, user) && (
          <Link href={`/decks/${deck.id}/edit`} className="button button-secondary">
            Edit deck
          </Link>
        )}
      </div>
      <ol className="card-list" aria-label="Cards">
        {deck.cards.map((card) => (
          <li key={card.id} className="card-item">
            <span className="card-number" aria-hidden>
              {card.position}
            </span>
            <div className="card-body">
              {flags.get(card.id)?.suspended && (
                <p className="small">
                  <span className="badge">Suspended</span> <UnsuspendButton cardId={card.id} label="Unsuspend" />
                </p>
              )}
              {flags.get(card.id)?.buried && !flags.get(card.id)?.suspended && (
                <p className="small">
                  <span className="badge">Buried until tomorrow</span> <UnsuspendButton cardId={card.id} label="Unbury" />
                </p>
              )}
              <CardHtml html={card.frontHtml} />
              <details>
                <summary>Show answer</summary>
                <CardHtml html={card.backHtml} />
              </details>
              {session && (
                <Link href={`/decks/${deck.id}/cards/${card.id}/history`} className="tap-link small" aria-label={`Your history with card ${card.position}`}>
                  Your history
                </Link>
              )}{" "}
              {hasWhyView(card.experimentId) && (
                <Link href={whyHref(deck.id, card.id)} className="why-link small" aria-label={`Why? See the evidence for card ${card.position}`}>
                  Why? See the evidence →
                </Link>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
