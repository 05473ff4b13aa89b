// One pinned excerpt of the fastai source: where it is, what it shows, the lines with their numbers in
// the file, a link to them at the pinned commit, and the hashes that identify the file.
import type { ExcerptView } from "@/lib/why/api-fact.ts";
import { Markdown } from "@/app/ui/markdown.tsx";

export function SourceExcerpt({ e }: { e: ExcerptView }) {
  return (
    <figure className="why-excerpt" data-testid="source-excerpt" data-excerpt={e.id}>
      <figcaption>
        <a href={e.url} rel="noopener noreferrer" target="_blank" className="why-excerpt-link">
          {e.location}
        </a>
        {/* What it shows is written with `code` spans: the cards' Markdown renderer sets them. */}
        <div className="why-excerpt-shows">
          <Markdown>{e.shows}</Markdown>
        </div>
      </figcaption>
      <pre className="why-code" tabIndex={0} aria-label={`${e.location}: source lines`}>
        <code>
          {e.code.map((l) => (
            <span key={l.n} className="why-code-line">
              <span className="why-code-n" aria-hidden>
                {l.n}
              </span>
              {l.text}
              {"\n"}
            </span>
          ))}
        </code>
      </pre>
      <p className="why-excerpt-provenance small muted">{e.provenance}</p>
    </figure>
  );
}
