import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initWasmBackend } from "../../experiments/backend/wasm-node.ts";
import { loadMnistNode } from "../../experiments/data/load-node.ts";
import { stratifiedSplit } from "../../experiments/data/mnist.ts";
import { BatchNorm2d, SimpleCnn } from "../../experiments/learner/model.ts";
import { convOutSize, simpleCnnPlan, totalMacs } from "../../experiments/registry/model-cost.ts";
import {
  ActivationStats,
  Callback,
  Learner,
  Recorder,
  learnerDataFromMnist,
  type LearnerData,
} from "../../experiments/learner/learner.ts";
import { scheduleAt } from "../../experiments/learner/schedule.ts";
import { HIST_BINS } from "../../experiments/learner/activation-stats.ts";

let data: LearnerData;

beforeAll(async () => {
  await initWasmBackend();
  const mnist = await loadMnistNode();
  const split = stratifiedSplit(mnist.labels);
  // First 2,000 training digits; 500 validation digits keep validation cheap.
  data = learnerDataFromMnist(mnist, { train: split.train.subarray(0, 2000), valid: split.valid.subarray(0, 500) });
}, 30_000);

const CONV_NAMES = ["conv1", "conv2", "conv3", "conv4", "conv5"];
const BN_NAMES = ["conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "conv4", "bn4", "conv5", "bn5"];

describe("simple_cnn model", () => {
  it("has the book's grid 28→14→7→4→2→1 and [n,10] logits, with hooked outputs named per layer", () => {
    for (const batchNorm of [false, true]) {
      const base = tf.memory().numTensors;
      const m = new SimpleCnn({ batchNorm, seed: 1 });
      expect(m.hookedLayerNames).toEqual(batchNorm ? BN_NAMES : CONV_NAMES);
      const shapes = tf.tidy(() => {
        const out = m.forward(tf.zeros([3, 28, 28, 1]) as tf.Tensor4D, { training: true, capture: true });
        expect(out.logits.shape).toEqual([3, 10]);
        expect(out.bnBatch.length).toBe(batchNorm ? 5 : 0);
        return Object.fromEntries([...out.acts].map(([k, t]) => [k, t.shape]));
      });
      expect(Object.keys(shapes)).toEqual(batchNorm ? BN_NAMES : CONV_NAMES);
      expect(shapes.conv1).toEqual([3, 14, 14, 8]);
      expect(shapes.conv2).toEqual([3, 7, 7, 16]);
      expect(shapes.conv3).toEqual([3, 4, 4, 32]);
      expect(shapes.conv4).toEqual([3, 2, 2, 64]);
      expect(shapes.conv5).toEqual([3, 1, 1, 10]);
      if (batchNorm) expect(shapes.bn5).toEqual([3, 1, 1, 10]);
      expect(m.plan.map((l) => l.outSize)).toEqual([14, 7, 4, 2, 1]);
      // Weight decay off for biases and batch norm (fastai wd_bn_bias=False).
      expect(m.params().filter((p) => p.doWd).map((p) => p.name)).toEqual(CONV_NAMES.map((n) => `${n}.weight`));
      m.dispose();
      expect(tf.memory().numTensors).toBe(base);
    }
  });

  it("pads like PyTorch (ks//2 each side), not like tfjs 'same'", () => {
    // 4x4 input 1..16, one 3x3 all-ones filter, stride 2.
    const base = tf.memory().numTensors;
    const m = new SimpleCnn({ inputSize: 4, firstKernel: 3, channels: [], numClasses: 1 });
    const conv = m.layers[0]!;
    tf.tidy(() => {
      conv.kernel.assign(tf.ones([3, 3, 1, 1]));
      conv.bias.assign(tf.zeros([1]));
    });
    const x = tf.tensor4d(Float32Array.from({ length: 16 }, (_, i) => i + 1), [1, 4, 4, 1]);
    const ours = m.predict(x);
    // PyTorch pads 1 on every side: output 2x2 = floor((4+2-3)/2)+1.
    expect(convOutSize(4, 3, 2, 1)).toBe(2);
    // [0,0]: rows/cols -1..1 → 1+2+5+6; [0,1]: 2+3+4+6+7+8; [1,0]: 5+6+9+10+13+14; [1,1]: 6+7+8+10+11+12+14+15+16.
    expect(Array.from(ours.dataSync())).toEqual([14, 30, 57, 99]);
    // tfjs 'same' pads 0 top/left and 1 bottom/right here: its [0,0] window is rows/cols 0..2.
    const same = tf.tidy(() => tf.conv2d(x, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 2, "same"));
    expect(same.shape).toEqual([1, 2, 2, 1]);
    expect(same.dataSync()[0]).toBe(1 + 2 + 3 + 5 + 6 + 7 + 9 + 10 + 11);
    // 28 with ks 5: both give 14x14, but 'same' pads 1 top / 2 bottom, PyTorch 2 / 2.
    const big = tf.tidy(() => {
      const xb = tf.randomUniform([1, 28, 28, 1], 0, 1, "float32", 7) as tf.Tensor4D;
      const w = tf.randomUniform([5, 5, 1, 1], -1, 1, "float32", 8) as tf.Tensor4D;
      const a = tf.conv2d(tf.pad(xb, [[0, 0], [2, 2], [2, 2], [0, 0]]), w, 2, "valid");
      const b = tf.conv2d(xb, w, 2, "same");
      return { shapes: [a.shape, b.shape], diff: a.sub(b).abs().max().dataSync()[0]! };
    });
    expect(big.shapes).toEqual([
      [1, 14, 14, 1],
      [1, 14, 14, 1],
    ]);
    expect(big.diff).toBeGreaterThan(1e-3);
    tf.dispose([x, ours, same]);
    m.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it("counts MACs per image per conv (total ≈ 249k for 8-16-32-64)", () => {
    const plan = simpleCnnPlan();
    // outSize² · co · ks² · ci
    expect(plan.map((l) => l.macs)).toEqual([
      14 * 14 * 8 * 25 * 1, // 39,200
      7 * 7 * 16 * 9 * 8, // 56,448 (the book's 196·288 = 49·1152)
      4 * 4 * 32 * 9 * 16, // 73,728
      2 * 2 * 64 * 9 * 32, // 73,728
      1 * 1 * 10 * 9 * 64, // 5,760
    ]);
    expect(plan.reduce((s, l) => s + l.macs, 0)).toBe(248_864);
    // Card 1 variants: constant 8 ≈ 80k, constant 32 ≈ 796k.
    expect(Math.round(simpleCnnPlan({ channels: [8, 8, 8, 8] }).reduce((s, l) => s + l.macs, 0) / 1000)).toBe(80);
    expect(Math.round(simpleCnnPlan({ channels: [32, 32, 32, 32] }).reduce((s, l) => s + l.macs, 0) / 1000)).toBe(796);
  });

  it("builds its layers from the registry's pure plan (one MAC count for model and registry)", () => {
    const m = new SimpleCnn({ batchNorm: true, channels: [4, 16, 32, 64], firstKernel: 3 });
    try {
      expect(m.plan).toEqual(simpleCnnPlan({ channels: [4, 16, 32, 64], firstKernel: 3 }));
      expect(m.layers.map((l) => l.kernel.shape)).toEqual(m.plan.map((p) => [p.kernel, p.kernel, p.inChannels, p.outChannels]));
      // Card 2's 3×3×4 control as the registry writes it (firstChannels overrides channels[0]).
      expect(m.macsPerImage).toBe(totalMacs({ batchNorm: true, channels: [8, 16, 32, 64], firstKernel: 3, firstChannels: 4 }));
    } finally {
      m.dispose();
    }
    const d = new SimpleCnn();
    try {
      expect(d.macsPerImage).toBe(248_864);
      expect(d.macsPerImage).toBe(totalMacs({ batchNorm: false, channels: [8, 16, 32, 64], firstKernel: 5 }));
    } finally {
      d.dispose();
    }
  });

  it("batch norm: batch stats + running update in training, running stats in eval", () => {
    const base = tf.memory().numTensors;
    const bn = new BatchNorm2d("bn", 2, "bn_test");
    // [2,1,1,2]: channel 0 = {1, 3}, channel 1 = {0, 4}.
    const x = tf.tensor4d([1, 0, 3, 4], [2, 1, 1, 2]);
    // apply() does not tidy (the model's forward runs inside tidy/variableGrads).
    const { y, batch } = tf.tidy(() => {
      const r = bn.apply(x, true);
      return { y: r.y, batch: { mean: r.batch!.mean, variance: r.batch!.variance, count: r.batch!.count } };
    });
    // ch0: mean 2, biased var 1; ch1: mean 2, biased var 4.
    const expTrain = [-1 / Math.sqrt(1 + 1e-5), -2 / Math.sqrt(4 + 1e-5), 1 / Math.sqrt(1 + 1e-5), 2 / Math.sqrt(4 + 1e-5)];
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expTrain[i]!, 6));
    expect(batch.count).toBe(2);
    bn.updateRunning(batch);
    // running_mean = 0.9·0 + 0.1·2; running_var = 0.9·1 + 0.1·unbiased (2, 8).
    Array.from(bn.runningMean.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([0.2, 0.2][i]!, 6));
    Array.from(bn.runningVar.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([1.1, 1.7][i]!, 6));
    const ev = tf.tidy(() => {
      const r = bn.apply(x, false);
      expect(r.batch).toBeUndefined();
      return { y: r.y };
    });
    const expEval = [(1 - 0.2) / Math.sqrt(1.1 + 1e-5), (0 - 0.2) / Math.sqrt(1.7 + 1e-5), (3 - 0.2) / Math.sqrt(1.1 + 1e-5), (4 - 0.2) / Math.sqrt(1.7 + 1e-5)];
    Array.from(ev.y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expEval[i]!, 5));
    tf.dispose([x, y, batch.mean, batch.variance, ev.y]);
    for (const v of bn.variables()) v.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });
});

