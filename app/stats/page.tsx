// The learner's statistics over all their decks (lib/stats/data.ts); each deck's are a link away.
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { decksForLearner, decksOwnedBy } from "@/lib/decks/data.ts";
import { dueToday, statsFor } from "@/lib/stats/data.ts";
import { StatsBody } from "@/app/ui/stats/stats-view.tsx";

export const metadata: Metadata = { title: "Statistics" };

export default async function StatsPage() {
  const user = await requireUser("/stats");
  const [stats, { enrolled }, written] = await Promise.all([
    statsFor(db(), user, { userId: user.id }, new Date()),
    decksForLearner(db(), user.id),
    decksOwnedBy(db(), user.id),
  ]);
  const decks = [...enrolled, ...written.filter((w) => !enrolled.some((e) => e.id === w.id))];
  const due = await dueToday(db(), user, decks.map((d) => d.id), stats.today);
  return (
    <div>
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> /
      </p>
      <h1>Your statistics</h1>
      <p className="lead">All your decks. Days are your study days (they start at {user.dayRolloverHour}:00 in {user.timeZone}).</p>
      {decks.length > 0 && (
        <nav aria-label="Statistics per deck">
          <ul className="stats-links">
            {decks.map((d) => (
              <li key={d.id}>
                <Link href={`/decks/${d.id}/stats`}>{d.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <StatsBody stats={stats} due={due} />
    </div>
  );
}
