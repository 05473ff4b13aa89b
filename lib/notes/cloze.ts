// Cloze deletions as Anki writes them: {{c1::answer}} or {{c1::answer::hint}}; {{c1,2::x}} belongs to
// cards 1 and 2; deletions nest ({{c1::a {{c2::b}} c}}). Every deletion with the same number makes
// one card, whose ordinal is that number. On card n the question shows n's deletions as [...] (or
// [hint]) and every other deletion as its plain text; the answer shows n's deletions revealed, in
// bold. As in Anki, a "}}" with no open deletion is plain text, and a hint is what follows the first
// "::" in the deletion's last run of text. Unlike Anki, malformed text is refused with a message
// (no deletion, number 0, an empty deletion, a deletion never closed) instead of making no card.
//
// The card sides are Markdown: a blank is written \[...\] so it can never become a link, and bold
// is only added where Markdown would honour it (not inside code or math, not around several
// paragraphs, not where the asterisks would stay literal next to a letter).
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import { unified } from "unified";

/** Highest cloze number accepted (so one note makes at most this many cards). */
export const MAX_CLOZE_NUMBER = 100;

export type ClozeNode =
  | { kind: "text"; text: string }
  | { kind: "deletion"; ordinals: number[]; children: ClozeNode[]; hint: string | null; start: number };

export type ClozeParse =
  | { ok: true; nodes: ClozeNode[]; ordinals: number[] }
  | { ok: false; error: string };

