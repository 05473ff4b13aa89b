// Runs migrate(url) in its own process, for the concurrent-migration test. Prints "ready",
// waits for a line on stdin (so the test can release several processes at once), then
// prints the MigrateResult as JSON, or {"error": message} and exits 1.
import { migrate } from "../../lib/db/migrate.ts";

const url = process.argv[2];
process.stdout.write("ready\n");
process.stdin.once("data", async () => {
  try {
    process.stdout.write(`${JSON.stringify(await migrate(url))}\n`);
    process.exit(0);
  } catch (err) {
    process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
    process.exit(1);
  }
});
