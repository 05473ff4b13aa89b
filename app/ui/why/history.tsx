// "How this verdict came about": earlier verdicts with the words they were shown with, each rule revision
// with its reason, and the current version, oldest first.
import type { HistoryStep } from "@/lib/why/history.ts";

export function History({ steps }: { steps: HistoryStep[] }) {
  return (
    <section aria-labelledby="history-title" className="why-section" data-testid="history">
      <h2 id="history-title">How this verdict came about</h2>
      <ol className="why-history">
        {steps.map((s, i) => (
          <li key={`${s.kind}-${s.version}-${i}`} className={`why-history-${s.kind}`} data-kind={s.kind}>
            {s.text}
            {s.superseded && <span className="why-history-superseded"> (superseded: {s.superseded})</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
