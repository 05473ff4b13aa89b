// npm run db:restore -- <file>: replaces the SQLite database (DATABASE_URL) with a backup, after
// checking the backup and that the app is stopped; the replaced file is kept beside it.
// PostgreSQL: pg_restore (docs/operations.md).
import { restoreSqlite } from "../lib/db/backup.ts";
import { databaseUrl } from "../lib/db/provider.ts";

const backup = process.argv[2];
if (!backup || backup.startsWith("-")) {
  console.error("usage: npm run db:restore -- <backup file>   (stop the app first)");
  process.exit(2);
}
try {
  const r = restoreSqlite(databaseUrl(), backup);
  console.log(`[proofdeck] restored ${r.file} from ${backup}: integrity ok, ${r.migrations.length} migrations, ${r.reviewLogRows} review-log rows`);
  if (r.previous) console.log(`[proofdeck] the replaced database is kept as ${r.previous}`);
  console.log("[proofdeck] start the app again (npm start applies any newer migrations)");
} catch (err) {
  console.error(`[proofdeck] restore refused: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
