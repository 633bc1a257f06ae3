/**
 * A subscription consumed with `for await`: events go into a bounded buffer with a stated
 * overflow policy, and leaving the loop unsubscribes.
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import type { EventDetails, Subscription } from './subscriber.js';

/** One event of a {@link EventStream} (args and kwargs typed by a contract's schemas, when it has one). */
export interface StreamEvent<A = WampList, K = WampDict> {
  /** Positional payload. */
  readonly args: A;
  /** Keyword payload. */
  readonly kwargs: K;
  /** The event's details. */
  readonly details: EventDetails;
}

/** What happens when events arrive faster than the loop takes them and the buffer is full. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Options of an event stream. */
export interface EventStreamOptions {
  /** Events held for the loop at once. Default 1000. */
  readonly bufferSize?: number;
  /**
   * At a full buffer: drop the oldest held event (default), drop the new one, or end the loop with
   * a `UsageError` (`wamp.error.limit_exceeded`-like, code USAGE) and unsubscribe.
   */
  readonly overflow?: OverflowPolicy;
}

/** A subscription that is also an async iterable of its events. */
export interface EventStream<A = WampList, K = WampDict> extends Subscription, AsyncIterable<StreamEvent<A, K>> {
  /** Events dropped so far by the overflow policy. */
  readonly dropped: number;
}

/** The buffer between the subscriber's handler and the loop. @internal */
export class EventBuffer {
  readonly #size: number;
  readonly #policy: OverflowPolicy;
  #items: StreamEvent[] = [];
  #wake: (() => void) | undefined;
  #error: Error | undefined;
  #ended = false;
  dropped = 0;

  constructor(options: EventStreamOptions) {
    this.#size = Math.max(1, options.bufferSize ?? 1000);
    this.#policy = options.overflow ?? 'drop-oldest';
  }

  /** A new event from the subscription. */
  push(event: StreamEvent): void {
    if (this.#ended) return;
    if (this.#items.length >= this.#size) {
      if (this.#policy === 'error') {
        this.#error = new UsageError(ErrorUri.INVALID_ARGUMENT, `event stream buffer of ${this.#size} overflowed: the loop is too slow`);
        this.end();
        return;
      }
      this.dropped++;
      if (this.#policy === 'drop-newest') return;
      this.#items.shift();
    }
    this.#items.push(event);
    this.#wake?.();
  }

  /** No more events (unsubscribed, revoked, session closed, or overflow). */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  /** The next event, or undefined at the end; throws the overflow error. */
  async next(): Promise<StreamEvent | undefined> {
    for (;;) {
      if (this.#items.length > 0) return this.#items.shift();
      if (this.#ended) {
        if (this.#error) throw this.#error;
        return undefined;
      }
      await new Promise<void>((r) => (this.#wake = r));
      this.#wake = undefined;
    }
  }
}

/** Wraps a subscription and its buffer as an {@link EventStream}. @internal */
export function eventStream(sub: Subscription, buffer: EventBuffer): EventStream {
  void sub.ended.then(() => buffer.end());
  return {
    get id() {
      return sub.id;
    },
    get topic() {
      return sub.topic;
    },
    get active() {
      return sub.active;
    },
    get ended() {
      return sub.ended;
    },
    get dropped() {
      return buffer.dropped;
    },
    unsubscribe: () => {
      buffer.end();
      return sub.unsubscribe();
    },
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const e = await buffer.next();
          if (e === undefined) return;
          yield e;
        }
      } finally {
        // Leaving the loop (break, return, throw, overflow) unsubscribes.
        await sub.unsubscribe().catch(() => undefined);
      }
    },
  };
}

/**
 * Subscribes through `subscribe` with a handler that fills a new buffer, and wraps the outcome
 * as an {@link EventStream}: `bufferSize` and `overflow` are the buffer's, the other options the
 * subscription's. @internal
 */
export function subscribeStream<O extends object>(
  options: (O & EventStreamOptions) | undefined,
  subscribe: (push: (args: WampList, kwargs: WampDict, details: EventDetails) => void, options: O) => Promise<Subscription>,
): Promise<EventStream> {
  const { bufferSize, overflow, ...subscribeOptions } = options ?? ({} as O & EventStreamOptions);
  const buffer = new EventBuffer({ ...(bufferSize !== undefined ? { bufferSize } : {}), ...(overflow !== undefined ? { overflow } : {}) });
  return subscribe((args, kwargs, details) => buffer.push({ args, kwargs, details }), subscribeOptions as unknown as O).then((sub) => eventStream(sub, buffer));
}

/** Subscribes each request with `subscribe`; each gets its own outcome (never all-or-nothing). @internal */
export async function subscribeEach<R extends { readonly topic: string }, S>(
  requests: readonly R[],
  subscribe: (request: R) => Promise<S>,
): Promise<Array<{ readonly topic: string; readonly subscription?: S; readonly error?: Error }>> {
  const settled = await Promise.allSettled(requests.map(subscribe));
  return settled.map((s, i) => (s.status === 'fulfilled' ? { topic: requests[i]!.topic, subscription: s.value } : { topic: requests[i]!.topic, error: s.reason as Error }));
}

/** Unsubscribes each; `undefined` for each that succeeded, else its error. @internal */
export async function unsubscribeEach(subscriptions: readonly Subscription[]): Promise<Array<Error | undefined>> {
  const settled = await Promise.allSettled(subscriptions.map((s) => s.unsubscribe()));
  return settled.map((s) => (s.status === 'fulfilled' ? undefined : (s.reason as Error)));
}
