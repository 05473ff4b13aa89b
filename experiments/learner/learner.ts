/**
 * A fastai-style Learner (fastai `fastai/learner.py`, `fastai/callback/core.py`) with a
 * custom training loop: tf.variableGrads + FastaiAdam (./adam.ts), never model.fit.
 *
 * Callbacks follow fastai: every callback gets an attribute on the learner named
 * `class2attr(constructor.name)` (`Learner.add_cb` → `setattr(self, cb.name, cb)`), so a
 * `Recorder` is `learner.recorder` and an `ActivationStats` is `learner.activation_stats`;
 * all are also in `learner.cbs`. (Class names are read at runtime: a minifier that renames
 * classes would change them; override `name` in such builds.)
 *
 * Events per fit: beforeFit, then per epoch beforeEpoch, per training batch beforeBatch →
 * (forward, loss, gradients) → afterLoss → (optimizer step, BN running stats) → afterStep →
 * afterBatch; then validation and afterEpoch; afterFit always runs (also after a cancel).
 * `afterLoss` runs once the gradients are computed but before the step (values unchanged).
 *
 * Determinism: batches are drawn from a mulberry32(seed) shuffle of the train indices,
 * re-shuffled each epoch; same seed + model seed + backend → bit-identical losses.
 * No I/O. The learner owns its model: `dispose()` frees model and optimizer state.
 */
import * as tf from "@tensorflow/tfjs";
import { FastaiAdam, type AdamHyper } from "./adam.ts";
import { layerStats, type LayerStats } from "./activation-stats.ts";
import { batchOf } from "./batch.ts";
import { evaluateSync, type EvalResult } from "./evaluate.ts";
import { class2attr } from "./naming.ts";
import { scheduleAt, type OneCycleOptions } from "./schedule.ts";
import type { SimpleCnn } from "./model.ts";
import { normalize, shuffleInPlace, type MnistData } from "../data/mnist.ts";
import { mulberry32 } from "../random/mulberry32.ts";

/** Images (already normalized) plus train/valid index lists into them. */
export interface LearnerData {
  /** count·rows·cols·channels floats, image after image, NHWC. */
  images: Float32Array;
  labels: ArrayLike<number>;
  /** [rows, cols, channels]. */
  imageShape: readonly [number, number, number];
  numClasses: number;
  train: ArrayLike<number>;
  valid: ArrayLike<number>;
}

/** Normalizes the MNIST pixels once ((x/255 - 0.1307)/0.3081) and keeps the split's indices. */
export function learnerDataFromMnist(
  data: MnistData,
  split: { train: ArrayLike<number>; valid: ArrayLike<number> },
): LearnerData {
  return {
    images: normalize(data.pixels),
    labels: data.labels,
    imageShape: [data.rows, data.cols, 1],
    numClasses: 10,
    train: split.train,
    valid: split.valid,
  };
}

/** Base class for callbacks. Override any hook; each gets the learner. */
export class Callback {
  /**
   * The class's name as written. Minifiers rename classes (the browser bundle turned Recorder into
   * a one-letter name, so learn.recorder vanished), so each callback class declares it; a subclass
   * that does not falls back to the runtime name.
   */
  static readonly className: string = "Callback";
  /** fastai `Callback.name`: class2attr(class name, 'Callback'). */
  get name(): string {
    const ctor = this.constructor as typeof Callback;
    return class2attr(Object.hasOwn(ctor, "className") ? ctor.className : ctor.name);
  }
  /** Set by `Learner.addCb`. */
  learn?: Learner;
  beforeFit(_learn: Learner): void {}
  beforeEpoch(_learn: Learner): void {}
  beforeBatch(_learn: Learner): void {}
  afterLoss(_learn: Learner): void {}
  afterStep(_learn: Learner): void {}
  afterBatch(_learn: Learner): void {}
  afterEpoch(_learn: Learner): void {}
  afterCancel(_learn: Learner): void {}
  afterFit(_learn: Learner): void {}
}

