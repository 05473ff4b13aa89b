// Card HTML rendered once, when the card is written (issue #10), and served as stored (#12),
// on SQLite and PostgreSQL: the seed stores it; the start step (scripts/prepare.ts) renders
// again only the stale cards, also when two instances start at once; review and the deck page
// serve the stored HTML without running Markdown.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import { promisify } from "node:util";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deckWithCards } from "../../lib/decks/data.ts";
import { renderedCardFields, rerenderStaleCards } from "../../lib/decks/cards.ts";
import { renderMarkdown, RENDERER_VERSION } from "../../lib/decks/render.ts";
import { seedDemo } from "../../lib/decks/seed.ts";
import { grade, sessionView, undoLast, type Learner } from "../../lib/reviews/data.ts";
import { DEMO_LEARNER } from "../../lib/users/demo.ts";
import { testDatabases, useMigratedDb, type DbHandle } from "../support/databases.ts";

// Counts every Markdown rendering in this process (the real renderer still runs).
const renders = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../lib/decks/render.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../lib/decks/render.ts")>();
  return {
    ...real,
    renderMarkdown: (markdown: string) => {
      renders.count++;
      return real.renderMarkdown(markdown);
    },
  };
});

const run = promisify(execFile);
const NOW = new Date("2026-03-10T12:00:00Z");

/** The start step, as `npm start` runs it (without the build): its log lines. */
async function prepare(url: string): Promise<string> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/prepare.ts", "--no-build"], {
    env: { ...process.env, DATABASE_URL: url, NEXTAUTH_SECRET: "test-secret-for-prepare-0123456789" },
    timeout: 60_000,
  });
  return stdout;
}

const htmlLine = (log: string) => log.split("\n").find((l) => l.startsWith("[proofdeck] card HTML")) ?? "(no card HTML line)";
/** Cards the log line says this run re-rendered (0 for "up to date"). */
const reRendered = (log: string) => Number(/: (\d+) cards re-rendered/.exec(htmlLine(log))?.[1] ?? (htmlLine(log).endsWith("up to date") ? 0 : NaN));

async function allCards(h: DbHandle) {
  return h.db.card.findMany({ orderBy: { position: "asc" } });
}

