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

  /**
   * Adds a request and sends it (one path for every request): when `send` reports a failure
   * (the message cannot be encoded, the transport refused it), the request is taken back and
   * rejected with that error, so nothing is left waiting for an answer that cannot come.
   */
  addAndSend(id: number, pending: P, send: () => Error | undefined): void {
    this.#map.set(id, pending);
    const failed = send();
    if (failed && this.#map.get(id) === pending) {
      this.#map.delete(id);
      pending.reject(failed);
    }
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
