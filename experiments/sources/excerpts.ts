// Cards 3 and 4 (and the 1cycle cards) state facts about fastai's API. Their evidence is fastai's own
// source: short excerpts, each pinned to a repository, a full commit and a line range, with the whole
// file's sha256 and git blob id. The files themselves are not committed: fastai/*.json holds a
// fingerprint of each (one sha256 per line), and excerptProblems proves an excerpt is those lines.
// Pure: no I/O (the fingerprints are loaded by ./fingerprints.ts). Re-pinning: see ./README.md.
import { HEX40, HEX64, splitLines, type FileFingerprint } from "./fingerprint.ts";
import { sha256Hex } from "./sha256.ts";

export interface SourceExcerpt {
  /** Stable id, unique across all excerpts, e.g. "activation-stats-hook". */
  id: string;
  /** GitHub "owner/name". */
  repo: string;
  /** Path of the file inside the repository. */
  path: string;
  /** Full 40-hex commit the file was read at. */
  commit: string;
  /** 1-based, inclusive line range of the excerpt in that file. */
  lines: [number, number];
  /** The exact text of those lines, joined with "\n" (no trailing newline). */
  excerpt: string;
  /** sha256 of the whole file. */
  fileSha256: string;
  /** Git blob id of the whole file: sha1("blob " + byteLength + "\0" + content). */
  gitBlobSha1: string;
  /** ISO time the file was fetched. */
  fetchedAt: string;
  /** What this excerpt shows, one plain sentence. */
  shows: string;
  /** https://github.com/<repo>/blob/<commit>/<path>#L<a>-L<b> */
  url: string;
}

/** A file an excerpt comes from (its fingerprint lives in fastai/*.json). */
interface PinnedFile {
  repo: string;
  path: string;
  commit: string;
  fileSha256: string;
  gitBlobSha1: string;
  fetchedAt: string;
}

/** "line 95" or "lines 113–118". */
export const lineRange = ([a, b]: readonly [number, number]): string => (a === b ? `line ${a}` : `lines ${a}–${b}`);

/** Permalink to a line range of a file at a commit. */
export function excerptUrl(repo: string, commit: string, path: string, lines: readonly [number, number]): string {
  return `https://github.com/${repo}/blob/${commit}/${path}#L${lines[0]}-L${lines[1]}`;
}

function x(e: { id: string; file: PinnedFile; lines: [number, number]; excerpt: string; shows: string }): SourceExcerpt {
  const { file } = e;
  return {
    id: e.id,
    repo: file.repo,
    path: file.path,
    commit: file.commit,
    lines: e.lines,
    excerpt: e.excerpt,
    fileSha256: file.fileSha256,
    gitBlobSha1: file.gitBlobSha1,
    fetchedAt: file.fetchedAt,
    shows: e.shows,
    url: excerptUrl(file.repo, file.commit, file.path, e.lines),
  };
}

/**
 * Why an excerpt is not what it claims to be, checked against its file's fingerprint; [] when it is:
 * same repo, path, commit and file hashes, a range inside the file, and each excerpt line's sha256 equal
 * to the fingerprint's hash for that line.
 */
export function excerptProblems(e: SourceExcerpt, fingerprint: FileFingerprint): string[] {
  const where = `excerpt ${e.id}`;
  const problems: string[] = [];
  if (e.repo !== fingerprint.repo || e.path !== fingerprint.path || e.commit !== fingerprint.commit)
    problems.push(`${where}: cites ${e.repo}:${e.path}@${e.commit} but the fingerprint is of ${fingerprint.repo}:${fingerprint.path}@${fingerprint.commit}`);
  if (!HEX40.test(e.commit)) problems.push(`${where}: commit is not 40 lowercase hex digits`);
  if (!HEX64.test(e.fileSha256)) problems.push(`${where}: fileSha256 is not 64 lowercase hex digits`);
  else if (e.fileSha256 !== fingerprint.fileSha256) problems.push(`${where}: fileSha256 differs from the fingerprint's`);
  if (!HEX40.test(e.gitBlobSha1)) problems.push(`${where}: gitBlobSha1 is not 40 lowercase hex digits`);
  else if (e.gitBlobSha1 !== fingerprint.gitBlobSha1) problems.push(`${where}: gitBlobSha1 differs from the fingerprint's`);
  if (e.shows.trim() === "") problems.push(`${where}: says nothing about what it shows`);
  const expectedUrl = excerptUrl(e.repo, e.commit, e.path, e.lines);
  if (e.url !== expectedUrl) problems.push(`${where}: url should be ${expectedUrl}`);

  const [a, b] = e.lines;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a || b > fingerprint.lineCount) {
    problems.push(`${where}: lines ${a}-${b} are not a range inside the file's ${fingerprint.lineCount} lines`);
    return problems;
  }
  const excerptLines = splitLines(e.excerpt);
  const want = b - a + 1;
  if (excerptLines.length !== want || e.excerpt.endsWith("\n"))
    problems.push(`${where}: has ${excerptLines.length} lines${e.excerpt.endsWith("\n") ? " and a trailing newline" : ""} for the ${want} of lines ${a}-${b}`);
  excerptLines.slice(0, want).forEach((line, i) => {
    if (sha256Hex(line) !== fingerprint.lineSha256[a - 1 + i]) problems.push(`${where}: line ${a + i} differs from the file's`);
  });
  return problems;
}

