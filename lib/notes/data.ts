// Data access for notes (issue #10): what an author writes, and the cards generated from it.
//
// - Every write is one transaction (or runs inside the caller's: pass a transaction client, as an
//   import does), and starts by writing the deck row (its updatedAt): on SQLite that takes the
//   write lock before anything is read (see lib/reviews/state.ts lockForWrite), on PostgreSQL it
//   locks the deck's row, so two writers of one deck take turns (positions are counted safely).
// - Note text is checked by noteInputSchema; cards are generated (generate.ts), rendered to
//   sanitized HTML with the renderer version (lib/decks/cards.ts) outside the transaction, and
//   stored with their text.
// - Editing keeps card ids: a card whose ordinal survives is updated in place, so every learner's
//   CardState and ReviewLog rows stay attached to it; new ordinals make new cards; cards whose
//   ordinal is gone are archived (never deleted: they may have reviews), and come back if the
//   ordinal does (diff.ts).
// - Who may call these is checked by the entry point through lib/decks/access.ts
//   (deckForEditing, noteForEditing); the functions here check only that the deck and note exist
//   and the deck is not archived.
import crypto from "node:crypto";
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { DECK_NOT_FOUND, NOTE_NOT_FOUND } from "../decks/access.ts";
import { renderedCardFields, type RenderedCardFields } from "../decks/cards.ts";
import { DomainError } from "../errors.ts";
import { clozeOrdinals } from "./cloze.ts";
import { diffCards, type CardDiff } from "./diff.ts";
import { generateCards } from "./generate.ts";
import { noteInputSchema, type NoteInput, type NoteType } from "./schema.ts";
import { normalizeTags, tagsFromStorage, tagsToStorage } from "./tags.ts";
import { check } from "../http/boundary.ts";

/** A transaction client (what `db.$transaction(async (tx) => …)` hands its callback). */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** The app's client, or a transaction client to run inside the caller's transaction. */
export type DbOrTx = Db | Tx;

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Runs `fn` in a new transaction, or in the caller's when `db` already is one. A transaction client
 * is told apart by what Prisma leaves out of it ($connect and friends); it does have a
 * $transaction, but a transaction started from it is not part of the caller's.
 */
function inTransaction<T>(db: DbOrTx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return typeof (db as Partial<Db>).$connect === "function" ? (db as Db).$transaction(fn, TX_OPTIONS) : fn(db as Tx);
}

/** Writes the deck row first (see the header); 404 when the deck is missing or archived. */
async function lockDeck(tx: Tx, deckId: string, now: Date): Promise<void> {
  const { count } = await tx.deck.updateMany({ where: { id: deckId, archivedAt: null }, data: { updatedAt: now } });
  if (count === 0) throw new DomainError(404, DECK_NOT_FOUND);
}

// ---------------------------------------------------------------------------------
// Views

