/**
 * Failover across routers: the endpoints a session may use, which one is next, and which one is in
 * use. Each connection attempt takes the next endpoint (in order, or at random among the others),
 * so a session moves on when its router goes away; restore works the same on any of them.
 * @module
 */

/** How the next endpoint is chosen: in list order, wrapping around, or at random among the others. */
export type FailoverStrategy = 'roundrobin' | 'random';

/** The endpoints of a session, the one in use, and the next one. @internal */
export class Endpoints<T> {
  readonly #items: readonly T[];
  readonly #strategy: FailoverStrategy;
  readonly #random: () => number;
  #index = -1;

  /**
   * @param items - the endpoints (URLs, connectors), at least one.
   * @param strategy - `roundrobin` (default) starts with the first endpoint and walks the list in
   *   order; `random` starts anywhere (spreading sessions over the routers) and then picks any
   *   endpoint but the current one.
   * @param random - uniform numbers in [0, 1) (default `Math.random`).
   * @throws `TypeError` on an empty list or an unknown strategy.
   */
  constructor(items: readonly T[], strategy: FailoverStrategy = 'roundrobin', random: () => number = Math.random) {
    if (items.length === 0) throw new TypeError('at least one endpoint is needed');
    if (strategy !== 'roundrobin' && strategy !== 'random') throw new TypeError(`failover must be 'roundrobin' or 'random', not ${JSON.stringify(strategy)}`);
    this.#items = Object.isFrozen(items) ? items : [...items]; // a frozen list cannot change under us: no copy
    this.#strategy = strategy;
    this.#random = random;
  }

  /** How many endpoints there are. */
  get size(): number {
    return this.#items.length;
  }

  /** The endpoint the next attempt uses (from then on the current one). */
  next(): T {
    const n = this.#items.length;
    const random = (k: number): number => Math.min(k - 1, Math.floor(this.#random() * k));
    if (this.#index < 0) this.#index = this.#strategy === 'random' ? random(n) : 0;
    else if (this.#strategy === 'random' && n > 1) {
      // Any endpoint but the current one (it just failed, or we were told to move on).
      const pick = random(n - 1);
      this.#index = pick < this.#index ? pick : pick + 1;
    } else {
      this.#index = (this.#index + 1) % n;
    }
    return this.#items[this.#index]!;
  }

  /** The endpoint in use (or last tried); `undefined` before the first attempt. */
  get current(): T | undefined {
    return this.#index < 0 ? undefined : this.#items[this.#index];
  }
}
