// The claim, the verdict with its summary, each check, the rule in words and the numbers that decided it.
import type { WhyView } from "@/lib/why/view.ts";

const ICON = { supported: "✓", "not-supported": "✗", inconclusive: "?" } as const;

export function Verdict({ view }: { view: WhyView }) {
  return (
    <section aria-labelledby="verdict-title" className="why-section">
      <h2 id="verdict-title">The claim tested</h2>
      <p className="why-claim">{view.claim}</p>
      <div className={`why-verdict why-verdict-${view.verdict}`} data-testid="verdict" data-verdict={view.verdict}>
        <p className="why-verdict-label">
          <span aria-hidden>{ICON[view.verdict]}</span> <strong data-testid="verdict-label">{view.verdictLabel}</strong>
          {view.kind === "api-fact" && <span className="why-kind"> · checked against the live API</span>}
        </p>
        <p className="why-verdict-summary">{view.summary}</p>
      </div>

      <h3>Checks</h3>
      <ul className="why-checks">
        {view.checks.map((c) => (
          <li key={c.description} className={c.passed ? "why-check-pass" : "why-check-fail"}>
            <span className="why-check-mark" aria-hidden>
              {c.passed ? "✓" : "✗"}
            </span>
            <span>
              <span className="visually-hidden">{c.passed ? "Passed: " : "Failed: "}</span>
              {c.description}
              <span className="why-check-value">{c.value}</span>
            </span>
          </li>
        ))}
      </ul>

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
    </section>
  );
}
