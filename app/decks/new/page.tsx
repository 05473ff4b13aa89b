import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { NewDeckForm } from "./new-deck-form.tsx";
import "../[deckId]/edit/authoring.css";

export const metadata: Metadata = { title: "New deck" };

/** Any signed-in user may write a deck: it starts as a private draft of theirs. */
export default async function NewDeckPage() {
  await requireUser("/decks/new");
  return (
    <div className="panel narrow">
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> /
      </p>
      <h1>New deck</h1>
      <p className="muted">It starts as a draft only you can see. You add notes next.</p>
      <NewDeckForm />
    </div>
  );
}
