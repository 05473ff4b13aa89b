// Benchmark (issue #4): training throughput of our fastai-style Learner against a bare tfjs
// `optimizer.minimize` loop, on the Node wasm backend, one process, side by side.
//
//   npm run bench:experiments
//
// Arms (each a fresh model built with the same seed, trained for BENCH_STEPS + 1 steps of
// batch 64 on the MNIST 8,000-digit training split, no validation):
//   bare           a plain tfjs loop: per step, build the batch tensors, `optimizer.minimize`
//                  (tf.variableGrads + applyGradients, the stock tfjs path) on the same
//                  SimpleCnn.forward + softmax cross-entropy, then the batch-norm running stats;
//   learner        Learner.fit(1, { oneCycle: true, maxSteps }) with its Recorder and 1cycle
//                  ParamScheduler (experiments/learner/learner.ts);
//   learner+stats  the same with fastai's ActivationStats callback (every batch, no histograms).
//
// What makes it fair (and what the ratio isolates): the bare loop does the same numerical
// work as the learner and nothing else, so the difference is the learner's own machinery
// (callbacks and events, Recorder, ParamScheduler, loss read-back every step, keep/dispose
// bookkeeping), not a different optimizer, model or event-loop behaviour:
//   - same model function (SimpleCnn, batch norm, 8-16-32-64, 5×5 first kernel, same init seed);
//   - same optimizer step: the bare loop's tf.Optimizer subclass applies FastaiAdam.step (fastai's
//     Adam with decoupled weight decay off for biases/BN) from `applyGradients`, because tfjs's
//     `tf.train.adam` is a different update (no weight decay, other op count) and would measure
//     the optimizer choice, not the learner. The same 1cycle lr/mom (scheduleAt) is set per step;
//   - same batch order (the learner's mulberry32(seed) Fisher–Yates shuffle of the train indices),
//     each batch copied from the same normalized Float32Array into fresh tensors per step, as
//     any loop over in-memory data must;
//   - the batch-norm running statistics are updated in both (PyTorch's BatchNorm2d does that in
//     every training forward; it is part of the model, not of the learner);
//   - both yield to the event loop once per step (the learner does, so an abort can arrive; a
//     browser loop must, `await tf.nextFrame()`), so the event-loop behaviour is the same. Without
//     the yield (BENCH_BARE_YIELD=0) the bare loop measured the same within noise on a steady
//     machine (ratio 1.03, 2026-11-27); under heavy load some runs of it used more CPU per image.
//   The script checks this before timing: a 6-step bare run and a 6-step learner run must end
//   with bit-identical variables (weights, batch-norm running stats), else it exits 1.
//
// Timing: one untimed warm-up run per arm first (JIT, wasm, allocator). In every timed run the
// first step is excluded too (the clock starts when step 1 is done: first-use optimizer state),
// so img/s = BENCH_STEPS·64 / time of steps 2…BENCH_STEPS+1, measured around the whole fit for
// the learner (its per-step callbacks, yields and final afterFit included). Runs are interleaved
// in rounds, each round one run per arm, the order rotated per round (bare, learner, stats; then
// learner, stats, bare; …) to cancel drift and order effects from other processes on this 2-core
// machine. Reported: median img/s per arm over BENCH_ROUNDS runs, min and max, images per second
// of this process's CPU time (a cross-check that moves less when other processes compete for the
// 2 cores), and the CPU other processes used meanwhile (machine busy time minus this process, in
// cores; the median over the arm's runs).
// Ratios are time ratios: median img/s of bare / median img/s of the learner arm (1.06 = the
// learner takes 6 % longer per image). The last line is the headline, learner without
// ActivationStats vs bare; the line before it is the learner with ActivationStats vs bare.
//
// Environment (all optional):
//   BENCH_STEPS=60      timed steps per run (after the excluded first step)
//   BENCH_ROUNDS=7      rounds (runs per arm)
//   BENCH_BS=64         batch size
//   BENCH_LR=0.06       1cycle max lr
//   BENCH_ARMS=bare,learner,learner+stats   add bare-tfadam for tfjs's own tf.train.adam (information only)
//   BENCH_BARE_YIELD=0  the bare loop does not yield to the event loop between steps
//   BENCH_JSON=file     also write the results as JSON
import fs from "node:fs";
import os from "node:os";
import * as tf from "@tensorflow/tfjs";
import { initWasmBackend } from "../../experiments/backend/wasm-node.ts";
import { loadMnistNode } from "../../experiments/data/load-node.ts";
import { shuffleInPlace, stratifiedSplit } from "../../experiments/data/mnist.ts";
import { FastaiAdam } from "../../experiments/learner/adam.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";
import { ActivationStats, Learner, learnerDataFromMnist, type LearnerData } from "../../experiments/learner/learner.ts";
import { SimpleCnn, type NamedParam } from "../../experiments/learner/model.ts";
import { scheduleAt } from "../../experiments/learner/schedule.ts";
import { cpuBetween, sampleCpu, type CpuSample } from "./cpu.ts";
import { median } from "./summary.ts";

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);
const STEPS = num("BENCH_STEPS", 60);
const ROUNDS = num("BENCH_ROUNDS", 7);
const BS = num("BENCH_BS", 64);
const LR = num("BENCH_LR", 0.06);
const BARE_YIELD = process.env.BENCH_BARE_YIELD !== "0";
const SEED = 1;
const ARM_NAMES = ["bare", "learner", "learner+stats", "bare-tfadam"] as const;
type ArmName = (typeof ARM_NAMES)[number];
const ARMS = (process.env.BENCH_ARMS ?? "bare,learner,learner+stats").split(",").map((s) => s.trim()) as ArmName[];
for (const a of ARMS) if (!ARM_NAMES.includes(a)) throw new Error(`BENCH_ARMS: unknown arm '${a}' (known: ${ARM_NAMES.join(", ")})`);
for (const a of ["bare", "learner"] as const) if (!ARMS.includes(a)) throw new Error(`BENCH_ARMS must include '${a}'`);

