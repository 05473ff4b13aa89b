import Link from "@/app/ui/link.tsx";

// A deck the viewer may see (published, or one they study) but not write.
export default function EditForbidden() {
  return (
    <div className="panel narrow">
      <p className="eyebrow">403 · Not allowed</p>
      <h1>Only the deck’s owner can edit it</h1>
      <p>You can study this deck, but its notes and settings are its owner’s to change.</p>
      <Link href="/decks" className="button">
        Back to my decks
      </Link>
    </div>
  );
}
