// Writing a deck (issue #10): its settings, publishing, the note editor with its live preview, and
// the notes with search by text and tag, reorder, archive/restore and move. For the deck's owner
// (and admins): lib/decks/access.ts deckForEditing decides; others get a 404 (a deck they may not
// see) or a 403 (one they may see but not write).
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { forbidden, notFound } from "next/navigation";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { canPublishDeck, deckForEditing } from "@/lib/decks/access.ts";
import { editableDecks } from "@/lib/decks/authoring.ts";
import { deckIdSchema, noteIdSchema } from "@/lib/decks/ids.ts";
import { DomainError } from "@/lib/errors.ts";
import { getNote, listTags, searchNotes, type NoteListItem } from "@/lib/notes/data.ts";
import { listExperiments } from "@/lib/experiments/data.ts";
import { EXPERIMENTS } from "@/experiments/registry/index.ts";
import { VERDICT_LABEL } from "@/experiments/registry/vocabulary.ts";
import { EvidencePicker, type ExperimentChoice } from "./evidence-picker.tsx";
import { NoteActions } from "./note-actions.tsx";
import { NoteEditor, type EditedNote } from "./note-editor.tsx";
import { PublishToggle } from "./publish-toggle.tsx";
import { SettingsForm } from "./settings-form.tsx";
import "./authoring.css";
import "@/app/experiments/experiments.css";

export const metadata: Metadata = { title: "Edit deck" };

