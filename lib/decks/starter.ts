import { CHAPTER13_DECK } from "./chapter13.ts";

/** Decks every new account is enrolled in at sign-up. */
export const STARTER_DECK_SLUGS = [CHAPTER13_DECK.slug] as const;