// ---------- the pinned files ----------

const HOOK: PinnedFile = {
  repo: "fastai/fastai",
  path: "fastai/callback/hook.py",
  commit: "2cbe0dd81c017713cf93543d525ea51d14ccc793",
  fileSha256: "c5f48f51eccdceed224f6cd55224646f54b001c7acdeea1811c981a6eb8d171f",
  gitBlobSha1: "d8c62a9592285b23c7ce7efc6a151c23734fdd5e",
  fetchedAt: "2026-12-01T16:00:00Z",
};

const CORE: PinnedFile = {
  repo: "fastai/fastai",
  path: "fastai/callback/core.py",
  commit: "aed484feccef87aedc23db616cce023f3e35ba88",
  fileSha256: "090c05a367150cda598ae9c6f677f3f551b4cc48b7b41a806a1bbd23739e6554",
  gitBlobSha1: "c3cb5ca6df58d27a3c5490276c51c4d4e9420197",
  fetchedAt: "2026-12-01T16:00:00Z",
};

const LEARNER: PinnedFile = {
  repo: "fastai/fastai",
  path: "fastai/learner.py",
  commit: "5bc369c27846819edb825253fbb7bec0213cc2cb",
  fileSha256: "5a4fdef33a192094609c8da5c9b5c31e23aa0e490d69c8dba10595d15a81a5d3",
  gitBlobSha1: "73734e2a44d2a3a29a748e37c61b90365e4363fa",
  fetchedAt: "2026-12-01T16:00:00Z",
};

const SCHEDULE: PinnedFile = {
  repo: "fastai/fastai",
  path: "fastai/callback/schedule.py",
  commit: "510888788cac75075e640adcba6818a05b7fa834",
  fileSha256: "be2e8cbb77efad20c345b61afe93d717d6900272d6104aacce7b161ffe2ebb25",
  gitBlobSha1: "af307b742c0188c92963a891d4e6723b92636aa4",
  fetchedAt: "2026-12-01T16:00:00Z",
};

const BASICS: PinnedFile = {
  repo: "fastai/fastcore",
  path: "fastcore/basics.py",
  commit: "ec5751ced7112bf1257ce43fecde07730cde9020",
  fileSha256: "7eac2907c7c0f731ee80892a246c9f92cd163a584d3e63546e53db40ec781399",
  gitBlobSha1: "d6a3a6c83f969117f1034400c9056f2607931d23",
  fetchedAt: "2026-12-01T16:05:00Z",
};

// ---------- the excerpts ----------

const HOOK_HAS_PARAMS = x({
  id: "hook-has-params",
  file: HOOK,
  lines: [100, 102],
  excerpt: "def has_params(m):\n    \"Check if `m` has at least one parameter\"\n    return len(list(m.parameters())) > 0",
  shows: "`has_params` is true only for a module with at least one parameter, so parameter-free layers such as ReLU are not hooked by default.",
});

const HOOK_CALLBACK_BEFORE_FIT = x({
  id: "hook-callback-before-fit",
  file: HOOK,
  lines: [114, 117],
  excerpt: "    def before_fit(self):\n        \"Register the `Hooks` on `self.modules`.\"\n        if self.modules is None: self.modules = [m for m in flatten_model(self.model) if has_params(m)]\n        if self.every is None: self._register()",
  shows: "Unless given a list of modules, `HookCallback` (the base of `ActivationStats`) hooks every module of the flattened model that has parameters: the convs, and batch-norm layers where present.",
});

