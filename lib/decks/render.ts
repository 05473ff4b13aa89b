// Card Markdown → HTML on the server: GitHub-flavoured Markdown, KaTeX math, highlighted code.
// Safety: everything the author wrote passes an allowlist sanitizer (rehype-sanitize, GitHub's
// schema: no raw HTML beyond it, no event handlers, only http(s)/mailto links and http(s) or
// relative images, so no javascript: or data: URLs) BEFORE math and highlighting run; KaTeX then
// renders the math text with `trust` off (so \href, \url, \includegraphics and \html… macros render
// as errors, never as links or markup), and highlight.js only wraps code text in classed spans.
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

/** Bumped whenever the pipeline's output can change, so stored renderings can be refreshed. */
export const RENDERER_VERSION = 1;

/** GitHub's allowlist, plus the classes remark-math puts on math for KaTeX to find. */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    code: [["className", /^language-./, "math-inline", "math-display"]],
  },
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeSanitize, SANITIZE_SCHEMA)
  .use(rehypeKatex, { trust: false, strict: "ignore", maxExpand: 1000, maxSize: 20 })
  .use(rehypeHighlight, { detect: false })
  .use(rehypeStringify)
  .freeze();

// Card text changes rarely and is read on every review: keep recent renderings.
const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

export function renderMarkdown(markdown: string): string {
  const hit = cache.get(markdown);
  if (hit !== undefined) return hit;
  const html = String(processor.processSync(markdown));
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(markdown, html);
  return html;
}
