// One schema per kind of id. Decks and cards get Prisma cuids (lowercase letters and
// digits); tests and imports may use other letters-and-digits ids. Every entry point
// (route params, JSON bodies, server actions, pages) checks ids with these.
import { z } from "zod";

const idOf = (kind: string) =>
  z
    .string({ error: `Missing ${kind} id.` })
    .trim()
    .min(1, `Missing ${kind} id.`)
    .max(64, `Malformed ${kind} id.`)
    .regex(/^[a-z0-9]+$/i, `Malformed ${kind} id.`);

export const deckIdSchema = idOf("deck");
export const cardIdSchema = idOf("card");
export const noteIdSchema = idOf("note");
