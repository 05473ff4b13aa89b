/**
 * Node loader for the committed MNIST subset (experiments/data/mnist-10k.bin.gz).
 * Browser code should fetch the same file and gunzip it with DecompressionStream, then
 * call `decodeMnist` from ./mnist.ts.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { decodeMnist, type MnistData } from "./mnist.ts";

const gunzipAsync = promisify(gunzip);

/** Absolute path of the committed file (resolved from this module, not from the working directory). */
export const MNIST_FILE = fileURLToPath(new URL("./mnist-10k.bin.gz", import.meta.url));

/** Reads, gunzips and decodes the 10,000-digit MNIST subset. */
export async function loadMnistNode(file: string = MNIST_FILE): Promise<MnistData> {
  let gz: Buffer;
  try {
    gz = await readFile(file);
  } catch (e) {
    throw new Error(`loadMnistNode: cannot read ${file} (build it with: npx tsx experiments/data/build-mnist.ts)`, { cause: e });
  }
  const raw = await gunzipAsync(gz);
  return decodeMnist(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}
