/**
 * Browser loader for the committed MNIST subset: fetches the gzipped file the app serves
 * (app/assets/mnist/…, same bytes as experiments/data/mnist-10k.bin.gz), gunzips it with
 * DecompressionStream and decodes it with the same code as Node (./mnist.ts).
 * Works in a window or a Web Worker.
 */
import { decodeMnist, type MnistData } from "./mnist.ts";

export interface LoadProgress {
  loadedBytes: number;
  /** From Content-Length; null when the server did not say. */
  totalBytes: number | null;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Fetches, gunzips and decodes the MNIST subset at `url`. Throws with a message a learner can act on. */
export async function loadMnistBrowser(url: string, opts: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {}): Promise<MnistData> {
  if (typeof DecompressionStream === "undefined") throw new Error("This browser cannot decompress gzip streams (DecompressionStream is missing); please update it.");
  let res: Response;
  try {
    res = await fetch(url, { signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new Error(`Could not download the MNIST digits (${(e as Error).message}). Check your connection and try again.`, { cause: e });
  }
  if (!res.ok || !res.body) throw new Error(`Could not download the MNIST digits: the server answered ${res.status} ${res.statusText}.`);
  const total = Number(res.headers.get("content-length"));
  const totalBytes = Number.isFinite(total) && total > 0 ? total : null;
  let loadedBytes = 0;
  const counted = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loadedBytes += chunk.byteLength;
        opts.onProgress?.({ loadedBytes, totalBytes });
        controller.enqueue(chunk);
      },
    }),
  );
  let raw: Uint8Array;
  try {
    // DecompressionStream's writable side is typed BufferSource: the chunks are Uint8Arrays, which it accepts.
    const gunzip = new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
    raw = await readAll(counted.pipeThrough(gunzip));
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    throw new Error(`The downloaded MNIST file is damaged (${(e as Error).message}); try again.`, { cause: e });
  }
  return decodeMnist(raw);
}