/** As the learner yields after each step (setImmediate). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const log = (s: string) => console.error(`[bench] ${s}`);

const newModel = () => new SimpleCnn({ batchNorm: true, seed: SEED });

/** The learner's batch order: mulberry32(seed) Fisher–Yates over the train indices (one epoch). */
function learnerOrder(data: LearnerData, seed: number): Uint32Array {
  return shuffleInPlace(Uint32Array.from(data.train as ArrayLike<number>), mulberry32(seed));
}

function makeBatch(data: LearnerData, order: Uint32Array, start: number, n: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const [r, c, ch] = data.imageShape;
  const per = r * c * ch;
  const k = data.numClasses;
  const xs = new Float32Array(n * per);
  const ys = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const j = order[start + i]!;
    xs.set(data.images.subarray(j * per, (j + 1) * per), i * per);
    ys[i * k + data.labels[j]!] = 1;
  }
  return { x: tf.tensor4d(xs, [n, r, c, ch]), y: tf.tensor2d(ys, [n, k]) };
}

/** A stock tf.Optimizer whose applyGradients is FastaiAdam's step (same update as the learner's). */
class FastaiAdamOptimizer extends tf.Optimizer {
  static className = "FastaiAdamOptimizer";
  readonly adam = new FastaiAdam({ lr: 1e-3 });
  private readonly doWd: Map<string, boolean>;
  private readonly byName: Map<string, tf.Variable>;
  constructor(params: NamedParam[]) {
    super();
    this.doWd = new Map(params.map((p) => [p.variable.name, p.doWd]));
    this.byName = new Map(params.map((p) => [p.variable.name, p.variable]));
  }
  override applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.adam.step(list.map(({ name, tensor }) => ({ variable: this.byName.get(name)!, grad: tensor, doWd: this.doWd.get(name)! })));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }
  override dispose(): void {
    this.adam.dispose();
    super.dispose();
  }
}

interface RunResult {
  /** Images per second over the timed steps. */
  imgPerSec: number;
  /** Images per second of this process's CPU time (less sensitive to other processes than wall time). */
  imgPerCpuSec: number;
  /** CPU (cores) used by other processes during the timed steps. */
  others: number;
}

function result(steps: number, t0: number, t1: number, c0: CpuSample, c1: CpuSample): RunResult {
  const images = steps * BS * 1000;
  return { imgPerSec: images / (t1 - t0), imgPerCpuSec: images / (c1.ownMs - c0.ownMs), others: cpuBetween(c0, c1).others };
}

