// Card content as stored: the Markdown of both sides and their sanitized HTML, rendered once
// when the card is written (issue #10), so review and the deck page never run Markdown.
//
// - Every write of a card's text spreads `renderedCardFields(front, back)` into the same
//   create/update, so text and HTML cannot disagree (seed, authoring, import).
// - `rerenderStaleCards` (run at start by scripts/prepare.ts) renders again the cards an older
//   renderer made (renderVersion < RENDERER_VERSION) or that have no HTML yet.
import type { Db } from "../db/client.ts";
import { renderMarkdown, RENDERER_VERSION } from "./render.ts";

export interface RenderedCardFields {
  front: string;
  back: string;
  frontHtml: string;
  backHtml: string;
  renderVersion: number;
}

/** The columns to write with a card's text: the text, its HTML and the renderer version. */
export function renderedCardFields(front: string, back: string): RenderedCardFields {
  return { front, back, frontHtml: renderMarkdown(front), backHtml: renderMarkdown(back), renderVersion: RENDERER_VERSION };
}

/**
 * Cards whose stored HTML is out of date: rendered by an older renderer (the default 0 means
 * "never rendered"), or with a side whose Markdown is not empty but whose HTML is.
 */
export function staleCardWhere(version: number = RENDERER_VERSION) {
  return {
    OR: [
      { renderVersion: { lt: version } },
      { frontHtml: "", front: { not: "" } },
      { backHtml: "", back: { not: "" } },
    ],
  };
}

export interface RerenderReport {
  /** Stale cards found. */
  found: number;
  /** Rows this call updated. */
  rendered: number;
  /** Rows found stale whose update matched nothing: another instance (or an edit) got there first. */
  skipped: number;
  batches: number;
  ms: number;
}

/**
 * Renders again, in batches of `batchSize`, every card whose stored HTML is stale. Idempotent,
 * and safe when several instances start at once: each row is written only if it is still stale
 * and its text is still the text that was rendered (one conditional UPDATE per card, one
 * transaction per batch), so a concurrent edit or another instance's newer rendering is never
 * overwritten, and a newer renderer's rows are never downgraded by an older one. Rows are walked
 * in id order, so each is looked at once per call even if its HTML comes out empty.
 */
export async function rerenderStaleCards(
  db: Db,
  opts: { batchSize?: number; version?: number; render?: (markdown: string) => string | Promise<string> } = {},
): Promise<RerenderReport> {
  const batchSize = opts.batchSize ?? 200;
  const version = opts.version ?? RENDERER_VERSION;
  const render = opts.render ?? renderMarkdown;
  const t0 = Date.now();
  const report: RerenderReport = { found: 0, rendered: 0, skipped: 0, batches: 0, ms: 0 };
  let after: string | undefined;
  for (;;) {
    const rows = await db.card.findMany({
      where: { ...staleCardWhere(version), ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, front: true, back: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    report.found += rows.length;
    report.batches++;
    // Render outside the transaction: no lock is held while Markdown runs.
    const rendered: { id: string; front: string; back: string; frontHtml: string; backHtml: string }[] = [];
    for (const r of rows) rendered.push({ ...r, frontHtml: await render(r.front), backHtml: await render(r.back) });
    const results = await db.$transaction(
      rendered.map((r) =>
        db.card.updateMany({
          where: { id: r.id, front: r.front, back: r.back, ...staleCardWhere(version) },
          data: { frontHtml: r.frontHtml, backHtml: r.backHtml, renderVersion: version },
        }),
      ),
    );
    const n = results.reduce((sum, r) => sum + r.count, 0);
    report.rendered += n;
    report.skipped += rows.length - n;
    if (rows.length < batchSize) break;
  }
  report.ms = Date.now() - t0;
  return report;
}
