// Sources a reader can open: the fastai book's chapter 13 notebook, fastai's source files and the papers
// the answer key cites, each pinned (a commit, an arXiv id) and given as { text, href }. Pure data and
// string building; no I/O. The headings below were read in the notebook at the pinned commit.
import { ALL_EXCERPTS, type SourceExcerpt } from "./excerpts.ts";

/** A citation a reader can follow. */
export interface Source {
  /** What to show, e.g. 'fastbook ch. 13 “A Simple Baseline” (13_convolutions.ipynb@c3ceea7)'. */
  text: string;
  /** Where it opens: a pinned GitHub blob or an arXiv abstract page. */
  href: string;
}

const short = (commit: string): string => commit.slice(0, 7);
const blobUrl = (repo: string, commit: string, path: string): string => `https://github.com/${repo}/blob/${commit}/${path}`;

// ---------- the book ----------

/** The chapter-13 notebook of fastai/fastbook, pinned at the commit its headings were read at. */
export const FASTBOOK_CH13 = {
  repo: "fastai/fastbook",
  path: "13_convolutions.ipynb",
  commit: "c3ceea7996010ece4ca12957352aee034dfbb00a",
  /** When the notebook was read (its length then: 942,479 characters of .ipynb JSON). */
  fetchedAt: "2026-12-01T16:10:00Z",
  totalChars: 942_479,
} as const;

/**
 * Headings of markdown cells found in 13_convolutions.ipynb at FASTBOOK_CH13.commit, in notebook order,
 * exactly as spelled there (level = number of "#"). Confirmed by reading the notebook's text; not
 * exhaustive (parts of the file not read, mostly image outputs, may hold more, e.g. “Strides and Padding”).
 */
export const CH13_HEADINGS = [
  { level: 1, text: "Convolutional Neural Networks" },
  { level: 2, text: "The Magic of Convolutions" },
  { level: 3, text: "Understanding the Convolution Equations" },
  { level: 2, text: "Our First Convolutional Neural Network" },
  { level: 3, text: "Creating the CNN" },
  { level: 3, text: "Understanding Convolution Arithmetic" },
  { level: 3, text: "Receptive Fields" },
  { level: 3, text: "A Note About Twitter" },
  { level: 2, text: "Color Images" },
  { level: 2, text: "Improving Training Stability" },
  { level: 3, text: "A Simple Baseline" },
  { level: 3, text: "Increase Batch Size" },
  { level: 3, text: "1cycle Training" },
  { level: 3, text: "Batch Normalization" },
  { level: 2, text: "Conclusions" },
  { level: 2, text: "Questionnaire" },
  { level: 3, text: "Further Research" },
] as const;

export type Ch13Heading = (typeof CH13_HEADINGS)[number]["text"];

const HEADING_TEXTS: readonly string[] = CH13_HEADINGS.map((h) => h.text);

/** Whether a heading is one read in the pinned notebook (exact spelling). */
export function isCh13Heading(heading: string): heading is Ch13Heading {
  return HEADING_TEXTS.includes(heading);
}

/** The chapter's questionnaire has 40 questions; these are the ones the deck's nine cards ask, as worded. */
export const CH13_QUESTIONNAIRE_SIZE = 40;
export const CH13_QUESTIONS: Readonly<Record<number, string>> = {
  23: "Why do we double the number of filters after each stride-2 conv?",
  24: "Why do we use a larger kernel in the first conv with MNIST (with `simple_cnn`)?",
  25: "What information does `ActivationStats` save for each layer?",
  26: "How can we access a learner's callback after training?",
  27: "What are the three statistics plotted by `plot_layer_stats`? What does the x-axis represent?",
  28: "Why are activations near zero problematic?",
  29: "What are the upsides and downsides of training with a larger batch size?",
  30: "Why should we avoid using a high learning rate at the start of training?",
  31: "What is 1cycle training?",
  32: "What are the benefits of training with a high learning rate?",
  33: "Why do we want to use a low learning rate at the end of training?",
};

const notebookHref = blobUrl(FASTBOOK_CH13.repo, FASTBOOK_CH13.commit, FASTBOOK_CH13.path);
const notebookTag = `${FASTBOOK_CH13.path}@${short(FASTBOOK_CH13.commit)}`;

