// Chapter 13 of the fastai book ("Convolutional Neural Networks"): nine
// questionnaire cards. Questions follow the book's wording; answers are written
// from the chapter's facts in docs/fastbook-ch13.md and cite their sources.
// Pure data: no imports, no I/O.

export interface SeedCard {
  externalId: string; // stable key: "ch13-q1" … "ch13-q9"
  position: number; // 1..9, the seed's order
  experimentId: string; // one distinct kebab-case id per card, prefixed "ch13-"
  front: string; // Markdown question
  back: string; // Markdown answer
}

export const CHAPTER13_DECK: {
  slug: "fastbook-ch13";
  title: string;
  description: string;
} = {
  slug: "fastbook-ch13",
  title: "fastai book, chapter 13: Convolutional neural networks",
  description:
    "Nine questions from the chapter 13 questionnaire on CNN design and training stability. " +
    "Each answer is written from the book and the fastai source code, and cites them.",
};

/** Join Markdown lines; keeps the long answers readable in source. */
const md = (...lines: string[]): string => lines.join("\n");

const BOOK = "fastbook `13_convolutions.ipynb`";

export const CHAPTER13_CARDS: readonly SeedCard[] = [
  {
    externalId: "ch13-q1",
    position: 1,
    experimentId: "ch13-double-filters",
    front: "Why do we double the number of filters after each stride-2 conv?",
    back: md(
      "A stride-2 conv halves the grid's height and width, so the next activation map has only about a quarter as many positions. " +
        "Doubling the filters at the same time keeps each layer's amount of computation roughly constant, so the network's capacity " +
        "does not drop too fast — and the deeper layers, which compute richer features, do not get less compute than the early ones.",
      "",
      "- **Positions ÷ 4:** e.g. 14×14 = 196 → 7×7 = 49 (exactly ÷ 4 for even sizes; odd sizes round up with padding, 7×7 → 4×4).",
      "- **Weights per position × 4:** doubling both input and output channels quadruples the kernel, 3×3×4×8 = 288 → 3×3×8×16 = 1,152.",
      "- **Same cost:** the book's arithmetic (its first `simple_cnn`, channels 4 → 8 → 16) gives $196 \\times 288 = 49 \\times 1152 = 56{,}448$ multiplications for both layers (biases ignored).",
      "- In the MNIST `simple_cnn` the channels go 8 → 16 → 32 → 64 while the grid goes 28 → 14 → 7 → 4 → 2 → 1.",
      "- It is a design rule of thumb: the book explains it but does not train a constant-width network to compare.",
      "",
      `**Sources:** ${BOOK}, sections “Creating the CNN” and “Understanding Convolution Arithmetic”; questionnaire #23.`,
    ),
  },
  {
    externalId: "ch13-q2",
    position: 2,
    experimentId: "ch13-first-kernel-size",
    front: "Why do we use a larger kernel in the first conv with MNIST (with `simple_cnn`)?",
    back: md(
      "With a one-channel image and 8 filters, a 3×3 first layer would turn 9 pixels into 8 numbers at each position: almost no " +
        "compression, so the layer is not pushed to learn much. A network only builds useful features when it is forced to, i.e. when " +
        "an operation has far fewer outputs than inputs. A 5×5 kernel sees 25 pixels for the same 8 outputs.",
      "",
      "- MNIST has a single channel, so a k×k window holds k² inputs: 3×3 → 9, 5×5 → 25.",
      "- The book's first layer is `conv(1, 8, ks=5)`: padding `ks//2` = 2, stride 2, so 28×28 → 14×14.",
      "- Later layers can stay 3×3 because their input already has several channels (3×3×8 = 72 inputs feeding 16 outputs in layer 2).",
      "- This is the book's reasoning; it does not train a 3×3 version to compare.",
      "",
      `**Sources:** ${BOOK}, section “A Simple Baseline”; questionnaire #24.`,
    ),
  },
  {
    externalId: "ch13-q3",
    position: 3,
    experimentId: "ch13-activation-stats",
    front: "What information does `ActivationStats` save for each layer?",
    back: md(
      "For every layer it hooks, on every training batch, `ActivationStats` saves the activations' **mean**, **standard deviation** " +
        "and **`near_zero`**, the share of values ≤ 0.05. With `with_hist=True` it also saves a **histogram** of the values.",
      "",
      "- **Which layers:** by default every module that has parameters: the convs, and the batch-norm layers where present, but not the ReLUs. " +
        "In `simple_cnn` each `conv` is `Conv2d` followed by ReLU, so the stats describe conv outputs *before* the activation function.",
      "- **When:** after each training batch only (validation batches are skipped); `every=n` keeps one batch in n. " +
        "Results go to `learn.activation_stats.stats`, one entry per batch holding one dict per layer.",
      "- **`near_zero`** counts every value ≤ 0.05, negatives included, i.e. the values a ReLU would turn into (about) zero.",
      "- **Histogram:** `histc(40, 0, 10)`, 40 bins over [0, 10]; values outside that range, all negatives included, are dropped.",
      "- It does not save minimums, maximums or per-channel values.",
      "- **Plots:** `plot_layer_stats(i)` shows mean, std and % near zero per batch; `color_dim(i)` stacks the log-scaled histograms, " +
        "one column per batch (the “colorful dimension” plot).",
      "- This is a fact about fastai's API: the evidence is the source code cited below.",
      "",
      `**Sources:** ${BOOK}, section “A Simple Baseline”; questionnaire #25. fastai \`fastai/callback/hook.py\` (\`HookCallback\`, \`ActivationStats\`).`,
    ),
  },
  {
    externalId: "ch13-q4",
    position: 4,
    experimentId: "ch13-callback-access",
    front: "How can we access a learner's callback after training?",
    back: md(
      "As an attribute of the learner. When a callback is added, `Learner` stores it under its class name in snake_case with a " +
        "trailing `Callback` removed, so after training you can use `learn.activation_stats` for `ActivationStats` and `learn.recorder` for `Recorder`. " +
        "All callbacks are also in the list `learn.cbs`.",
      "",
      "- **How it works:** `Learner.add_cb` runs `setattr(self, cb.name, cb)`, and `Callback.name` is `class2attr(self, 'Callback')`, " +
        "which is fastcore's `camel2snake` applied to the class name without the suffix (e.g. `ShowGraphCallback` → `learn.show_graph`).",
      "- Callbacks passed to the `Learner` constructor, as the book does with `cbs=ActivationStats(with_hist=True)`, stay attached after `fit`, " +
        "so their data and plots are still there: the book calls `learn.activation_stats.plot_layer_stats(-2)` and `learn.recorder.plot_sched()`.",
      "- Callbacks passed only to `fit(..., cbs=...)` are removed again when `fit` ends.",
      "- This is a fact about fastai's API: the evidence is the source code cited below.",
      "",
      `**Sources:** ${BOOK}, sections “A Simple Baseline” and “1cycle Training”; questionnaire #26. ` +
        "fastai `fastai/learner.py` (`Learner.add_cb`, `added_cbs`), `fastai/callback/core.py` (`Callback.name`); " +
        "fastcore `basics.py` (`class2attr`, `camel2snake`).",
    ),
  },
  {
    externalId: "ch13-q5",
    position: 5,
    experimentId: "ch13-near-zero-activations",
    front: "Why are activations near zero problematic?",
    back: md(
      "An activation near zero does no useful work: whatever weight multiplies it, the result is about zero, so that part of the " +
        "computation is wasted. Zeros also spread, because zeros in one layer tend to produce more zeros in the next. " +
        "A network whose activations are mostly near zero trains slowly and ends up with poor results.",
      "",
      "- A ReLU channel that outputs zero for every input also gets zero gradient, so its weights stop changing.",
      "- **The book's evidence:** in its baseline (`fit(1, 0.06)`, constant learning rate, no batch norm), `plot_layer_stats` shows most " +
        "activations near zero, worse toward the end of the network. The model collapsed to predicting one class: accuracy 0.1135, validation loss 2.3059.",
      "- `near_zero` counts conv outputs ≤ 0.05 (before the ReLU), so it measures the share a ReLU would zero out.",
      "- With 1cycle, `color_dim` still shows cycles of activations growing and collapsing; with batch norm added the book sees a smooth " +
        "development of activations, and accuracy rises to 0.9864 after one epoch.",
      "",
      `**Sources:** ${BOOK}, sections “A Simple Baseline”, “1cycle Training” and “Batch Normalization”; questionnaire #28. ` +
        "fastai `fastai/callback/hook.py` (`ActivationStats`).",
    ),
  },
  {
    externalId: "ch13-q6",
    position: 6,
    experimentId: "ch13-batch-size",
    front: "What are the upsides and downsides of training with a larger batch size?",
    back: md(
      "**Upside:** each gradient is computed from more data, so it is more accurate (less noisy). " +
        "**Downside:** an epoch has fewer batches, so the model gets fewer weight updates per epoch.",
      "",
      "- For items sampled independently, the noise in an averaged gradient shrinks roughly as $1/\\text{bs}$ in variance, " +
        "but with diminishing returns past some batch size (McCandlish et al.'s gradient noise scale).",
      "- On the 60,000 MNIST training images, bs 64 gives about 940 updates per epoch, and bs 512 about 120.",
      "- Larger batches also need more memory. That is true, but it is not the point the book makes.",
      "- **Honest limit:** the book does not show that a larger batch *alone* fixes training. Its bs=512 run at a constant learning rate " +
        "collapsed just like bs=64 (accuracy 0.1135, validation loss 2.3027); what fixed it was 1cycle (0.9743).",
      "- Nothing here shows that large batches generalize worse or reduce overfitting. That is a separate claim (Keskar et al.) " +
        "which a one-epoch MNIST run cannot test.",
      "",
      `**Sources:** ${BOOK}, section “Increase Batch Size”; questionnaire #29. ` +
        "McCandlish et al., gradient noise scale (arXiv 1812.06162); Keskar et al., sharp minima (arXiv 1609.04836).",
    ),
  },
  {
    externalId: "ch13-q7",
    position: 7,
    experimentId: "ch13-lr-warmup",
    front: "Why should we avoid using a high learning rate at the start of training?",
    back: md(
      "At the start, the weights are random and not yet suited to the task, so large steps can make training diverge straight away. " +
        "Starting with a low learning rate and warming up to the high one (the first phase of 1cycle) avoids this.",
      "",
      "- With `fit_one_cycle(1, 0.06)` fastai starts at `lr_max/div` = 0.06 / 25 = 0.0024 and warms up to 0.06 over the first 25% of steps (`pct_start=0.25`).",
      "- **The book's evidence:** a constant 0.06 from step one collapsed (accuracy 0.1135 at bs 64 and at bs 512); " +
        "`fit_one_cycle(1, 0.06)` at bs 512 reached 0.9743.",
      "- **Honest limit:** that comparison changes warmup, annealing and momentum all at once, so it cannot credit warmup alone. " +
        "Separating them needs a warmup × annealing comparison.",
      "- Warmup is also the standard fix for large learning rates in large-batch training (Goyal et al.).",
      "",
      `**Sources:** ${BOOK}, sections “A Simple Baseline” and “1cycle Training”; questionnaire #30. ` +
        "fastai `fastai/callback/schedule.py` (`fit_one_cycle`); Goyal et al. (arXiv 1706.02677); Smith (arXiv 1803.09820).",
    ),
  },
  {
    externalId: "ch13-q8",
    position: 8,
    experimentId: "ch13-one-cycle-high-lr",
    front: "What is 1cycle training, and what are the benefits of training with a high learning rate?",
    back: md(
      "**1cycle** (Leslie Smith) is a learning-rate schedule with two phases: the rate warms up from a minimum to a maximum, then anneals " +
        "down to far below the starting minimum. **High learning rates** make training faster (Smith calls this “super-convergence”) " +
        "and can reduce overfitting, because large steps skip over sharp local minima and land in smoother regions that generalize better.",
      "",
      "- **fastai's `fit_one_cycle`:** cosine curves for both phases; starts at `lr_max/25`, peaks after 25% of steps, ends at `lr_max/1e5` " +
        "(for 0.06: 0.0024 → 0.06 → 6×10⁻⁷).",
      "- **Momentum moves the opposite way:** 0.95 → 0.85 → 0.95, low while the learning rate is high.",
      "- **The book's numbers (bs 512):** constant 0.06 → 0.1135 (collapsed); `fit_one_cycle(1, 0.06)` → 0.9743; with batch norm → 0.9864; " +
        "batch norm, `fit_one_cycle(5, 0.1)` → 0.9912.",
      "- These runs show that 1cycle makes a high learning rate usable. They do not measure the flat-minimum explanation, which remains " +
        "the book's and Smith's hypothesis.",
      "",
      `**Sources:** ${BOOK}, sections “1cycle Training” and “Batch Normalization”; questionnaire #31–#32. ` +
        "fastai `fastai/callback/schedule.py` (`fit_one_cycle`, `combined_cos`); Smith & Topin, Super-Convergence (arXiv 1708.07120); " +
        "Smith, A disciplined approach to neural network hyper-parameters (arXiv 1803.09820).",
    ),
  },
  {
    externalId: "ch13-q9",
    position: 9,
    experimentId: "ch13-lr-annealing",
    front: "Why do we want to use a low learning rate at the end of training?",
    back: md(
      "Once the high-learning-rate phase has found a good, smooth region of the loss surface, small steps let the weights settle " +
        "into the best part of it. If the rate stayed high, the steps would keep jumping over the minimum.",
      "",
      "- 1cycle's second phase cosine-anneals from `lr_max` to `lr_max/1e5` (`div_final=1e5`), far below the starting rate, " +
        "while momentum climbs back from 0.85 to 0.95.",
      "- **Honest limit:** the book's comparison (constant rate vs 1cycle) changes warmup, annealing and momentum together, so it cannot " +
        "credit annealing alone. A warmup × annealing comparison can separate the two.",
      "",
      `**Sources:** ${BOOK}, section “1cycle Training”; questionnaire #33. ` +
        "fastai `fastai/callback/schedule.py` (`fit_one_cycle`); Smith (arXiv 1803.09820).",
    ),
  },
] as const;