/** The bare loop. `tfAdam` uses tfjs's own tf.train.adam (constant lr) instead of FastaiAdam. */
async function runBare(data: LearnerData, steps: number, tfAdam = false): Promise<{ result: RunResult; model: SimpleCnn }> {
  const model = newModel();
  const params = model.params();
  const varList = params.map((p) => p.variable);
  const fastai = tfAdam ? undefined : new FastaiAdamOptimizer(params);
  const opt: tf.Optimizer = fastai ?? tf.train.adam(LR / 25);
  const order = learnerOrder(data, SEED);
  const total = steps + 1;
  let c0 = sampleCpu([]);
  let t0 = 0;
  for (let i = 0; i < total; i++) {
    if (fastai) {
      const { lr, mom } = scheduleAt(i, total, LR);
      fastai.adam.lr = lr;
      fastai.adam.mom = mom;
    }
    const { x, y } = makeBatch(data, order, i * BS, BS);
    const kept: tf.Tensor[] = [];
    let bnBatch: ReturnType<SimpleCnn["forward"]>["bnBatch"] = [];
    opt.minimize(() => {
      const out = model.forward(x, { training: true });
      bnBatch = out.bnBatch;
      for (const b of bnBatch) kept.push(tf.keep(b.mean), tf.keep(b.variance));
      return tf.losses.softmaxCrossEntropy(y, out.logits, undefined, 0, tf.Reduction.MEAN) as tf.Scalar;
    }, false, varList);
    model.updateRunningStats(bnBatch);
    for (const t of kept) t.dispose();
    x.dispose();
    y.dispose();
    if (i === 0) {
      t0 = performance.now();
      c0 = sampleCpu([]);
    }
    if (BARE_YIELD) await yieldToEventLoop();
  }
  const t1 = performance.now();
  const c1 = sampleCpu([]);
  opt.dispose();
  return { result: result(steps, t0, t1, c0, c1), model };
}

async function runLearner(data: LearnerData, steps: number, withStats: boolean): Promise<{ result: RunResult; learn: Learner }> {
  const learn = new Learner(newModel(), data, { cbs: withStats ? [new ActivationStats()] : [] });
  let t0 = 0;
  let c0 = sampleCpu([]);
  await learn.fit(1, {
    lr: LR,
    oneCycle: true,
    bs: BS,
    seed: SEED,
    maxSteps: steps + 1,
    validate: false,
    onProgress: (p) => {
      if (p.step === 1) {
        t0 = performance.now();
        c0 = sampleCpu([]);
      }
    },
  });
  const t1 = performance.now();
  const c1 = sampleCpu([]);
  return { result: result(steps, t0, t1, c0, c1), learn };
}

async function runArm(arm: ArmName, data: LearnerData, steps: number): Promise<RunResult> {
  const before = tf.memory().numTensors;
  let result: RunResult;
  if (arm === "bare" || arm === "bare-tfadam") {
    const r = await runBare(data, steps, arm === "bare-tfadam");
    r.model.dispose();
    result = r.result;
  } else {
    const r = await runLearner(data, steps, arm === "learner+stats");
    r.learn.dispose();
    result = r.result;
  }
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`${arm}: ${after - before} tensors leaked`);
  return result;
}

/** The fairness check: bare and learner, same steps, must end with bit-identical variables. */
async function checkSameWork(data: LearnerData, steps: number): Promise<number> {
  const bare = await runBare(data, steps);
  const lrn = await runLearner(data, steps, false);
  try {
    const a = bare.model.variables();
    const b = lrn.learn.model.variables();
    if (a.length !== b.length) throw new Error(`fairness check: ${a.length} vs ${b.length} variables`);
    a.forEach((v, i) => {
      const x = v.dataSync();
      const y = b[i]!.dataSync();
      if (x.length !== y.length || x.some((val, j) => !Object.is(val, y[j]))) {
        throw new Error(`fairness check: variable ${v.name} differs between the bare loop and the learner`);
      }
    });
    return a.length;
  } finally {
    bare.model.dispose();
    lrn.learn.dispose();
  }
}

const LABELS: Record<ArmName, string> = {
  bare: "bare (tfjs minimize, FastaiAdam step)",
  learner: "learner (Recorder + 1cycle)",
  "learner+stats": "learner + ActivationStats",
  "bare-tfadam": "bare, tf.train.adam (info)",
};

