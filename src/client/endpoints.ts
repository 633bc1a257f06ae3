/**
 * Failover across routers: the list of endpoints a session may use and which one is next. Each
 * connection attempt takes the next endpoint (in order, or at random), so a session moves on
 * when its router goes away; restore works the same on any of them.
 * @module
 */

/** How the next endpoint is chosen. */
export type FailoverStrategy = 'roundrobin' | 'random';

/** The endpoints of a session, and the one in use. @internal */
export class Endpoints {
  readonly #urls: readonly string[];
  readonly #strategy: FailoverStrategy;
  readonly #random: () => number;
  #index = -1;

  /**
   * @param urls - the routers' URLs, at least one.
   * @param strategy - `roundrobin` (default) walks the list in order; `random` picks any other.
   * @param random - uniform numbers in [0, 1) (default `Math.random`).
   * @throws `TypeError` on an empty list.
   */
  constructor(urls: readonly string[], strategy: FailoverStrategy = 'roundrobin', random: () => number = Math.random) {
    if (urls.length === 0) throw new TypeError('at least one router URL is needed');
    this.#urls = [...urls];
    this.#strategy = strategy;
    this.#random = random;
  }

  /** The endpoint the next attempt uses (and from then on the current one). */
  next(): string {
    const n = this.#urls.length;
    if (this.#strategy === 'random' && n > 1) {
      // Any endpoint but the one that just failed.
      const pick = Math.floor(this.#random() * (this.#index < 0 ? n : n - 1));
      this.#index = this.#index < 0 || pick < this.#index ? pick : pick + 1;
    } else {
      this.#index = (this.#index + 1) % n;
    }
    return this.#urls[this.#index]!;
  }

  /** The endpoint in use (or last tried). */
  get current(): string | undefined {
    return this.#index < 0 ? undefined : this.#urls[this.#index];
  }
}
