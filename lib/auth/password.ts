import os from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { WorkLimit } from "./work-limit.ts";

// argon2id (the library's default algorithm) with OWASP's recommended minimum cost:
// 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// At most 2 hashes at once out of libuv's 4 threads, and one core left free, so session decoding
// (next-auth's key derivation runs on the same pool) keeps going during a burst of sign-ups: on
// 2 cores a burst of 40 sign-ups took session decoding from ~1.2 s (no cap) to ~0.1-0.5 s (cap 1).
// 64 more may wait (a sign-up gives up sooner: SIGN_UP_MAX_WAITING).
export const argon2Work = new WorkLimit(Math.max(1, Math.min(2, os.availableParallelism() - 1)), 64);
export const SIGN_UP_MAX_WAITING = 8;

/** Throws Busy (lib/auth/work-limit.ts) when more than `maxWaiting` hashes already wait. */
export function hashPassword(password: string, maxWaiting?: number): Promise<string> {
  return argon2Work.run(() => hash(password, OPTIONS), maxWaiting);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return argon2Work.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed hash (e.g. an account with no usable password)
    }
  });
}

// Verifying against this when the email is unknown makes both failures take as long,
// so timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("proofdeck-dummy-password");
  await verifyPassword(await dummyHash, password);
  return false;
}

/** A stored hash no password matches: accounts that must not sign in (the decks' system owner). */
export const UNUSABLE_PASSWORD_HASH = "!no-password";
