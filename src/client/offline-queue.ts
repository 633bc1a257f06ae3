/**
 * A bounded queue for calls and publishes made while a session is reconnecting (opt-in): they
 * wait, in order, and go out once the session is back and restored. Every entry settles: sent
 * (then as the request itself does), or rejected with `SessionClosedError` when the queue is
 * full, when it waited too long, or when the session ends for good. A call's own `timeoutMs`
 * counts from when it was made.
 * @module
 */
import { SessionClosedError } from '../errors.js';

/** Options of the offline queue. */
export interface OfflineQueueOptions {
  /** Requests held at once; the next one is rejected. Default 1000. */
  readonly maxCount?: number;
  /** How long a request may wait, in ms; then it is rejected. Default 30 000. */
  readonly maxAgeMs?: number;
}

/** One request waiting in the queue, as `session.pending` shows it. */
export interface PendingRequest {
  /** What was asked. */
  readonly kind: 'call' | 'publish';
  /** The procedure or topic. */
  readonly uri: string;
  /** When it was queued (`Date.now()`). */
  readonly queuedAt: number;
}

interface Entry extends PendingRequest {
  /** Sends it for real once the session is back; its promise settles the caller's. */
  readonly send: (waitedMs: number) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The queue of one session. @internal */
export class OfflineQueue {
  readonly #maxCount: number;
  readonly #maxAgeMs: number;
  #entries: Entry[] = [];

  constructor(options: OfflineQueueOptions) {
    this.#maxCount = options.maxCount ?? 1000;
    this.#maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  /** What is waiting, oldest first. */
  get pending(): readonly PendingRequest[] {
    return this.#entries.map(({ kind, uri, queuedAt }) => ({ kind, uri, queuedAt }));
  }

  /**
   * Queues a request. `limitMs` is its own bound (a call's timeout), when shorter than the age bound.
   */
  push<T>(kind: 'call' | 'publish', uri: string, send: (waitedMs: number) => Promise<T>, limitMs?: number, onLimit?: () => Error): Promise<T> {
    if (this.#entries.length >= this.#maxCount) {
      return Promise.reject(new SessionClosedError(`reconnecting, and the offline queue is full (${this.#maxCount})`));
    }
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        kind, uri, queuedAt: Date.now(), send: send as (w: number) => Promise<unknown>,
        resolve: resolve as (v: unknown) => void, reject, timer: undefined,
      };
      const own = limitMs !== undefined && limitMs < this.#maxAgeMs;
      entry.timer = setTimeout(() => {
        this.#entries = this.#entries.filter((e) => e !== entry);
        reject(own && onLimit ? onLimit() : new SessionClosedError(`reconnecting, and the request waited longer than ${this.#maxAgeMs} ms`));
      }, own ? limitMs : this.#maxAgeMs);
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
      e.send(now - e.queuedAt).then(e.resolve, e.reject);
    }
  }

  /** The session ended for good: everything waiting is rejected. */
  rejectAll(error: Error): void {
    const entries = this.#entries;
    this.#entries = [];
    for (const e of entries) {
      clearTimeout(e.timer);
      e.reject(error);
    }
  }
}
