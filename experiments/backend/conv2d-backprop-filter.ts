/**
 * A `Conv2DBackpropFilter` kernel (the weight gradient of conv2d) built from ordinary tf
 * ops, for backends that ship without one (tfjs-backend-wasm 4.22.0: "Kernel
 * 'Conv2DBackpropFilter' not registered for backend 'wasm'", so no CNN can train there).
 *
 * It is backend-agnostic: it calls `conv2d`, `transpose` and `slice`, which dispatch to
 * the active backend's own kernels (XNNPACK on wasm), so it works on any backend that has
 * Conv2D. Used in Node (./wasm-node.ts) and, later, in the browser.
 *
 * Math (NHWC). Forward: y[n,i,j,co] = sum_{a,b,ci} xp[n, i*s+a, j*t+b, ci] * w[a,b,ci,co]
 * with xp = x padded by (top, left). Hence
 *   dW[a,b,ci,co] = sum_{n,i,j} xp[n, a+i*s, b+j*t, ci] * dy[n,i,j,co],
 * which is a stride-1 convolution with dilation (s, t) of
 *   input  X' = transpose(x,  [3,1,2,0])  : [Ci, H,  W,  N ]  ("batch" = Ci, "channels" = N)
 *   filter F' = transpose(dy, [1,2,0,3])  : [Ho, Wo, N,  Co]
 * giving [Ci, kh, kw, Co], transposed back to [kh, kw, Ci, Co]. Padding: top/left as in
 * the forward conv; bottom/right chosen so the output is exactly kh x kw
 * (bottom = kh + (Ho-1)*s - H - top); a negative value means the forward conv never read
 * the last rows/cols, which are then sliced off instead.
 */
import {
  backend_util,
  Conv2DBackpropFilter,
  conv2d,
  engine,
  getKernel,
  registerKernel,
  slice,
  tidy,
  transpose,
  unregisterKernel,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type Tensor4D,
  type TensorInfo,
} from "@tensorflow/tfjs-core";

type Pads4D = [[number, number], [number, number], [number, number], [number, number]];

/** Wraps a kernel input as a Tensor we own (one extra reference, dropped by tidy). */
function ownTensor(info: TensorInfo, backend: KernelBackend): Tensor {
  backend.incRef(info.dataId);
  return engine().makeTensorFromTensorInfo(info, backend);
}

export const conv2DBackpropFilterViaConv: KernelFunc = ({ inputs, backend: anyBackend, attrs }) => {
  const backend = anyBackend as KernelBackend;
  const { x: xInfo, dy: dyInfo } = inputs as { x?: TensorInfo; dy?: TensorInfo };
  if (!xInfo || !dyInfo) throw new Error("Conv2DBackpropFilter: expected inputs x and dy");
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  if (dataFormat !== undefined && dataFormat !== "NHWC") {
    throw new Error(`Conv2DBackpropFilter (via conv2d): only dataFormat 'NHWC' is supported, got '${dataFormat}'`);
  }
  if (xInfo.shape.length !== 4 || dyInfo.shape.length !== 4) {
    throw new Error(`Conv2DBackpropFilter: x and dy must be rank 4, got [${xInfo.shape}] and [${dyInfo.shape}]`);
  }
  if (xInfo.dtype !== "float32" || dyInfo.dtype !== "float32") {
    throw new Error(`Conv2DBackpropFilter: float32 only, got ${xInfo.dtype} / ${dyInfo.dtype}`);
  }
  const xShape = xInfo.shape as [number, number, number, number];
  const dyShape = dyInfo.shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    "channelsLast",
  );
  const [n, h, w, ci] = xShape;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: ho, outWidth: wo } = info;
  const co = info.outChannels;
  if (dyShape[0] !== n || dyShape[1] !== ho || dyShape[2] !== wo || dyShape[3] !== co) {
    throw new Error(
      `Conv2DBackpropFilter: dy shape [${dyShape}] does not match the forward output [${n},${ho},${wo},${co}] ` +
        `for x [${xShape}], filter [${filterShape}], strides ${JSON.stringify(strides)}, pad ${JSON.stringify(pad)}`,
    );
  }
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  let bottom = kh + (ho - 1) * sh - h - top;
  let right = kw + (wo - 1) * sw - w - left;

  const dw = tidy(() => {
    const x = ownTensor(xInfo, backend) as Tensor4D;
    const dy = ownTensor(dyInfo, backend) as Tensor4D;
    let xt = transpose(x, [3, 1, 2, 0]); // [Ci, H, W, N]
    if (bottom < 0 || right < 0) {
      xt = slice(xt, [0, 0, 0, 0], [ci, h + Math.min(bottom, 0), w + Math.min(right, 0), n]);
      bottom = Math.max(bottom, 0);
      right = Math.max(right, 0);
    }
    const dyt = transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
    const pads: Pads4D = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    const out = conv2d(xt, dyt, 1, pads, "NHWC", [sh, sw]); // [Ci, kh, kw, Co]
    return transpose(out, [1, 2, 0, 3]); // [kh, kw, Ci, Co]
  });
  // Hand dw's data to the engine as the kernel output: take a reference for the output
  // tensor the engine is about to create, then drop our own tensor.
  backend.incRef(dw.dataId);
  const result: TensorInfo = { dataId: dw.dataId, shape: dw.shape, dtype: dw.dtype };
  dw.dispose();
  return result;
};

/** Kernel config for `backendName` (default 'wasm'). */
export function conv2DBackpropFilterConfig(backendName = "wasm"): KernelConfig {
  return { kernelName: Conv2DBackpropFilter, backendName, kernelFunc: conv2DBackpropFilterViaConv };
}

/**
 * Registers the kernel for `backendName` unless one is already registered (ours from an
 * earlier call, or a future tfjs's own). `override: true` replaces an existing one.
 * Returns true when this call registered it.
 */
export function registerConv2DBackpropFilter(backendName = "wasm", options: { override?: boolean } = {}): boolean {
  const existing = getKernel(Conv2DBackpropFilter, backendName);
  if (existing) {
    if (existing.kernelFunc === conv2DBackpropFilterViaConv || !options.override) return false;
    // registerKernel would warn and overwrite; unregister first to stay quiet.
    unregisterKernel(Conv2DBackpropFilter, backendName);
  }
  registerKernel(conv2DBackpropFilterConfig(backendName));
  return true;
}
