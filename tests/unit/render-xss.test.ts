// Anything a user writes is rendered through the sanitizer: every payload of the corpus comes out
// with no element, attribute or URL that can run script. (tests/browser/render-xss.test.ts loads the
// same output in Chromium and checks that nothing ran.)
import { describe, expect, it } from "vitest";
import type { Element, ElementContent, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { renderMarkdown } from "../../lib/decks/render.ts";
import { XSS_CORPUS } from "../support/xss-corpus.ts";

const FORBIDDEN_TAGS = new Set(["script", "iframe", "object", "embed", "style", "form", "base", "meta", "link", "button", "textarea", "select", "video", "audio", "source", "body", "frame", "frameset", "applet", "template", "noscript"]);
const URL_PROPS = ["href", "src", "action", "formAction", "xLinkHref", "data", "poster", "srcSet", "background", "cite", "longDesc"];
const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|[^:]*$)/i;

/** What in the parsed output could run script: forbidden elements, event handlers, script URLs. */
function executable(html: string): string[] {
  const problems: string[] = [];
  const walk = (node: Root | ElementContent): void => {
    if (node.type === "element") {
      const el = node as Element;
      if (FORBIDDEN_TAGS.has(el.tagName)) problems.push(`<${el.tagName}>`);
      // GFM task lists are the one input allowed: a disabled checkbox.
      if (el.tagName === "input" && !(el.properties.type === "checkbox" && el.properties.disabled === true)) problems.push("<input> that is not a disabled checkbox");
      for (const [k, v] of Object.entries(el.properties)) {
        if (/^on/i.test(k)) problems.push(`${el.tagName}.${k}`);
        if (k === "srcDoc") problems.push(`${el.tagName}.srcdoc`);
        if (URL_PROPS.includes(k) && !SAFE_URL.test(String(v).trim())) problems.push(`${el.tagName}.${k}=${String(v)}`);
        if (k === "style" && /url\(|expression|javascript/i.test(String(v))) problems.push(`${el.tagName}.style=${String(v)}`);
      }
    }
    if ("children" in node) for (const c of node.children) walk(c as ElementContent);
  };
  walk(fromHtml(html, { fragment: true }));
  return problems;
}

describe("rendering card Markdown is safe", () => {
  it.each(XSS_CORPUS.map((p, i) => [i, p] as const))("payload %d: %s", (_i, payload) => {
    const html = renderMarkdown(payload);
    expect(executable(html), html).toEqual([]);
  });

  it("the check itself finds what it looks for", () => {
    expect(executable('<a href="javascript:x">a</a><img src="x" onerror="y"><script></script><input type="text">')).toEqual([
      "a.href=javascript:x",
      "img.onError",
      "<script>",
      "<input> that is not a disabled checkbox",
    ]);
  });

  it("KaTeX renders \\href and friends as error text, not as links or markup", () => {
    const html = renderMarkdown("$\\href{https://example.com}{click}$ $\\htmlClass{evil}{y}$");
    expect(html).not.toContain("<a ");
    expect(html).not.toContain('class="evil"');
    expect(html).toContain("\\href");
  });

  it("keeps what authors need: links, images, code, math, tables", () => {
    const html = renderMarkdown(
      "[fastai](https://docs.fast.ai) ![digit](/media/abc.png)\n\n```python\nx = 1\n```\n\n$$\n\\frac{1}{2}\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    );
    expect(html).toContain('<a href="https://docs.fast.ai">fastai</a>');
    expect(html).toContain('<img src="/media/abc.png" alt="digit">');
    expect(html).toContain('<code class="hljs language-python">');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain("<table>");
  });
});