type EventName = Exclude<keyof Callback, "name" | "learn">;

/** Smoothing of fastai's AvgSmoothLoss (beta 0.98, debiased). */
export const SMOOTH_BETA = 0.98;

/**
 * fastai's Recorder: per training step the loss (raw, and smoothed as fastai's
 * `recorder.losses`), lr and mom; per epoch valid loss, accuracy and training throughput.
 * Reset at every beforeFit.
 */
export class Recorder extends Callback {
  static override readonly className = "Recorder";
  losses: number[] = [];
  smoothLosses: number[] = [];
  lrs: number[] = [];
  moms: number[] = [];
  validLosses: number[] = [];
  accuracies: number[] = [];
  /** Training images and milliseconds per epoch (forward+backward+step, no validation). */
  epochImages: number[] = [];
  epochTrainMs: number[] = [];
  private avg = 0;
  private epochCount = 0;
  private batchStart = 0;
  private trainMs = 0;

  override beforeFit(): void {
    this.losses = [];
    this.smoothLosses = [];
    this.lrs = [];
    this.moms = [];
    this.validLosses = [];
    this.accuracies = [];
    this.epochImages = [];
    this.epochTrainMs = [];
    this.avg = 0;
  }
  override beforeEpoch(): void {
    this.epochCount = 0;
    this.trainMs = 0;
  }
  override beforeBatch(): void {
    this.batchStart = performance.now();
  }
  override afterBatch(learn: Learner): void {
    this.trainMs += performance.now() - this.batchStart;
    this.epochCount += learn.batchSize;
    const loss = learn.loss;
    this.losses.push(loss);
    this.avg = SMOOTH_BETA * this.avg + (1 - SMOOTH_BETA) * loss;
    this.smoothLosses.push(this.avg / (1 - SMOOTH_BETA ** this.losses.length));
    this.lrs.push(learn.opt.lr);
    this.moms.push(learn.opt.mom);
  }
  override afterEpoch(learn: Learner): void {
    if (learn.validLoss !== undefined) this.validLosses.push(learn.validLoss);
    if (learn.validAccuracy !== undefined) this.accuracies.push(learn.validAccuracy);
    this.epochImages.push(this.epochCount);
    this.epochTrainMs.push(this.trainMs);
  }
  /** Training images per second over the whole fit. */
  get imagesPerSecond(): number {
    const n = this.epochImages.reduce((a, b) => a + b, 0);
    const ms = this.epochTrainMs.reduce((a, b) => a + b, 0);
    return ms > 0 ? (n * 1000) / ms : Number.NaN;
  }
}

export interface ParamSchedulerOptions {
  mode: "oneCycle" | "constant";
  /** Max lr (one cycle) or the lr (constant). */
  lr: number;
  /** One-cycle shape (fit_one_cycle defaults: div 25, divFinal 1e5, pctStart 0.25, moms .95/.85/.95). */
  oneCycle?: OneCycleOptions;
  /** Momentum in constant mode (fastai's Adam default 0.9). */
  mom?: number;
}

/**
 * Sets the optimizer's lr/mom before every training batch: `scheduleAt(trainIter,
 * totalSteps, lr)` in one-cycle mode, fixed values in constant mode (fastai `fit(n, lr)`).
 */
export class ParamScheduler extends Callback {
  static override readonly className = "ParamScheduler";
  constructor(readonly opts: ParamSchedulerOptions) {
    super();
  }
  override beforeBatch(learn: Learner): void {
    if (this.opts.mode === "oneCycle") {
      const { lr, mom } = scheduleAt(learn.trainIter, learn.totalSteps, this.opts.lr, this.opts.oneCycle);
      learn.opt.lr = lr;
      learn.opt.mom = mom;
    } else {
      learn.opt.lr = this.opts.lr;
      learn.opt.mom = this.opts.mom ?? 0.9;
    }
  }
}

