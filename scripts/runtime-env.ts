// Environment the server runs with: what the user set, plus safe defaults for a
// single-machine start (embedded SQLite, a generated session secret kept in data/).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { databaseUrl } from "../lib/db/provider.ts";

const SECRET_FILE = path.join("data", "nextauth-secret");

function sessionSecret(env: NodeJS.ProcessEnv): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  // Several instances must share one secret: set NEXTAUTH_SECRET for them (README).
  if (fs.existsSync(SECRET_FILE)) return fs.readFileSync(SECRET_FILE, "utf8").trim();
  fs.mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  fs.writeFileSync(SECRET_FILE, secret, { mode: 0o600 });
  return secret;
}

export function runtimeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const port = env.PORT || "3000";
  return {
    ...env,
    PORT: port,
    DATABASE_URL: databaseUrl(env),
    NEXTAUTH_SECRET: sessionSecret(env),
    NEXTAUTH_URL: env.NEXTAUTH_URL || `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