export interface NoteView {
  id: string;
  deckId: string;
  externalId: string;
  type: NoteType;
  front: string;
  back: string;
  tags: string[];
  experimentId: string | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NoteCardView {
  id: string;
  externalId: string;
  ordinal: number;
  position: number;
  front: string;
  back: string;
  frontHtml: string;
  backHtml: string;
  renderVersion: number;
  archivedAt: Date | null;
}

export interface NoteWithCards {
  note: NoteView;
  /** Every card of the note, archived ones included, by ordinal. */
  cards: NoteCardView[];
}

const noteSelect = {
  id: true, deckId: true, externalId: true, type: true, front: true, back: true, tags: true, experimentId: true,
  archivedAt: true, createdAt: true, updatedAt: true,
} as const;

const cardSelect = {
  id: true, externalId: true, ordinal: true, position: true, front: true, back: true, frontHtml: true, backHtml: true,
  renderVersion: true, archivedAt: true,
} as const;

type NoteRow = Omit<NoteView, "tags"> & { tags: string };

const toNoteView = (row: NoteRow): NoteView => ({ ...row, tags: tagsFromStorage(row.tags) });

async function loadNote(db: DbOrTx, noteId: string): Promise<NoteWithCards> {
  const row = await db.note.findUnique({ where: { id: noteId }, select: { ...noteSelect, cards: { select: cardSelect, orderBy: { ordinal: "asc" } } } });
  if (!row) throw new DomainError(404, NOTE_NOT_FOUND);
  const { cards, ...note } = row;
  return { note: toNoteView(note), cards };
}

// ---------------------------------------------------------------------------------
// Preparing a note: validation, generation and rendering (pure, outside any transaction)

export interface PreparedCard extends RenderedCardFields {
  ordinal: number;
}

export interface PreparedNote {
  note: NoteInput;
  cards: PreparedCard[];
}

const prepared = new WeakSet<PreparedNote>();

/**
 * Checks a note (noteInputSchema: a 400 naming the field when it fails) and generates its cards
 * with their HTML. Callers that write many notes in one transaction (an import) prepare them
 * first, so no Markdown runs while the transaction holds its locks.
 */
export function prepareNote(input: unknown): PreparedNote {
  if (isPrepared(input)) return input;
  // The routes check their bodies already; imported notes arrive here unchecked.
  const note = check(noteInputSchema, input, "input");
  const cards = generateCards(note).map((c) => ({ ordinal: c.ordinal, ...renderedCardFields(c.front, c.back) }));
  const result = { note, cards };
  prepared.add(result);
  return result;
}

function isPrepared(input: unknown): input is PreparedNote {
  return typeof input === "object" && input !== null && prepared.has(input as PreparedNote);
}

/** What a preview shows: the cards a note would make, with exactly the HTML review will serve. */
export function previewNote(input: unknown): Array<{ ordinal: number; frontHtml: string; backHtml: string }> {
  return prepareNote(input).cards.map(({ ordinal, frontHtml, backHtml }) => ({ ordinal, frontHtml, backHtml }));
}

// ---------------------------------------------------------------------------------
// Creating

/** A new note's external id when none is given (imports pass theirs, e.g. an Anki guid). */
export const newNoteExternalId = () => `note-${crypto.randomUUID()}`;
/** A generated card's external id: its note's, and its ordinal. */
export const cardExternalId = (noteExternalId: string, ordinal: number) => `${noteExternalId}:${ordinal}`;

export interface CreateNoteOptions {
  /** Stable per-deck key; generated when absent. A 409 when the deck already has it. */
  externalId?: string;
  experimentId?: string | null;
  /** Per ordinal: the card's external id (default cardExternalId) and position (default appended). */
  cards?: ReadonlyArray<{ ordinal: number; externalId?: string; position?: number }>;
  now?: Date;
}

/**
 * Creates a note and its cards in `deck` (an id or a deck from lib/decks/access.ts's
 * deckForEditing), cards appended after the deck's last position, in ordinal order.
 * `input` is checked by noteInputSchema (or comes from prepareNote).
 */
export async function createNote(db: DbOrTx, deck: string | { id: string }, input: unknown, opts: CreateNoteOptions = {}): Promise<NoteWithCards> {
  const deckId = typeof deck === "string" ? deck : deck.id;
  const { note, cards } = prepareNote(input);
  const now = opts.now ?? new Date();
  const externalId = opts.externalId ?? newNoteExternalId();
  const given = new Map((opts.cards ?? []).map((c) => [c.ordinal, c]));
  return inTransaction(db, async (tx) => {
    await lockDeck(tx, deckId, now);
    if (opts.externalId !== undefined && (await tx.note.findUnique({ where: { deckId_externalId: { deckId, externalId } }, select: { id: true } }))) {
      throw new DomainError(409, `This deck already has a note with the external id "${externalId}".`);
    }
    let next = ((await tx.card.aggregate({ where: { deckId }, _max: { position: true } }))._max.position ?? 0) + 1;
    const created = await tx.note.create({
      data: {
        deckId, externalId, type: note.type, front: note.front, back: note.back, tags: tagsToStorage(note.tags),
        experimentId: opts.experimentId ?? null, createdAt: now, updatedAt: now,
      },
      select: { id: true },
    });
    for (const card of cards) {
      const wanted = given.get(card.ordinal);
      await tx.card.create({
        data: {
          ...card, deckId, noteId: created.id, experimentId: opts.experimentId ?? null,
          externalId: wanted?.externalId ?? cardExternalId(externalId, card.ordinal),
          position: wanted?.position ?? next++,
          createdAt: now, updatedAt: now,
        },
        select: { id: true },
      });
    }
    return loadNote(tx, created.id);
  });
}

// ---------------------------------------------------------------------------------
// Editing

export interface UpdateSummary {
  /** Cards updated in place (ids), restored ones included. */
  updated: string[];
  unchanged: string[];
  /** Cards made for new ordinals (ids). */
  created: string[];
  /** Cards archived because their ordinal is gone (ids). */
  archived: string[];
}

/**
 * Applies a diff to a note's cards (see diff.ts): updates in place, archives the vanished,
 * creates the new right after the note's last card (later cards move down to make room).
 */
async function applyDiff(
  tx: Tx, deckId: string, note: { id: string; externalId: string; experimentId: string | null },
  existing: ReadonlyArray<{ position: number }>, diff: CardDiff, rendered: ReadonlyMap<number, PreparedCard>, now: Date,
): Promise<UpdateSummary> {
  const summary: UpdateSummary = { updated: [], unchanged: diff.unchanged, created: [], archived: [] };
  for (const u of diff.update) {
    const { ordinal: _ordinal, ...fields } = rendered.get(u.ordinal)!;
    await tx.card.update({ where: { id: u.id }, data: { ...fields, ...(u.restore ? { archivedAt: null } : {}), updatedAt: now } });
    summary.updated.push(u.id);
  }
  if (diff.archive.length) {
    const ids = diff.archive.map((a) => a.id);
    await tx.card.updateMany({ where: { id: { in: ids }, archivedAt: null }, data: { archivedAt: now } });
    summary.archived.push(...ids);
  }
  if (diff.create.length) {
    let after: number;
    if (existing.length) {
      after = Math.max(...existing.map((c) => c.position));
      await tx.card.updateMany({ where: { deckId, position: { gt: after } }, data: { position: { increment: diff.create.length } } });
    } else {
      after = (await tx.card.aggregate({ where: { deckId }, _max: { position: true } }))._max.position ?? 0;
    }
    for (const c of diff.create) {
      const { ordinal: _ordinal, ...fields } = rendered.get(c.ordinal)!;
      const externalId = cardExternalId(note.externalId, c.ordinal);
      // A card with this external id may exist in the deck (an imported one): then a fresh key.
      const taken = await tx.card.findUnique({ where: { deckId_externalId: { deckId, externalId } }, select: { id: true } });
      const made = await tx.card.create({
        data: {
          ...fields, deckId, noteId: note.id, ordinal: c.ordinal, experimentId: note.experimentId,
          externalId: taken ? `${externalId}-${crypto.randomUUID()}` : externalId, position: ++after, createdAt: now, updatedAt: now,
        },
        select: { id: true },
      });
      summary.created.push(made.id);
    }
  }
  return summary;
}

/**
 * Replaces a note's text, type and tags, and brings its cards in line (see the header: card ids,
 * and so every learner's schedule and history, are kept for surviving ordinals). An archived note
 * must be restored first (409).
 */
export async function updateNote(db: DbOrTx, noteId: string, input: unknown, opts: { now?: Date } = {}): Promise<NoteWithCards & { changes: UpdateSummary }> {
  const { note, cards } = prepareNote(input);
  const now = opts.now ?? new Date();
  const rendered = new Map(cards.map((c) => [c.ordinal, c]));
  return inTransaction(db, async (tx) => {
    const head = await tx.note.findUnique({ where: { id: noteId }, select: { deckId: true } });
    if (!head) throw new DomainError(404, NOTE_NOT_FOUND);
    await lockDeck(tx, head.deckId, now);
    const current = await tx.note.findUnique({
      where: { id: noteId },
      select: { id: true, deckId: true, externalId: true, experimentId: true, archivedAt: true, cards: { select: { id: true, ordinal: true, front: true, back: true, archivedAt: true, position: true } } },
    });
    // Moved to another deck between the two reads: the deck locked is no longer its deck.
    if (!current || current.deckId !== head.deckId) throw new DomainError(409, "This note was moved or deleted meanwhile. Reload and try again.");
    if (current.archivedAt) throw new DomainError(409, "This note is archived. Restore it before editing it.");
    const diff = diffCards(current.cards, cards);
    await tx.note.update({
      where: { id: noteId },
      data: { type: note.type, front: note.front, back: note.back, tags: tagsToStorage(note.tags), updatedAt: now },
    });
    const changes = await applyDiff(tx, current.deckId, current, current.cards, diff, rendered, now);
    return { ...(await loadNote(tx, noteId)), changes };
  });
}

/** Backs a note's cards (all of them, archived ones too) with an experiment, or none; who may is the caller's check (lib/experiments/access.ts). */
export async function setNoteExperiment(db: DbOrTx, noteId: string, experimentId: string | null, opts: { now?: Date } = {}): Promise<NoteWithCards> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await noteDeckLocked(tx, noteId, now);
    await tx.note.update({ where: { id: noteId }, data: { experimentId, updatedAt: now } });
    await tx.card.updateMany({ where: { noteId }, data: { experimentId } });
    return loadNote(tx, noteId);
  });
}