export interface ActivationStatsOptions {
  /** Record every `every` training batches (train_iter % every == 0). Default 1. */
  every?: number;
  /** Also store torch.histc(40, 0, 10) per layer. Default false. */
  withHist?: boolean;
}

/**
 * fastai's ActivationStats (fastai/callback/hook.py): for every module with parameters
 * (conv outputs before the ReLU, batch-norm outputs), on training batches only, mean / std /
 * near-zero share (and a 40-bin histogram over [0, 10] with `withHist`).
 * `stats[i][layerName]` is the i-th recorded batch; `steps[i]` its training step (0-based).
 */
export class ActivationStats extends Callback {
  static override readonly className = "ActivationStats";
  readonly every: number;
  readonly withHist: boolean;
  stats: Array<Record<string, LayerStats>> = [];
  steps: number[] = [];

  constructor(opts: ActivationStatsOptions = {}) {
    super();
    this.every = opts.every ?? 1;
    this.withHist = opts.withHist ?? false;
    if (!(Number.isInteger(this.every) && this.every >= 1)) throw new RangeError(`every must be an integer >= 1, got ${this.every}`);
  }
  override beforeFit(): void {
    this.stats = [];
    this.steps = [];
  }
  override beforeBatch(learn: Learner): void {
    if (learn.trainIter % this.every === 0) learn.captureActs = true;
  }
  override afterLoss(learn: Learner): void {
    if (learn.trainIter % this.every !== 0 || learn.acts.size === 0) return;
    const rec: Record<string, LayerStats> = {};
    for (const [name, t] of learn.acts) rec[name] = layerStats(t.dataSync() as Float32Array, { withHist: this.withHist });
    this.stats.push(rec);
    this.steps.push(learn.trainIter);
  }
}

export interface FitProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
}

export interface FitOptions {
  /** Max lr (one cycle) or constant lr. */
  lr: number;
  /** fit_one_cycle (true) or plain fit at a constant lr (false). */
  oneCycle: boolean;
  /** Batch size (the last incomplete training batch is dropped, as fastai's train loader). */
  bs: number;
  /** Shuffle seed. */
  seed: number;
  /** Stop after this many training steps; the one-cycle schedule spans min(epochs·nIter, maxSteps). */
  maxSteps?: number;
  onProgress?: (p: FitProgress) => void;
  signal?: AbortSignal;
  /** Validation batch size. Default max(bs, 256). */
  validBs?: number;
  /** Validate at the end of each epoch (default true). */
  validate?: boolean;
  /** Yield to the event loop every this many steps (default 1), so an abort can arrive. */
  yieldEvery?: number;
  oneCycleOpts?: OneCycleOptions;
}

export interface FitResult {
  cancelled: boolean;
  /** Training steps taken. */
  steps: number;
  epochs: number;
}

export interface LearnerOptions {
  /** Extra callbacks (a Recorder is always added first, like fastai's defaults). */
  cbs?: Callback[];
  /** Adam hyper-parameters other than lr/mom (fastai defaults: sqrMom 0.99, eps 1e-5, wd 0.01). */
  opt?: Partial<Omit<AdamHyper, "lr" | "mom">>;
}

function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** fastai-style Learner over a SimpleCnn (or anything with the same forward/params API). */
export class Learner {
  /** Callbacks by attribute name (learner.recorder, learner.activation_stats, ...). */
  [attr: string]: unknown;
  recorder!: Recorder;
  activation_stats?: ActivationStats;
  param_scheduler?: ParamScheduler;

  readonly cbs: Callback[] = [];
  readonly model: SimpleCnn;
  readonly data: LearnerData;
  readonly opt: FastaiAdam;

