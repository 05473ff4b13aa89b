import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { camel2snake, class2attr } from "../../experiments/learner/naming.ts";
import {
  combinedCosine,
  cosineAnneal,
  oneCycleLr,
  oneCycleMom,
  pctTrain,
  scheduleAt,
} from "../../experiments/learner/schedule.ts";
import {
  HIST_BINS,
  HIST_MAX,
  HIST_MIN,
  histc,
  layerStats,
} from "../../experiments/learner/activation-stats.ts";
import {
  ADAM_DEFAULTS,
  adamStepArrays,
  makeAdam,
  newAdamArrayState,
} from "../../experiments/learner/adam.ts";
import {
  fanIn,
  kaimingUniformBound,
  pytorchDefaultInit,
  uniformInit,
} from "../../experiments/learner/init.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";

describe("naming (fastcore basics.py)", () => {
  it("camel2snake applies the two regexes in order, then lowercases", () => {
    // re1 (.)([A-Z][a-z]+): "n"+"Stats" → "Activation_Stats"; re2 finds nothing; lower.
    expect(camel2snake("ActivationStats")).toBe("activation_stats");
    // re1: only "P"+"Response" matches (its match consumes "e", so "eCode" is not re1's);
    // → "GetHTTP_ResponseCode"; re2: "tH" → "t_H", "eC" → "e_C" → "Get_HTTP_Response_Code".
    expect(camel2snake("GetHTTPResponseCode")).toBe("get_http_response_code");
    // re1: "P"+"Server" → "HTTP_Server"; re2: none.
    expect(camel2snake("HTTPServer")).toBe("http_server");
    // re1: "2"+"Model" → "V2_Model"; digits count as [a-z0-9] for re2 but "_" separates.
    expect(camel2snake("V2Model")).toBe("v2_model");
    expect(camel2snake("already_snake")).toBe("already_snake");
  });

  it("class2attr strips a trailing suffix, then snake-cases", () => {
    expect(class2attr("ActivationStats")).toBe("activation_stats");
    expect(class2attr("Recorder")).toBe("recorder");
    expect(class2attr("ShowGraphCallback")).toBe("show_graph");
    expect(class2attr("ParamScheduler")).toBe("param_scheduler");
    expect(class2attr("TrainEvalCallback")).toBe("train_eval");
    // Only a trailing suffix is stripped.
    expect(class2attr("CallbackHandler")).toBe("callback_handler");
    // fastcore: `... or cls_name.lower()` when nothing is left.
    expect(class2attr("Callback")).toBe("callback");
    expect(class2attr("MyHook", "Hook")).toBe("my");
  });
});

