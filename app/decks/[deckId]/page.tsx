import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { deckIdSchema, deckWithCards } from "@/lib/decks/data.ts";
import { Markdown } from "@/app/ui/markdown.tsx";
import { EnrolButton } from "../enrol-button.tsx";

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
  const { deck, enrolled } = result;
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
      {!enrolled && <EnrolButton deckId={deck.id} />}
      <ol className="card-list" aria-label="Cards">
        {deck.cards.map((card) => (
          <li key={card.id} className="card-item">
            <span className="card-number" aria-hidden>
              {card.position}
            </span>
            <div className="card-body">
              <Markdown>{card.front}</Markdown>
              <details>
                <summary>Show answer</summary>
                <Markdown>{card.back}</Markdown>
              </details>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