  // Training state, readable by callbacks (fastai names in comments).
  /** Epochs of the current fit (n_epoch). */
  nEpoch = 0;
  epoch = 0;
  /** Training batches per epoch (n_iter). */
  nIter = 0;
  /** Batch index within the epoch (iter). */
  iter = 0;
  /** Training steps taken in this fit so far (train_iter); the current step's 0-based index during a batch. */
  trainIter = 0;
  /** Steps the schedule spans. */
  totalSteps = 0;
  training = false;
  /** Size of the current batch. */
  batchSize = 0;
  /** Training loss of the current batch (read back after the forward). */
  loss = Number.NaN;
  validLoss?: number;
  validAccuracy?: number;
  /** Set by a callback in beforeBatch to get `acts` for the batch. */
  captureActs = false;
  /** Hooked layer outputs of the current batch (when captured); freed after the batch. */
  acts: Map<string, tf.Tensor4D> = new Map();
  private disposed = false;
  private fitting = false;

  constructor(model: SimpleCnn, data: LearnerData, opts: LearnerOptions = {}) {
    this.model = model;
    this.data = data;
    this.opt = new FastaiAdam({ lr: 1e-3, ...opts.opt });
    this.addCb(new Recorder());
    for (const cb of opts.cbs ?? []) this.addCb(cb);
  }

  /** fastai Learner.add_cb: attribute named cb.name plus the list. */
  addCb(cb: Callback): this {
    const name = cb.name;
    const existing = this[name];
    if (existing !== undefined && !(existing instanceof Callback)) {
      throw new Error(`addCb: callback name '${name}' would shadow a Learner member`);
    }
    if (existing instanceof Callback) this.removeCb(existing);
    cb.learn = this;
    this[name] = cb;
    this.cbs.push(cb);
    return this;
  }

  removeCb(cb: Callback): this {
    const i = this.cbs.indexOf(cb);
    if (i >= 0) this.cbs.splice(i, 1);
    if (this[cb.name] === cb) delete this[cb.name];
    cb.learn = undefined;
    return this;
  }

  private event(name: EventName): void {
    for (const cb of [...this.cbs]) cb[name](this);
  }

  private freeActs(): void {
    for (const t of this.acts.values()) t.dispose();
    this.acts = new Map();
  }