async function main(): Promise<void> {
  const load0 = os.loadavg();
  await initWasmBackend();
  const mnist = await loadMnistNode();
  const split = stratifiedSplit(mnist.labels);
  const data = learnerDataFromMnist(mnist, { train: split.train, valid: split.valid });
  const maxSteps = Math.floor(data.train.length / BS) - 1;
  if (STEPS < 1 || STEPS > maxSteps) throw new Error(`BENCH_STEPS must be 1..${maxSteps} (one epoch of batch ${BS})`);
  log(`backend ${tf.getBackend()}, tfjs ${tf.version.tfjs}, node ${process.version}, ${os.cpus().length} cpus, loadavg ${load0.map((v) => v.toFixed(2)).join(" ")}`);
  log(`${ROUNDS} rounds × ${ARMS.length} arms × ${STEPS} timed steps (+1 excluded) of batch ${BS}`);

  const nVars = await checkSameWork(data, 5);
  log(`fairness check: bare loop and learner end bit-identical after 6 steps (${nVars} variables)`);
  for (const arm of ARMS) await runArm(arm, data, 5); // warm-up, untimed

  const results = new Map<ArmName, RunResult[]>(ARMS.map((a) => [a, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = ARMS.map((_, i) => ARMS[(i + round) % ARMS.length]!);
    for (const arm of order) {
      const r = await runArm(arm, data, STEPS);
      results.get(arm)!.push(r);
      log(`round ${round + 1}/${ROUNDS} ${arm.padEnd(13)} ${r.imgPerSec.toFixed(0).padStart(5)} img/s  ${r.imgPerCpuSec.toFixed(0).padStart(5)} img/CPU-s  others' CPU ${r.others.toFixed(2)}`);
    }
  }
  const load1 = os.loadavg();

  const med = (a: ArmName) => median(results.get(a)!.map((r) => r.imgPerSec));
  const rows = ARMS.map((a) => {
    const xs = results.get(a)!.map((r) => r.imgPerSec);
    return {
      arm: a,
      median: med(a),
      min: Math.min(...xs),
      max: Math.max(...xs),
      msPerStep: (BS * 1000) / med(a),
      perCpuSec: median(results.get(a)!.map((r) => r.imgPerCpuSec)),
      others: median(results.get(a)!.map((r) => r.others)),
      runs: xs,
    };
  });
  const w = Math.max(...ARMS.map((a) => LABELS[a].length));
  console.log(`Node wasm backend (tfjs ${tf.version.tfjs}), ${os.cpus().length} CPUs, simple_cnn + batch norm, batch ${BS}, ${STEPS} timed steps × ${ROUNDS} runs per arm`);
  console.log(`load average before ${load0.map((v) => v.toFixed(2)).join(" ")}, after ${load1.map((v) => v.toFixed(2)).join(" ")}`);
  console.log("");
  console.log(`| ${"arm".padEnd(w)} | median img/s |  min |  max | ms/step | img per CPU-s | others' CPU |`);
  console.log(`|${"-".repeat(w + 2)}|-------------:|-----:|-----:|--------:|--------------:|------------:|`);
  for (const r of rows) {
    console.log(
      `| ${LABELS[r.arm].padEnd(w)} | ${r.median.toFixed(0).padStart(12)} | ${r.min.toFixed(0).padStart(4)} | ${r.max.toFixed(0).padStart(4)} | ${r.msPerStep.toFixed(1).padStart(7)} | ${r.perCpuSec.toFixed(0).padStart(13)} | ${r.others.toFixed(2).padStart(11)} |`,
    );
  }
  console.log("");
  if (ARMS.includes("bare-tfadam")) console.log(`ratio bare/bare-tfadam: ${(med("bare-tfadam") / med("bare")).toFixed(2)}`);
  if (ARMS.includes("learner+stats")) console.log(`ratio learner+stats/bare: ${(med("bare") / med("learner+stats")).toFixed(2)}`);
  const ratio = med("bare") / med("learner");
  if (process.env.BENCH_JSON) {
    fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({ steps: STEPS, rounds: ROUNDS, bs: BS, lr: LR, load0, load1, rows, ratio }, null, 2));
  }
  console.log(`ratio learner/bare: ${ratio.toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
