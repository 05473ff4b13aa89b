import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { deckForReview } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { sessionView } from "@/lib/reviews/data.ts";
import { EnrolButton } from "../../enrol-button.tsx";
import { ReviewSession } from "./review-session.tsx";

export const metadata: Metadata = { title: "Review" };

type Props = { params: Promise<{ deckId: string }> };

export default async function ReviewPage({ params }: Props) {
  const { deckId } = await params;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/review`);
  const id = deckIdSchema.safeParse(deckId);
  if (!id.success) notFound();
  try {
    const deck = await deckForReview(db(), user, id.data);
    const view = await sessionView(db(), user, deck.id, new Date(), deck);
    return <ReviewSession userId={user.id} deckId={deck.id} deckTitle={deck.title} initial={view} />;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.status === 404) notFound();
    return (
      <div className="panel narrow">
        <h1>Review</h1>
        <p>{err.message}</p>
        <EnrolButton deckId={id.data} />
        <p>
          <Link href={`/decks/${id.data}`}>Back to the deck</Link>
        </p>
      </div>
    );
  }
}