  /** One training step on the batch. Returns after the optimizer step; callbacks fire inside. */
  private trainBatch(x: tf.Tensor4D, y: tf.Tensor2D): void {
    const params = this.model.params();
    const capture = this.captureActs;
    let bnBatch: ReturnType<SimpleCnn["forward"]>["bnBatch"] = [];
    const kept: tf.Tensor[] = [];
    let value: tf.Scalar | undefined;
    let grads: tf.NamedTensorMap | undefined;
    try {
      const res = tf.variableGrads(() => {
        const out = this.model.forward(x, { training: true, capture });
        bnBatch = out.bnBatch;
        for (const b of bnBatch) kept.push(tf.keep(b.mean), tf.keep(b.variance));
        for (const t of out.acts.values()) kept.push(tf.keep(t));
        this.acts = out.acts;
        return tf.losses.softmaxCrossEntropy(y, out.logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
      }, params.map((p) => p.variable));
      value = res.value;
      grads = res.grads;
      this.loss = value.dataSync()[0]!;
      this.event("afterLoss");
      const g = grads;
      this.opt.step(params.map((p) => ({ variable: p.variable, grad: g[p.variable.name]!, doWd: p.doWd })));
      this.model.updateRunningStats(bnBatch);
      this.event("afterStep");
    } finally {
      value?.dispose();
      if (grads) for (const t of Object.values(grads)) t.dispose();
      for (const t of kept) t.dispose();
      this.acts = new Map();
    }
  }

  /** Mean cross-entropy and accuracy over `idx` in eval mode (batched); null if aborted. */
  async evaluate(idx: ArrayLike<number> = this.data.valid, bs = 256, signal?: AbortSignal): Promise<EvalResult | null> {
    return evaluateSync(this.model, this.data, idx, bs, signal);
  }

  /**
   * Trains for `epochs` (or `maxSteps`). One-cycle mode is fit_one_cycle; otherwise fit at a
   * constant lr. Resolves with `cancelled: true` if `signal` aborts (checked before every
   * batch and between validation batches); all per-step tensors are freed either way.
   */
  async fit(epochs: number, opts: FitOptions): Promise<FitResult> {
    if (this.disposed) throw new Error("Learner.fit: learner is disposed");
    if (this.fitting) throw new Error("Learner.fit: already fitting");
    const { lr, oneCycle, bs, seed, maxSteps, onProgress, signal } = opts;
    if (!(Number.isInteger(epochs) && epochs >= 1)) throw new RangeError(`epochs must be an integer >= 1, got ${epochs}`);
    if (!(Number.isInteger(bs) && bs >= 1)) throw new RangeError(`bs must be an integer >= 1, got ${bs}`);
    const nTrain = this.data.train.length;
    const nIter = Math.floor(nTrain / bs);
    if (nIter < 1) throw new RangeError(`fit: ${nTrain} training images make no full batch of ${bs}`);
    const validBs = opts.validBs ?? Math.max(bs, 256);
    const yieldEvery = opts.yieldEvery ?? 1;
    const scheduler = new ParamScheduler({ mode: oneCycle ? "oneCycle" : "constant", lr, oneCycle: opts.oneCycleOpts });

    this.fitting = true;
    this.nEpoch = epochs;
    this.nIter = nIter;
    this.totalSteps = Math.min(epochs * nIter, maxSteps ?? Number.POSITIVE_INFINITY);
    this.trainIter = 0;
    this.epoch = 0;
    this.iter = 0;
    this.validLoss = undefined;
    this.validAccuracy = undefined;
    this.addCb(scheduler); // temporary, as fit_one_cycle's cbs=ParamScheduler(...)
    const rand = mulberry32(seed);
    const order = Uint32Array.from(this.data.train as ArrayLike<number>);
    let cancelled = false;
    let epochsDone = 0;
    try {
      this.event("beforeFit");
      outer: for (let epoch = 0; epoch < epochs && this.trainIter < this.totalSteps; epoch++) {
        this.epoch = epoch;
        this.event("beforeEpoch");
        shuffleInPlace(order, rand);
        this.training = true;
        for (let it = 0; it < nIter && this.trainIter < this.totalSteps; it++) {
          if (signal?.aborted) {
            cancelled = true;
            break outer;
          }
          this.iter = it;
          this.batchSize = bs;
          const { x, y } = batchOf(this.data, order, it * bs, (it + 1) * bs);
          try {
            this.captureActs = false;
            this.event("beforeBatch");
            this.trainBatch(x, y);
            this.event("afterBatch");
          } finally {
            x.dispose();
            y.dispose();
            this.freeActs();
          }
          this.trainIter += 1;
          onProgress?.({ step: this.trainIter, totalSteps: this.totalSteps, epoch, loss: this.loss });
          if (this.trainIter % yieldEvery === 0) await yieldToEventLoop();
        }
        this.training = false;
        if (opts.validate ?? true) {
          const v = await this.evaluate(this.data.valid, validBs, signal);
          if (v === null) {
            cancelled = true;
            break;
          }
          this.validLoss = v.loss;
          this.validAccuracy = v.accuracy;
        }
        this.event("afterEpoch");
        epochsDone += 1;
      }
      if (cancelled) this.event("afterCancel");
    } finally {
      this.training = false;
      this.freeActs();
      try {
        this.event("afterFit");
      } finally {
        this.removeCb(scheduler);
        this.fitting = false;
      }
    }
    return { cancelled, steps: this.trainIter, epochs: epochsDone };
  }

  /** Frees the model's variables and the optimizer state. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.freeActs();
    this.opt.dispose();
    this.model.dispose();
  }
}
