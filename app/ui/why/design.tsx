// How a trained verdict's design was fixed before its confirmatory runs: the pre-registration, and the
// pilot runs (exploratory, never judged) whose spread chose the seed count.
import type { PilotView, PreregistrationView } from "@/lib/why/design.ts";

export function Preregistration({ p }: { p: PreregistrationView }) {
  return (
    <section aria-labelledby="prereg-title" className="why-section" data-testid="preregistration">
      <h2 id="prereg-title">Pre-registration</h2>
      <p>The definition (claim, variants, seeds, measures, rule and its margins) was frozen before any confirmatory run; the hash identifies exactly what was frozen.</p>
      <dl className="why-facts why-facts-wide">
        <div>
          <dt>Version</dt>
          <dd>{p.version}</dd>
        </div>
        <div>
          <dt>Frozen at</dt>
          <dd>{p.frozenAt}</dd>
        </div>
        <div className="why-fact-block">
          <dt>sha256</dt>
          <dd>
            <code className="why-hash">{p.sha256}</code>
          </dd>
        </div>
        <div>
          <dt>Confirmatory seeds</dt>
          <dd>{p.seeds}</dd>
        </div>
      </dl>
      <p data-testid="seeds-fresh">{p.seedsSentence}</p>
    </section>
  );
}

export function Pilot({ pilot }: { pilot: PilotView }) {
  const short = pilot.power.filter((r) => r.shortfall);
  return (
    <section aria-labelledby="pilot-title" className="why-section" data-testid="pilot">
      <h2 id="pilot-title">Pilot runs (exploratory, not judged)</h2>
      <p>
        Seeds {pilot.seeds}
        {pilot.runs > 0 ? ` (${pilot.runs} runs)` : ""}. {pilot.note}
      </p>
      {pilot.power.length > 0 && (
        <>
          <p>Their spread set how many seeds each judged comparison needs for 80 % power at its margin (budget: at most {pilot.maxSeeds} seeds).</p>
          <div className="why-table-wrap">
            <table className="why-table why-power-table" data-testid="power-table">
              <caption className="visually-hidden">Power plan: seeds needed per judged comparison</caption>
              <thead>
                <tr>
                  <th scope="col">Check</th>
                  <th scope="col">Pilot spread</th>
                  <th scope="col">Margin</th>
                  <th scope="col">Seeds needed</th>
                  <th scope="col">Seeds used</th>
                </tr>
              </thead>
              <tbody>
                {pilot.power.map((r) => (
                  <tr key={r.check}>
                    <th scope="row">{r.check}</th>
                    <td data-label="Pilot spread">{r.pilotSpread}</td>
                    <td data-label="Margin">{r.margin}</td>
                    <td data-label="Seeds needed">{r.seedsNeeded}</td>
                    <td data-label="Seeds used">{r.seedsUsed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {short.length > 0 && (
            <ul className="why-shortfalls" data-testid="power-shortfalls">
              {short.map((r) => (
                <li key={r.check}>
                  {r.check}: {r.shortfall}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
