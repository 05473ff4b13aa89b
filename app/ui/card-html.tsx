// A card side as stored: HTML that renderMarkdown (lib/decks/render.ts: allowlist sanitizer,
// then KaTeX and highlighting) made when the card was written (lib/decks/cards.ts). Trusted
// because it never holds anything but that output; text that is not a stored card's HTML goes
// through <Markdown> (app/ui/markdown.tsx), which renders and sanitizes it on the spot.
export function CardHtml({ html, className }: { html: string; className?: string }) {
  return <div className={className ? `markdown ${className}` : "markdown"} dangerouslySetInnerHTML={{ __html: html }} />;
}
