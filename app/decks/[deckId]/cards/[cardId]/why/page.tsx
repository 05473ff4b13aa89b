// The prerecorded "why" view of a card: the evidence behind its answer (a trained verdict with its design and
// history, or an API fact confirmed in the fastai source), all from the committed recording (no training, no
// tfjs in the page's own bundle).
import type { Metadata } from "next";
import Link from "@/app/ui/link.tsx";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session.ts";
import { db } from "@/lib/db/client.ts";
import { cardIdSchema, deckIdSchema } from "@/lib/decks/ids.ts";
import { utcDateTime } from "@/lib/why/format.ts";
import { CardHtml } from "@/app/ui/card-html.tsx";
import { Mirror, SourceConfirmation, SourceContext } from "@/app/ui/why/api-fact.tsx";
import { Pilot, Preregistration } from "@/app/ui/why/design.tsx";
import { Evidence } from "@/app/ui/why/evidence.tsx";
import { History } from "@/app/ui/why/history.tsx";
import { Judgement, Verdict } from "@/app/ui/why/verdict.tsx";
import { LiveRunPanel } from "@/app/ui/why/live/live-run-panel.tsx";
import { recordingHead } from "@/app/ui/why/live/recording-head.ts";
import { modeSummaries } from "@/experiments/live/modes.ts";
import { Replications } from "@/app/ui/why/replications.tsx";
import { cardEvidence, whyViewOf } from "@/lib/replications/evidence.ts";
import { canModerate, replicationTally } from "@/lib/replications/data.ts";
import { recordWhyOpen } from "@/lib/classes/data.ts";

type Props = {
  params: Promise<{ deckId: string; cardId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Why? The evidence" };

// Only "review" means anything; anything else is the deck page's link.
const fromSchema = z.literal("review").optional().catch(undefined);

export default async function WhyPage({ params, searchParams }: Props) {
  const [{ deckId, cardId }, query] = await Promise.all([params, searchParams]);
  const user = await requireUser(`/decks/${encodeURIComponent(deckId)}/cards/${encodeURIComponent(cardId)}/why`);
  const dId = deckIdSchema.safeParse(deckId);
  const cId = cardIdSchema.safeParse(cardId);
  if (!dId.success || !cId.success) notFound();
  // Like the deck page: a deck (or card) the viewer may not see is answered as absent.
  const found = await cardEvidence(db(), user, dId.data, cId.data);
  if (!found) notFound();
  const { deck, card, evidence } = found;
  await recordWhyOpen(db(), user.id, card.id, deck.id, new Date()); // a count for the class dashboard (members of a class teaching this deck only)
  const fromReview = fromSchema.parse(query.from) === "review";
  if ("pending" in evidence) return <PendingEvidence deck={deck} card={card} fromReview={fromReview} pending={evidence.pending} />;
  const { recording, custom } = evidence;
  const view = whyViewOf(evidence);
  // The charts drawn when scrolled near, and the live run, load their data from here (chart-props.ts).
  const src = `/api/decks/${deck.id}/cards/${card.id}/why`;
  const replications = recording.config.kind === "trained" ? await replicationTally(db(), recording.id, recording.version, recording.verdict.numbers) : null;

  return (
    <div className="why">
      <CardHeader deck={deck} card={card} fromReview={fromReview} />

      <Verdict view={view} />
      {/* The verdict, then the runs' charts, then how it was judged (each check, or the fastai source that
          confirms an API fact): the picture next to the claim, and the server-drawn first chart early in the
          HTML, so it is parsed by the page's first paint (the checks alone are screens long on a phone). */}
      <Evidence view={view} src={src} />
      {view.apiFact ? (
        <>
          <SourceConfirmation fact={view.apiFact} />
          <Mirror view={view} fact={view.apiFact} />
        </>
      ) : (
        <Judgement view={view} />
      )}
      {view.preregistration && <Preregistration p={view.preregistration} />}
      {view.pilot && <Pilot pilot={view.pilot} />}
      <History steps={view.history} />

      <section aria-labelledby="limits-title" className="why-section" data-testid="limits">
        <h2 id="limits-title">What this design can and cannot show</h2>
        <p>{view.limits}</p>
      </section>

      <SourceContext excerpts={view.sourceExcerpts} />

      <LiveRunPanel head={recordingHead(recording)} src={src} custom={custom} cardId={card.id} modes={modeSummaries(recording.id, custom)} />
      {replications && <Replications tally={replications.tally} rows={replications.rows} recording={recording} moderator={canModerate(user, evidence.ownerId)} />}

      <section aria-labelledby="sources-title" className="why-section">
        <h2 id="sources-title">Sources</h2>
        <ul className="why-sources" data-testid="sources">
          {view.sources.map((s) => (
            <li key={s.href + s.text}>
              <a href={s.href} rel="noopener noreferrer" target="_blank">
                {s.text}
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="facts-title" className="why-section">
        <h2 id="facts-title">About this recording</h2>
        <dl className="why-facts" data-testid="recording-facts">
          {view.facts.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        <p className="small muted">
          {recording.provenance
            ? `Designed and recorded by the deck's author in their browser; the server checked the runs against the pre-registered design and computed the verdict from them. `
            : ""}
          Recording <code>{view.id}</code>. What was measured: {view.measures.join("; ")}.
        </p>
      </section>
    </div>
  );
}

type CardProps = { deck: { id: string; title: string }; card: { position: number; frontHtml: string; backHtml: string }; fromReview: boolean };

/**
 * The way back, and the card itself: the question, then its answer. A learner who comes from review has just read
 * the answer, so it starts closed and the verdict is on the first screen (on a phone the answer alone is a few
 * screens long); from the deck page it starts open.
 */
function CardHeader({ deck, card, fromReview }: CardProps) {
  return (
    <>
      <nav className="why-nav" aria-label="Back">
        {fromReview && (
          <Link href={`/decks/${deck.id}/review`} className="button why-back-review">
            ← Back to review
          </Link>
        )}
        <Link href={`/decks/${deck.id}`} className={fromReview ? "small" : "why-back-deck"}>
          ← {deck.title}
        </Link>
      </nav>
      <p className="eyebrow">Card {card.position} · why this answer?</p>
      <div className="why-question">
        <CardHtml html={card.frontHtml} />
      </div>
      <details className="why-answer" open={!fromReview}>
        <summary>Answer</summary>
        <CardHtml html={card.backHtml} />
      </details>
    </>
  );
}

type PendingProps = CardProps & {
  pending: { claim: string; version: number; frozenAt: Date; sha256: string };
};

/** The author pre-registered an experiment for this card and has not recorded it: no verdict, and no pretending. */
function PendingEvidence({ deck, card, fromReview, pending }: PendingProps) {
  return (
    <div className="why">
      <CardHeader deck={deck} card={card} fromReview={fromReview} />
      <section className="why-section" data-testid="evidence-pending">
        <h2>The claim to be tested</h2>
        <p className="why-claim">{pending.claim}</p>
        <p>
          The deck&apos;s author pre-registered an experiment for this card (version {pending.version}, frozen {utcDateTime(pending.frozenAt.toISOString())}, sha256{" "}
          <code>{pending.sha256.slice(0, 12)}…</code>) and has not recorded it yet, so there is no verdict.
        </p>
      </section>
    </div>
  );
}
