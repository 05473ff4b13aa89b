import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { decksForLearner, decksOwnedBy, type DeckSummary } from "@/lib/decks/data.ts";
import { EnrolButton } from "./enrol-button.tsx";

export const metadata: Metadata = { title: "My decks" };

function cardsLabel(n: number) {
  return n === 1 ? "1 card" : `${n} cards`;
}

function DeckTile({ deck, children }: { deck: DeckSummary; children?: React.ReactNode }) {
  return (
    <li className="deck-tile">
      <Link href={`/decks/${deck.id}`} className="deck-title">
        {deck.title}
      </Link>
      <p className="muted small">{cardsLabel(deck.cardCount)}</p>
      {deck.description && <p>{deck.description}</p>}
      {children}
    </li>
  );
}

export default async function MyDecksPage() {
  const user = await requireUser("/decks");
  const [{ enrolled, available: published }, written] = await Promise.all([decksForLearner(db(), user.id), decksOwnedBy(db(), user.id)]);
  // Your own decks are under "Decks you write" (you may review them without adding them).
  const available = published.filter((d) => !written.some((w) => w.id === d.id));
  return (
    <div>
      <div style={{ display: "flex", alignItems: "center", justifyContent: "space-between", gap: 12, flexWrap: "wrap" }}>
        <h1>My decks</h1>
        <span>
          <Link href="/classes" className="button button-small">
            Classes
          </Link>{" "}
          <Link href="/decks/new" className="button button-small">
            New deck
          </Link>
        </span>
      </div>
      {enrolled.length === 0 ? (
        <p className="empty">You are not studying any deck yet. Pick one below to start.</p>
      ) : (
        <ul className="deck-list" aria-label="Decks you study">
          {enrolled.map((d) => (
            <DeckTile key={d.id} deck={d} />
          ))}
        </ul>
      )}
      <p className="small">
        <Link href="/stats">Your statistics</Link>: reviews per day, what is due, retention and answer times.
      </p>
      {written.length > 0 && (
        <>
          <h2>Decks you write</h2>
          <ul className="deck-list" aria-label="Decks you write">
            {written.map((d) => (
              <DeckTile key={d.id} deck={d}>
                <p className="small">
                  {d.published ? "Published" : "Draft"} ·{" "}
                  <Link href={`/decks/${d.id}/edit`} aria-label={`Edit ${d.title}`}>
                    Edit
                  </Link>
                </p>
              </DeckTile>
            ))}
          </ul>
        </>
      )}
      {available.length > 0 && (
        <>
          <h2>More decks</h2>
          <ul className="deck-list" aria-label="Decks you can add">
            {available.map((d) => (
              <DeckTile key={d.id} deck={d}>
                <EnrolButton deckId={d.id} />
              </DeckTile>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
