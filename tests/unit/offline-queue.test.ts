// Reviewing on the device (lib/offline/queue.ts) and the offline rule (lib/offline/rule.ts): the local
// queue follows the server's rules, answers fold in by SM-2, and unsent answers can be taken back.
import { describe, expect, it } from "vitest";
import { applyToSnapshot, frontLine, localView, pendingAnswer, withPending } from "../../lib/offline/queue.ts";
import { isMerge, offlineAnswerTime, syncNotice } from "../../lib/offline/rule.ts";
import type { SnapshotCard, TodaySnapshot } from "../../lib/reviews/offline.ts";
import { previewGrades } from "../../lib/srs/preview.ts";
import { NEW_CARD, sm2 } from "../../lib/srs/sm2.ts";

const TODAY = 20_522;
const T0 = new Date("2026-03-10T12:00:00Z");
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

const newCard = (n: number): SnapshotCard => ({
  cardId: `card-${n}`, deckId: "deck", position: n, kind: "new", frontHtml: `<p>Front ${n} &amp; more</p>`, backHtml: `<p>Back ${n}</p>`, experimentId: null, state: null,
});
const dueCard = (n: number, dueDay: number): SnapshotCard => ({
  ...newCard(n), kind: "review",
  state: { repetitions: 2, easiness: 2.5, interval: 6, dueDay, extraReview: false, lapses: 0, buriedUntilDay: null, suspended: false, lastReviewedAt: "2026-03-01T10:00:00.000Z", lastReviewDay: dueDay - 6, version: 3 },
});

function snapshot(cards: SnapshotCard[], newCardsPerDay = 20): TodaySnapshot {
  return { userId: "u", deckId: "deck", today: TODAY, limits: { newCardsPerDay, reviewsPerDay: 200 }, todayLog: [], cards };
}

describe("the local queue", () => {
  it("orders today's cards as the server does: overdue reviews first, new cards spread among them", () => {
    const view = localView(snapshot([newCard(1), newCard(2), dueCard(3, TODAY), dueCard(4, TODAY - 2)]));
    expect(view.remaining).toEqual({ new: 2, review: 2, repeat: 0, total: 4 });
    expect(view.next).toMatchObject({ cardId: "card-4", kind: "review", state: { version: 3, interval: 6 } });
    expect(view.next!.previews.map((p) => p.label)).toEqual(previewGrades({ repetitions: 2, easiness: 2.5, interval: 6, extraReview: false }).map((p) => p.label));
  });

  it("a 3 brings the card back at the end as a repeat, a 5 sends it to tomorrow, with SM-2's state and a version each", () => {
    let snap = snapshot([newCard(1), newCard(2)]);
    const first = pendingAnswer(snap, "card-1", 3, 1200, "r1", at(1));
    expect(first).toMatchObject({ baseVersion: 0, answeredAt: at(1).toISOString(), deckId: "deck" });
    snap = applyToSnapshot(snap, first);
    let view = localView(snap);
    expect(view.remaining).toEqual({ new: 1, review: 0, repeat: 1, total: 2 });
    expect(view.next!.cardId).toBe("card-2");
    snap = applyToSnapshot(snap, pendingAnswer(snap, "card-2", 5, 900, "r2", at(2)));
    view = localView(snap);
    expect(view.next).toMatchObject({ cardId: "card-1", kind: "repeat" });
    const afterHard = sm2(NEW_CARD, 3);
    expect(view.next!.state).toMatchObject({ repetitions: afterHard.repetitions, easiness: afterHard.easiness, extraReview: true, version: 1 });
    const last = pendingAnswer(snap, "card-1", 4, 800, "r3", at(3));
    expect(last.baseVersion).toBe(1);
    view = localView(applyToSnapshot(snap, last));
    expect(view).toMatchObject({ next: null, remaining: { total: 0 } });
  });

  it("counts cards started today against the new-card limit, like the server", () => {
    const snap = snapshot([newCard(1), newCard(2), newCard(3)], 2);
    expect(localView(snap).remaining.new).toBe(2);
    const after = applyToSnapshot(snap, pendingAnswer(snap, "card-1", 5, 1000, "r1", at(1)));
    expect(localView(after).remaining).toMatchObject({ new: 1, total: 1 });
    expect(localView(after).next!.cardId).toBe("card-2");
  });

  it("folds unsent answers in order, and taking the last one back restores the card", () => {
    const base = snapshot([newCard(1), newCard(2)]);
    const a = pendingAnswer(base, "card-1", 1, 1000, "r1", at(1));
    const b = pendingAnswer(applyToSnapshot(base, a), "card-2", 4, 1000, "r2", at(2));
    expect(localView(withPending(base, [a, b])).next!.cardId).toBe("card-1"); // failed: again today
    expect(localView(withPending(base, [a])).next!.cardId).toBe("card-2");
    expect(localView(withPending(base, [])).next!.cardId).toBe("card-1");
    expect(localView(withPending(base, [])).next!.kind).toBe("new");
  });
});

describe("the offline rule", () => {
  it("keeps the device's time unless it is in the future, and calls a version that moved a merge", () => {
    expect(offlineAnswerTime(at(-30), T0)).toEqual(at(-30));
    expect(offlineAnswerTime(at(90), T0)).toEqual(T0);
    expect(isMerge(2, 2)).toBe(false);
    expect(isMerge(2, 3)).toBe(true);
  });

  it("tells the learner how many answers were saved and which cards were merged", () => {
    expect(syncNotice(0, [])).toBeNull();
    expect(syncNotice(1, [])).toBe("1 answer made offline was saved.");
    const text = syncNotice(3, [frontLine(newCard(7).frontHtml)])!;
    expect(text).toContain("3 answers made offline were saved.");
    expect(text).toContain("“Front 7 & more” was also answered on another device");
    expect(frontLine(`<p>${"x".repeat(100)}</p>`)).toHaveLength(60);
  });
});