type Props = {
  params: Promise<{ deckId: string }>;
  searchParams: Promise<{ q?: string | string[]; tag?: string | string[]; show?: string | string[]; note?: string | string[] }>;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const TYPE_LABEL = { BASIC: "Basic", REVERSED: "Basic and reversed", CLOZE: "Cloze" } as const;

async function editableDeck(deckId: string, viewer: { id: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" }) {
  try {
    return await deckForEditing(db(), viewer, deckId);
  } catch (err) {
    if (err instanceof DomainError && err.status === 403) forbidden();
    if (err instanceof DomainError && err.status === 404) notFound();
    throw err;
  }
}

export default async function EditDeckPage({ params, searchParams }: Props) {
  const { deckId } = await params;
  const query = await searchParams;
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/edit`);
  const id = deckIdSchema.safeParse(deckId);
  if (!id.success) notFound();
  const deck = await editableDeck(id.data, user);

  const text = one(query.q).slice(0, 200);
  const tag = one(query.tag).slice(0, 64);
  const archived = one(query.show) === "archived";
  const filtered = Boolean(text.trim() || tag);
  const [notes, tags, decks, experiments] = await Promise.all([
    searchNotes(db(), deck.id, { text, tag, status: archived ? "archived" : "live" }),
    listTags(db(), deck.id),
    editableDecks(db(), user),
    listExperiments(db(), user.id),
  ]);
  const evidence = {
    own: experiments.map((e) => ({ id: e.id, label: `${e.claim} (v${e.version}, ${e.verdict ? VERDICT_LABEL[e.verdict].toLowerCase() : "not recorded yet"})` })),
    registry: EXPERIMENTS.map((e) => ({ id: e.id, label: e.claim })),
  };
  const otherDecks = decks.filter((d) => d.id !== deck.id);

  let editing: EditedNote | undefined;
  const noteParam = noteIdSchema.safeParse(one(query.note));
  if (noteParam.success) {
    const found = await getNote(db(), noteParam.data).catch(() => null);
    if (found && found.note.deckId === deck.id && !found.note.archivedAt) {
      const { id: noteId, type, front, back, tags: noteTags } = found.note;
      editing = { id: noteId, type, front, back, tags: noteTags };
    }
  }

  return (
    <div className="authoring">
      <p className="breadcrumbs">
        <Link href="/decks">My decks</Link> / <Link href={`/decks/${deck.id}`}>{deck.title}</Link> /
      </p>
      <h1>Edit “{deck.title}”</h1>
      <p className="small">
        <Link href={`/decks/${deck.id}/import`}>Import notes or export the deck</Link>
      </p>

      <section aria-labelledby="settings-heading" className="authoring-section">
        <h2 id="settings-heading">Settings</h2>
        <SettingsForm
          deckId={deck.id}
          initial={{ title: deck.title, description: deck.description, newCardsPerDay: deck.newCardsPerDay, reviewsPerDay: deck.reviewsPerDay }}
        />
        {canPublishDeck(deck, user) ? (
          <PublishToggle deckId={deck.id} published={deck.published} />
        ) : (
          <p className="muted small">
            {deck.published ? "Published." : "Draft: only you can see it."} Only instructors can publish the decks they write.
          </p>
        )}
      </section>

      <section aria-labelledby="editor-heading" className="authoring-section" id="editor">
        <h2 id="editor-heading">{editing ? "Edit note" : "New note"}</h2>
        {/* A new key per note, so switching notes starts the form afresh. */}
        <NoteEditor key={editing?.id ?? "new"} deckId={deck.id} note={editing} knownTags={tags.map((t) => t.tag)} />
      </section>

      <section aria-labelledby="notes-heading" className="authoring-section">
        <h2 id="notes-heading">
          {archived ? "Archived notes" : "Notes"} <span className="muted small">({notes.length})</span>
        </h2>
        <form method="get" className="note-search" role="search" aria-label="Search notes">
          <label>
            Search text
            <input type="search" name="q" defaultValue={text} maxLength={200} />
          </label>
          <label>
            With tag
            <select name="tag" defaultValue={tag}>
              <option value="">Any tag</option>
              {tags.map((t) => (
                <option key={t.tag} value={t.tag}>
                  {t.tag} ({t.count})
                </option>
              ))}
            </select>
          </label>
          <label>
            Show
            <select name="show" defaultValue={archived ? "archived" : "live"}>
              <option value="live">Notes</option>
              <option value="archived">Archived notes</option>
            </select>
          </label>
          <button type="submit" className="button button-small">
            Search
          </button>
          {(filtered || archived) && (
            <Link href={`/decks/${deck.id}/edit`} className="small">
              Clear
            </Link>
          )}
        </form>
        {notes.length === 0 ? (
          <p className="empty">{filtered ? "No note matches." : archived ? "No archived notes." : "No notes yet: write the first one above."}</p>
        ) : (
          <ol className="card-list note-list" aria-label={archived ? "Archived notes" : "Notes"}>
            {notes.map((n, i) => (
              <NoteItem key={n.id} note={n} index={i} count={notes.length} deckId={deck.id} archived={archived} reorderable={!filtered} otherDecks={otherDecks} evidence={evidence} />
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function NoteItem({
  note, index, count, deckId, archived, reorderable, otherDecks, evidence,
}: {
  evidence: { own: ExperimentChoice[]; registry: ExperimentChoice[] };
  note: NoteListItem;
  index: number;
  count: number;
  deckId: string;
  archived: boolean;
  reorderable: boolean;
  otherDecks: Array<{ id: string; title: string }>;
}) {
  const live = note.cards.filter((c) => !c.archivedAt);
  const first = live[0] ?? note.cards[0];
  const label = `note ${index + 1}`;
  return (
    <li className="card-item note-item" data-testid="note-item">
      <span className="card-number" aria-hidden>
        {index + 1}
      </span>
      <div className="card-body">
        <p className="small note-meta">
          <span className="badge">{TYPE_LABEL[note.type]}</span> {live.length === 1 ? "1 card" : `${live.length} cards`}
          {note.tags.map((t) => (
            <Link key={t} href={`/decks/${deckId}/edit?tag=${encodeURIComponent(t)}`} className="note-tag">
              #{t}
            </Link>
          ))}
        </p>
        {first && <CardHtml html={first.frontHtml} />}
        {!archived && <EvidencePicker noteId={note.id} label={label} value={note.experimentId} own={evidence.own} registry={evidence.registry} />}
        <div className="note-item-actions">
          {!archived && (
            <Link href={`/decks/${deckId}/edit?note=${note.id}#editor`} className="button button-small" aria-label={`Edit ${label}`}>
              Edit
            </Link>
          )}
          <NoteActions
            noteId={note.id}
            label={label}
            archived={archived}
            canMoveUp={reorderable && index > 0}
            canMoveDown={reorderable && index < count - 1}
            otherDecks={otherDecks}
          />
        </div>
      </div>
    </li>
  );
}
