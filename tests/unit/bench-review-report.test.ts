// The benches' verdicts (scripts/bench/summary.ts, used by bench:review's report and bench:why): medians
// over rounds, and a target met only when every round is on its side.
import { describe, expect, it } from "vitest";
import { targetLines, type Row } from "../../scripts/bench/review-report.ts";
import { median, spread, verdict } from "../../scripts/bench/summary.ts";

function row(round: number, server: Row["server"], logRows: number, connections: number, p95: number, rps: number): Row {
  return {
    db: "sqlite", round, logRows, server, connections, rps, p50: p95 / 2, p95, p99: p95, ok: 100, non2xx: 0, non2xxByStatus: {}, errors: 0,
    timeouts: 0, exhausted: 0, avgBytes: 0, cpuOurs: 1, cpuOthers: 0, serverCpuMsPerReq: 10, load1: 0,
  };
}

describe("bench:review report", () => {
  it("takes the median (the mean of the middle two for an even count) and the range", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(spread([1.9, 2.3, 1.7])).toEqual({ median: 1.9, min: 1.7, max: 2.3, n: 3 });
  });

  it("calls a range that straddles the target a miss", () => {
    expect(verdict(spread([1.5, 1.9, 2.1]), { atMost: 2 })).toBe("miss");
    expect(verdict(spread([1.5, 1.9, 2.0]), { atMost: 2 })).toBe("met");
    expect(verdict(spread([0.45, 0.6, 0.7]), { atLeast: 0.5 })).toBe("miss");
    expect(verdict(spread([]), { atLeast: 0.5 })).toBe("n/a");
  });

  it("computes each ratio per round and ends with the SQLite c=32 median", () => {
    const rows: Row[] = [];
    // app/bare p95 at 1M, c=32 per round: 1.5, 1.8, 2.4 → median 1.8, range straddles 2.
    for (const [round, app] of [[1, 150], [2, 180], [3, 240]]) {
      rows.push(row(round, "bare", 1_000_000, 32, 100, 100), row(round, "app", 1_000_000, 32, app, 60));
      rows.push(row(round, "bare", 1_000_000, 1, 10, 100), row(round, "app", 1_000_000, 1, 15, 60));
      rows.push(row(round, "bare", 1000, 32, 100, 100), row(round, "app", 1000, 32, 150, 60));
      rows.push(row(round, "bare", 1000, 1, 10, 100), row(round, "app", 1000, 1, 15, 60));
    }
    const lines = targetLines(rows, { minC: 1, maxC: 32, small: 1000, big: 1_000_000 });
    expect(lines).toContain("SQLite: ratio p95 app/bare (1M rows, c=32): 1.80 [1.50–2.40]; target ≤ 2: miss");
    expect(lines).toContain("SQLite: ratio p95 app/bare (1M rows, c=1): 1.50 [1.50–1.50]; target ≤ 2: met");
    expect(lines).toContain("SQLite: app p95 1M/1k (c=32): 1.20 [1.00–1.60]; target ≤ 1.2: miss");
    expect(lines).toContain("SQLite: throughput app/bare (1M rows, c=32): 0.60 [0.60–0.60]; target ≥ 0.5: met");
    expect(lines.at(-1)).toBe("ratio p95 app/bare: 1.80");
  });
});