/** A chapter-13 section by its heading; throws for a heading not found in the pinned notebook. */
export function bookSection(heading: Ch13Heading): Source {
  if (!isCh13Heading(heading)) throw new Error(`“${heading}” is not a heading of ${notebookTag}`);
  return { text: `fastbook ch. 13 “${heading}” (${notebookTag})`, href: notebookHref };
}

/** A question (or an inclusive range of questions) of the chapter-13 questionnaire. */
export function questionnaire(q: number | readonly [number, number]): Source {
  const [a, b] = typeof q === "number" ? [q, q] : q;
  if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 1 && b >= a && b <= CH13_QUESTIONNAIRE_SIZE))
    throw new Error(`no question ${a === b ? a : `${a}–${b}`} in the chapter-13 questionnaire`);
  const which = a === b ? `#${a}` : `#${a}–#${b}`;
  return { text: `fastbook ch. 13 “Questionnaire” ${which} (${notebookTag})`, href: notebookHref };
}

// ---------- fastai's source ----------

/** Upstream files cited by the answer key, each pinned at a commit. */
export const FASTAI_FILES = {
  "fastai/callback/hook.py": { repo: "fastai/fastai", commit: "2cbe0dd81c017713cf93543d525ea51d14ccc793" },
  "fastai/callback/core.py": { repo: "fastai/fastai", commit: "aed484feccef87aedc23db616cce023f3e35ba88" },
  "fastai/learner.py": { repo: "fastai/fastai", commit: "5bc369c27846819edb825253fbb7bec0213cc2cb" },
  "fastai/callback/schedule.py": { repo: "fastai/fastai", commit: "510888788cac75075e640adcba6818a05b7fa834" },
  "fastai/optimizer.py": { repo: "fastai/fastai", commit: "dacb7b05c5a7585a79071d1d560d049868c4e037" },
  "fastcore/basics.py": { repo: "fastai/fastcore", commit: "ec5751ced7112bf1257ce43fecde07730cde9020" },
} as const satisfies Record<string, { repo: string; commit: string }>;

export type FastaiPath = keyof typeof FASTAI_FILES;

/** Symbols whose lines are pinned by an excerpt (see ./excerpts.ts): their links open at those lines. */
export const SYMBOL_EXCERPTS: Readonly<Record<string, string>> = {
  "fastai/callback/hook.py#has_params": "hook-has-params",
  "fastai/callback/hook.py#HookCallback.before_fit": "hook-callback-before-fit",
  "fastai/callback/hook.py#ActivationStats": "activation-stats-init",
  "fastai/callback/hook.py#ActivationStats.hook": "activation-stats-hook",
  "fastai/callback/hook.py#ActivationStats.after_batch": "activation-stats-after-batch",
  "fastai/callback/hook.py#ActivationStats.plot_layer_stats": "activation-stats-plot-layer-stats",
  "fastai/callback/hook.py#ActivationStats.hist": "activation-stats-hist",
  "fastai/callback/core.py#Callback.name": "callback-name",
  "fastai/learner.py#Learner.add_cb": "learner-add-cb",
  "fastai/learner.py#Learner.remove_cb": "learner-remove-cb",
  "fastai/learner.py#added_cbs": "learner-added-cbs",
  "fastai/learner.py#Learner.fit": "learner-fit-added-cbs",
  "fastai/callback/schedule.py#fit_one_cycle": "fit-one-cycle",
  "fastai/callback/schedule.py#combined_cos": "combined-cos",
  "fastai/callback/schedule.py#sched_cos": "sched-cos",
  "fastcore/basics.py#class2attr": "fastcore-class2attr",
  "fastcore/basics.py#camel2snake": "fastcore-camel2snake",
};

const excerptById = (id: string): SourceExcerpt | undefined => ALL_EXCERPTS.find((e) => e.id === id);

/**
 * A fastai (or fastcore) file at its pinned commit, optionally naming a symbol in it. When the symbol's
 * lines are pinned by an excerpt the link opens at them.
 */
export function fastaiFile(path: FastaiPath, symbol?: string): Source {
  const pin = FASTAI_FILES[path];
  if (!pin) throw new Error(`${path} is not a pinned fastai file`);
  const excerpt = symbol ? excerptById(SYMBOL_EXCERPTS[`${path}#${symbol}`] ?? "") : undefined;
  const names = symbol ? ` (${symbol})` : "";
  return {
    text: `${pin.repo} ${path}${names} @${short(pin.commit)}`,
    href: excerpt && excerpt.repo === pin.repo && excerpt.commit === pin.commit ? excerpt.url : blobUrl(pin.repo, pin.commit, path),
  };
}

