// Card text is Markdown with math and code, rendered on the server (no client JavaScript).
import { renderMarkdown } from "@/lib/decks/render.ts";

export function Markdown({ children }: { children: string }) {
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(children) }} />;
}
