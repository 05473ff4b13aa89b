// A concurrency cap (pure, no I/O): at most `max` tasks run at once, the rest wait in order,
// and a task is refused at once when too many already wait. argon2 runs on libuv's thread pool
// (4 threads by default), which session decoding and file reads share: capping it leaves them
// threads even during a burst of sign-ups.

export class Busy extends Error {
  constructor() {
    super("busy");
    this.name = "Busy";
  }
}

export class WorkLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Most tasks seen running at once (for tests and logs). */
  peak = 0;

  constructor(
    readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  get load() {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Runs `task` when a slot is free; `maxWaiting` (default the limit's) lets a caller give up sooner. */
  async run<T>(task: () => Promise<T>, maxWaiting = this.maxWaiting): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= maxWaiting) throw new Busy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