describe("1cycle schedule (fastai callback/schedule.py)", () => {
  it("cosineAnneal goes start → end along a half cosine", () => {
    expect(cosineAnneal(1, 0, 0)).toBe(1);
    expect(cosineAnneal(1, 0, 1)).toBe(0);
    // 0 + (1-0)/2 * (1 + cos(pi/2)) = 0.5
    expect(cosineAnneal(1, 0, 0.5)).toBeCloseTo(0.5, 15);
    // 0 + 1/2 * (1 + cos(pi/4)) = (1 + 0.70710678)/2 = 0.85355339
    expect(cosineAnneal(1, 0, 0.25)).toBeCloseTo(0.8535533906, 10);
  });

  it("combinedCosine splits the run into two cosine phases", () => {
    const f = combinedCosine([0.5, 0.5], [1, 0, 1]);
    expect(f(0)).toBe(1);
    expect(f(0.25)).toBeCloseTo(0.5, 15); // phase 1 at 0.5: (1+0)/2
    expect(f(0.5)).toBe(0); // boundary: phase 2 at pos 0 = middle
    expect(f(0.75)).toBeCloseTo(0.5, 15);
    expect(f(1)).toBe(1);
    expect(() => combinedCosine([0.3, 0.3], [1, 0, 1])).toThrow(RangeError);
  });

  // maxLr 0.06: start = 0.06/25 = 0.0024, end = 0.06/1e5 = 6e-7, pctStart 0.25.
  it("oneCycleLr at pct 0, 0.125, 0.25, 0.625, 1 for maxLr 0.06", () => {
    expect(oneCycleLr(0.06, 0)).toBeCloseTo(0.0024, 15);
    // phase 1 at 0.125/0.25 = 0.5: (0.0024 + 0.06)/2 = 0.0312
    expect(oneCycleLr(0.06, 0.125)).toBeCloseTo(0.0312, 15);
    expect(oneCycleLr(0.06, 0.25)).toBeCloseTo(0.06, 15);
    // phase 2 at (0.625-0.25)/0.75 = 0.5: (0.06 + 6e-7)/2 = 0.0300003
    expect(oneCycleLr(0.06, 0.625)).toBeCloseTo(0.0300003, 15);
    expect(oneCycleLr(0.06, 1)).toBeCloseTo(6e-7, 18);
    // options: div 10, divFinal 100, pctStart 0.5 → at 0: 0.006; at 1: 0.0006
    expect(oneCycleLr(0.06, 0, { div: 10, divFinal: 100, pctStart: 0.5 })).toBeCloseTo(0.006, 15);
    expect(oneCycleLr(0.06, 1, { div: 10, divFinal: 100, pctStart: 0.5 })).toBeCloseTo(0.0006, 15);
  });

  it("oneCycleMom moves opposite to the lr: 0.95 → 0.85 → 0.95", () => {
    expect(oneCycleMom(0)).toBeCloseTo(0.95, 15);
    expect(oneCycleMom(0.125)).toBeCloseTo(0.9, 15); // (0.95+0.85)/2
    expect(oneCycleMom(0.25)).toBeCloseTo(0.85, 15);
    expect(oneCycleMom(0.625)).toBeCloseTo(0.9, 15); // (0.85+0.95)/2
    expect(oneCycleMom(1)).toBeCloseTo(0.95, 15);
    expect(oneCycleMom(0.125, { moms: [0.9, 0.8, 0.9] })).toBeCloseTo(0.85, 15);
  });

  it("scheduleAt uses pct = step/totalSteps (fastai pct_train), never reaching 1", () => {
    expect(pctTrain(0, 8)).toBe(0);
    expect(pctTrain(5, 8)).toBe(0.625);
    expect(() => pctTrain(0, 0)).toThrow(RangeError);
    expect(scheduleAt(0, 8, 0.06).lr).toBeCloseTo(0.0024, 15);
    expect(scheduleAt(1, 8, 0.06).lr).toBeCloseTo(0.0312, 15);
    expect(scheduleAt(2, 8, 0.06)).toEqual({ lr: expect.closeTo(0.06, 15), mom: expect.closeTo(0.85, 15) });
    expect(scheduleAt(5, 8, 0.06).lr).toBeCloseTo(0.0300003, 15);
    // Last step, pct 7/8: phase 2 at 0.625/0.75 = 5/6; 1 + cos(5pi/6) = 1 - sqrt(3)/2 = 0.1339745962
    // lr = 6e-7 + (0.06 - 6e-7)/2 * 0.1339745962 = 6e-7 + 0.0299997 * 0.1339745962 = 0.0040197977
    // mom = 0.95 + (0.85 - 0.95)/2 * 0.1339745962 = 0.95 - 0.0066987298 = 0.9433012702
    const last = scheduleAt(7, 8, 0.06);
    expect(last.lr).toBeCloseTo(0.0040197977, 9);
    expect(last.mom).toBeCloseTo(0.9433012702, 9);
  });
});

