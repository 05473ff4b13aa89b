// Fingerprint a local copy of an upstream file, to pin source excerpts at a new commit.
//
//   npx tsx scripts/sources/fingerprint.ts <local-file> --repo fastai/fastai \
//       --path fastai/callback/hook.py --commit <40-hex> [--fetched-at <ISO>] [--obtained-from <text>]
//       [--lines 228-234]
//
// Prints the FileFingerprint JSON (experiments/sources/fingerprint.ts) on stdout; save it under
// experiments/sources/fastai/. With --lines a-b it prints instead a SourceExcerpt skeleton for that
// range (excerpt text, url, file hashes) to paste into experiments/sources/excerpts.ts.
// The local file must be the exact upstream bytes (e.g. `git show <commit>:<path>` in a clone).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { HEX40, splitLines, type FileFingerprint } from "../../experiments/sources/fingerprint.ts";
import { excerptUrl } from "../../experiments/sources/excerpts.ts";

export interface FingerprintMeta {
  repo: string;
  path: string;
  commit: string;
  fetchedAt: string;
  obtainedFrom?: string;
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** Git's blob id of some bytes: sha1("blob <n>\0" + bytes). */
export function gitBlobSha1(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** The fingerprint of a file's exact bytes (decoded as UTF-8 for the line split). */
export function fingerprintFile(bytes: Uint8Array, meta: FingerprintMeta): FileFingerprint {
  const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  const lines = splitLines(text);
  return {
    repo: meta.repo,
    path: meta.path,
    commit: meta.commit,
    fetchedAt: meta.fetchedAt,
    byteLength: bytes.length,
    lineCount: lines.length,
    endsWithNewline: text.endsWith("\n"),
    fileSha256: sha256(bytes),
    gitBlobSha1: gitBlobSha1(bytes),
    lineSha256: lines.map((l) => sha256(l)),
    ...(meta.obtainedFrom ? { obtainedFrom: meta.obtainedFrom } : {}),
  };
}

/** Lines a..b (1-based, inclusive) of a file's text, joined with "\n". */
export function linesOf(text: string, a: number, b: number): string {
  const lines = splitLines(text);
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= a && b <= lines.length))
    throw new Error(`lines ${a}-${b} are outside 1-${lines.length}`);
  return lines.slice(a - 1, b).join("\n");
}

function parseArgs(argv: string[]): { file: string; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--")) {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${a} needs a value`);
      flags[a.slice(2)] = v;
      i++;
    } else rest.push(a);
  }
  if (rest.length !== 1) throw new Error("give exactly one local file");
  return { file: rest[0], flags };
}

function main(argv: string[]): void {
  const { file, flags } = parseArgs(argv);
  const { repo, path, commit } = flags;
  if (!repo || !path || !commit) throw new Error("--repo, --path and --commit are required");
  if (!HEX40.test(commit)) throw new Error("--commit must be the full 40-hex commit");
  const bytes = new Uint8Array(readFileSync(file));
  const fp = fingerprintFile(bytes, {
    repo,
    path,
    commit,
    fetchedAt: flags["fetched-at"] ?? new Date().toISOString(),
    obtainedFrom: flags["obtained-from"],
  });
  if (flags.lines) {
    const m = /^(\d+)-(\d+)$/.exec(flags.lines);
    if (!m) throw new Error("--lines takes a-b");
    const [a, b] = [Number(m[1]), Number(m[2])];
    const excerpt = linesOf(new TextDecoder().decode(bytes), a, b);
    const skeleton = {
      repo,
      path,
      commit,
      lines: [a, b],
      excerpt,
      fileSha256: fp.fileSha256,
      gitBlobSha1: fp.gitBlobSha1,
      fetchedAt: fp.fetchedAt,
      url: excerptUrl(repo, commit, path, [a, b]),
    };
    process.stdout.write(JSON.stringify(skeleton, null, 2) + "\n");
    return;
  }
  process.stdout.write(JSON.stringify(fp, null, 2) + "\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fingerprint: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
