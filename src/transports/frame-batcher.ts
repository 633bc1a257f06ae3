/**
 * Coalesces the frames sent in one turn of the event loop: they are written together in a
 * microtask, with the underlying Node socket corked, so N frames cost one `writev` instead of N.
 * In browsers (no socket to cork) frames are still sent in order, one by one. The first frame of
 * a connection (HELLO, or WELCOME) is written at once: nothing is queued before it.
 * @internal
 * @module
 */
import type { Frame } from '../serializers/serializer.js';

/** The part of a Node socket the batcher uses. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Where a {@link FrameBatcher} writes (a transport can be its own sink: no closures per connection). */
export interface BatchSink {
  /** Sends one frame. */
  writeFrame(frame: Frame): void;
  /** The socket to cork around a batch, when there is one. */
  corkable(): Corkable | undefined;
}

/** Sends frames in per-tick batches. */
export class FrameBatcher {
  /**
   * Frames of this turn; none between turns (an idle connection holds no list); `null` until
   * the first frame, which is written at once (a HELLO or WELCOME leaves without waiting for the
   * turn to end).
   */
  #queue: Frame[] | undefined | null = null;
  readonly #sink: BatchSink;

  /** @param sink - writes one frame, and gives the socket to cork around a batch. */
  constructor(sink: BatchSink) {
    this.#sink = sink;
  }

  /** Queues a frame; the batch is written at the end of the current turn. */
  push(frame: Frame): void {
    const queue = this.#queue;
    if (queue) queue.push(frame);
    else if (queue === null) {
      this.#queue = undefined;
      this.#sink.writeFrame(frame);
    } else {
      this.#queue = [frame];
      queueMicrotask(() => this.flush());
    }
  }

  /** Writes what is queued now. */
  flush(): void {
    const batch = this.#queue;
    if (!batch) return;
    this.#queue = undefined;
    const sink = this.#sink;
    if (batch.length === 1) {
      sink.writeFrame(batch[0]!);
      return;
    }
    const socket = sink.corkable();
    socket?.cork();
    try {
      for (const f of batch) sink.writeFrame(f);
    } finally {
      socket?.uncork();
    }
  }

  /** Drops what is queued (the transport closed). */
  clear(): void {
    this.#queue = undefined;
  }
}

/** The corkable Node socket under a `ws` WebSocket, if any (none in browsers). */
export function socketOf(ws: unknown): Corkable | undefined {
  const s = (ws as { _socket?: Partial<Corkable> } | null)?._socket;
  return s && typeof s.cork === 'function' && typeof s.uncork === 'function' ? (s as Corkable) : undefined;
}
