/**
 * fastai's default optimizer, `Adam` from fastai `fastai/optimizer.py`:
 *   cbs = [weight_decay, partial(average_grad, dampening=True), average_sqr_grad, step_stat, adam_step]
 * with mom 0.9, sqr_mom 0.99, eps 1e-5, wd 0.01 (decoupled). Two versions: a pure one on
 * Float32Arrays (exactly checkable by hand) and a tfjs one that must match it.
 */
import * as tf from "@tensorflow/tfjs";

export interface AdamHyper {
  lr: number;
  /** beta1; fastai's 1cycle moves it per step (0.95 → 0.85 → 0.95). */
  mom: number;
  /** beta2. */
  sqrMom: number;
  eps: number;
  wd: number;
}

export const ADAM_DEFAULTS: Readonly<Omit<AdamHyper, "lr">> = Object.freeze({
  mom: 0.9,
  sqrMom: 0.99,
  eps: 1e-5,
  wd: 0.01,
});

export interface AdamArrayState {
  gradAvg: Float32Array;
  sqrAvg: Float32Array;
  /** fastai `step_stat`: number of steps taken, 1 after the first. */
  step: number;
}

export function newAdamArrayState(n: number): AdamArrayState {
  return { gradAvg: new Float32Array(n), sqrAvg: new Float32Array(n), step: 0 };
}

/**
 * One fastai Adam step, in place on `params` and `state`. Arithmetic in float64, stored in
 * float32 (like PyTorch's float32 parameters and state).
 * `doWd` false skips weight decay: fastai's Learner sets `do_wd=False` for batch-norm and bias
 * parameters by default (`wd_bn_bias=False`, fastai/learner.py).
 */
export function adamStepArrays(
  params: Float32Array,
  grads: Float32Array,
  state: AdamArrayState,
  hyper: Partial<AdamHyper> & { lr: number },
  doWd = true,
): void {
  const { lr, mom, sqrMom, eps, wd } = { ...ADAM_DEFAULTS, ...hyper };
  const n = params.length;
  if (grads.length !== n || state.gradAvg.length !== n || state.sqrAvg.length !== n) {
    throw new RangeError("params, grads and state must have the same length");
  }
  // weight_decay: p.mul_(1 - lr*wd), decoupled: applied to p, not added to the gradient.
  const decay = doWd && wd !== 0 ? 1 - lr * wd : 1;
  state.step += 1;
  const step = state.step;
  // adam_step: debias(mom, 1-mom, step) = (1-mom)(1-mom^step)/(1-mom) = 1 - mom^step.
  const debias1 = 1 - mom ** step;
  const debias2 = 1 - sqrMom ** step;
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    params[i] = params[i] * decay;
    // average_grad with dampening: grad_avg = mom*grad_avg + (1-mom)*grad.
    state.gradAvg[i] = state.gradAvg[i] * mom + (1 - mom) * g;
    // average_sqr_grad (dampening=True): sqr_avg = sqr_mom*sqr_avg + (1-sqr_mom)*grad^2.
    state.sqrAvg[i] = state.sqrAvg[i] * sqrMom + (1 - sqrMom) * g * g;
    // p.addcdiv_(grad_avg, sqrt(sqr_avg/debias2) + eps, value=-lr/debias1).
    params[i] = params[i] - (lr / debias1) * (state.gradAvg[i] / (Math.sqrt(state.sqrAvg[i] / debias2) + eps));
  }
}

/** tf.variable copies its initial value: free the temporary zeros. */
function zerosVariable(like: tf.Tensor): tf.Variable {
  const z = tf.zerosLike(like);
  const v = tf.variable(z, false);
  z.dispose();
  return v;
}

interface TfSlot {
  gradAvg: tf.Variable;
  sqrAvg: tf.Variable;
  step: number;
}

/**
 * The same update on tf.Variables. `lr` and `mom` are public and read at every `step`, so a
 * 1cycle scheduler can set them before each batch (fastai's ParamScheduler sets `lr`/`mom`
 * in before_batch). State is per variable, created as zeros on first use (like fastai).
 */
export class FastaiAdam {
  lr: number;
  mom: number;
  sqrMom: number;
  eps: number;
  wd: number;
  private readonly slots = new Map<tf.Variable, TfSlot>();

  constructor(hyper: Partial<AdamHyper> & { lr: number }) {
    const h = { ...ADAM_DEFAULTS, ...hyper };
    this.lr = h.lr;
    this.mom = h.mom;
    this.sqrMom = h.sqrMom;
    this.eps = h.eps;
    this.wd = h.wd;
  }

  /** One step for every (variable, gradient) pair. `doWd: false` for biases/batch-norm. */
  step(pairs: ReadonlyArray<{ variable: tf.Variable; grad: tf.Tensor; doWd?: boolean }>): void {
    const { lr, mom, sqrMom, eps, wd } = this;
    for (const { variable, grad, doWd = true } of pairs) {
      let slot = this.slots.get(variable);
      if (!slot) {
        slot = { gradAvg: zerosVariable(variable), sqrAvg: zerosVariable(variable), step: 0 };
        this.slots.set(variable, slot);
      }
      slot.step += 1;
      const debias1 = 1 - mom ** slot.step;
      const debias2 = 1 - sqrMom ** slot.step;
      const decay = doWd && wd !== 0 ? 1 - lr * wd : 1;
      const s = slot;
      tf.tidy(() => {
        const gradAvg = s.gradAvg.mul(mom).add(grad.mul(1 - mom));
        const sqrAvg = s.sqrAvg.mul(sqrMom).add(grad.square().mul(1 - sqrMom));
        const denom = sqrAvg.div(debias2).sqrt().add(eps);
        const p = variable.mul(decay).sub(gradAvg.div(denom).mul(lr / debias1));
        s.gradAvg.assign(gradAvg);
        s.sqrAvg.assign(sqrAvg);
        variable.assign(p);
      });
    }
  }

  /** Frees the optimizer's state variables. */
  dispose(): void {
    for (const s of this.slots.values()) {
      s.gradAvg.dispose();
      s.sqrAvg.dispose();
    }
    this.slots.clear();
  }
}

export function makeAdam(hyper: Partial<AdamHyper> & { lr: number }): FastaiAdam {
  return new FastaiAdam(hyper);
}
