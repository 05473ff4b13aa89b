// Who may do what with a class: the only place these rules are written. Every instructor of a class
// (its creator and co-instructors alike) may manage it and read its dashboard; a member reads only
// what the dashboard says about them; anyone else is told the class does not exist (404).
import type { Db } from "../db/client.ts";
import { hasRole } from "../auth/roles.ts";
import { canEditDeck, DECK_NOT_FOUND, type Viewer } from "../decks/access.ts";
import { DomainError } from "../errors.ts";

export const CLASS_NOT_FOUND = "That class does not exist.";
export const INSTRUCTORS_ONLY = "Only the class's instructors can do this.";

export interface ClassFacts {
  instructorIds: string[];
  memberIds: string[];
}

export const teaches = (c: ClassFacts, viewer: Viewer) => c.instructorIds.includes(viewer.id) && hasRole(viewer.role, "INSTRUCTOR");
export const belongsTo = (c: ClassFacts, viewer: Viewer) => c.memberIds.includes(viewer.id);

/** A deck goes into a class when the instructor may write it or anyone may study it. */
export const canTeachDeck = (deck: { ownerId: string; published: boolean; archivedAt: Date | null }, viewer: Viewer) =>
  !deck.archivedAt && (deck.published || canEditDeck(deck, viewer));

async function facts(db: Db, viewer: Viewer, classId: string) {
  const c = await db.class.findUnique({
    where: { id: classId },
    select: {
      id: true, name: true,
      instructors: { where: { userId: viewer.id }, select: { userId: true } },
      members: { where: { userId: viewer.id }, select: { userId: true, joinedAt: true } },
    },
  });
  if (!c) throw new DomainError(404, CLASS_NOT_FOUND);
  return { ...c, facts: { instructorIds: c.instructors.map((i) => i.userId), memberIds: c.members.map((m) => m.userId) } };
}

/** The class, if this viewer teaches it: 403 for its members, 404 for everyone else. */
export async function classForInstructor(db: Db, viewer: Viewer, classId: string) {
  const c = await facts(db, viewer, classId);
  if (teaches(c.facts, viewer)) return { id: c.id, name: c.name };
  if (belongsTo(c.facts, viewer)) throw new DomainError(403, INSTRUCTORS_ONLY);
  throw new DomainError(404, CLASS_NOT_FOUND);
}

export type ClassForInstructor = Awaited<ReturnType<typeof classForInstructor>>;

/** The class and the viewer's membership, if they are a member: 404 otherwise. */
export async function classForMember(db: Db, viewer: Viewer, classId: string) {
  const c = await facts(db, viewer, classId);
  const m = c.members[0];
  if (!m) throw new DomainError(404, CLASS_NOT_FOUND);
  return { id: c.id, name: c.name, joinedAt: m.joinedAt };
}

/** The decks an instructor puts into a new class: each one they may teach (404 otherwise, as the deck guards). */
export async function decksForNewClass(db: Db, viewer: Viewer, deckIds: string[]) {
  const ids = [...new Set(deckIds)];
  const decks = await db.deck.findMany({ where: { id: { in: ids } }, select: { id: true, ownerId: true, published: true, archivedAt: true } });
  if (decks.length !== ids.length || !decks.every((d) => canTeachDeck(d, viewer))) throw new DomainError(404, DECK_NOT_FOUND);
  return decks.map((d) => d.id);
}
