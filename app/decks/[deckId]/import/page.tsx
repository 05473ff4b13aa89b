// Importing into a deck and exporting it (issue #10): a CSV/TSV file (previewed first: delimiter,
// header, first rows, rows refused and why), an Anki package (.apkg) or a Proofdeck export (.json),
// then the report (created, updated, unchanged, skipped with reasons); and the deck's export as a
// JSON download. For the deck's owner (and admins): lib/decks/access.ts deckForEditing decides;
// others get a 404 (a deck they may not see) or a 403 (one they may see but not write).
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { forbidden, notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { deckForEditing } from "@/lib/decks/access.ts";
import { deckIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { MAX_CSV_BYTES } from "@/lib/import/csv.ts";
import { MAX_APKG_UPLOAD_BYTES, MAX_JSON_UPLOAD_BYTES } from "@/lib/import/data.ts";
import { ImportPanel } from "./import-panel.tsx";
import "./import.css";

export const metadata: Metadata = { title: "Import and export" };

type Props = { params: Promise<{ deckId: string }> };

export default async function ImportPage({ params }: Props) {
  const { deckId } = await params;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/import`);
  const id = deckIdSchema.safeParse(deckId);
  if (!id.success) notFound();
  let deck;
  try {
    deck = await deckForEditing(db(), user, id.data);
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) forbidden();
    if (err instanceof DomainError && err.status === 404) notFound();
    throw err;
  }
  const notes = await db().note.count({ where: { deckId: deck.id, archivedAt: null } });

  return (
    <div className="deck-import">
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> / <Link href={`/decks/${deck.id}`}>{deck.title}</Link> /
      </p>
      <h1>Import and export “{deck.title}”</h1>

      <section aria-labelledby="import-heading" className="import-section">
        <h2 id="import-heading">Import</h2>
        <p className="muted">
          A CSV or TSV file (columns front, back, tags; a header row is optional), an Anki package (.apkg), or a Proofdeck export
          (.json). Notes already in this deck from an earlier import of the same file are updated, not duplicated.
        </p>
        <ImportPanel deckId={deck.id} limits={{ csv: MAX_CSV_BYTES, apkg: MAX_APKG_UPLOAD_BYTES, json: MAX_JSON_UPLOAD_BYTES }} />
      </section>

      <section aria-labelledby="export-heading" className="import-section">
        <h2 id="export-heading">Export</h2>
        <p className="muted">
          The deck’s settings, its {notes} note{notes === 1 ? "" : "s"} and their images, as one JSON file another Proofdeck can import.
        </p>
        <a className="button button-secondary" href={`/api/decks/${deck.id}/export`} download>
          Export deck (JSON)
        </a>
      </section>
    </div>
  );
}
