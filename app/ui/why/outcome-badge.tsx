// The icon a verdict or a check's outcome is shown with. Each key has its own shape, so colour is never
// the only cue, and "not shown" never looks like a failure (no ✗): it is an open question, not a "no".
import type { VerdictKey } from "@/experiments/registry/types.ts";

export const VERDICT_ICON: Record<VerdictKey, string> = {
  supported: "✓",
  contradicted: "✗",
  "not-shown": "◐",
  inconclusive: "?",
  "confirmed-in-source": "§",
};

/** An observation is reported, not judged: it gets a neutral dot. */
const OBSERVATION_ICON = "•";

/** Icon plus words; the words carry the meaning, the icon is decoration for sighted readers. */
export function OutcomeBadge({ outcome, label, judged = true }: { outcome: VerdictKey; label: string; judged?: boolean }) {
  const key = judged ? outcome : "observation";
  return (
    <span className={`why-outcome why-outcome-${key}`} data-outcome={key}>
      <span className="why-outcome-icon" aria-hidden>
        {judged ? VERDICT_ICON[outcome] : OBSERVATION_ICON}
      </span>
      <span className="why-outcome-label">{label}</span>
    </span>
  );
}
