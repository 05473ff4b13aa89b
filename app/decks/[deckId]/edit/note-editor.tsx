"use client";

// Writing one note: its type, text and tags, images, and a live preview of the cards it makes.
// The preview is rendered on the server by the same renderMarkdown review uses
// (POST /api/notes/preview, debounced): the browser never renders Markdown, so what the author sees
// is exactly what learners will see.
import Link from "@/app/ui/link.tsx";
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { FieldError } from "./field.tsx";
import { send } from "./send.ts";

type NoteType = "BASIC" | "REVERSED" | "CLOZE";

export interface EditedNote {
  id: string;
  type: NoteType;
  front: string;
  back: string;
  tags: string[];
}

interface PreviewCard {
  ordinal: number;
  frontHtml: string;
  backHtml: string;
}

const TYPES: Array<{ value: NoteType; label: string; hint: string }> = [
  { value: "BASIC", label: "Basic", hint: "one card: front → back" },
  { value: "REVERSED", label: "Basic and reversed", hint: "two cards: front → back and back → front" },
  { value: "CLOZE", label: "Cloze", hint: "one card per deletion number" },
];

const PREVIEW_DELAY_MS = 300;

/** The next unused cloze number in `text` ({{c1::…}} → 2). */
function nextClozeNumber(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\{\{c(\d+(?:\s*,\s*\d+)*)::/g)) for (const n of m[1].split(",")) max = Math.max(max, Number(n.trim()));
  return max + 1;
}

function cardLabel(type: NoteType, ordinal: number): string {
  if (type === "CLOZE") return `Deletion c${ordinal}`;
  if (type === "REVERSED") return ordinal === 0 ? "Front → back" : "Back → front";
  return "Card";
}

