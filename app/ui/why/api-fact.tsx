// An API fact's evidence, in two separate parts: the fastai source that states it, then whether our
// learner mirrors the behaviour (its own checks). Worded without "experiment": nothing here was tested on seeds.
import type { WhyView } from "@/lib/why/view.ts";
import type { ApiFactView } from "@/lib/why/api-fact.ts";
import { ChecksAndRule } from "./verdict.tsx";
import { SourceExcerpt } from "./source-excerpt.tsx";

export function SourceConfirmation({ fact }: { fact: ApiFactView }) {
  return (
    <section aria-labelledby="source-title" className="why-section" data-testid="source-confirmation">
      {/* The headline as one heading; the places set smaller, as they are long and many. */}
      <h2 id="source-title">
        Confirmed in the fastai source
        {fact.where && <span className="why-source-where"> ({fact.where})</span>}
      </h2>
      {fact.excerpts.length === 0 ? (
        <p className="muted">The excerpt is not available; see the sources below.</p>
      ) : (
        fact.excerpts.map((e) => <SourceExcerpt key={e.id} e={e} />)
      )}
    </section>
  );
}

export function Mirror({ view, fact }: { view: WhyView; fact: ApiFactView }) {
  return (
    <section aria-labelledby="mirror-title" className="why-section" data-testid="mirror">
      <h2 id="mirror-title">Our learner&apos;s mirror of this behaviour</h2>
      <p className={`why-mirror why-mirror-${fact.mirror.key}`} data-mirror={fact.mirror.key}>
        <strong>{fact.mirror.label}</strong>
      </p>
      <ChecksAndRule view={view} caption="Checks of our learner's mirror" />
    </section>
  );
}

/** Fastai source lines a trained claim is about (how fastai does it); not evidence for the verdict. */
export function SourceContext({ excerpts }: { excerpts: WhyView["sourceExcerpts"] }) {
  if (excerpts.length === 0) return null;
  return (
    <section aria-labelledby="source-context-title" className="why-section" data-testid="source-context">
      <h2 id="source-context-title">What the fastai source does</h2>
      <p className="small muted">The lines of fastai this claim is about, at a pinned commit. They show how fastai does it; the verdict above comes from the runs.</p>
      {excerpts.map((e) => (
        <SourceExcerpt key={e.id} e={e} />
      ))}
    </section>
  );
}
