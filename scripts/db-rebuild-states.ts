// npm run db:rebuild-states [-- --fix]: replays every learner's review log and compares it with the
// stored card states (DATABASE_URL, SQLite or PostgreSQL). Prints the drift; exit code 1 when there
// is drift left (none found, or --fix rewrote it all: 0). See docs/operations.md.
import { createDb } from "../lib/db/client.ts";
import { databaseUrl, providerOf } from "../lib/db/provider.ts";
import { describeDrift } from "../lib/reviews/drift.ts";
import { rebuildStates } from "../lib/reviews/rebuild.ts";

async function main(): Promise<number> {
  const fix = process.argv.includes("--fix");
  const url = databaseUrl();
  const db = createDb(url);
  try {
    const r = await rebuildStates(db, { fix });
    console.log(`[proofdeck] review log (${providerOf(url)}): ${r.learners} learners, ${r.logEntries} entries replayed, ${r.checked} card states checked`);
    console.log(`[proofdeck] drift: ${r.drifted.length} card state${r.drifted.length === 1 ? " differs" : "s differ"} from the log`);
    for (const d of r.drifted) console.log(`  ${describeDrift(d, d.email)}`);
    if (fix && r.drifted.length) console.log(`[proofdeck] fixed: ${r.fixed} card states rewritten from the log (versions bumped)`);
    else if (r.drifted.length) console.log("[proofdeck] run again with --fix to rewrite them from the log");
    return r.drifted.length > r.fixed ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[proofdeck] db:rebuild-states failed: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);
