// The review benchmark's report (pure): the cells' medians over rounds, and each target's
// ratio computed per round, reported as the median with its range (summary.ts: a range that
// straddles a target is a miss).
import { median, spread, verdict, type Spread } from "./summary.ts";

export interface Row {
  db: "sqlite" | "pg";
  round: number;
  logRows: number;
  server: "bare" | "app";
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  ok: number;
  non2xx: number;
  non2xxByStatus: Record<string, number>;
  errors: number;
  timeouts: number;
  exhausted: number;
  avgBytes: number;
  /** CPU cores used during the measured seconds by the server + load generator, and by other processes. */
  cpuOurs: number;
  cpuOthers: number;
  /** The server's own CPU time in the measured seconds per grade request counted in them (ms). */
  serverCpuMsPerReq: number;
  load1: number;
}

export const fmtRows = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

export interface Cell {
  db: Row["db"];
  logRows: number;
  server: Row["server"];
  connections: number;
  rounds: Row[];
}

/** Cells in the order first measured, each with its rounds. */
export function summarise(rows: Row[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const r of rows) {
    const key = `${r.db}/${r.logRows}/${r.server}/${r.connections}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { db: r.db, logRows: r.logRows, server: r.server, connections: r.connections, rounds: [] }));
    cell.rounds.push(r);
  }
  const order = { sqlite: 0, pg: 1 } as const;
  return [...cells.values()].sort((a, b) => order[a.db] - order[b.db] || a.logRows - b.logRows || a.connections - b.connections || a.server.localeCompare(b.server));
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

export function table(cells: Cell[]): string {
  const head = ["db", "log rows", "server", "conc.", "req/s", "p50 ms", "p95 ms [range]", "p99 ms", "2xx", "non-2xx", "server CPU ms/req", "others' CPU"];
  const body = cells.map((c) => {
    const of = (k: keyof Row) => median(c.rounds.map((r) => r[k] as number));
    const p95 = spread(c.rounds.map((r) => r.p95));
    const bad = c.rounds.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
    const exhausted = c.rounds.reduce((a, r) => a + r.exhausted, 0);
    return [
      c.db === "pg" ? "PostgreSQL" : "SQLite", fmtRows(c.logRows), c.server, String(c.connections), f(of("rps"), 0), f(of("p50")),
      `${f(p95.median)} [${f(p95.min, 0)}–${f(p95.max, 0)}]`, f(of("p99")), f(of("ok"), 0),
      String(bad) + (exhausted ? ` (+${exhausted} exhausted)` : ""), f(of("serverCpuMsPerReq")), f(of("cpuOthers")),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const left = (i: number) => i < 3;
  const line = (cells: string[]) => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(head), `|${widths.map((w, i) => (left(i) ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|")}|`, ...body.map(line)].join("\n");
}

/** Per round, a / b of one measure; rounds where either cell is missing are left out. */
function perRound(rows: Row[], measure: (r: Row) => number, a: Partial<Row>, b: Partial<Row>): Spread {
  const match = (r: Row, w: Partial<Row>) => Object.entries(w).every(([k, v]) => r[k as keyof Row] === v);
  const rounds = [...new Set(rows.map((r) => r.round))];
  return spread(
    rounds.map((round) => {
      const x = rows.find((r) => r.round === round && match(r, a));
      const y = rows.find((r) => r.round === round && match(r, b));
      return x && y ? measure(x) / measure(y) : NaN;
    }),
  );
}

const show = (s: Spread) => `${f(s.median)} [${f(s.min)}–${f(s.max)}]`;

/**
 * The targets of issue #12 for each database, then (last) `ratio p95 app/bare: N.NN`: the
 * median on SQLite at the largest log size and concurrency.
 */
export function targetLines(rows: Row[], o: { maxC: number; minC: number; small: number; big: number }): string[] {
  const out: string[] = [];
  const dbs = [...new Set(rows.map((r) => r.db))];
  for (const db of dbs) {
    const name = db === "pg" ? "PostgreSQL" : "SQLite";
    for (const c of [...new Set([o.minC, o.maxC])]) {
      const s = perRound(rows, (r) => r.p95, { db, logRows: o.big, server: "app", connections: c }, { db, logRows: o.big, server: "bare", connections: c });
      out.push(`${name}: ratio p95 app/bare (${fmtRows(o.big)} rows, c=${c}): ${show(s)}; target ≤ 2: ${verdict(s, { atMost: 2 })}`);
    }
    if (o.small !== o.big) {
      for (const c of [...new Set([o.minC, o.maxC])]) {
        const s = perRound(rows, (r) => r.p95, { db, logRows: o.big, server: "app", connections: c }, { db, logRows: o.small, server: "app", connections: c });
        out.push(`${name}: app p95 ${fmtRows(o.big)}/${fmtRows(o.small)} (c=${c}): ${show(s)}; target ≤ 1.2: ${verdict(s, { atMost: 1.2 })}`);
      }
    }
    const t = perRound(rows, (r) => r.rps, { db, logRows: o.big, server: "app", connections: o.maxC }, { db, logRows: o.big, server: "bare", connections: o.maxC });
    out.push(`${name}: throughput app/bare (${fmtRows(o.big)} rows, c=${o.maxC}): ${show(t)}; target ≥ 0.5: ${verdict(t, { atLeast: 0.5 })}`);
  }
  const head = perRound(rows, (r) => r.p95, { db: "sqlite", logRows: o.big, server: "app", connections: o.maxC }, { db: "sqlite", logRows: o.big, server: "bare", connections: o.maxC });
  out.push(`ratio p95 app/bare: ${f(head.median)}`);
  return out;
}