// ---------- papers ----------

export const PAPERS = {
  "1812.06162": { cite: "McCandlish et al. 2018", title: "An Empirical Model of Large-Batch Training" },
  "1708.07120": { cite: "Smith & Topin 2017", title: "Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates" },
  "1803.09820": { cite: "Smith 2018", title: "A disciplined approach to neural network hyper-parameters: Part 1" },
  "1609.04836": { cite: "Keskar et al. 2016", title: "On Large-Batch Training for Deep Learning: Generalization Gap and Sharp Minima" },
  "1502.03167": { cite: "Ioffe & Szegedy 2015", title: "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift" },
  "1706.02677": { cite: "Goyal et al. 2017", title: "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour" },
  "1512.03385": { cite: "He et al. 2015", title: "Deep Residual Learning for Image Recognition" },
} as const;

export type ArxivId = keyof typeof PAPERS;

/** A paper by its arXiv id, linking to its abstract page. */
export function paper(id: ArxivId): Source {
  const p = PAPERS[id];
  if (!p) throw new Error(`arXiv ${id} is not a listed paper`);
  return { text: `${p.cite}, “${p.title}” (arXiv ${id})`, href: `https://arxiv.org/abs/${id}` };
}

// ---------- per card ----------

/** Where the facts behind the answer key are written out, with these same citations (a repository file). */
export const FACTS_DOC_PATH = "docs/fastbook-ch13.md";

/**
 * Readable sources for each card, keyed by experiment id (= the card's experimentId). Source-code
 * excerpts for the API facts are in SOURCE_EXCERPTS (./excerpts.ts).
 */
export const CARD_SOURCES: Readonly<Record<string, readonly Source[]>> = {
  "ch13-double-filters": [
    bookSection("Creating the CNN"),
    bookSection("Understanding Convolution Arithmetic"),
    bookSection("Receptive Fields"),
    questionnaire(23),
  ],
  "ch13-first-kernel-size": [bookSection("A Simple Baseline"), questionnaire(24)],
  "ch13-activation-stats": [
    bookSection("A Simple Baseline"),
    questionnaire(25),
    fastaiFile("fastai/callback/hook.py", "ActivationStats.hook"),
    fastaiFile("fastai/callback/hook.py", "HookCallback.before_fit"),
  ],
  "ch13-callback-access": [
    bookSection("A Simple Baseline"),
    bookSection("1cycle Training"),
    questionnaire(26),
    fastaiFile("fastai/learner.py", "Learner.add_cb"),
    fastaiFile("fastai/learner.py", "Learner.fit"),
    fastaiFile("fastai/callback/core.py", "Callback.name"),
    fastaiFile("fastcore/basics.py", "class2attr"),
  ],
  "ch13-near-zero-activations": [
    bookSection("A Simple Baseline"),
    bookSection("1cycle Training"),
    bookSection("Batch Normalization"),
    questionnaire(28),
    fastaiFile("fastai/callback/hook.py", "ActivationStats.hook"),
  ],
  "ch13-batch-size": [bookSection("Increase Batch Size"), questionnaire(29), paper("1812.06162"), paper("1609.04836")],
  "ch13-lr-warmup": [
    bookSection("A Simple Baseline"),
    bookSection("1cycle Training"),
    questionnaire(30),
    fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"),
    paper("1706.02677"),
    paper("1803.09820"),
  ],
  "ch13-one-cycle-high-lr": [
    bookSection("1cycle Training"),
    bookSection("Batch Normalization"),
    questionnaire([31, 32]),
    fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"),
    fastaiFile("fastai/callback/schedule.py", "combined_cos"),
    paper("1708.07120"),
    paper("1803.09820"),
    paper("1609.04836"),
    paper("1502.03167"),
  ],
  "ch13-lr-annealing": [
    bookSection("1cycle Training"),
    questionnaire(33),
    fastaiFile("fastai/callback/schedule.py", "fit_one_cycle"),
    paper("1803.09820"),
  ],
};
