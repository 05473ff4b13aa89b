import { describe, expect, it } from "vitest";
import { describeDrift, findDrift } from "../../lib/reviews/drift.ts";
import { NEW_FIELDS, replay, type LogEntryForReplay, type SrsFields } from "../../lib/reviews/transitions.ts";

const D = 20_000;
const at = (minute: number) => new Date(Date.UTC(2024, 9, 4, 8, minute));
type Entry = LogEntryForReplay & { userId: string; cardId: string };
let seq = 0;
const answer = (userId: string, cardId: string, grade: number, day = D): Entry => ({
  id: `a${++seq}`, seq, userId, cardId, kind: "ANSWER", undoesId: null, grade, answeredAt: at(seq), reviewDay: day,
});
const undo = (e: Entry): Entry => ({ ...e, id: `u${++seq}`, seq, kind: "UNDO", undoesId: e.id, grade: null, answeredAt: at(seq) });
const stateOf = (userId: string, cardId: string, fields: SrsFields) => ({ ...fields, userId, cardId });

describe("findDrift", () => {
  const log = [answer("u1", "c1", 5), answer("u1", "c1", 4, D + 1), answer("u1", "c2", 2), answer("u2", "c1", 3)];
  const replayed = (userId: string, cardId: string) => replay(log.filter((e) => e.userId === userId && e.cardId === cardId));
  const clean = [stateOf("u1", "c1", replayed("u1", "c1")), stateOf("u1", "c2", replayed("u1", "c2")), stateOf("u2", "c1", replayed("u2", "c1"))];

  it("finds nothing when every state is its log's replay", () => {
    expect(findDrift(clean, log)).toEqual({ checked: 3, drifted: [] });
  });

  it("names each field a tampered state differs in, with the stored and the replayed value", () => {
    const tampered = clean.map((s) => (s.userId === "u1" && s.cardId === "c1" ? { ...s, repetitions: 7, dueDay: D + 100 } : s));
    const { checked, drifted } = findDrift(tampered, log);
    expect(checked).toBe(3);
    expect(drifted).toHaveLength(1);
    expect(drifted[0]).toMatchObject({
      userId: "u1", cardId: "c1", missingState: false,
      fields: [{ field: "repetitions", stored: 7, replayed: 2 }, { field: "dueDay", stored: D + 100, replayed: D + 7 }],
    });
    expect(drifted[0]!.replayed).toEqual(replayed("u1", "c1"));
    expect(describeDrift(drifted[0]!, "ann@example.com")).toBe(`ann@example.com card c1: repetitions 7 → 2, dueDay ${D + 100} → ${D + 7}`);
  });

  it("reports an answered card whose state row is missing, and a state answered with no log behind it", () => {
    const lostLog = stateOf("u2", "c9", { ...NEW_FIELDS, repetitions: 1, interval: 1, dueDay: D + 1, lastReviewedAt: at(1), lastReviewDay: D });
    const { drifted } = findDrift([...clean.slice(1), lostLog], log);
    expect(Object.fromEntries(drifted.map((d) => [`${d.userId}/${d.cardId}`, d.missingState]))).toEqual({ "u1/c1": true, "u2/c9": false });
    const missing = drifted.find((d) => d.missingState)!;
    expect(missing.fields.map((f) => f.field)).toEqual(["repetitions", "easiness", "interval", "dueDay", "extraReview", "lapses", "lastReviewedAt", "lastReviewDay"]);
    expect(describeDrift(missing)).toMatch(/^u1 card c1: no state row; the log says repetitions — → 2/);
    expect(drifted.find((d) => d.cardId === "c9")!.fields.map((f) => f.field)).toEqual(["repetitions", "interval", "dueDay", "lastReviewedAt", "lastReviewDay"]);
  });

  it("a never-answered card is new whatever its due day: buried before any answer, or every answer undone", () => {
    const first = answer("u3", "c1", 4);
    const buried = stateOf("u3", "c2", { ...NEW_FIELDS, dueDay: D + 3 });
    const allUndone = stateOf("u3", "c1", { ...NEW_FIELDS });
    expect(findDrift([buried, allUndone], [first, undo(first)])).toEqual({ checked: 2, drifted: [] });
    // …but not whatever its repetitions.
    expect(findDrift([{ ...allUndone, repetitions: 2 }], [first, undo(first)]).drifted[0]!.fields).toEqual([{ field: "repetitions", stored: 2, replayed: 0 }]);
  });

  it("compares answer times as instants, not as objects", () => {
    const copy = clean.map((s) => ({ ...s, lastReviewedAt: s.lastReviewedAt && new Date(s.lastReviewedAt.getTime()) }));
    expect(findDrift(copy, log).drifted).toEqual([]);
    const moved = copy.map((s, i) => (i === 0 ? { ...s, lastReviewedAt: new Date(s.lastReviewedAt!.getTime() + 1) } : s));
    expect(findDrift(moved, log).drifted[0]!.fields.map((f) => f.field)).toEqual(["lastReviewedAt"]);
  });
});
