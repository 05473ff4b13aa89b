// `npm start`'s second half: serves the built app on PORT (default 3000).
import { spawn } from "node:child_process";
import { runtimeEnv } from "./runtime-env.ts";

const env = runtimeEnv();
// scripts/server.ts: Next behind a plain http server that hands the app the client's real address.
const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
console.log(`[proofdeck] serving on http://localhost:${env.PORT} (database: ${env.DATABASE_URL!.startsWith("file:") ? "SQLite" : "PostgreSQL"})`);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