const ACTIVATION_STATS_INIT = x({
  id: "activation-stats-init",
  file: HOOK,
  lines: [216, 221],
  excerpt: "class ActivationStats(HookCallback):\n    \"Callback that record the mean and std of activations.\"\n    order=-20\n    def __init__(self, with_hist=False, **kwargs):\n        super().__init__(**kwargs)\n        self.with_hist = with_hist",
  shows: "`ActivationStats` is a `HookCallback`, and its histogram is off unless it is created with `with_hist=True`.",
});

const ACTIVATION_STATS_HOOK = x({
  id: "activation-stats-hook",
  file: HOOK,
  lines: [228, 234],
  excerpt: "    def hook(self, m, i, o):\n        if isinstance(o, tuple): return self.hook_multi_ouput(o)\n        o = o.float()\n        res = {'mean': o.mean().item(), 'std': o.std().item(),\n               'near_zero': (o<=0.05).long().sum().item()/o.numel()}\n        if self.with_hist: res['hist'] = o.histc(40,0,10)\n        return res",
  shows: "For each hooked layer's output it keeps the mean, the standard deviation, `near_zero` (the share of values ≤ 0.05) and, with `with_hist`, `histc(40, 0, 10)`: 40 bins over [0, 10].",
});

const ACTIVATION_STATS_AFTER_BATCH = x({
  id: "activation-stats-after-batch",
  file: HOOK,
  lines: [252, 256],
  excerpt: "    def after_batch(self):\n        \"Take the stored results and puts it in `self.stats`\"\n        if self.training and (self.every is None or self.train_iter%self.every == 0):\n            self.stats.append(self.hooks.stored)\n        super().after_batch()",
  shows: "The per-layer results are appended to `stats` only on training batches (every batch, or one in `every`); validation batches are skipped.",
});

const ACTIVATION_STATS_LAYER_STATS = x({
  id: "activation-stats-layer-stats",
  file: HOOK,
  lines: [258, 260],
  excerpt: "    def layer_stats(self, idx):\n        lstats = self.stats.itemgot(idx)\n        return L(lstats.itemgot(o) for o in ('mean','std','near_zero'))",
  shows: "`layer_stats(idx)` returns the series of mean, std and near_zero of one layer, one value per recorded batch.",
});

const ACTIVATION_STATS_HIST = x({
  id: "activation-stats-hist",
  file: HOOK,
  lines: [262, 264],
  excerpt: "    def hist(self, idx):\n        res = self.stats.itemgot(idx).itemgot('hist')\n        return torch.stack(tuple(res)).t().float().log1p()",
  shows: "`hist(idx)` stacks one layer's per-batch histograms as columns and takes log(1 + count): the picture `color_dim` draws.",
});

const ACTIVATION_STATS_PLOT_LAYER_STATS = x({
  id: "activation-stats-plot-layer-stats",
  file: HOOK,
  lines: [273, 277],
  excerpt: "    def plot_layer_stats(self, idx):\n        _,axs = subplots(1, 3, figsize=(12,3))\n        for o,ax,title in zip(self.layer_stats(idx),axs,('mean','std','% near zero')):\n            ax.plot(o)\n            ax.set_title(title)",
  shows: "`plot_layer_stats(idx)` draws three plots, titled mean, std and % near zero, against the recorded batches.",
});

const CALLBACK_NAME = x({
  id: "callback-name",
  file: CORE,
  lines: [75, 78],
  excerpt: "    @property\n    def name(self):\n        \"Name of the `Callback`, camel-cased and with '*Callback*' removed\"\n        return class2attr(self, 'Callback')",
  shows: "A callback's `name` is `class2attr(self, 'Callback')`: its class name in snake_case with a trailing \"Callback\" removed.",
});

const FASTCORE_CAMEL2SNAKE = x({
  id: "fastcore-camel2snake",
  file: BASICS,
  lines: [438, 441],
  excerpt: "def camel2snake(name):\n    \"Convert CamelCase to snake_case\"\n    s1   = re.sub(_camel_re1, r'\\1_\\2', name)\n    return re.sub(_camel_re2, r'\\1_\\2', s1).lower()",
  shows: "fastcore's `camel2snake` turns CamelCase into snake_case (ActivationStats → activation_stats).",
});

