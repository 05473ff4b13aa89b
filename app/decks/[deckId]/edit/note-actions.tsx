"use client";

// A note's buttons in the list: up/down, archive or restore, move to another deck.
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { send } from "./send.ts";

export function NoteActions({
  noteId, label, archived, canMoveUp, canMoveDown, otherDecks,
}: {
  noteId: string;
  /** Names the note in the buttons' accessible names ("Move note 2 up"). */
  label: string;
  archived: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  otherDecks: Array<{ id: string; title: string }>;
}) {
  const router = useRouter();
  const selectId = useId();
  const [error, setError] = useState<string | null>(null);
  const [target, setTarget] = useState(otherDecks[0]?.id ?? "");
  const [pending, startTransition] = useTransition();

  const run = (url: string, method: "POST" | "DELETE", body?: unknown) =>
    startTransition(async () => {
      setError(null);
      const result = await send(url, method, body);
      if (!result.ok) setError(result.error);
      else router.refresh();
    });

  return (
    <div className="note-actions">
      {!archived && (
        <>
          <button type="button" className="button button-secondary button-small" disabled={pending || !canMoveUp} aria-label={`Move ${label} up`}
            onClick={() => run(`/api/notes/${noteId}/reorder`, "POST", { direction: "up" })}>
            ↑
          </button>
          <button type="button" className="button button-secondary button-small" disabled={pending || !canMoveDown} aria-label={`Move ${label} down`}
            onClick={() => run(`/api/notes/${noteId}/reorder`, "POST", { direction: "down" })}>
            ↓
          </button>
        </>
      )}
      {archived ? (
        <button type="button" className="button button-small" disabled={pending} aria-label={`Restore ${label}`} onClick={() => run(`/api/notes/${noteId}/restore`, "POST")}>
          Restore
        </button>
      ) : (
        <button type="button" className="button button-secondary button-small" disabled={pending} aria-label={`Archive ${label}`} onClick={() => run(`/api/notes/${noteId}`, "DELETE")}>
          Archive
        </button>
      )}
      {otherDecks.length > 0 && (
        <span className="note-move">
          <label htmlFor={selectId} className="visually-hidden">
            Deck to move {label} to
          </label>
          <select id={selectId} value={target} onChange={(e) => setTarget(e.target.value)} disabled={pending}>
            {otherDecks.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
          <button type="button" className="button button-secondary button-small" disabled={pending || !target} aria-label={`Move ${label} to the chosen deck`}
            onClick={() => run(`/api/notes/${noteId}/move`, "POST", { deckId: target })}>
            Move
          </button>
        </span>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
