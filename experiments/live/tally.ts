/**
 * Learners' contributed live runs of an experiment, tallied against its recording (pure): how many, on
 * which backends and tfjs versions, how many reached the recorded verdict, and the spread of the key
 * numbers against the recorded ones. Disagreements are listed, never dropped; runs an author hid leave
 * the tally but are counted as hidden.
 *
 * Quick-mode runs (one seed, capped steps) are provisional: they count in "reached the recorded verdict"
 * apart from full-mode runs, and their numbers are not set against the recording's (a shorter run is
 * not expected to reach the same numbers).
 */
import type { VerdictKey } from "../registry/types.ts";

export interface ReplicationRow {
  id: string;
  mode: "quick" | "full";
  backend: string;
  tfjsVersion: string;
  deviceClass: string;
  browser: string;
  verdict: VerdictKey;
  numbers: Record<string, number>;
  agrees: boolean;
  hidden: boolean;
  createdAt: Date;
}

export interface Count {
  label: string;
  runs: number;
  agree: number;
}

export interface NumberSpread {
  key: string;
  recorded: number;
  n: number;
  min: number;
  median: number;
  max: number;
}

export interface Tally {
  /** Shown runs (hidden ones excluded). */
  runs: number;
  hidden: number;
  full: Count;
  quick: Count;
  byBackend: Count[];
  byTfjs: Count[];
  byDevice: Count[];
  /** Full-mode runs only, for every number the recording reports. */
  numbers: NumberSpread[];
  /** Shown runs whose verdict is not the recording's, newest first. */
  disagreements: ReplicationRow[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function countBy(rows: readonly ReplicationRow[], key: (r: ReplicationRow) => string): Count[] {
  const out = new Map<string, Count>();
  for (const r of rows) {
    const c = out.get(key(r)) ?? { label: key(r), runs: 0, agree: 0 };
    c.runs++;
    if (r.agrees) c.agree++;
    out.set(c.label, c);
  }
  return [...out.values()].sort((a, b) => b.runs - a.runs || a.label.localeCompare(b.label));
}

export function tally(rows: readonly ReplicationRow[], recordedNumbers: Record<string, number>): Tally {
  const shown = rows.filter((r) => !r.hidden);
  const full = shown.filter((r) => r.mode === "full");
  const quick = shown.filter((r) => r.mode === "quick");
  const numbers: NumberSpread[] = [];
  for (const [key, recorded] of Object.entries(recordedNumbers)) {
    if (!Number.isFinite(recorded)) continue;
    const xs = full.map((r) => r.numbers[key]).filter((x): x is number => typeof x === "number" && Number.isFinite(x));
    if (xs.length === 0) continue;
    numbers.push({ key, recorded, n: xs.length, min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
  }
  return {
    runs: shown.length,
    hidden: rows.length - shown.length,
    full: { label: "full", runs: full.length, agree: full.filter((r) => r.agrees).length },
    quick: { label: "quick", runs: quick.length, agree: quick.filter((r) => r.agrees).length },
    byBackend: countBy(shown, (r) => r.backend),
    byTfjs: countBy(shown, (r) => `tfjs ${r.tfjsVersion}`),
    byDevice: countBy(shown, (r) => r.deviceClass),
    numbers,
    disagreements: shown.filter((r) => !r.agrees).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
  };
}

/** How many contributions one learner may make per experiment per day, and an experiment may take per day. */
export const REPLICATION_LIMITS = { perUserPerDay: 3, perExperimentPerDay: 500 } as const;
