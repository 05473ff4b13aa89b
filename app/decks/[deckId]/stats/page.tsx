// One deck's statistics for the signed-in learner, and the cards they lapse most (each with its history).
// Only for a deck they may review (lib/decks/access.ts); any other deck is answered as absent.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { deckStats } from "@/lib/stats/data.ts";
import { fixed, int } from "@/lib/why/format.ts";
import { StatsBody } from "@/app/ui/stats/stats-view.tsx";

export const metadata: Metadata = { title: "Deck statistics" };

type Props = { params: Promise<{ deckId: string }> };

async function load(deckId: string, user: Awaited<ReturnType<typeof requireUser>>) {
  try {
    return await deckStats(db(), user, deckId, new Date());
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) notFound();
    throw err;
  }
}

export default async function DeckStatsPage({ params }: Props) {
  const { deckId } = await params;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/stats`);
  const id = deckIdSchema.safeParse(deckId);
  if (!id.success) notFound();
  const { deck, stats, due, lapsed } = await load(id.data, user);
  return (
    <div>
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> / <Link href={`/decks/${deck.id}`}>{deck.title}</Link> /
      </p>
      <h1>Statistics: {deck.title}</h1>
      <p className="lead">
        Your answers in this deck. <Link href="/stats">All your decks</Link>
      </p>
      <StatsBody stats={stats} due={due} />
      <section className="stats-figure" aria-labelledby="lapsed-title">
        <h2 id="lapsed-title">Cards you forget most</h2>
        {lapsed.length === 0 ? (
          <p className="muted">No lapses yet: every card you learned has stayed learned.</p>
        ) : (
          <div className="stats-table-wrap">
            <table className="stats-table">
              <thead>
                <tr>
                  <th scope="col">Card</th>
                  <th scope="col">Lapses</th>
                  <th scope="col">Easiness</th>
                  <th scope="col">Interval</th>
                </tr>
              </thead>
              <tbody>
                {lapsed.map((s) => (
                  <tr key={s.cardId}>
                    <th scope="row">
                      <Link href={`/decks/${deck.id}/cards/${s.cardId}/history`}>
                        {s.card.position}. {s.card.front.length > 70 ? `${s.card.front.slice(0, 70)}…` : s.card.front}
                      </Link>
                    </th>
                    <td>{int(s.lapses)}</td>
                    <td>{fixed(s.easiness, 2)}</td>
                    <td>{s.interval === 1 ? "1 day" : `${int(s.interval)} days`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small muted">Every card&apos;s history is also linked from the deck page.</p>
      </section>
    </div>
  );
}
