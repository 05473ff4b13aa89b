// Writing decks (issue #10): creating one, its settings, publishing. Any signed-in user may create
// a deck: it is a private draft they own. Who may change or publish one is decided in access.ts
// (canEditDeck, canPublishDeck; the guards deckForEditing, deckForPublishing), which the entry
// points call; the functions here check only that the deck exists and is not archived.
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { DomainError } from "../errors.ts";
import { DECK_NOT_FOUND, type Viewer } from "./access.ts";
import { check } from "../http/boundary.ts";

// The same bounds as the deck export (lib/import/deck-json.ts), so every deck can be exported.
export const MAX_TITLE_CHARS = 200;
export const MAX_DESCRIPTION_CHARS = 5_000;
export const MAX_NEW_PER_DAY = 9_999;
export const MAX_REVIEWS_PER_DAY = 99_999;

// A number, or digits typed in a form field ("20"); an empty field is not 0.
const perDay = (what: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z
      .number({ error: `${what} must be a number.` })
      .int(`${what} must be a whole number.`)
      .min(0, `${what} cannot be negative.`)
      .max(max, `${what} can be at most ${max.toLocaleString("en")}.`),
  );

const title = z
  .string({ error: "Enter a title." })
  .trim()
  .min(1, "Enter a title.")
  .max(MAX_TITLE_CHARS, `The title is longer than ${MAX_TITLE_CHARS} characters.`);
const description = z
  .string({ error: "The description must be text." })
  .trim()
  .max(MAX_DESCRIPTION_CHARS, `The description is longer than ${MAX_DESCRIPTION_CHARS.toLocaleString("en")} characters.`);

const settingsFields = {
  title,
  description,
  newCardsPerDay: perDay("New cards per day", MAX_NEW_PER_DAY),
  reviewsPerDay: perDay("Reviews per day", MAX_REVIEWS_PER_DAY),
};

export const deckCreateSchema = z.object({
  title,
  description: description.default(""),
  newCardsPerDay: settingsFields.newCardsPerDay.default(20),
  reviewsPerDay: settingsFields.reviewsPerDay.default(200),
});
export type DeckCreateInput = z.output<typeof deckCreateSchema>;

/** Any subset of the settings; at least one. */
export const deckSettingsSchema = z
  .object(settingsFields)
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, "Nothing to change.");
export type DeckSettingsInput = z.output<typeof deckSettingsSchema>;

export const publishSchema = z.object({ published: z.boolean({ error: "published must be true or false." }) });

/** "Conv nets, part 2!" → "conv-nets-part-2". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "deck";
}

/** Parses `raw`, or a 400 DomainError naming the field (with `fields` for the form). */


export interface DeckSettings {
  id: string;
  slug: string;
  title: string;
  description: string;
  published: boolean;
  newCardsPerDay: number;
  reviewsPerDay: number;
}

const settingsSelect = { id: true, slug: true, title: true, description: true, published: true, newCardsPerDay: true, reviewsPerDay: true } as const;

/** A new private (unpublished) deck owned by `owner`, with a unique slug made from its title. */
export async function createDeck(db: Db, owner: Viewer, raw: unknown): Promise<DeckSettings> {
  const input = check(deckCreateSchema, raw, "input");
  for (let attempt = 0; ; attempt++) {
    const slug = `${slugify(input.title)}-${crypto.randomBytes(4).toString("hex")}`;
    try {
      return await db.deck.create({ data: { ...input, slug, ownerId: owner.id, published: false }, select: settingsSelect });
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 4) throw err;
    }
  }
}

/** Changes a deck's title, description or daily limits. */
export async function updateDeckSettings(db: Db, deckId: string, raw: unknown): Promise<DeckSettings> {
  const input = check(deckSettingsSchema, raw, "input");
  const { count } = await db.deck.updateMany({ where: { id: deckId, archivedAt: null }, data: input });
  if (count === 0) throw new DomainError(404, DECK_NOT_FOUND);
  return db.deck.findUniqueOrThrow({ where: { id: deckId }, select: settingsSelect });
}

/** Publishes (anyone may find and add it) or unpublishes (learners already enrolled keep it) a deck. */
export async function setDeckPublished(db: Db, deckId: string, published: boolean): Promise<DeckSettings> {
  const { count } = await db.deck.updateMany({ where: { id: deckId, archivedAt: null }, data: { published } });
  if (count === 0) throw new DomainError(404, DECK_NOT_FOUND);
  return db.deck.findUniqueOrThrow({ where: { id: deckId }, select: settingsSelect });
}

/** Other decks this viewer may write (moving a note to one of them), by title. */
export async function editableDecks(db: Db, viewer: Viewer): Promise<Array<{ id: string; title: string }>> {
  return db.deck.findMany({ where: { ownerId: viewer.id, archivedAt: null }, select: { id: true, title: true }, orderBy: { title: "asc" } });
}
