import { describe, expect, it } from "vitest";
import { ROLES, hasRole, type Role } from "../../lib/auth/roles.ts";
import { canEditDeck, canEnrol, canPublishDeck, canReview, canViewDeck } from "../../lib/decks/access.ts";

describe("hasRole", () => {
  it.each<[Role, Role, boolean]>([
    ["LEARNER", "LEARNER", true],
    ["LEARNER", "INSTRUCTOR", false],
    ["LEARNER", "ADMIN", false],
    ["INSTRUCTOR", "LEARNER", true],
    ["INSTRUCTOR", "INSTRUCTOR", true],
    ["INSTRUCTOR", "ADMIN", false],
    ["ADMIN", "LEARNER", true],
    ["ADMIN", "INSTRUCTOR", true],
    ["ADMIN", "ADMIN", true],
  ])("%s has %s rights: %s", (actual, required, expected) => {
    expect(hasRole(actual, required)).toBe(expected);
  });

  it("knows exactly the three roles, lowest first", () => {
    expect(ROLES).toEqual(["LEARNER", "INSTRUCTOR", "ADMIN"]);
  });
});

describe("deck access", () => {
  const owner = { id: "owner1", role: "INSTRUCTOR" as const };
  const learner = { id: "learner1", role: "LEARNER" as const };
  const otherInstructor = { id: "instr2", role: "INSTRUCTOR" as const };
  const admin = { id: "admin1", role: "ADMIN" as const };
  const draft = { published: false, ownerId: owner.id };
  const published = { published: true, ownerId: owner.id };

  it("everyone can view a published deck", () => {
    for (const v of [owner, learner, otherInstructor, admin]) expect(canViewDeck(published, v, false)).toBe(true);
  });

  it("a draft is hidden from learners and other instructors", () => {
    expect(canViewDeck(draft, learner, false)).toBe(false);
    expect(canViewDeck(draft, otherInstructor, false)).toBe(false);
  });

  it("a draft is visible to its owner and to admins", () => {
    expect(canViewDeck(draft, owner, false)).toBe(true);
    expect(canViewDeck(draft, admin, false)).toBe(true);
  });

  it("a learner already enrolled keeps seeing a deck after it is unpublished", () => {
    expect(canViewDeck(draft, learner, true)).toBe(true);
  });

  it("anyone may enrol in a published deck", () => {
    for (const v of [owner, learner, otherInstructor, admin]) expect(canEnrol(published, v)).toBe(true);
  });

  it("only the owner may enrol in a draft", () => {
    expect(canEnrol(draft, owner)).toBe(true);
    expect(canEnrol(draft, learner)).toBe(false);
    expect(canEnrol(draft, otherInstructor)).toBe(false);
  });

  it("reviewing is for enrolled learners and the owner, not for anyone who can merely see the deck", () => {
    expect(canReview(published, learner, true)).toBe(true);
    expect(canReview(published, learner, false)).toBe(false);
    expect(canReview(draft, owner, false)).toBe(true);
    expect(canReview(published, admin, false)).toBe(false);
    expect(canReview(draft, learner, true)).toBe(true);
  });

  it("writing a deck is for its owner and admins, whoever can see it", () => {
    for (const deck of [draft, published]) {
      expect(canEditDeck(deck, owner)).toBe(true);
      expect(canEditDeck(deck, admin)).toBe(true);
      expect(canEditDeck(deck, learner)).toBe(false);
      expect(canEditDeck(deck, otherInstructor)).toBe(false);
    }
  });

  it("publishing is for the owner as an instructor: not another instructor, not an admin, not a learner who owns a deck", () => {
    expect(canPublishDeck(draft, owner)).toBe(true);
    expect(canPublishDeck(draft, otherInstructor)).toBe(false);
    expect(canPublishDeck(draft, admin)).toBe(false);
    expect(canPublishDeck({ published: false, ownerId: learner.id }, learner)).toBe(false);
    expect(canPublishDeck({ published: false, ownerId: admin.id }, admin)).toBe(true);
  });
});
