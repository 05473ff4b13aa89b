// Editing a note: which of its stored cards to update, which to create and which to archive, so
// that a card whose ordinal survives keeps its id (and so its schedule and review history). A card
// archived earlier whose ordinal comes back (a cloze number removed, then written again) is
// restored rather than duplicated: (noteId, ordinal) is unique. Pure.
import type { GeneratedCard } from "./generate.ts";

export interface ExistingCard {
  id: string;
  ordinal: number;
  front: string;
  back: string;
  archivedAt?: Date | null;
}

export interface CardUpdate {
  id: string;
  ordinal: number;
  front: string;
  back: string;
  /** Archived before: clear archivedAt. */
  restore: boolean;
}

export interface CardDiff {
  /** Kept cards whose text changed or that come back from the archive. */
  update: CardUpdate[];
  /** Kept cards that stay exactly as they are (ids). */
  unchanged: string[];
  /** New ordinals: cards to create. */
  create: GeneratedCard[];
  /** Live cards whose ordinal is gone: archive them (never delete: they may have reviews). */
  archive: Array<{ id: string; ordinal: number }>;
}

export function diffCards(existing: readonly ExistingCard[], generated: readonly GeneratedCard[]): CardDiff {
  const byOrdinal = new Map<number, ExistingCard>();
  for (const card of existing) {
    if (byOrdinal.has(card.ordinal)) throw new Error(`Two cards of one note have ordinal ${card.ordinal}.`);
    byOrdinal.set(card.ordinal, card);
  }
  const wanted = new Set<number>();
  const diff: CardDiff = { update: [], unchanged: [], create: [], archive: [] };
  for (const g of generated) {
    if (wanted.has(g.ordinal)) throw new Error(`Two generated cards have ordinal ${g.ordinal}.`);
    wanted.add(g.ordinal);
    const old = byOrdinal.get(g.ordinal);
    if (!old) {
      diff.create.push({ ordinal: g.ordinal, front: g.front, back: g.back });
      continue;
    }
    const restore = old.archivedAt != null;
    if (restore || old.front !== g.front || old.back !== g.back) {
      diff.update.push({ id: old.id, ordinal: g.ordinal, front: g.front, back: g.back, restore });
    } else {
      diff.unchanged.push(old.id);
    }
  }
  for (const card of existing) {
    if (!wanted.has(card.ordinal) && card.archivedAt == null) diff.archive.push({ id: card.id, ordinal: card.ordinal });
  }
  diff.archive.sort((a, b) => a.ordinal - b.ordinal);
  return diff;
}
