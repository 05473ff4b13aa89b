// A file's fingerprint: enough to prove that a short excerpt sits at a given line range of an upstream
// file without committing the file. Pure: no I/O. Built by scripts/sources/fingerprint.ts.

/** One upstream file, pinned at a commit, as fetched. */
export interface FileFingerprint {
  /** GitHub "owner/name". */
  repo: string;
  /** Path inside the repository. */
  path: string;
  /** Full 40-hex commit the file was read at. */
  commit: string;
  /** ISO time the text was fetched. */
  fetchedAt: string;
  /** UTF-8 byte length of the whole file. */
  byteLength: number;
  /** Number of lines, as counted by splitLines. */
  lineCount: number;
  /** Whether the file's last byte is "\n" (nbdev v1 files end without one). */
  endsWithNewline: boolean;
  /** sha256 of the whole file's bytes. */
  fileSha256: string;
  /** Git blob id: sha1("blob " + byteLength + "\0" + bytes); equals the upstream tree entry at `commit`. */
  gitBlobSha1: string;
  /** sha256 of each line's UTF-8 bytes, without its "\n"; index 0 is line 1. */
  lineSha256: string[];
  /** How the text was obtained, and whether gitBlobSha1 was compared with the upstream tree. */
  obtainedFrom?: string;
}

export const HEX40 = /^[0-9a-f]{40}$/;
export const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The lines of a file: split on "\n"; a final "\n" ends the last line rather than starting an empty one.
 * "\r" is kept as part of a line, so the hashes stay byte-exact.
 */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

/** Problems with a fingerprint on its own (shapes, counts); [] when it is well formed. */
export function fingerprintProblems(fp: FileFingerprint): string[] {
  const where = `${fp.repo}:${fp.path}@${fp.commit.slice(0, 7)}`;
  const problems: string[] = [];
  if (!/^[\w.-]+\/[\w.-]+$/.test(fp.repo)) problems.push(`${where}: repo is not "owner/name"`);
  if (fp.path === "" || fp.path.startsWith("/")) problems.push(`${where}: path must be relative`);
  if (!HEX40.test(fp.commit)) problems.push(`${where}: commit is not 40 lowercase hex digits`);
  if (Number.isNaN(Date.parse(fp.fetchedAt))) problems.push(`${where}: fetchedAt is not a date`);
  if (!HEX64.test(fp.fileSha256)) problems.push(`${where}: fileSha256 is not 64 lowercase hex digits`);
  if (!HEX40.test(fp.gitBlobSha1)) problems.push(`${where}: gitBlobSha1 is not 40 lowercase hex digits`);
  if (!Number.isInteger(fp.byteLength) || fp.byteLength < 0) problems.push(`${where}: byteLength is not a size`);
  if (!Number.isInteger(fp.lineCount) || fp.lineCount < 0) problems.push(`${where}: lineCount is not a count`);
  if (fp.lineSha256.length !== fp.lineCount)
    problems.push(`${where}: ${fp.lineSha256.length} line hashes for ${fp.lineCount} lines`);
  const bad = fp.lineSha256.findIndex((h) => !HEX64.test(h));
  if (bad >= 0) problems.push(`${where}: line ${bad + 1}'s hash is not 64 lowercase hex digits`);
  return problems;
}

/** Checks raw JSON (e.g. a committed fingerprint file) and returns it typed; throws on a bad shape. */
export function asFingerprint(raw: unknown): FileFingerprint {
  const o = raw as Partial<FileFingerprint> | null;
  const ok =
    o !== null &&
    typeof o === "object" &&
    typeof o.repo === "string" &&
    typeof o.path === "string" &&
    typeof o.commit === "string" &&
    typeof o.fetchedAt === "string" &&
    typeof o.byteLength === "number" &&
    typeof o.lineCount === "number" &&
    typeof o.endsWithNewline === "boolean" &&
    typeof o.fileSha256 === "string" &&
    typeof o.gitBlobSha1 === "string" &&
    Array.isArray(o.lineSha256) &&
    o.lineSha256.every((h) => typeof h === "string") &&
    (o.obtainedFrom === undefined || typeof o.obtainedFrom === "string");
  if (!ok) throw new Error("not a FileFingerprint");
  const fp = o as FileFingerprint;
  const problems = fingerprintProblems(fp);
  if (problems.length > 0) throw new Error(problems.join("; "));
  return fp;
}
