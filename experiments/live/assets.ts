/**
 * Where the browser finds the files a live run needs, as served by the app's asset routes
 * (app/assets/**). Pure: no I/O.
 *
 * Both URLs carry a version (the MNIST file's SHA-256, tfjs-backend-wasm's version) so the
 * routes can answer with `immutable` caching: a changed file gets a new URL, and the routes
 * answer 404 for any version but the one they hold.
 */

/** SHA-256 of experiments/data/mnist-10k.bin.gz (tests/unit/live-assets.test.ts checks it against the file). */
export const MNIST_SHA256 = "c23803da7852375f73fff647b9a218d8478e877f3f0a9ad0a05baa389f6f0885";

/** The first 16 hex digits of the hash name the file version in its URL. */
export const MNIST_URL_VERSION = MNIST_SHA256.slice(0, 16);

export const MNIST_FILE_NAME = "mnist-10k.bin.gz";

/** Path of the gzipped MNIST subset (fetch it and gunzip with DecompressionStream). */
export function mnistAssetPath(version: string = MNIST_URL_VERSION): string {
  return `/assets/mnist/${version}/${MNIST_FILE_NAME}`;
}

/** The .wasm binaries tfjs-backend-wasm may ask for (it picks one by SIMD / thread support). */
export const TFJS_WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"] as const;

/** URL prefix (with trailing slash) for `setWasmPaths`, for the installed backend version. */
export function tfjsWasmPrefix(version: string): string {
  return `/assets/tfjs-wasm/${encodeURIComponent(version)}/`;
}

/** Long-lived caching for versioned URLs. */
export const IMMUTABLE_CACHE = "public, max-age=31536000, immutable";