/** The ordinals a note's stored text makes (no rendering). */
function ordinalsOf(note: { type: NoteType; front: string }): number[] {
  return note.type === "BASIC" ? [0] : note.type === "REVERSED" ? [0, 1] : clozeOrdinals(note.front);
}

async function noteDeckLocked(tx: Tx, noteId: string, now: Date): Promise<string> {
  const head = await tx.note.findUnique({ where: { id: noteId }, select: { deckId: true } });
  if (!head) throw new DomainError(404, NOTE_NOT_FOUND);
  await lockDeck(tx, head.deckId, now);
  return head.deckId;
}

/**
 * Archives a note and its live cards (idempotent): they leave study, every learner's card state
 * and review log stay, and restoreNote brings them back with their schedules.
 */
export async function archiveNote(db: DbOrTx, noteId: string, opts: { now?: Date } = {}): Promise<NoteWithCards> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await noteDeckLocked(tx, noteId, now);
    const { count } = await tx.note.updateMany({ where: { id: noteId, archivedAt: null }, data: { archivedAt: now, updatedAt: now } });
    if (count) await tx.card.updateMany({ where: { noteId, archivedAt: null }, data: { archivedAt: now } });
    return loadNote(tx, noteId);
  });
}

/**
 * Brings an archived note back (idempotent), with the cards its text makes; cards an earlier edit
 * archived (ordinals no longer in the text) stay archived.
 */