describe("Learner", () => {
  it("exposes callbacks as learner.recorder / learner.activation_stats and in learner.cbs", () => {
    const base = tf.memory().numTensors;
    class ShowGraphCallback extends Callback {}
    const stats = new ActivationStats();
    const learn = new Learner(new SimpleCnn({ seed: 1 }), data, { cbs: [stats] });
    expect(learn.recorder).toBeInstanceOf(Recorder);
    expect(learn.activation_stats).toBe(stats);
    expect(learn.cbs).toContain(learn.recorder);
    expect(learn.cbs).toContain(stats);
    expect(stats.name).toBe("activation_stats");
    const sg = new ShowGraphCallback();
    learn.addCb(sg);
    expect(learn["show_graph"]).toBe(sg);
    learn.removeCb(sg);
    expect(learn["show_graph"]).toBeUndefined();
    expect(learn.cbs).not.toContain(sg);
    learn.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it("short one-cycle fit (BN, bs 64, 30 steps) lowers the loss, follows scheduleAt, records activation stats, leaks nothing", async () => {
    const base = tf.memory().numTensors;
    const learn = new Learner(new SimpleCnn({ batchNorm: true, seed: 1 }), data, {
      cbs: [new ActivationStats({ every: 10, withHist: true })],
    });
    const t0 = performance.now();
    const res = await learn.fit(1, { lr: 0.01, oneCycle: true, bs: 64, seed: 1, maxSteps: 30 });
    const ms = performance.now() - t0;
    expect(res).toEqual({ cancelled: false, steps: 30, epochs: 1 });
    const rec = learn.recorder;
    expect(rec.losses).toHaveLength(30);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(rec.losses.slice(-5))).toBeLessThan(mean(rec.losses.slice(0, 5)) - 0.5);
    expect(rec.lrs).toEqual(Array.from({ length: 30 }, (_, i) => scheduleAt(i, 30, 0.01).lr));
    expect(rec.moms).toEqual(Array.from({ length: 30 }, (_, i) => scheduleAt(i, 30, 0.01).mom));
    expect(rec.validLosses).toHaveLength(1);
    expect(rec.accuracies[0]).toBeGreaterThan(0.5);
    // The temporary ParamScheduler is gone after fit.
    expect(learn.param_scheduler).toBeUndefined();
    const st = learn.activation_stats!;
    expect(st.steps).toEqual([0, 10, 20]);
    for (const rec1 of st.stats) {
      expect(Object.keys(rec1)).toEqual(BN_NAMES);
      for (const s of Object.values(rec1)) {
        expect(s.hist).toHaveLength(HIST_BINS);
        expect(s.nearZero).toBeGreaterThanOrEqual(0);
        expect(s.nearZero).toBeLessThanOrEqual(1);
        expect(Number.isFinite(s.mean) && Number.isFinite(s.std)).toBe(true);
      }
      // conv1 pre-ReLU on 64 images: 64·14·14·8 values; the histogram drops negatives.
      expect(rec1.conv1!.hist!.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(64 * 14 * 14 * 8);
      expect(rec1.conv1!.nearZero).toBeGreaterThan(0.05); // pre-ReLU: has negatives
    }
    console.log(
      `[learner-loop] BN simple_cnn bs 64 on wasm: ${rec.imagesPerSecond.toFixed(0)} images/s in training steps ` +
        `(${((30 * 64 * 1000) / ms).toFixed(0)} incl. batching + validation of 500); ` +
        `loss ${rec.losses[0]!.toFixed(3)} → ${rec.losses[29]!.toFixed(3)}, valid acc ${rec.accuracies[0]!.toFixed(3)}`,
    );
    learn.dispose();
    expect(tf.memory().numTensors).toBe(base);
  }, 30_000);

  it("is deterministic: same seed → identical losses, different seed → different", async () => {
    const run = async (seed: number) => {
      const learn = new Learner(new SimpleCnn({ batchNorm: true, seed: 3 }), data);
      await learn.fit(1, { lr: 0.01, oneCycle: true, bs: 64, seed, maxSteps: 8, validate: false });
      const losses = [...learn.recorder.losses];
      learn.dispose();
      return losses;
    };
    const a = await run(1);
    const b = await run(1);
    const c = await run(2);
    expect(a).toHaveLength(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(c[0]).not.toBe(a[0]);
  }, 30_000);

  it("cancels via AbortSignal within a step, and frees every tensor", async () => {
    const base = tf.memory().numTensors;
    // 1) Abort from inside the loop at step 3: no further step runs.
    const learn = new Learner(new SimpleCnn({ batchNorm: true, seed: 1 }), data, {
      cbs: [new ActivationStats({ withHist: true })],
    });
    const ac = new AbortController();
    let afterFit = 0;
    learn.addCb(
      new (class AfterFitCounter extends Callback {
        override afterFit(): void {
          afterFit += 1;
        }
      })(),
    );
    const res = await learn.fit(3, {
      lr: 0.06,
      oneCycle: false,
      bs: 64,
      seed: 1,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 3) ac.abort();
      },
    });
    expect(res.cancelled).toBe(true);
    expect(res.steps).toBe(3);
    expect(learn.recorder.losses).toHaveLength(3);
    expect(learn.recorder.lrs).toEqual([0.06, 0.06, 0.06]);
    expect(afterFit).toBe(1);
    // 2) Abort from a timer while fit runs (the loop yields to the event loop each step).
    const ac2 = new AbortController();
    let stepAtAbort = -1;
    setTimeout(() => {
      stepAtAbort = learn.trainIter;
      ac2.abort();
    }, 150);
    const res2 = await learn.fit(5, { lr: 0.01, oneCycle: true, bs: 64, seed: 2, signal: ac2.signal });
    expect(res2.cancelled).toBe(true);
    expect(stepAtAbort).toBeGreaterThanOrEqual(0);
    expect(res2.steps).toBeLessThanOrEqual(stepAtAbort + 1);
    expect(res2.steps).toBeLessThan(5 * 31);
    learn.dispose();
    expect(tf.memory().numTensors).toBe(base);
  }, 30_000);
});
