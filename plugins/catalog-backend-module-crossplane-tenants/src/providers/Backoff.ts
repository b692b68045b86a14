/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** The first delay. */
  initialMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
  /** A number in [0, 1); `Math.random` unless a test gives its own. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter: each delay doubles up to `maxMs`, and what
 * is waited is a random point in its upper half, so that clusters and watches
 * failing together do not retry together. It grows until `reset()`.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions) {
    this.#initialMs = options.initialMs;
    this.#maxMs = options.maxMs;
    this.#random = options.random ?? Math.random;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The next delay to wait, in ms. */
  next(): number {
    const ceiling = Math.min(
      this.#maxMs,
      this.#initialMs * 2 ** Math.min(this.#attempt, 30),
    );
    this.#attempt++;
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