export async function restoreNote(db: DbOrTx, noteId: string, opts: { now?: Date } = {}): Promise<NoteWithCards> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    await noteDeckLocked(tx, noteId, now);
    const note = await tx.note.findUniqueOrThrow({ where: { id: noteId }, select: { type: true, front: true, archivedAt: true } });
    if (note.archivedAt) {
      await tx.note.update({ where: { id: noteId }, data: { archivedAt: null, updatedAt: now } });
      await tx.card.updateMany({ where: { noteId, ordinal: { in: ordinalsOf(note) } }, data: { archivedAt: null } });
    }
    return loadNote(tx, noteId);
  });
}

// ---------------------------------------------------------------------------------
// Moving to another deck

/**
 * Moves a note and all its cards (archived ones too) to another deck, appended after its last
 * card. Card ids do not change, so each learner's CardState goes with its card (its denormalised
 * deckId is updated): a learner keeps every schedule and sees the cards again when they study the
 * other deck (enrolled there, or once they add it); in the old deck the cards are simply gone.
 * The review log is append-only and keeps the deck each answer was given in. External ids that
 * the target deck already uses are replaced by fresh ones. Who may write both decks is for the
 * entry point to check (noteForEditing + deckForEditing).
 */
export async function moveNote(db: DbOrTx, noteId: string, toDeckId: string, opts: { now?: Date } = {}): Promise<NoteWithCards> {
  const now = opts.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const head = await tx.note.findUnique({ where: { id: noteId }, select: { deckId: true } });
    if (!head) throw new DomainError(404, NOTE_NOT_FOUND);
    if (head.deckId === toDeckId) return loadNote(tx, noteId);
    // Both decks' rows, always in the same order, so two opposite moves cannot deadlock.
    for (const id of [head.deckId, toDeckId].sort()) await lockDeck(tx, id, now);
    const note = await tx.note.findUniqueOrThrow({
      where: { id: noteId },
      select: { deckId: true, externalId: true, cards: { select: { id: true, externalId: true, ordinal: true }, orderBy: [{ position: "asc" }, { ordinal: "asc" }] } },
    });
    if (note.deckId !== head.deckId) throw new DomainError(409, "This note was moved meanwhile. Reload and try again.");
    const clash =
      (await tx.note.count({ where: { deckId: toDeckId, externalId: note.externalId } })) > 0 ||
      (await tx.card.count({ where: { deckId: toDeckId, externalId: { in: note.cards.map((c) => c.externalId) } } })) > 0;
    const externalId = clash ? newNoteExternalId() : note.externalId;
    let next = ((await tx.card.aggregate({ where: { deckId: toDeckId }, _max: { position: true } }))._max.position ?? 0) + 1;
    await tx.note.update({ where: { id: noteId }, data: { deckId: toDeckId, externalId, updatedAt: now } });
    for (const card of note.cards) {
      await tx.card.update({
        where: { id: card.id },
        data: { deckId: toDeckId, position: next++, ...(clash ? { externalId: cardExternalId(externalId, card.ordinal) } : {}) },
      });
    }
    await tx.cardState.updateMany({ where: { cardId: { in: note.cards.map((c) => c.id) } }, data: { deckId: toDeckId } });
    return loadNote(tx, noteId);
  });
}

