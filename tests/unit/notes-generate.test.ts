// A note's cards, and what to do with stored cards when the note changes.
import { fromHtml } from "hast-util-from-html";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../lib/decks/render.ts";
import { DomainError } from "../../lib/errors.ts";
import { diffCards, type ExistingCard } from "../../lib/notes/diff.ts";
import { generateCards } from "../../lib/notes/generate.ts";
import { XSS_CORPUS } from "../support/xss-corpus.ts";

describe("generateCards", () => {
  it("BASIC: one card, front → back", () => {
    expect(generateCards({ type: "BASIC", front: "Q", back: "A" })).toEqual([{ ordinal: 0, front: "Q", back: "A" }]);
  });

  it("REVERSED: front → back, then back → front", () => {
    expect(generateCards({ type: "REVERSED", front: "chat", back: "cat" })).toEqual([
      { ordinal: 0, front: "chat", back: "cat" },
      { ordinal: 1, front: "cat", back: "chat" },
    ]);
  });

  it("CLOZE: one card per number, ordinal = number, extra after the revealed text", () => {
    expect(generateCards({ type: "CLOZE", front: "{{c2::B}} and {{c1::A::letter}}", back: "  Alphabet\n" })).toEqual([
      { ordinal: 1, front: "B and \\[letter\\]", back: "B and **A**\n\nAlphabet" },
      { ordinal: 2, front: "\\[...\\] and A", back: "**B** and A\n\nAlphabet" },
    ]);
  });

  it("CLOZE without extra: the answer is the revealed text alone", () => {
    expect(generateCards({ type: "CLOZE", front: "{{c1::x}}", back: "" })).toEqual([{ ordinal: 1, front: "\\[...\\]", back: "**x**" }]);
  });

  it("malformed cloze text: a 422 naming the front", () => {
    try {
      generateCards({ type: "CLOZE", front: "no deletion", back: "" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).status).toBe(422);
      expect((e as DomainError).details).toEqual({ fields: { front: expect.stringContaining("at least one deletion") } });
    }
  });
});

describe("diffCards", () => {
  const card = (id: string, ordinal: number, front: string, back: string, archivedAt: Date | null = null): ExistingCard => ({ id, ordinal, front, back, archivedAt });

  it("an unchanged note changes nothing", () => {
    const existing = [card("c0", 0, "Q", "A")];
    expect(diffCards(existing, generateCards({ type: "BASIC", front: "Q", back: "A" }))).toEqual({ update: [], unchanged: ["c0"], create: [], archive: [] });
  });

  it("an edited text updates the same card (same id, so its schedule stays)", () => {
    const existing = [card("c0", 0, "Q", "A")];
    expect(diffCards(existing, generateCards({ type: "BASIC", front: "Q", back: "A!" }))).toEqual({
      update: [{ id: "c0", ordinal: 0, front: "Q", back: "A!", restore: false }],
      unchanged: [],
      create: [],
      archive: [],
    });
  });

  it("BASIC → REVERSED creates the reverse card; back to BASIC archives it", () => {
    const existing = [card("c0", 0, "chat", "cat")];
    const toReversed = diffCards(existing, generateCards({ type: "REVERSED", front: "chat", back: "cat" }));
    expect(toReversed).toEqual({ update: [], unchanged: ["c0"], create: [{ ordinal: 1, front: "cat", back: "chat" }], archive: [] });
    const both = [...existing, card("c1", 1, "cat", "chat")];
    expect(diffCards(both, generateCards({ type: "BASIC", front: "chat", back: "cat" }))).toEqual({ update: [], unchanged: ["c0"], create: [], archive: [{ id: "c1", ordinal: 1 }] });
  });

  it("cloze numbers added and removed", () => {
    const before = generateCards({ type: "CLOZE", front: "{{c1::a}} {{c2::b}}", back: "" });
    const existing = before.map((g) => card(`k${g.ordinal}`, g.ordinal, g.front, g.back));
    const after = generateCards({ type: "CLOZE", front: "{{c1::a}} b {{c3::c}}", back: "" });
    expect(diffCards(existing, after)).toEqual({
      update: [{ id: "k1", ordinal: 1, front: "\\[...\\] b c", back: "**a** b c", restore: false }],
      unchanged: [],
      create: [{ ordinal: 3, front: "a b \\[...\\]", back: "a b **c**" }],
      archive: [{ id: "k2", ordinal: 2 }],
    });
  });

  it("an archived card whose ordinal returns is restored, not duplicated; archived ones stay archived", () => {
    const existing = [card("k1", 1, "\\[...\\]", "**a**"), card("k2", 2, "old", "old", new Date(0)), card("k3", 3, "x", "y", new Date(0))];
    const diff = diffCards(existing, generateCards({ type: "CLOZE", front: "{{c1::a}} {{c2::b}}", back: "" }));
    expect(diff.update).toEqual([
      { id: "k1", ordinal: 1, front: "\\[...\\] b", back: "**a** b", restore: false },
      { id: "k2", ordinal: 2, front: "a \\[...\\]", back: "a **b**", restore: true },
    ]);
    expect(diff.create).toEqual([]);
    expect(diff.archive).toEqual([]);
  });

  it("refuses duplicate ordinals", () => {
    expect(() => diffCards([card("a", 0, "", ""), card("b", 0, "", "")], [])).toThrow("ordinal 0");
    expect(() => diffCards([], [{ ordinal: 1, front: "", back: "" }, { ordinal: 1, front: "", back: "" }])).toThrow("ordinal 1");
  });
});

