// One card's history for the signed-in learner: every answer with its grade, and the easiness and
// interval SM-2 gave it. Only for a card of a deck they may review; anything else is answered as absent.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { cardIdSchema, deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { cardHistoryFor } from "@/lib/stats/data.ts";
import { duration, fixed, int } from "@/lib/why/format.ts";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { BarChart } from "@/app/ui/stats/bar-chart.tsx";
import { LineChart } from "@/app/ui/stats/line-chart.tsx";
import "@/app/ui/stats/stats.css";

export const metadata: Metadata = { title: "Card history" };

type Props = { params: Promise<{ deckId: string; cardId: string }> };

export default async function CardHistoryPage({ params }: Props) {
  const { deckId, cardId } = await params;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/cards/${encodeURIComponent(cardId)}/history`);
  const dId = deckIdSchema.safeParse(deckId);
  const cId = cardIdSchema.safeParse(cardId);
  if (!dId.success || !cId.success) notFound();
  let result;
  try {
    result = await cardHistoryFor(db(), user, dId.data, cId.data);
  } catch (err) {
    if (err instanceof DomainError && err.status === 404) notFound();
    throw err;
  }
  const { deck, card, history } = result;
  const kept = history.filter((h) => !h.undone);
  const points = kept.map((h) => ({ label: h.date.slice(2), h }));
  return (
    <div className="stats">
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> / <Link href={`/decks/${deck.id}`}>{deck.title}</Link> / <Link href={`/decks/${deck.id}/stats`}>Statistics</Link> /
      </p>
      <h1>History of card {card.position}</h1>
      <CardHtml html={card.frontHtml} />
      {history.length === 0 ? (
        <p className="empty">You have not answered this card yet.</p>
      ) : (
        <>
          <figure className="stats-figure" aria-labelledby="grades-title">
            <h2 id="grades-title">Grades</h2>
            <BarChart data={points.map((p) => ({ label: p.label, value: p.h.grade, title: `${p.h.date}: grade ${p.h.grade}` }))} summary={`Grades, oldest first: ${kept.map((h) => h.grade).join(", ")}.`} height={150} whole />
          </figure>
          <figure className="stats-figure" aria-labelledby="easiness-title">
            <h2 id="easiness-title">Easiness after each answer</h2>
            <LineChart points={points.map((p) => ({ label: p.label, value: p.h.easiness }))} min={1.3} format={(v) => fixed(v, 2)} summary={`Easiness now ${fixed(kept.at(-1)?.easiness, 2)} (SM-2 keeps it at 1.3 or more).`} />
          </figure>
          <figure className="stats-figure" aria-labelledby="interval-title">
            <h2 id="interval-title">Interval after each answer (days)</h2>
            <LineChart points={points.map((p) => ({ label: p.label, value: p.h.interval }))} summary={`Interval now ${int(kept.at(-1)?.interval)} days.`} />
          </figure>
          <section className="stats-figure" aria-labelledby="answers-title">
            <h2 id="answers-title">Every answer</h2>
            <div className="stats-table-wrap">
              <table className="stats-table" data-testid="card-history">
                <thead>
                  <tr>
                    <th scope="col">Study day</th>
                    <th scope="col">Grade</th>
                    <th scope="col">Easiness</th>
                    <th scope="col">Interval</th>
                    <th scope="col">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr key={h.seq} className={h.undone ? "undone" : undefined}>
                      <th scope="row">
                        {h.date}
                        {h.undone && " (undone)"}
                      </th>
                      <td>{h.grade}</td>
                      <td>{fixed(h.easiness, 2)}</td>
                      <td>{h.interval === 1 ? "1 day" : `${int(h.interval)} days`}</td>
                      <td>{duration(h.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