// ---------------------------------------------------------------------------------
// Order

/**
 * Puts a deck's live notes in the order given (every live note of the deck, each once: a 409
 * otherwise, as when another tab changed the deck). A note's cards stay together, in their
 * order; cards without a note and archived notes' cards keep their places; positions are
 * renumbered 1, 2, 3, ….
 */
export async function reorderNotes(db: DbOrTx, deckId: string, noteIds: readonly string[], opts: { now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  await inTransaction(db, async (tx) => {
    await lockDeck(tx, deckId, now);
    await renumber(tx, deckId, () => noteIds);
  });
}

/** Moves a live note one place up or down among the deck's live notes (no-op at either end). */
export async function shiftNote(db: DbOrTx, noteId: string, direction: "up" | "down", opts: { now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  await inTransaction(db, async (tx) => {
    const deckId = await noteDeckLocked(tx, noteId, now);
    await renumber(tx, deckId, (live) => {
      const order = [...live];
      const at = order.indexOf(noteId);
      if (at < 0) throw new DomainError(409, "This note is archived: restore it to move it.");
      const to = direction === "up" ? at - 1 : at + 1;
      if (to < 0 || to >= order.length) return order;
      [order[at], order[to]] = [order[to], order[at]];
      return order;
    });
  });
}

async function renumber(tx: Tx, deckId: string, orderOf: (liveNotes: readonly string[]) => readonly string[]): Promise<void> {
  const [cards, liveRows] = await Promise.all([
    tx.card.findMany({ where: { deckId }, select: { id: true, noteId: true, ordinal: true, position: true }, orderBy: [{ position: "asc" }, { ordinal: "asc" }, { id: "asc" }] }),
    tx.note.findMany({ where: { deckId, archivedAt: null }, select: { id: true } }),
  ]);
  const live = new Set(liveRows.map((n) => n.id));
  // Units in current order: a note's cards (where its first card is), or one card without a note.
  const units: Array<{ noteId: string | null; cards: typeof cards }> = [];
  const byNote = new Map<string, (typeof units)[number]>();
  for (const card of cards) {
    const unit = card.noteId ? byNote.get(card.noteId) : undefined;
    if (unit) unit.cards.push(card);
    else {
      const fresh = { noteId: card.noteId, cards: [card] };
      units.push(fresh);
      if (card.noteId) byNote.set(card.noteId, fresh);
    }
  }
  const current = units.filter((u) => u.noteId && live.has(u.noteId)).map((u) => u.noteId!);
  const wanted = orderOf(current);
  if (wanted.length !== current.length || new Set(wanted).size !== wanted.length || wanted.some((id) => !live.has(id) || !byNote.has(id))) {
    throw new DomainError(409, "The deck's notes changed meanwhile. Reload and try again.");
  }
  let slot = 0;
  const ordered = units.map((u) => (u.noteId && live.has(u.noteId) ? byNote.get(wanted[slot++])! : u));
  let position = 0;
  for (const unit of ordered) {
    for (const card of unit.cards) {
      position++;
      if (card.position !== position) await tx.card.update({ where: { id: card.id }, data: { position } });
    }
  }
}

// ---------------------------------------------------------------------------------
// Searching and tags

export interface NoteSearch {
  /** Words anywhere in the note's front or back (case-insensitive for ASCII; %, _ and \ are literal). */
  text?: string;
  /** One tag, exactly. */
  tag?: string;
  /** Live notes (default), archived ones, or both. */
  status?: "live" | "archived" | "all";
  limit?: number;
}

export interface NoteListItem extends NoteView {
  /** The note's place in the deck: its first card's position. */
  position: number;
  cards: Array<{ id: string; ordinal: number; position: number; archivedAt: Date | null; frontHtml: string }>;
}

export const SEARCH_LIMIT = 500;

/** `s` with LIKE's wildcards and the escape character escaped (for `LIKE … ESCAPE '\'`). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The deck's notes matching `search`, in deck order. Text is found with LIKE in the front and the
 * back (lower-cased on both sides, so PostgreSQL matches as SQLite does), a tag with LIKE on the
 * " a b " storage form; the wildcards a user types are escaped, so "50%" finds "50%" only.
 */
export async function searchNotes(db: DbOrTx, deckId: string, search: NoteSearch = {}): Promise<NoteListItem[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`"deckId" = ${deckId}`];
  const status = search.status ?? "live";
  if (status === "live") conditions.push(Prisma.sql`"archivedAt" IS NULL`);
  if (status === "archived") conditions.push(Prisma.sql`"archivedAt" IS NOT NULL`);
  const text = search.text?.trim();
  if (text) {
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    conditions.push(Prisma.sql`(LOWER("front") LIKE ${pattern} ESCAPE '\\' OR LOWER("back") LIKE ${pattern} ESCAPE '\\')`);
  }
  const tag = search.tag ? normalizeTags(search.tag)[0] : undefined;
  if (search.tag?.trim() && !tag) return [];
  if (tag) conditions.push(Prisma.sql`"tags" LIKE ${`% ${escapeLike(tag)} %`} ESCAPE '\\'`);
  const limit = Math.max(1, Math.min(search.limit ?? SEARCH_LIMIT, SEARCH_LIMIT));
  const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Note" WHERE ${Prisma.join(conditions, " AND ")} LIMIT ${limit}`;
  if (rows.length === 0) return [];
  const notes = await db.note.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    select: { ...noteSelect, cards: { select: { id: true, ordinal: true, position: true, archivedAt: true, frontHtml: true }, orderBy: { ordinal: "asc" } } },
  });
  return notes
    .map(({ cards, ...n }) => ({ ...toNoteView(n), cards, position: cards.length ? Math.min(...cards.map((c) => c.position)) : Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

/** The tags of the deck's live notes, with how many notes carry each, by name. */
export async function listTags(db: DbOrTx, deckId: string): Promise<Array<{ tag: string; count: number }>> {
  const rows = await db.note.findMany({ where: { deckId, archivedAt: null, NOT: { tags: " " } }, select: { tags: true } });
  const counts = new Map<string, number>();
  for (const r of rows) for (const t of tagsFromStorage(r.tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([tag, count]) => ({ tag, count }));
}

/** One note with its cards (for the editor); 404 when it does not exist. */
export function getNote(db: DbOrTx, noteId: string): Promise<NoteWithCards> {
  return loadNote(db, noteId);
}
