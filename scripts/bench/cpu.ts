// How much CPU other processes took while a benchmark cell ran: machine-wide busy time
// (/proc/stat) minus this process and the server's processes (found by an environment
// variable only they have). Linux only; elsewhere the numbers are NaN.
import fs from "node:fs";

const TICK_MS = 10; // USER_HZ = 100 on Linux

function machineBusyMs(): number {
  try {
    const [, ...f] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const v = f.map(Number);
    const idle = v[3] + (v[4] ?? 0);
    return (v.reduce((a, b) => a + b, 0) - idle) * TICK_MS;
  } catch {
    return NaN;
  }
}

function processMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime, stime
  } catch {
    return 0;
  }
}

/** Processes whose environment holds `marker` (e.g. "DATABASE_URL=file:/tmp/x.db"). */
export function pidsWithEnv(marker: string): number[] {
  const pids: number[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return pids;
  }
  const needle = Buffer.from(`\0${marker}\0`);
  for (const e of entries) {
    try {
      // Each entry ends with a NUL; a leading one makes the first entry match too.
      const env = Buffer.concat([Buffer.from([0]), fs.readFileSync(`/proc/${e}/environ`)]);
      if (env.includes(needle)) pids.push(Number(e));
    } catch {
      // gone, or not ours
    }
  }
  return pids;
}

export interface CpuSample {
  wallMs: number;
  machineMs: number;
  ownMs: number;
  /** The server's processes alone. */
  serverMs: number;
}

export function sampleCpu(serverPids: number[]): CpuSample {
  const self = process.cpuUsage();
  const serverMs = serverPids.reduce((a, p) => a + processMs(p), 0);
  return {
    wallMs: performance.now(),
    machineMs: machineBusyMs(),
    ownMs: (self.user + self.system) / 1000 + serverMs,
    serverMs,
  };
}

/**
 * CPU used between two samples: in cores, by the benchmark + server and by everything else;
 * and the server's own CPU milliseconds (less sensitive to a busy machine than latencies).
 */
export function cpuBetween(a: CpuSample, b: CpuSample): { ours: number; others: number; serverMs: number } {
  const wall = b.wallMs - a.wallMs;
  const ours = (b.ownMs - a.ownMs) / wall;
  return { ours, others: Math.max(0, (b.machineMs - a.machineMs) / wall - ours), serverMs: b.serverMs - a.serverMs };
}