describe("ActivationStats (fastai callback/hook.py)", () => {
  it("has fastai's histogram constants: histc(40, 0, 10)", () => {
    expect([HIST_BINS, HIST_MIN, HIST_MAX]).toEqual([40, 0, 10]);
  });

  it("mean, unbiased std, near_zero and hist on a tiny batch", () => {
    const v = new Float32Array([-1, 0, 0.05, 0.06, 2.5, 9.99, 10, 11]);
    const s = layerStats(v, { withHist: true });
    // sum = -1+0+0.05+0.06+2.5+9.99+10+11 = 32.6; mean = 32.6/8 = 4.075
    expect(s.mean).toBeCloseTo(4.075, 6);
    // sum x^2 = 1+0+0.0025+0.0036+6.25+99.8001+100+121 = 328.0562; 8*4.075^2 = 132.845
    // ss = 195.2112; unbiased var = 195.2112/7 = 27.88731429; std = 5.28084409
    // (the biased std, sqrt(195.2112/8) = 4.93977732, is NOT fastai's: o.std() is unbiased)
    expect(s.std).toBeCloseTo(5.28084409, 5);
    // <= 0.05: -1, 0, 0.05 (float32 0.05 counts: torch compares in float32); 0.06 does not → 3/8
    expect(s.nearZero).toBe(0.375);
    // hist: -1 and 11 dropped; bin = trunc(v*40/10): 0→0, 0.05→0.2→0, 0.06→0.24→0, 2.5→10,
    // 9.99→39.96→39, 10→40→clamped to 39. So [0]=3, [10]=1, [39]=2, 6 counted in total.
    const expected = new Float32Array(40);
    expected[0] = 3;
    expected[10] = 1;
    expected[39] = 2;
    expect(s.hist).toEqual(expected);
  });

  it("omits hist unless asked, and std needs at least 2 values", () => {
    const s = layerStats(new Float32Array([2, 4]));
    expect(s.hist).toBeUndefined();
    expect(s.mean).toBe(3);
    expect(s.std).toBeCloseTo(Math.SQRT2, 12); // ss = 1+1 = 2; 2/(2-1) = 2
    expect(s.nearZero).toBe(0);
    expect(layerStats(new Float32Array([1])).std).toBeNaN(); // torch: std of one value is nan
  });

  it("histc puts bin edges in the upper bin and drops NaN", () => {
    // 0.25 → 0.25*40/10 = 1 → bin 1; 0.2499 → 0.9996 → bin 0; 9.75 → 39 → bin 39.
    const h = histc(new Float32Array([0.25, 0.2499, 9.75, Number.NaN, -0.0001, 10.0001]));
    expect(h[0]).toBe(1);
    expect(h[1]).toBe(1);
    expect(h[39]).toBe(1);
    expect(h.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe("fastai Adam (fastai optimizer.py)", () => {
  it("has fastai's defaults", () => {
    expect(ADAM_DEFAULTS).toEqual({ mom: 0.9, sqrMom: 0.99, eps: 1e-5, wd: 0.01 });
  });

  it("one and two steps by hand", () => {
    const p = new Float32Array([1, -2, 3]);
    const st = newAdamArrayState(3);
    adamStepArrays(p, new Float32Array([0.5, -1, 0]), st, { lr: 0.1 });
    // p[0]: decay 1*(1 - 0.1*0.01) = 0.999; grad_avg = 0.1*0.5 = 0.05; sqr_avg = 0.01*0.25 = 0.0025
    //   debias1 = 1-0.9 = 0.1, debias2 = 1-0.99 = 0.01; sqrt(0.0025/0.01) = 0.5
    //   p = 0.999 - (0.1/0.1) * 0.05/(0.5 + 1e-5) = 0.999 - 0.099998 = 0.89900200
    // p[1]: -2*0.999 = -1.998; grad_avg = -0.1; sqr_avg = 0.01; sqrt(0.01/0.01) = 1
    //   p = -1.998 + 0.1/1.00001 = -1.89800100
    // p[2]: zero grad → only decay: 3*0.999 = 2.997
    expect(st.step).toBe(1);
    expect(p[0]).toBeCloseTo(0.899002, 6);
    expect(p[1]).toBeCloseTo(-1.898001, 6);
    expect(p[2]).toBeCloseTo(2.997, 6);
    expect(st.gradAvg[0]).toBeCloseTo(0.05, 7);
    expect(st.sqrAvg[0]).toBeCloseTo(0.0025, 8);

    adamStepArrays(p, new Float32Array([0.5, -1, 0]), st, { lr: 0.1 });
    // p[0] step 2: grad_avg = 0.9*0.05 + 0.1*0.5 = 0.095; sqr_avg = 0.99*0.0025 + 0.01*0.25 = 0.004975
    //   debias1 = 1-0.81 = 0.19, debias2 = 1-0.9801 = 0.0199; 0.095/0.19 = 0.5; sqrt(0.004975/0.0199) = 0.5
    //   p = 0.899002*0.999 - 0.1*0.5/0.50001 = 0.898103 - 0.099998 = 0.79810500
    expect(st.step).toBe(2);
    expect(p[0]).toBeCloseTo(0.798105, 6);
  });

  it("doWd=false skips the decoupled weight decay (fastai: no wd on bias/bn by default)", () => {
    const p = new Float32Array([3]);
    adamStepArrays(p, new Float32Array([0]), newAdamArrayState(1), { lr: 0.1 }, false);
    expect(p[0]).toBe(3);
  });

  describe("tfjs FastaiAdam equals the array version", () => {
    beforeAll(async () => {
      expect(await tf.setBackend("cpu")).toBe(true);
      await tf.ready();
    });

    const init = [1, -2, 3, 0.5, -0.25, 0];
    const gradsAt = (k: number) => new Float32Array([0.5, -1, 0, 0.3 * (k + 1), -0.7 / (k + 1), 2 - k]);

    for (const steps of [1, 3]) {
      it(`${steps} step(s), lr and mom changed per step by the 1cycle schedule`, () => {
        const before = tf.memory().numTensors;
        const w = tf.tidy(() => tf.variable(tf.tensor2d(init, [2, 3])));
        const b = tf.tidy(() => tf.variable(tf.tensor1d([0.1, -0.1])));
        const opt = makeAdam({ lr: 0 });
        const pw = new Float32Array(init);
        const pb = new Float32Array([0.1, -0.1]);
        const sw = newAdamArrayState(6);
        const sb = newAdamArrayState(2);
        for (let k = 0; k < steps; k++) {
          const { lr, mom } = scheduleAt(k, steps, 0.06);
          opt.lr = lr;
          opt.mom = mom;
          const gw = gradsAt(k);
          const gb = new Float32Array([1, -k]);
          const tgw = tf.tensor2d(gw, [2, 3]);
          const tgb = tf.tensor1d(gb);
          opt.step([
            { variable: w, grad: tgw },
            { variable: b, grad: tgb, doWd: false },
          ]);
          tgw.dispose();
          tgb.dispose();
          adamStepArrays(pw, gw, sw, { lr, mom });
          adamStepArrays(pb, gb, sb, { lr, mom }, false);
        }
        const tw = w.dataSync();
        const tb = b.dataSync();
        for (let i = 0; i < 6; i++) expect(Math.abs(tw[i] - pw[i])).toBeLessThan(1e-6);
        for (let i = 0; i < 2; i++) expect(Math.abs(tb[i] - pb[i])).toBeLessThan(1e-6);
        // The update really moved the weights (not a vacuous match).
        expect(Math.abs(tw[0] - init[0])).toBeGreaterThan(1e-4);
        opt.dispose();
        w.dispose();
        b.dispose();
        expect(tf.memory().numTensors).toBe(before); // tf.tidy left nothing behind
      });
    }
  });
});

describe("PyTorch-default init (kaiming_uniform a=sqrt(5))", () => {
  it("fan_in of tfjs kernels and the bound 1/sqrt(fan_in)", () => {
    expect(fanIn([5, 5, 1, 8])).toBe(25); // 5*5*1
    expect(fanIn([3, 3, 8, 16])).toBe(72); // 3*3*8
    expect(fanIn([64, 10])).toBe(64); // dense [in, out]
    // gain = sqrt(2/(1+5)) = sqrt(1/3); bound = sqrt(1/3)*sqrt(3/25) = sqrt(1/25) = 0.2
    expect(kaimingUniformBound(25)).toBeCloseTo(0.2, 15);
    expect(kaimingUniformBound(72)).toBeCloseTo(1 / Math.sqrt(72), 15); // 0.11785113
    expect(() => fanIn([8])).toThrow(RangeError);
  });

  it("5x5x1→8 conv: values within ±0.2, bias within ±0.2, deterministic per seed", () => {
    const a = pytorchDefaultInit([5, 5, 1, 8], 7);
    expect(a.fanIn).toBe(25);
    expect(a.bound).toBeCloseTo(0.2, 15);
    expect(a.kernel.length).toBe(200);
    expect(a.bias.length).toBe(8);
    for (const v of a.kernel) expect(Math.abs(v)).toBeLessThanOrEqual(Math.fround(0.2));
    for (const v of a.bias) expect(Math.abs(v)).toBeLessThanOrEqual(Math.fround(0.2));
    expect(pytorchDefaultInit([5, 5, 1, 8], 7).kernel).toEqual(a.kernel);
    expect(pytorchDefaultInit([5, 5, 1, 8], 8).kernel).not.toEqual(a.kernel);
  });

  it("mulberry32 matches the reference implementation's first draws", () => {
    // Regression pin from the widely used reference (bryc) code for seed 42.
    const r = mulberry32(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it("uniformInit has mean ~0 and variance ~bound^2/3", () => {
    const v = uniformInit([100, 100], 0.2, 123);
    let sum = 0;
    let sq = 0;
    for (const x of v) {
      sum += x;
      sq += x * x;
    }
    const mean = sum / v.length;
    // sd of U(-0.2, 0.2) = 0.2/sqrt(3) = 0.11547; se of the mean over 10,000 = 0.0011547;
    // 0.005 is ~4.3 se.
    expect(Math.abs(mean)).toBeLessThan(0.005);
    // var = 0.04/3 = 0.013333; allow 5%.
    expect(sq / v.length - mean * mean).toBeGreaterThan(0.013333 * 0.95);
    expect(sq / v.length - mean * mean).toBeLessThan(0.013333 * 1.05);
  });
});