describe("generated cards stay safe to render", () => {
  // The check of tests/unit/render-xss.test.ts, on cards generated from each payload: the
  // cloze machinery (blanks, bold, hints) must not open a way around the sanitizer.
  const FORBIDDEN_TAGS = new Set(["script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "button", "textarea", "select", "video", "audio", "source", "body", "frame", "frameset", "applet", "template", "noscript"]);
  const URL_PROPS = ["href", "src", "action", "formAction", "xLinkHref", "data", "poster", "srcSet", "background", "cite", "longDesc"];
  const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|[^:]*$)/i;
  const executable = (html: string): string[] => {
    const problems: string[] = [];
    const walk = (node: { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[] }): void => {
      if (node.type === "element") {
        const tag = node.tagName!;
        if (FORBIDDEN_TAGS.has(tag)) problems.push(`<${tag}>`);
        if (tag === "input" && !(node.properties?.type === "checkbox" && node.properties?.disabled === true)) problems.push("<input>");
        for (const [k, v] of Object.entries(node.properties ?? {})) {
          if (/^on/i.test(k) || k === "srcDoc") problems.push(`${tag}.${k}`);
          if (URL_PROPS.includes(k) && !SAFE_URL.test(String(v).trim())) problems.push(`${tag}.${k}=${String(v)}`);
          if (k === "style" && /url\(|expression|javascript/i.test(String(v))) problems.push(`${tag}.style=${String(v)}`);
        }
      }
      for (const c of node.children ?? []) walk(c as never);
    };
    walk(fromHtml(html, { fragment: true }) as never);
    return problems;
  };

  it.each(XSS_CORPUS.map((p, i) => [i, p] as const))("payload %d", (_i, payload) => {
    const notes = [
      { type: "BASIC" as const, front: payload, back: payload },
      { type: "CLOZE" as const, front: `before {{c1::${payload}}} after {{c2::x::${payload.replace(/}}/g, "")}}}`, back: payload },
      { type: "CLOZE" as const, front: `${payload} {{c1::answer}}`, back: "" },
    ];
    for (const note of notes) {
      for (const card of generateCards(note)) {
        expect(executable(renderMarkdown(card.front)), card.front).toEqual([]);
        expect(executable(renderMarkdown(card.back)), card.back).toEqual([]);
      }
    }
  });
});