export function NoteEditor({ deckId, note, knownTags }: { deckId: string; note?: EditedNote; knownTags: string[] }) {
  const router = useRouter();
  const [type, setType] = useState<NoteType>(note?.type ?? "BASIC");
  const [front, setFront] = useState(note?.front ?? "");
  const [back, setBack] = useState(note?.back ?? "");
  const [tags, setTags] = useState(note?.tags.join(" ") ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ cards: PreviewCard[]; error: string | null; type: NoteType; pending: boolean }>({ cards: [], error: null, type, pending: false });
  const frontRef = useRef<HTMLTextAreaElement>(null);
  const backRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<"front" | "back">("front");

  // The live preview: the server renders the cards the note would make, a moment after typing stops.
  useEffect(() => {
    if (front.trim() === "") {
      setPreview({ cards: [], error: null, type, pending: false });
      return;
    }
    const controller = new AbortController();
    setPreview((p) => ({ ...p, pending: true }));
    const timer = setTimeout(async () => {
      try {
        const result = await send<{ cards: PreviewCard[] }>("/api/notes/preview", "POST", { type, front, back }, controller.signal);
        if (controller.signal.aborted) return;
        if (result.ok) setPreview({ cards: result.data.cards, error: null, type, pending: false });
        else setPreview({ cards: [], error: Object.values(result.fields)[0] ?? result.error, type, pending: false });
      } catch {
        // aborted: a newer preview is on its way
      }
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [type, front, back]);

  const fieldRef = (which: "front" | "back") => (which === "front" ? frontRef : backRef);
  const setField = (which: "front" | "back", value: string) => (which === "front" ? setFront(value) : setBack(value));

  // The selection to set once an insertion is on screen: set in the same commit, so a selection the author
  // makes right after (in the next event) is never overwritten by a late one.
  const pendingSelection = useRef<{ which: "front" | "back"; from: number; to: number } | null>(null);
  useLayoutEffect(() => {
    const p = pendingSelection.current;
    if (!p) return;
    pendingSelection.current = null;
    const el = fieldRef(p.which).current;
    el?.focus();
    el?.setSelectionRange(p.from, p.to);
  });

  /** Replaces the selection of a field with `text`, then selects [selectFrom, selectTo) of it. */
  function insert(which: "front" | "back", make: (selected: string) => { text: string; select?: [number, number] }) {
    const el = fieldRef(which).current;
    const value = which === "front" ? front : back;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const { text, select } = make(value.slice(start, end));
    const [a, b] = select ?? [text.length, text.length];
    const next = value.slice(0, start) + text + value.slice(end);
    if (next === value) {
      // Nothing to re-render, so no commit to wait for.
      el?.focus();
      el?.setSelectionRange(start + a, start + b);
      return;
    }
    pendingSelection.current = { which, from: start + a, to: start + b };
    setField(which, next);
  }

  function wrapSelection() {
    const n = nextClozeNumber(front);
    insert("front", (selected) => {
      const answer = selected || "answer";
      const open = `{{c${n}::`;
      return { text: `${open}${answer}}}`, select: [open.length, open.length + answer.length] };
    });
  }

  async function upload(file: File) {
    setUploading(true);
    setUploadError(null);
    const form = new FormData();
    form.append("file", file);
    const result = await send<{ markdown: string }>("/api/media", "POST", form);
    setUploading(false);
    if (!result.ok) {
      setUploadError(result.fields.file ?? result.error);
      return;
    }
    insert(lastField.current, () => ({ text: result.data.markdown }));
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setErrors({});
    setSaved(null);
    const body = { type, front, back, tags };
    const result = note
      ? await send<{ cards: Array<{ archivedAt: string | null }> }>(`/api/notes/${note.id}`, "PATCH", body)
      : await send<{ cards: Array<{ archivedAt: string | null }> }>(`/api/decks/${deckId}/notes`, "POST", body);
    setPending(false);
    if (!result.ok) {
      setErrors(Object.keys(result.fields).length ? result.fields : { form: result.error });
      return;
    }
    const live = result.data.cards.filter((c) => !c.archivedAt).length;
    setSaved(`Note saved: ${live === 1 ? "1 card" : `${live} cards`}.`);
    if (note) {
      router.push(`/decks/${deckId}/edit`);
    } else {
      setFront("");
      setBack("");
      frontRef.current?.focus();
    }
    router.refresh();
  }

  const described = (name: string) => ({
    "aria-invalid": errors[name] ? (true as const) : undefined,
    "aria-describedby": errors[name] ? `note-${name}-hint note-${name}-error` : `note-${name}-hint`,
  });
  const frontLabel = type === "CLOZE" ? "Text" : "Front";
  const backLabel = type === "CLOZE" ? "Extra" : "Back";
  const backHint = type === "CLOZE" ? "Shown below the answer of every card." : type === "REVERSED" ? "Also asked as a question, by the second card." : "The answer.";

  return (
    <form className="form note-editor" onSubmit={onSubmit} noValidate aria-label={note ? "Edit note" : "New note"}>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <fieldset className="note-types">
        <legend>Note type</legend>
        {TYPES.map((t) => (
          <label key={t.value} className="note-type">
            <input type="radio" name="type" value={t.value} checked={type === t.value} onChange={() => setType(t.value)} />
            <span>
              {t.label} <span className="hint">({t.hint})</span>
            </span>
          </label>
        ))}
        <FieldError id="note-type-error" message={errors.type} />
      </fieldset>

      <div className="note-fields">
        <div className="note-inputs">
          <div className="field">
            <label htmlFor="note-front">{frontLabel}</label>
            {type === "CLOZE" ? (
              <span className="hint" id="note-front-hint">
                Hide an answer as <code>{"{{c1::answer}}"}</code> or <code>{"{{c1::answer::hint}}"}</code>; each number makes one card. Markdown, code and
                $math$ work as on other notes.
              </span>
            ) : (
              <span className="hint" id="note-front-hint">
                Markdown: **bold**, `code`, $math$, fenced code blocks, images.
              </span>
            )}
            <textarea
              ref={frontRef}
              id="note-front"
              name="front"
              rows={type === "CLOZE" ? 6 : 4}
              value={front}
              onChange={(e) => setFront(e.target.value)}
              onFocus={() => (lastField.current = "front")}
              {...described("front")}
            />
            <FieldError id="note-front-error" message={errors.front} />
          </div>
          <div className="authoring-buttons">
            {type === "CLOZE" && (
              <button type="button" className="button button-secondary button-small" onMouseDown={(e) => e.preventDefault()} onClick={wrapSelection}>
                Wrap selection as {`{{c${nextClozeNumber(front)}::…}}`}
              </button>
            )}
            <label className="button button-secondary button-small file-button">
              {uploading ? "Uploading…" : "Insert image"}
              <input
                type="file"
                className="visually-hidden"
                accept="image/png,image/jpeg,image/gif,image/webp"
                disabled={uploading}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = "";
                  if (file) void upload(file);
                }}
              />
            </label>
          </div>
          {uploadError && (
            <p role="alert" className="field-error">
              {uploadError}
            </p>
          )}
          <div className="field">
            <label htmlFor="note-back">{backLabel}</label>
            <span className="hint" id="note-back-hint">
              {backHint}
            </span>
            <textarea
              ref={backRef}
              id="note-back"
              name="back"
              rows={4}
              value={back}
              onChange={(e) => setBack(e.target.value)}
              onFocus={() => (lastField.current = "back")}
              {...described("back")}
            />
            <FieldError id="note-back-error" message={errors.back} />
          </div>
          <div className="field">
            <label htmlFor="note-tags">Tags</label>
            <span className="hint" id="note-tags-hint">
              Separated by spaces or commas; letters, digits, _ : and -.
            </span>
            <input id="note-tags" name="tags" value={tags} onChange={(e) => setTags(e.target.value)} list="known-tags" autoComplete="off" {...described("tags")} />
            <FieldError id="note-tags-error" message={errors.tags} />
          </div>
          <datalist id="known-tags">
            {knownTags.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <div className="authoring-buttons">
            <button type="submit" className="button" disabled={pending}>
              {pending ? "Saving…" : note ? "Save changes" : "Add note"}
            </button>
            {note && (
              <Link href={`/decks/${deckId}/edit`} className="button button-secondary">
                Cancel
              </Link>
            )}
            <span role="status" className="muted small">
              {saved ?? ""}
            </span>
          </div>
        </div>

        <section className="note-preview" aria-label="Preview" data-testid="preview" aria-busy={preview.pending}>
          <h3>
            Preview{" "}
            <span className="muted small">
              {preview.cards.length ? `${preview.cards.length === 1 ? "1 card" : `${preview.cards.length} cards`}, as review shows them` : ""}
            </span>
          </h3>
          {preview.error ? (
            <p className="field-error" data-testid="preview-error">
              {preview.error}
            </p>
          ) : preview.cards.length === 0 ? (
            <p className="muted small">Type the {frontLabel.toLowerCase()} to see the cards it makes.</p>
          ) : (
            <ol className="preview-cards">
              {preview.cards.map((card, i) => (
                <li key={card.ordinal} className="flashcard preview-card" data-testid="preview-card">
                  <p className="eyebrow">
                    Card {i + 1} of {preview.cards.length} · {cardLabel(preview.type, card.ordinal)}
                  </p>
                  {/* HTML from the server's renderMarkdown (sanitized), as stored for review. */}
                  <div className="markdown flashcard-front" dangerouslySetInnerHTML={{ __html: card.frontHtml }} />
                  <hr />
                  <div className="markdown" dangerouslySetInnerHTML={{ __html: card.backHtml }} />
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </form>
  );
}
