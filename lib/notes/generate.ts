// A note → its cards (Markdown sides). BASIC: ordinal 0, front → back. REVERSED: ordinal 0 front →
// back and ordinal 1 back → front. CLOZE: one card per deletion number, ordinal = the number; the
// answer is the text with that number revealed, then the note's extra text (`back`).
// Pure: the caller renders the sides (lib/decks/render.ts) and writes them.
import { DomainError } from "../errors.ts";
import { clozeSides, parseCloze } from "./cloze.ts";
import type { NoteType } from "./schema.ts";

export interface NoteContent {
  type: NoteType;
  front: string;
  back: string;
}

export interface GeneratedCard {
  ordinal: number;
  front: string;
  back: string;
}

/** The cards of a note, by ordinal. Throws a 422 DomainError (field "front") for malformed cloze
 *  text; notes that passed noteInputSchema never do. */
export function generateCards(note: NoteContent): GeneratedCard[] {
  switch (note.type) {
    case "BASIC":
      return [{ ordinal: 0, front: note.front, back: note.back }];
    case "REVERSED":
      return [
        { ordinal: 0, front: note.front, back: note.back },
        { ordinal: 1, front: note.back, back: note.front },
      ];
    case "CLOZE": {
      const parsed = parseCloze(note.front);
      if (!parsed.ok) throw new DomainError(422, parsed.error, { fields: { front: parsed.error } });
      const extra = note.back.trim();
      return parsed.ordinals.map((ordinal) => {
        const sides = clozeSides(parsed.nodes, ordinal);
        return { ordinal, front: sides.front, back: extra ? `${sides.back}\n\n${extra}` : sides.back };
      });
    }
  }
}
