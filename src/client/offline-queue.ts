/**
 * A bounded queue for calls and publishes made while a session is reconnecting (opt-in): they
 * wait, in order, and go out once the session is back and restored. Every entry settles: sent
 * (then as the request itself does), or rejected with `SessionClosedError` when the queue is
 * full, when it waited too long, or when the session ends for good; a call's own `timeoutMs`
 * counts from when it was made, and its `signal` cancels it while it waits. Loaded with the role
 * module (`roles/lazy-roles.ts`); its options live in `offline-queue-options.ts`.
 * @module
 */
import { SessionClosedError } from '../errors.js';
import { offlineQueueBounds, type OfflineQueueOptions, type PendingRequest } from './offline-queue-options.js';

export { OFFLINE_QUEUE_DEFAULTS, offlineQueueBounds, type OfflineQueueOptions, type PendingRequest } from './offline-queue-options.js';

/** What bounds one queued request besides the queue's own age limit. @internal */
export interface QueuedBounds {
  /** Its own time limit, in ms from now (a call's `timeoutMs`), and the error when it passes. */
  readonly limitMs?: number;
  readonly onLimit?: () => Error;
  /** Cancels it while it waits, with this error. */
  readonly signal?: AbortSignal;
  readonly onAbort?: () => Error;
}

interface Entry extends PendingRequest {
  /** Sends it for real once the session is back; its promise settles the caller's. */
  readonly send: (waitedMs: number) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly unlisten: () => void;
}

/** The queue of one session. @internal */
export class OfflineQueue {
  readonly #maxCount: number;
  readonly #maxAgeMs: number;
  #entries: Entry[] = [];

  /** @throws {@link UsageError} when `maxCount` or `maxAgeMs` is not a number it can use. */
  constructor(options: OfflineQueueOptions) {
    const bounds = offlineQueueBounds(options);
    this.#maxCount = bounds.maxCount;
    this.#maxAgeMs = bounds.maxAgeMs;
  }

  /** What is waiting, oldest first. */
  get pending(): readonly PendingRequest[] {
    return this.#entries.map(({ kind, uri, queuedAt }) => ({ kind, uri, queuedAt }));
  }

  /** How many requests are waiting. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * Queues a request: `send` runs once the session is back (with how long it waited), and its
   * outcome is the request's. Rejects at once when the queue is full.
   */
  push<T>(kind: 'call' | 'publish', uri: string, send: (waitedMs: number) => Promise<T>, bounds: QueuedBounds = {}): Promise<T> {
    if (this.#entries.length >= this.#maxCount) {
      return Promise.reject(new SessionClosedError(`reconnecting, and the offline queue is full (${this.#maxCount})`));
    }
    const { limitMs, onLimit, signal, onAbort } = bounds;
    if (signal?.aborted && onAbort) return Promise.reject(onAbort());
    return new Promise<T>((resolve, reject) => {
      const own = limitMs !== undefined && onLimit !== undefined && limitMs < this.#maxAgeMs;
      const drop = (error: Error): void => {
        if (!this.#remove(entry)) return;
        reject(error);
      };
      const aborted = (): void => drop(onAbort!());
      if (signal && onAbort) signal.addEventListener('abort', aborted, { once: true });
      const entry: Entry = {
        kind,
        uri,
        queuedAt: Date.now(),
        send: send as (w: number) => Promise<unknown>,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: setTimeout(
          () => drop(own ? onLimit() : new SessionClosedError(`reconnecting, and the request waited longer than ${this.#maxAgeMs} ms`)),
          own ? limitMs : this.#maxAgeMs,
        ),
        unlisten: () => signal?.removeEventListener('abort', aborted),
      };
      this.#entries.push(entry);
    });
  }

  /** The session is back: sends everything, in order. */
  flush(): void {
    const entries = this.#entries;
    this.#entries = [];
    const now = Date.now();
    for (const e of entries) {
      clearTimeout(e.timer);
      e.unlisten();
      e.send(now - e.queuedAt).then(e.resolve, e.reject);
    }
  }

  /** The session ended for good: everything waiting is rejected with `error`. */
  rejectAll(error: Error): void {
    const entries = this.#entries;
    this.#entries = [];
    for (const e of entries) {
      clearTimeout(e.timer);
      e.unlisten();
      e.reject(error);
    }
  }

  /** Takes `entry` out (its timer and listener too); false when it had already left. */
  #remove(entry: Entry): boolean {
    const i = this.#entries.indexOf(entry);
    if (i < 0) return false;
    this.#entries.splice(i, 1);
    clearTimeout(entry.timer);
    entry.unlisten();
    return true;
  }
}
