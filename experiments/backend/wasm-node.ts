/**
 * Node setup for the TensorFlow.js wasm backend (tfjs-node cannot be installed here: it
 * downloads libtensorflow). The .wasm binaries ship inside @tensorflow/tfjs-backend-wasm;
 * this points the backend at that package's dist/ folder, switches to it, and registers
 * the Conv2DBackpropFilter kernel wasm lacks (see ./conv2d-backprop-filter.ts).
 */
import { getBackend, ready, setBackend } from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { createRequire } from "node:module";
import path from "node:path";
import { registerConv2DBackpropFilter } from "./conv2d-backprop-filter.ts";

/** Absolute path of the package's dist/ folder, with a trailing separator. */
export function wasmDistDir(): string {
  const main = createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm");
  return path.dirname(main) + path.sep;
}

/**
 * Makes 'wasm' the active backend (throws if it cannot be initialized) and registers
 * Conv2DBackpropFilter for it. Safe to call more than once.
 */
export async function initWasmBackend(): Promise<void> {
  registerConv2DBackpropFilter("wasm");
  if (getBackend() === "wasm") return;
  // Must precede the first initialization of the wasm backend (harmless afterwards).
  // Don't probe with tf.findBackend('wasm'): that starts initializing it.
  setWasmPaths(wasmDistDir());
  const ok = await setBackend("wasm");
  if (!ok) {
    throw new Error(
      `initWasmBackend: tf.setBackend('wasm') returned false (could not load the .wasm files from ${wasmDistDir()}; ` +
        `see the warnings above)`,
    );
  }
  await ready();
  if (getBackend() !== "wasm") throw new Error(`initWasmBackend: active backend is '${getBackend()}', expected 'wasm'`);
}
