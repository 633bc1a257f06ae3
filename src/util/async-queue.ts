/**
 * An unbounded push queue consumed as an async iterable: the shape of progressive results,
 * progressive invocations and status streams.
 * @internal
 * @module
 */

/** A queue that producers push into and one consumer iterates. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #done = false;
  #error: unknown = undefined;
  #failed = false;
  #wake: (() => void) | undefined;
  #iterating = false;

  /** Adds an item (ignored after `end` or `fail`). */
  push(item: T): void {
    if (this.#done) return;
    this.#items.push(item);
    this.#signal();
  }

  /** Ends the stream after the items already pushed. */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#signal();
  }

  /** Ends the stream with an error, thrown by the iterator after the items already pushed. */
  fail(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#failed = true;
    this.#error = error;
    this.#signal();
  }

  /** Whether `end` or `fail` was called. */
  get ended(): boolean {
    return this.#done;
  }

  #signal(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /**
   * Iterates the items. Only one consumer may iterate.
   * @throws `Error` on a second iteration; the `fail` error after the pushed items.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    if (this.#iterating) throw new Error('this stream is already being iterated');
    this.#iterating = true;
    for (;;) {
      if (this.#items.length > 0) {
        yield this.#items.shift()!;
        continue;
      }
      if (this.#done) {
        if (this.#failed) throw this.#error;
        return;
      }
      await new Promise<void>((r) => (this.#wake = r));
    }
  }
}
