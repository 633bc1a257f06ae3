/**
 * The offline queue's options, defaults and their check: what a session needs at start. The
 * queue itself (`offline-queue.ts`) loads with the role module, so an app that never turns it
 * on does not carry it.
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { msProblem } from '../util/ms.js';

/** Options of the offline queue. */
export interface OfflineQueueOptions {
  /** Requests held at once; one more is rejected with `SessionClosedError`. Default 1000. */
  readonly maxCount?: number;
  /** How long a request may wait, in ms; then it is rejected with `SessionClosedError`. Default 30 000. */
  readonly maxAgeMs?: number;
}

/** The defaults of {@link OfflineQueueOptions}. */
export const OFFLINE_QUEUE_DEFAULTS: Readonly<Required<OfflineQueueOptions>> = Object.freeze({ maxCount: 1000, maxAgeMs: 30_000 });

/** One request waiting in the queue, as `session.pending` shows it. */
export interface PendingRequest {
  /** What was asked. */
  readonly kind: 'call' | 'publish';
  /** The procedure or topic. */
  readonly uri: string;
  /** When it was queued (`Date.now()`). */
  readonly queuedAt: number;
}

/**
 * The queue's bounds with defaults filled in.
 * @throws {@link UsageError} when `maxCount` or `maxAgeMs` is not a number it can use.
 * @internal
 */
export function offlineQueueBounds(options: OfflineQueueOptions): Readonly<Required<OfflineQueueOptions>> {
  const maxCount = options.maxCount ?? OFFLINE_QUEUE_DEFAULTS.maxCount;
  const maxAgeMs = options.maxAgeMs ?? OFFLINE_QUEUE_DEFAULTS.maxAgeMs;
  if (!Number.isInteger(maxCount) || maxCount < 0) {
    throw new UsageError(ErrorUri.INVALID_ARGUMENT, `offlineQueue.maxCount must be a whole number ≥ 0, got ${String(options.maxCount)}`);
  }
  const problem = msProblem('offlineQueue.maxAgeMs', maxAgeMs);
  if (problem) throw problem;
  return { maxCount, maxAgeMs };
}
