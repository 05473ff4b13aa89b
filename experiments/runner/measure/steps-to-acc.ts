/** steps-to-acc: how many optimizer steps a run needs to reach a validation accuracy. */
import { evaluateSync } from "../../learner/evaluate.ts";
import { Callback, type Learner } from "../../learner/learner.ts";

/** Evaluates on a validation subset every `every` steps; records the first step reaching `target` (-1: never). */
export class StepsToAccuracy extends Callback {
  static override readonly className = "StepsToAccuracy";
  reachedAt = -1;
  checks: Array<{ step: number; accuracy: number }> = [];
  constructor(
    readonly every: number,
    readonly idx: ArrayLike<number>,
    readonly target: number,
  ) {
    super();
  }
  override beforeFit(): void {
    this.reachedAt = -1;
    this.checks = [];
  }
  override afterStep(learn: Learner): void {
    const step = learn.trainIter + 1;
    if (this.reachedAt >= 0 || step % this.every !== 0) return;
    const { accuracy } = evaluateSync(learn.model, learn.data, this.idx);
    this.checks.push({ step, accuracy });
    if (accuracy >= this.target) this.reachedAt = step;
  }
}
