// "Builds as needed": a hash of everything that goes into the build (and of the steps after `next build`), stored next to
// the build, so `npm start` rebuilds only when the sources changed.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { addCompileHints } from "./compile-hints.ts";

const INPUTS = ["app", "lib", "experiments", "public", "proxy.ts", "instrumentation-client.ts", "next.config.js", "tsconfig.json", "tsconfig.build.json", "package-lock.json", "prisma/models.prisma", "scripts/build-hash.ts", "scripts/compile-hints.ts", "scripts/precompress.ts"];
export const HASH_FILE = path.join(".next", "proofdeck-source-hash");

function walk(p: string, out: string[]) {
  if (!fs.existsSync(p)) return;
  const stat = fs.statSync(p);
  if (stat.isFile()) return void out.push(p);
  for (const entry of fs.readdirSync(p).sort()) walk(path.join(p, entry), out);
}

export function sourceHash(root = process.cwd()): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return h.digest("hex");
}

export function buildIsCurrent(root = process.cwd()): boolean {
  const hashFile = path.join(root, HASH_FILE);
  return fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(hashFile) && fs.readFileSync(hashFile, "utf8") === sourceHash(root);
}

export function markBuilt(root = process.cwd()): void {
  fs.writeFileSync(path.join(root, HASH_FILE), sourceHash(root));
}

/** The production build, as `npm start` and the tests make it: `next build`, V8 compile hints on its startup
 * chunks (scripts/compile-hints.ts), compressed copies of its static assets (scripts/precompress.ts), then the source hash that says it is current. */
export function buildApp(env: NodeJS.ProcessEnv): void {
  const opts = { stdio: "inherit" as const, env: { ...env, NODE_ENV: "production" as const, NEXT_TELEMETRY_DISABLED: "1" } };
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], opts);
  const { chunks, hinted } = addCompileHints(".next");
  console.log(`[proofdeck] compile hints: ${hinted} of ${chunks} startup chunks hinted`);
  execFileSync(process.execPath, ["--import", "tsx", "scripts/precompress.ts"], opts);
  markBuilt();
}
