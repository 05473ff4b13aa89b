// SHA-256 as lowercase hex, from @noble/hashes (audited, no dependencies): the same synchronous result in
// Node, vitest and a browser bundle, which node:crypto and Web Crypto cannot both give.
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex } from "@noble/hashes/utils";

/** SHA-256 of raw bytes, as 64 lowercase hex digits. */
export function sha256Bytes(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/** SHA-256 of a string's UTF-8 bytes, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return sha256Bytes(new TextEncoder().encode(text));
}
