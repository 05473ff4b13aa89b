// Markdown with math and code, rendered on the server (no client JavaScript). A stored card's
// sides are already rendered: show those with <CardHtml> (app/ui/card-html.tsx) instead.
import { renderMarkdown } from "@/lib/decks/render.ts";

export function Markdown({ children }: { children: string }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(children) }} />;
}