const FASTCORE_CLASS2ATTR = x({
  id: "fastcore-class2attr",
  file: BASICS,
  lines: [449, 451],
  excerpt: "def class2attr(self, cls_name):\n    \"Return the snake-cased name of the class; strip ending `cls_name` if it exists.\"\n    return camel2snake(re.sub(rf'{cls_name}$', '', self.__class__.__name__) or cls_name.lower())",
  shows: "`class2attr` strips the given suffix (here \"Callback\") from the class name and snake-cases the rest (ShowGraphCallback → show_graph, Recorder → recorder).",
});

const LEARNER_DEFAULT_MOMS = x({
  id: "learner-default-moms",
  file: LEARNER,
  lines: [85, 87],
  excerpt: "    def __init__(self, dls, model, loss_func=None, opt_func=Adam, lr=defaults.lr, splitter=trainable_params, cbs=None,\n                 metrics=None, path=None, model_dir='models', wd=None, wd_bn_bias=False, train_bn=True,\n                 moms=(0.95,0.85,0.95)):",
  shows: "A `Learner`'s default momentums are (0.95, 0.85, 0.95), the start, low point and end that `fit_one_cycle` cycles momentum through; the default optimizer is fastai's `Adam`.",
});

const LEARNER_INIT_ADD_CBS = x({
  id: "learner-init-add-cbs",
  file: LEARNER,
  lines: [95, 95],
  excerpt: "        self.add_cbs(L(defaults.callbacks)+L(cbs))",
  shows: "The constructor adds the default callbacks and those passed as `cbs`; they stay attached after training.",
});

const LEARNER_ADD_CB = x({
  id: "learner-add-cb",
  file: LEARNER,
  lines: [113, 118],
  excerpt: "    def add_cb(self, cb):\n        if isinstance(cb, type): cb = cb()\n        cb.learn = self\n        setattr(self, cb.name, cb)\n        self.cbs.append(cb)\n        return self",
  shows: "`add_cb` stores each callback as an attribute under its `name` (`setattr(self, cb.name, cb)`) and also appends it to the list `learn.cbs`.",
});

const LEARNER_REMOVE_CB = x({
  id: "learner-remove-cb",
  file: LEARNER,
  lines: [120, 126],
  excerpt: "    def remove_cb(self, cb):\n        if isinstance(cb, type): self.remove_cbs(self._grab_cbs(cb))\n        else:\n            cb.learn = None\n            if hasattr(self, cb.name): delattr(self, cb.name)\n            if cb in self.cbs: self.cbs.remove(cb)\n        return self",
  shows: "Removing a callback deletes that attribute and takes it out of `learn.cbs`.",
});

const LEARNER_ADDED_CBS = x({
  id: "learner-added-cbs",
  file: LEARNER,
  lines: [128, 132],
  excerpt: "    @contextmanager\n    def added_cbs(self, cbs):\n        self.add_cbs(cbs)\n        try: yield\n        finally: self.remove_cbs(cbs)",
  shows: "`added_cbs` adds callbacks for the duration of a block and removes them again when it ends.",
});

const LEARNER_FIT_ADDED_CBS = x({
  id: "learner-fit-added-cbs",
  file: LEARNER,
  lines: [211, 212],
  excerpt: "    def fit(self, n_epoch, lr=None, wd=None, cbs=None, reset_opt=False):\n        with self.added_cbs(cbs):",
  shows: "`fit` runs inside `added_cbs(cbs)`: callbacks passed only to `fit` are removed when `fit` ends.",
});

const LEARNER_RECORDER_DEFAULT = x({
  id: "learner-recorder-default",
  file: LEARNER,
  lines: [555, 555],
  excerpt: "if Recorder not in defaults.callbacks: defaults.callbacks.append(Recorder)",
  shows: "`Recorder` is one of the default callbacks every `Learner` gets, hence `learn.recorder`.",
});

const SCHED_COS = x({
  id: "sched-cos",
  file: SCHEDULE,
  lines: [40, 40],
  excerpt: "def sched_cos(start, end, pos): return start + (1 + math.cos(math.pi*(1-pos))) * (end-start) / 2",
  shows: "`sched_cos` is a half-cosine from `start` to `end` as `pos` goes from 0 to 1.",
});

const COMBINED_COS = x({
  id: "combined-cos",
  file: SCHEDULE,
  lines: [75, 77],
  excerpt: "def combined_cos(pct, start, middle, end):\n    \"Return a scheduler with cosine annealing from `start`→`middle` & `middle`→`end`\"\n    return combine_scheds([pct,1-pct], [SchedCos(start, middle), SchedCos(middle, end)])",
  shows: "`combined_cos` joins two cosine curves: `start`→`middle` over the first `pct` of training, then `middle`→`end`.",
});