describe.each(testDatabases())("stored card HTML on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "with the demo deck" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);

    beforeAll(async () => {
      await seedDemo(h.db);
    });

    /** Marks cards stale as an older database would have them; returns their ids. */
    async function makeStale(): Promise<string[]> {
      const [a, b, c] = await allCards(h);
      // Written before HTML was stored: the migration's defaults.
      await h.db.card.update({ where: { id: a.id }, data: { frontHtml: "", backHtml: "", renderVersion: 0 } });
      // Rendered by an older renderer: HTML present, version behind.
      await h.db.card.update({ where: { id: b.id }, data: { frontHtml: "<p>old renderer</p>", renderVersion: RENDERER_VERSION - 1 } });
      // Current version but one side's HTML missing.
      await h.db.card.update({ where: { id: c.id }, data: { backHtml: "" } });
      return [a.id, b.id, c.id];
    }

    it("the seed stores each card's HTML and renderer version in the same write as its text", async () => {
      const cards = await allCards(h);
      expect(cards).toHaveLength(9);
      for (const card of cards) {
        expect(card.frontHtml).toBe(renderMarkdown(card.front));
        expect(card.backHtml).toBe(renderMarkdown(card.back));
        expect(card.frontHtml.length).toBeGreaterThan(0);
        expect(card.backHtml.length).toBeGreaterThan(0);
        expect(card.renderVersion).toBe(RENDERER_VERSION);
      }
      // The seed's update path (edited text brought back to the answer key) rewrites the HTML too.
      const [first] = cards;
      await h.db.card.update({ where: { id: first.id }, data: { front: "Old question?", frontHtml: "<p>Old question?</p>" } });
      expect((await seedDemo(h.db)).cardsUpdated).toBe(1);
      const again = await h.db.card.findUniqueOrThrow({ where: { id: first.id } });
      expect(again).toMatchObject({ front: first.front, frontHtml: first.frontHtml, renderVersion: RENDERER_VERSION });
    });

    it("renderedCardFields gives the text with its sanitized HTML and the renderer version", () => {
      renders.count = 0;
      renderedCardFields("counted", "counted too");
      expect(renders.count).toBe(2); // the counter below sees the renderer cards.ts uses
      expect(renderedCardFields("**a** <script>x</script>", "$x^2$")).toEqual({
        front: "**a** <script>x</script>",
        back: "$x^2$",
        frontHtml: renderMarkdown("**a** <script>x</script>"),
        backHtml: renderMarkdown("$x^2$"),
        renderVersion: RENDERER_VERSION,
      });
      expect(renderedCardFields("**a** <script>x</script>", "").frontHtml).not.toContain("<script");
    });

    it("the start step re-renders the stale cards only, says so in its log, and finds nothing the second time", async () => {
      const stale = await makeStale();
      const before = new Map((await allCards(h)).map((c) => [c.id, c]));

      const log = await prepare(h.url);
      expect(htmlLine(log)).toMatch(new RegExp(`^\\[proofdeck\\] card HTML \\(renderer v${RENDERER_VERSION}\\): 3 cards re-rendered in 1 batch \\(\\d+ ms\\)$`));

      for (const card of await allCards(h)) {
        if (stale.includes(card.id)) {
          expect(card).toMatchObject({ frontHtml: renderMarkdown(card.front), backHtml: renderMarkdown(card.back), renderVersion: RENDERER_VERSION });
        } else {
          expect(card).toEqual(before.get(card.id)); // untouched, updatedAt included
        }
      }
      expect(htmlLine(await prepare(h.url))).toBe(`[proofdeck] card HTML (renderer v${RENDERER_VERSION}): up to date`);
    });

    it("two instances starting at once render each stale card once between them", async () => {
      const stale = await makeStale();
      const logs = await Promise.all([prepare(h.url), prepare(h.url)]);
      expect(logs.map(reRendered).reduce((a, b) => a + b, 0), logs.map(htmlLine).join("\n")).toBe(stale.length);
      for (const card of await allCards(h)) {
        expect(card).toMatchObject({ frontHtml: renderMarkdown(card.front), backHtml: renderMarkdown(card.back), renderVersion: RENDERER_VERSION });
      }
    });

    it("re-renders in batches, never downgrades a newer renderer's rows, and skips a card edited meanwhile", async () => {
      const cards = await allCards(h);
      await h.db.card.updateMany({ data: { renderVersion: 0 } });
      // A newer renderer (a later release already started) wrote this one.
      const newer = cards[8];
      await h.db.card.update({ where: { id: newer.id }, data: { frontHtml: "<p>newer</p>", renderVersion: RENDERER_VERSION + 1 } });
      // While the first card is being rendered, an older instance edits it (its HTML by an older renderer).
      const [editedId] = cards.map((c) => c.id).filter((id) => id !== newer.id).sort();
      let edited = false;
      const report = await rerenderStaleCards(h.db, {
        batchSize: 3,
        render: async (md) => {
          if (!edited) {
            edited = true;
            await h.db.card.update({ where: { id: editedId }, data: { front: "Edited question?", frontHtml: "<p>Edited question?</p>", renderVersion: 0 } });
          }
          return renderMarkdown(md);
        },
      });
      expect(report).toMatchObject({ found: 8, rendered: 7, skipped: 1, batches: 3 });
      expect(await h.db.card.findUniqueOrThrow({ where: { id: newer.id } })).toMatchObject({ frontHtml: "<p>newer</p>", renderVersion: RENDERER_VERSION + 1 });
      // The edited card kept its new text and is still stale: the next start renders the new text.
      expect(await h.db.card.findUniqueOrThrow({ where: { id: editedId } })).toMatchObject({ front: "Edited question?", renderVersion: 0 });
      expect(await rerenderStaleCards(h.db)).toMatchObject({ found: 1, rendered: 1, skipped: 0 });
      expect(await h.db.card.findUniqueOrThrow({ where: { id: editedId } })).toMatchObject({
        front: "Edited question?", frontHtml: renderMarkdown("Edited question?"), renderVersion: RENDERER_VERSION,
      });
      expect(await rerenderStaleCards(h.db)).toMatchObject({ found: 0, rendered: 0 });
      // Put the deck back as the seed wrote it.
      await h.db.card.update({ where: { id: newer.id }, data: renderedCardFields(newer.front, newer.back) });
      await h.db.card.update({ where: { id: editedId }, data: renderedCardFields(cards.find((c) => c.id === editedId)!.front, cards.find((c) => c.id === editedId)!.back) });
    });

    describe("review and the deck page serve the stored HTML", () => {
      let learner: Learner;
      let deckId: string;
      /** Stored HTML that renderMarkdown would never give for the card's text. */
      const marker = (externalId: string, side: string) => `<p data-stored="${externalId}-${side}">stored ${side}</p>`;

      beforeAll(async () => {
        const user = await h.db.user.findUniqueOrThrow({ where: { email: DEMO_LEARNER.email } });
        learner = { id: user.id, role: user.role, timeZone: user.timeZone, dayRolloverHour: user.dayRolloverHour };
        for (const card of await allCards(h)) {
          deckId = card.deckId;
          await h.db.card.update({
            where: { id: card.id },
            data: { frontHtml: marker(card.externalId, "front"), backHtml: marker(card.externalId, "back"), renderVersion: RENDERER_VERSION },
          });
        }
      });

      beforeEach(() => {
        renders.count = 0;
      });

      const externalIdOf = async (cardId: string) => (await h.db.card.findUniqueOrThrow({ where: { id: cardId } })).externalId;

      it("the session view, each grade's next card and an undo's restored card carry the stored HTML; no Markdown runs", async () => {
        const view = await sessionView(h.db, learner, deckId, NOW);
        const first = view.next!;
        const firstId = await externalIdOf(first.cardId);
        expect(first.frontHtml).toBe(marker(firstId, "front"));
        expect(first.backHtml).toBe(marker(firstId, "back"));
        // The JSON the API sends carries it unchanged.
        expect(JSON.parse(JSON.stringify(view)).next.frontHtml).toBe(marker(firstId, "front"));

        const graded = await grade(h.db, learner, { reviewId: crypto.randomUUID(), cardId: first.cardId, grade: 5, durationMs: 3000, expectedVersion: 0 }, NOW);
        const nextId = await externalIdOf(graded.next!.cardId);
        expect(nextId).not.toBe(firstId);
        expect(graded.next).toMatchObject({ frontHtml: marker(nextId, "front"), backHtml: marker(nextId, "back") });

        const undone = await undoLast(h.db, learner, deckId, crypto.randomUUID(), new Date(NOW.getTime() + 60_000));
        expect(undone.next).toMatchObject({ cardId: first.cardId, frontHtml: marker(firstId, "front"), backHtml: marker(firstId, "back") });
        expect(renders.count).toBe(0);
      });

      it("the deck page's cards carry the stored HTML", async () => {
        const page = await deckWithCards(h.db, deckId, learner);
        expect(page.status).toBe("ok");
        if (page.status !== "ok") return;
        for (const card of page.deck.cards) {
          const externalId = await externalIdOf(card.id);
          expect(card).toMatchObject({ frontHtml: marker(externalId, "front"), backHtml: marker(externalId, "back") });
        }
        expect(renders.count).toBe(0);
      });
    });
  });
});
