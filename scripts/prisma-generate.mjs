// Generates both Prisma clients (SQLite and PostgreSQL) into lib/db/generated.
// `prisma generate` never runs the schema engine, but the CLI insists on resolving one,
// and its download is impossible offline: point it at a stub that explains itself.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const stub = path.join(os.tmpdir(), "proofdeck-no-schema-engine.sh");
fs.writeFileSync(stub, '#!/bin/sh\necho "The native Prisma schema engine is not used by Proofdeck: see scripts/db-new-migration.mjs" >&2\nexit 1\n', { mode: 0o755 });

const prisma = path.join("node_modules", "prisma", "build", "index.js");
for (const provider of ["sqlite", "postgres"]) {
  execFileSync(process.execPath, [prisma, "generate", "--schema", `prisma/${provider}`], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: stub, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
}
console.log("Prisma clients generated (sqlite, postgres)");
