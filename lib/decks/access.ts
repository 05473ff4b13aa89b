import { hasRole, type Role } from "../auth/roles.ts";

export interface DeckAccessFacts {
  published: boolean;
  ownerId: string;
}

export interface Viewer {
  id: string;
  role: Role;
}

/** Learners see decks they are enrolled in or that are published; owners and admins see theirs. */
export function canViewDeck(deck: DeckAccessFacts, viewer: Viewer, enrolled: boolean): boolean {
  return enrolled || deck.published || deck.ownerId === viewer.id || hasRole(viewer.role, "ADMIN");
}

/** Anyone may enrol in a published deck; the owner may also enrol in a draft to try it. */
export function canEnrol(deck: DeckAccessFacts, viewer: Viewer): boolean {
  return deck.published || deck.ownerId === viewer.id;
}
