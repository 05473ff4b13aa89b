// npm run db:rebuild-states: every card state rebuilt from the review log. A database written only by
// grading and undo shows no drift; tampered states are reported field by field and --fix writes them
// back from the log.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildStates } from "../../lib/reviews/rebuild.ts";
import type { Learner } from "../../lib/reviews/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";
import { demoDeck, newLearner, study } from "../support/study.ts";

/** Runs the command as an operator would, against this database. */
function rebuildCommand(url: string, ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-rebuild-states.ts", ...args], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe.each(testDatabases())("rebuilding card states from the log on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "after 40 answers and undos of three learners" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);
    let learners: Learner[];
    beforeAll(async () => {
      const { deckId, cardIds } = await demoDeck(h.db);
      learners = [await newLearner(h.db, deckId), await newLearner(h.db, deckId, "Pacific/Auckland"), await newLearner(h.db, deckId, "America/Los_Angeles")];
      await study(h.db, learners, deckId, cardIds, 40);
    });

    it("a database written by grading and undo has no drift", async () => {
      const r = await rebuildStates(h.db);
      expect(r.learners).toBe(3);
      expect(r.logEntries).toBe(await h.db.reviewLog.count());
      expect(r.checked).toBeGreaterThanOrEqual(15);
      expect(r.drifted).toEqual([]);
    });

    it("reports tampered and missing states field by field (exit code 1); --fix rewrites them from the log, versions bumped", async () => {
      const answered = await h.db.cardState.findMany({ where: { userId: learners[0]!.id, lastReviewedAt: { not: null }, suspended: false, buriedUntilDay: null }, orderBy: { cardId: "asc" } });
      const [edited, deleted] = answered;
      const original = await h.db.cardState.findMany({ orderBy: [{ userId: "asc" }, { cardId: "asc" }] });
      await h.db.cardState.update({ where: { userId_cardId: { userId: edited!.userId, cardId: edited!.cardId } }, data: { repetitions: edited!.repetitions + 3, easiness: 1.3 } });
      await h.db.cardState.delete({ where: { userId_cardId: { userId: deleted!.userId, cardId: deleted!.cardId } } });

      const report = rebuildCommand(h.url);
      expect(report.out).toMatch(/review log \((sqlite|postgres)\): 3 learners, \d+ entries replayed, \d+ card states checked/);
      expect(report.code).toBe(1);
      expect(report.out).toContain("drift: 2 card states differ from the log");
      expect(report.out).toContain(`card ${edited!.cardId}: repetitions ${edited!.repetitions + 3} → ${edited!.repetitions}, easiness 1.3 → ${edited!.easiness}`);
      expect(report.out).toContain(`card ${deleted!.cardId}: no state row; the log says repetitions — → ${deleted!.repetitions}`);
      expect(report.out).toContain("run again with --fix");

      const fixed = rebuildCommand(h.url, "--fix");
      expect(fixed.out).toContain("fixed: 2 card states rewritten from the log");
      expect(fixed.code).toBe(0);
      expect((await rebuildStates(h.db)).drifted).toEqual([]);
      const after = await h.db.cardState.findMany({ orderBy: [{ userId: "asc" }, { cardId: "asc" }] });
      const strip = ({ updatedAt: _u, version: _v, ...rest }: (typeof after)[number]) => rest;
      expect(after.map(strip)).toEqual(original.map(strip));
      const versionOf = (rows: typeof after, cardId: string) => rows.find((s) => s.userId === learners[0]!.id && s.cardId === cardId)!.version;
      expect(versionOf(after, edited!.cardId)).toBe(edited!.version + 1);
      expect(versionOf(after, deleted!.cardId)).toBe(1);
    });
  });
});
