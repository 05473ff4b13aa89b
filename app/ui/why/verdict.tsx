// The claim and its verdict: the verdict's words, what they mean in one sentence, and the summary.
import type { WhyView } from "@/lib/why/view.ts";
import { ChecksTable } from "./checks-table.tsx";
import { VERDICT_ICON } from "./outcome-badge.tsx";

export function Verdict({ view }: { view: WhyView }) {
  return (
    <section aria-labelledby="verdict-title" className="why-section">
      <h2 id="verdict-title">{view.kind === "api-fact" ? "The claim" : "The claim tested"}</h2>
      <p className="why-claim">{view.claim}</p>
      <div className={`why-verdict why-verdict-${view.verdict}`} data-testid="verdict" data-verdict={view.verdict}>
        <p className="why-verdict-label">
          <span className="why-verdict-icon" aria-hidden>
            {VERDICT_ICON[view.verdict]}
          </span>{" "}
          <strong data-testid="verdict-label">{view.verdictLabel}</strong>
        </p>
        <p className="why-verdict-meaning" data-testid="verdict-meaning">
          {view.verdictMeaning}
        </p>
        <p className="why-verdict-summary">{view.summary}</p>
      </div>
    </section>
  );
}

/** How a trained verdict was reached: every check, the rule in words, the numbers that decided it. */
export function Judgement({ view }: { view: WhyView }) {
  return (
    <section aria-labelledby="checks-title" className="why-section">
      <h2 id="checks-title">How it was judged</h2>
      <ChecksAndRule view={view} />
    </section>
  );
}

export function ChecksAndRule({ view, caption = "Checks of the verdict" }: { view: WhyView; caption?: string }) {
  return (
    <>
      <ChecksTable rows={view.checks} caption={caption} />
      <h3>The decision rule</h3>
      <p>{view.decisionRule}</p>
      <details className="why-numbers" open>
        <summary>The numbers that decided it ({view.numbers.length})</summary>
        <dl className="why-facts" data-testid="verdict-numbers">
          {view.numbers.map((n) => (
            <div key={n.key}>
              <dt>
                <code>{n.key}</code>
              </dt>
              <dd>{n.value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
