/**
 * The table of requests waiting for the router's answer, keyed by request id.
 * @internal
 * @module
 */

/** One outstanding request. */
export interface Pending<T> {
  /** Settles the request with its answer. */
  resolve(value: T): void;
  /** Settles the request with an error. */
  reject(error: Error): void;
}

/** Outstanding requests by id: a plain Map with `rejectAll` for a session that ends. */
export class PendingRequests<T, P extends Pending<T> = Pending<T>> {
  readonly #map = new Map<number, P>();

  /** Adds a request. */
  add(id: number, pending: P): void {
    this.#map.set(id, pending);
  }

  /** The request with this id, if outstanding. */
  get(id: number): P | undefined {
    return this.#map.get(id);
  }

  /** Removes and returns the request with this id. */
  take(id: number): P | undefined {
    const p = this.#map.get(id);
    if (p !== undefined) this.#map.delete(id);
    return p;
  }

  /** How many requests are outstanding. */
  get size(): number {
    return this.#map.size;
  }

  /** Rejects and removes every outstanding request. */
  rejectAll(error: Error): void {
    const all = [...this.#map.values()];
    this.#map.clear();
    for (const p of all) p.reject(error);
  }
}