const PARAM_SCHEDULER_AFTER_FIT = x({
  id: "param-scheduler-after-fit",
  file: SCHEDULE,
  lines: [95, 96],
  excerpt: "    def after_fit(self):\n        if hasattr(self.learn, 'recorder') and hasattr(self, 'hps'): self.recorder.hps = self.hps",
  shows: "At the end of fit, `ParamScheduler` copies the hyper-parameters it recorded into `learn.recorder`, which is why `learn.recorder.plot_sched()` still works afterwards.",
});

const FIT_ONE_CYCLE = x({
  id: "fit-one-cycle",
  file: SCHEDULE,
  lines: [105, 113],
  excerpt: "def fit_one_cycle(self:Learner, n_epoch, lr_max=None, div=25., div_final=1e5, pct_start=0.25, wd=None,\n                  moms=None, cbs=None, reset_opt=False):\n    \"Fit `self.model` for `n_epoch` using the 1cycle policy.\"\n    if self.opt is None: self.create_opt()\n    self.opt.set_hyper('lr', self.lr if lr_max is None else lr_max)\n    lr_max = np.array([h['lr'] for h in self.opt.hypers])\n    scheds = {'lr': combined_cos(pct_start, lr_max/div, lr_max, lr_max/div_final),\n              'mom': combined_cos(pct_start, *(self.moms if moms is None else moms))}\n    self.fit(n_epoch, cbs=ParamScheduler(scheds)+L(cbs), reset_opt=reset_opt, wd=wd)",
  shows: "`fit_one_cycle` defaults to `div=25`, `div_final=1e5`, `pct_start=0.25`: the learning rate goes from `lr_max/25` up to `lr_max` over the first 25% of steps, then down to `lr_max/1e5`, and momentum follows the learner's `moms` the opposite way.",
});

const FIT_ONE_CYCLE_FIT_ONLY_CB = x({
  id: "fit-one-cycle-fit-only-cb",
  file: SCHEDULE,
  lines: [113, 113],
  excerpt: "    self.fit(n_epoch, cbs=ParamScheduler(scheds)+L(cbs), reset_opt=reset_opt, wd=wd)",
  shows: "`fit_one_cycle` passes its `ParamScheduler` to `fit` only, so that callback is removed when training ends.",
});

/** Cited excerpts, keyed by experiment id (= a card's experimentId). */
export const SOURCE_EXCERPTS: Record<string, readonly SourceExcerpt[]> = {
  "ch13-activation-stats": [
    HOOK_HAS_PARAMS,
    HOOK_CALLBACK_BEFORE_FIT,
    ACTIVATION_STATS_INIT,
    ACTIVATION_STATS_HOOK,
    ACTIVATION_STATS_AFTER_BATCH,
    ACTIVATION_STATS_LAYER_STATS,
    ACTIVATION_STATS_HIST,
    ACTIVATION_STATS_PLOT_LAYER_STATS,
  ],
  "ch13-callback-access": [
    LEARNER_ADD_CB,
    CALLBACK_NAME,
    FASTCORE_CLASS2ATTR,
    FASTCORE_CAMEL2SNAKE,
    LEARNER_INIT_ADD_CBS,
    LEARNER_RECORDER_DEFAULT,
    LEARNER_REMOVE_CB,
    LEARNER_ADDED_CBS,
    LEARNER_FIT_ADDED_CBS,
    FIT_ONE_CYCLE_FIT_ONLY_CB,
    PARAM_SCHEDULER_AFTER_FIT,
  ],
  "ch13-near-zero-activations": [ACTIVATION_STATS_HOOK],
  "ch13-lr-warmup": [FIT_ONE_CYCLE, COMBINED_COS],
  "ch13-one-cycle-high-lr": [FIT_ONE_CYCLE, COMBINED_COS, SCHED_COS, LEARNER_DEFAULT_MOMS],
  "ch13-lr-annealing": [FIT_ONE_CYCLE, COMBINED_COS, SCHED_COS],
};

/** Every excerpt once, in a stable order. */
export const ALL_EXCERPTS: readonly SourceExcerpt[] = [
  ...new Map(Object.values(SOURCE_EXCERPTS).flat().map((e) => [e.id, e])).values(),
];
