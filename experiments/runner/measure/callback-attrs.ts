/** callback-attrs: card 4's facts about how callbacks hang off the learner (fastai's add_cb), read after fit. */
import { ActivationStats, Recorder, type Learner } from "../../learner/learner.ts";

export function callbackAttrMetrics(learn: Learner): Record<string, number> {
  const rec = learn.recorder;
  const as = learn.activation_stats;
  return {
    attr_recorder: rec instanceof Recorder ? 1 : 0,
    attr_activation_stats: as instanceof ActivationStats ? 1 : 0,
    cbs_contains_all: [rec, as].every((cb) => cb !== undefined && learn.cbs.includes(cb)) ? 1 : 0,
    // fit() adds its ParamScheduler for the duration of the fit only (fit_one_cycle's cbs=...).
    fit_only_cb_removed: learn.param_scheduler === undefined && !learn.cbs.some((cb) => cb.name === "param_scheduler") ? 1 : 0,
  };
}
