// Zstandard decompression (fzstd) of untrusted data, bounded: every frame's header is read first and
// refused when its window (which the decoder allocates) or its declared content size is over the
// limits, then the data is decoded in slices and stopped as soon as the output passes maxBytes.
import { Decompress } from "fzstd";
import { formatSize, ImportError } from "./errors.ts";

/** Largest window a frame may ask for (the decoder allocates it). zstd's levels use ≤ 8 MB. */
export const MAX_ZSTD_WINDOW = 64 * 1024 * 1024;
const MAX_BLOCK = 128 * 1024;

export function isZstd(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

const le = (b: Uint8Array, at: number, n: number) => {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + b[at + i];
  return v;
};

/** Walks the frames' headers and block headers without decoding; throws on anything malformed or
 *  over the limits. */
export function checkZstdFrames(bytes: Uint8Array, maxBytes: number, what = "data"): void {
  const corrupt = (why: string) => new ImportError(`The ${what} is not valid Zstandard data (${why}).`);
  let at = 0;
  let declared = 0;
  if (bytes.length === 0) throw corrupt("empty");
  while (at < bytes.length) {
    if (at + 4 > bytes.length) throw corrupt("truncated frame");
    const magic = le(bytes, at, 4);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      if (at + 8 > bytes.length) throw corrupt("truncated skippable frame");
      at += 8 + le(bytes, at + 4, 4);
      continue;
    }
    if (magic !== 0xfd2fb528) throw corrupt("bad magic number");
    at += 4;
    const fhd = bytes[at++];
    if (fhd === undefined) throw corrupt("truncated header");
    if (fhd & 0x08) throw corrupt("reserved bit set");
    const fcsFlag = fhd >> 6;
    const single = (fhd >> 5) & 1;
    const checksum = (fhd >> 2) & 1;
    const dictBytes = [0, 1, 2, 4][fhd & 3];
    let window = 0;
    if (!single) {
      const wd = bytes[at++];
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    if (dictBytes && le(bytes, at, dictBytes) !== 0) throw corrupt("needs a dictionary");
    at += dictBytes;
    const fcsBytes = [single, 2, 4, 8][fcsFlag];
    if (at + fcsBytes > bytes.length) throw corrupt("truncated header");
    const fcs = fcsBytes === 0 ? null : le(bytes, at, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    at += fcsBytes;
    if (single) window = fcs ?? 0;
    if (window > MAX_ZSTD_WINDOW) throw new ImportError(`The ${what} asks for a ${formatSize(window)} Zstandard window; at most ${formatSize(MAX_ZSTD_WINDOW)} is accepted.`, 413);
    if (fcs !== null) {
      declared += fcs;
      if (declared > maxBytes) throw new ImportError(`The ${what} unpacks to more than ${formatSize(maxBytes)}.`, 413);
    }
    for (;;) {
      if (at + 3 > bytes.length) throw corrupt("truncated block");
      const header = le(bytes, at, 3);
      at += 3;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw corrupt("reserved block type");
      if (size > MAX_BLOCK) throw corrupt("block too large");
      at += type === 1 ? 1 : size;
      if (at > bytes.length) throw corrupt("truncated block");
      if (header & 1) break;
    }
    at += checksum * 4;
    if (at > bytes.length) throw corrupt("truncated checksum");
  }
}

/** Decodes Zstandard data into at most maxBytes. */
export function decompressZstd(bytes: Uint8Array, maxBytes: number, what = "data"): Uint8Array {
  checkZstdFrames(bytes, maxBytes, what);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const tooBig = new ImportError(`The ${what} unpacks to more than ${formatSize(maxBytes)}.`, 413);
  const stream = new Decompress((chunk) => {
    size += chunk.length;
    if (size > maxBytes) throw tooBig;
    chunks.push(chunk.slice());
  });
  try {
    const SLICE = 64 * 1024;
    for (let at = 0; at < bytes.length; at += SLICE) {
      stream.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
    }
  } catch (e) {
    if (e === tooBig) throw e;
    throw new ImportError(`The ${what} is not valid Zstandard data (${(e as Error).message}).`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