const OPEN = /\{\{c(\d+(?:\s*,\s*\d+)*)::/y;

type Frame = { ordinals: number[]; children: ClozeNode[]; start: number; number: string };

function pushText(children: ClozeNode[], text: string): void {
  if (!text) return;
  const last = children[children.length - 1];
  if (last?.kind === "text") last.text += text;
  else children.push({ kind: "text", text });
}

function isBlank(nodes: ClozeNode[]): boolean {
  return nodes.every((n) => n.kind === "text" && n.text.trim() === "");
}

/** Parses cloze text into text runs and (nested) deletions, or says what is wrong with it. */
export function parseCloze(text: string): ClozeParse {
  const root: ClozeNode[] = [];
  const stack: Frame[] = [];
  const ordinals = new Set<number>();
  const current = () => (stack.length ? stack[stack.length - 1].children : root);
  let i = 0;
  let plainFrom = 0;
  const flush = (to: number) => {
    pushText(current(), text.slice(plainFrom, to));
  };
  while (i < text.length) {
    if (text.startsWith("{{c", i)) {
      OPEN.lastIndex = i;
      const m = OPEN.exec(text);
      if (m) {
        flush(i);
        const numbers = m[1].split(",").map((s) => Number(s.trim()));
        for (const n of numbers) {
          if (n < 1) return { ok: false, error: `Cloze numbers start at 1: {{c${m[1]}::…}} at character ${i + 1}.` };
          if (n > MAX_CLOZE_NUMBER) return { ok: false, error: `Cloze number ${n} at character ${i + 1} is too large (at most ${MAX_CLOZE_NUMBER}).` };
        }
        stack.push({ ordinals: [...new Set(numbers)].sort((a, b) => a - b), children: [], start: i, number: m[1] });
        i += m[0].length;
        plainFrom = i;
        continue;
      }
    }
    if (stack.length > 0 && text.startsWith("}}", i)) {
      flush(i);
      const frame = stack.pop()!;
      let hint: string | null = null;
      const last = frame.children[frame.children.length - 1];
      if (last?.kind === "text") {
        const at = last.text.indexOf("::");
        if (at >= 0) {
          hint = last.text.slice(at + 2);
          last.text = last.text.slice(0, at);
          if (!last.text) frame.children.pop();
        }
      }
      if (isBlank(frame.children)) {
        return { ok: false, error: `Deletion {{c${frame.number}::…}} at character ${frame.start + 1} is empty.` };
      }
      for (const n of frame.ordinals) ordinals.add(n);
      current().push({ kind: "deletion", ordinals: frame.ordinals, children: frame.children, hint, start: frame.start });
      i += 2;
      plainFrom = i;
      continue;
    }
    i++;
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    return { ok: false, error: `Deletion {{c${open.number}:: at character ${open.start + 1} is never closed with }}.` };
  }
  flush(text.length);
  if (ordinals.size === 0) {
    return { ok: false, error: "A cloze note needs at least one deletion, such as {{c1::answer}} or {{c1::answer::hint}}." };
  }
  return { ok: true, nodes: root, ordinals: [...ordinals].sort((a, b) => a - b) };
}

/** The card numbers a cloze text makes ([] when it is malformed). */
export function clozeOrdinals(text: string): number[] {
  const parsed = parseCloze(text);
  return parsed.ok ? parsed.ordinals : [];
}

// Private-use characters: U+E000/U+E001 mark a revealed answer until its neighbours are known (for
// the bold), U+E004/U+E005 the deletions in the one Markdown parse that finds which of them sit in
// code or math. Any the author typed are removed.
const REVEAL_OPEN = "\uE000";
const REVEAL_CLOSE = "\uE001";
const SENTINELS = /[\uE000-\uE005]/g;
const clean = (s: string) => s.replace(SENTINELS, "");

function plain(nodes: ClozeNode[]): string {
  return nodes.map((n) => (n.kind === "text" ? clean(n.text) : plain(n.children))).join("");
}

const markdownParser = unified().use(remarkParse).use(remarkGfm).use(remarkMath).freeze();
const LITERAL_NODES = new Set(["code", "inlineCode", "math", "inlineMath", "html"]);
type MdNode = { type: string; children?: MdNode[]; position?: { start: { offset?: number }; end: { offset?: number } } };

/** Source ranges whose text Markdown shows literally (code, math, raw HTML). */
function literalRanges(markdown: string): Array<[number, number]> {
  // Without these there is no code, math or HTML to find: skip the parse.
  if (!/[`$<~]|^(?: {4}|\t)/m.test(markdown)) return [];
  const ranges: Array<[number, number]> = [];
  const walk = (node: MdNode) => {
    if (LITERAL_NODES.has(node.type) && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
      ranges.push([node.position.start.offset, node.position.end.offset]);
      return;
    }
    for (const c of node.children ?? []) walk(c);
  };
  walk(markdownParser.parse(markdown) as MdNode);
  return ranges;
}

const literalCache = new WeakMap<ClozeNode[], Set<ClozeNode>>();

/** The deletions that sit in code, math or raw HTML, found in one parse of the text with every
 *  deletion shown (as the cards show them, give or take the deletion itself). */
function literalDeletions(nodes: ClozeNode[]): Set<ClozeNode> {
  const cached = literalCache.get(nodes);
  if (cached) return cached;
  const marks: Array<{ node: ClozeNode; start: number; end: number }> = [];
  let text = "";
  const walk = (list: ClozeNode[]) => {
    for (const n of list) {
      if (n.kind === "text") text += clean(n.text);
      else {
        const mark = { node: n, start: text.length, end: 0 };
        text += "\uE004";
        walk(n.children);
        mark.end = text.length;
        text += "\uE005";
        marks.push(mark);
      }
    }
  };
  walk(nodes);
  const ranges = literalRanges(text);
  const inside = (at: number) => ranges.some(([s, e]) => at >= s && at < e);
  const literal = new Set(marks.filter((m) => inside(m.start) || inside(m.end)).map((m) => m.node));
  literalCache.set(nodes, literal);
  return literal;
}

function escapeBrackets(s: string): string {
  return s.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

function marked(nodes: ClozeNode[], ordinal: number, side: "front" | "back", literal: Set<ClozeNode>): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += clean(n.text);
    else if (!n.ordinals.includes(ordinal)) out += marked(n.children, ordinal, side, literal);
    else if (side === "front") {
      const blank = n.hint === null ? "..." : clean(n.hint);
      out += literal.has(n) ? `[${blank}]` : `\\[${escapeBrackets(blank)}\\]`;
    } else out += literal.has(n) ? plain(n.children) : REVEAL_OPEN + plain(n.children) + REVEAL_CLOSE;
  }
  return out;
}

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}\uE000-\uE001]/u;

/** Whether `**content**` between `before` and `after` is bold in CommonMark (flanking rules). */
function boldWorks(before: string | undefined, content: string, after: string | undefined): boolean {
  const first = content[0];
  const last = content[content.length - 1];
  const edge = (c: string | undefined) => c === undefined || WHITESPACE.test(c) || PUNCTUATION.test(c);
  const opens = !PUNCTUATION.test(first) || edge(before);
  const closes = !PUNCTUATION.test(last) || edge(after);
  return opens && closes && !content.includes("\n") && !content.includes("**");
}

/** Revealed answers in bold where Markdown honours it, as plain text elsewhere. */
function embolden(markdown: string): string {
  return markdown.replace(/\uE000([^\uE001]*)\uE001/g, (whole, text: string, at: number) => {
    const core = text.trim();
    if (core === "") return text;
    const lead = text.slice(0, text.indexOf(core));
    const trail = text.slice(lead.length + core.length);
    const before = lead ? lead[lead.length - 1] : markdown[at - 1];
    const after = trail ? trail[0] : markdown[at + whole.length];
    return boldWorks(before, core, after) ? `${lead}**${core}**${trail}` : text;
  });
}

/** Card `ordinal`'s question and answer text (Markdown), from parsed cloze text. */
export function clozeSides(nodes: ClozeNode[], ordinal: number): { front: string; back: string } {
  const literal = literalDeletions(nodes);
  return { front: marked(nodes, ordinal, "front", literal), back: embolden(marked(nodes, ordinal, "back", literal)) };
}
