/** What a cache entry holds: a decision, or the request still asking for it. */
interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/**
 * Decisions by key for `ttlMs`, at most `maxEntries` of them (the oldest go first).
 * Concurrent asks for one key share one request; a request that fails is forgotten,
 * so the next ask asks again.
 */
export class DecisionCache<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: {
    ttlMs: number;
    maxEntries: number;
    now?: () => number;
  }) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The cached value of `key`, else the one `load` resolves to (then cached). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.value;
    }
    this.#entries.delete(key);
    const value = load();
    const entry = { value, expiresAt: now + this.#ttlMs };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) {
        this.#entries.delete(key);
      }
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return value;
  }
}
