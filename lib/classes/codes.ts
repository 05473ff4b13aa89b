// Join codes (pure): random, unguessable, typed by people. Ten characters of Crockford's base32
// (no I, L, O, U: nothing to misread) are 50 bits; only their SHA-256 is stored, so the database
// alone cannot be used to join, and a lookup by hash compares no secret character by character.
import crypto from "node:crypto";

export const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 10;
export const CODE_BITS = CODE_LENGTH * Math.log2(CODE_ALPHABET.length);
export const DEFAULT_CODE_DAYS = 14;
export const MAX_CODE_DAYS = 90;

/** A new code from `bytes` random bytes (one per character; 256 is a multiple of 32, so no bias). */
export function generateCode(random: (n: number) => Uint8Array = (n) => crypto.randomBytes(n)): string {
  const bytes = random(CODE_LENGTH);
  let out = "";
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i] % 32];
  return out;
}

/** "ABCDE-FGHJK": how a code is shown. */
export function formatCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed, as a code: case, spaces and dashes ignored, O read as 0 and I/L as 1; null when it cannot be one. */
export function normalizeCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== CODE_LENGTH) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

export function hashCode(code: string): string {
  return crypto.createHash("sha256").update(`proofdeck-class-code:${code}`).digest("hex");
}

/** The last characters, shown to instructors so they can tell their codes apart (10 bits: no help to a guesser). */
export const codeHint = (code: string) => code.slice(-2);

export type CodeStatus = "active" | "expired" | "revoked";

export function codeStatus(code: { expiresAt: Date; revokedAt: Date | null }, now: Date): CodeStatus {
  if (code.revokedAt) return "revoked";
  return code.expiresAt.getTime() > now.getTime() ? "active" : "expired";
}

export function expiryFrom(now: Date, days: number = DEFAULT_CODE_DAYS): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

/** Joining is throttled per user: 10 tries in 15 minutes (a wrong code counts as much as a right one). */
export const JOIN_LIMIT = { windowMs: 15 * 60_000, max: 10 } as const;
export const joinThrottleKey = (userId: string) => `classjoin:${userId.slice(0, 64)}`;
