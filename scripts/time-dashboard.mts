import { createDb } from "../lib/db/client.ts";
import { classDashboard } from "../lib/classes/dashboard.ts";
import { currentStudyDay } from "../lib/srs/day.ts";
const db = createDb(`file:data/bench/class-500l-1000000r-day20789-2e23f9c1a9f9.db`);
const orig = (db as any).$queryRaw.bind(db);
const times: string[] = [];
let chain: Promise<unknown> = Promise.resolve();
(db as any).$queryRaw = (...a: any[]) => {
  const text = (a[0]?.sql ?? a[0]?.join?.("?") ?? String(a[0])).replace(/\s+/g, " ").slice(0, 70);
  const run = chain.then(() => {
    const t = performance.now();
    return orig(...a).then((r: any[]) => { times.push(`${(performance.now() - t).toFixed(0).padStart(6)} ms ${String(r.length).padStart(7)} rows  ${text}`); return r; });
  });
  chain = run.catch(() => undefined);
  return run;
};
const NOW = new Date();
const TODAY = currentStudyDay(NOW, "UTC", 4);
for (const days of [30, 365]) {
  await classDashboard(db, "benchclassbig", { from: TODAY - days + 1, to: TODAY }, NOW);
  times.length = 0;
  const t = performance.now();
  await classDashboard(db, "benchclassbig", { from: TODAY - days + 1, to: TODAY }, NOW);
  console.log(`${days} days: ${(performance.now() - t).toFixed(0)} ms`);
  for (const l of times) console.log(l);
}
await db.$disconnect();
