// Prisma CLI config. The schema folder (and so the provider and migrations) follows
// DATABASE_URL: postgresql:// → prisma/postgres, anything else → prisma/sqlite.
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/proofdeck.db";
const folder = /^postgres(ql)?:\/\//.test(url) ? "prisma/postgres" : "prisma/sqlite";

export default defineConfig({
  schema: folder,
  migrations: { path: `${folder}/migrations` },
  datasource: { url },
});
