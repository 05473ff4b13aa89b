// npm run db:backup -- <file>: an online backup of the SQLite database (DATABASE_URL), safe while
// the app runs; the copy is verified before it is kept. PostgreSQL: pg_dump (docs/operations.md).
import { backupSqlite } from "../lib/db/backup.ts";
import { databaseUrl } from "../lib/db/provider.ts";

const dest = process.argv[2];
if (!dest || dest.startsWith("-")) {
  console.error("usage: npm run db:backup -- <backup file>");
  process.exit(2);
}
const t0 = Date.now();
backupSqlite(databaseUrl(), dest).then(
  (b) => {
    console.log(
      `[proofdeck] backup written to ${b.file}: ${(b.bytes / 1e6).toFixed(1)} MB, integrity ok, ` +
        `${b.migrations.length} migrations (last ${b.migrations.at(-1)}), ${b.reviewLogRows} review-log rows (${Date.now() - t0} ms)`,
    );
  },
  (err: unknown) => {
    console.error(`[proofdeck] backup failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
