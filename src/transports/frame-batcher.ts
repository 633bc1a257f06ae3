/**
 * Coalesces the frames sent in one turn of the event loop: they are written together in a
 * microtask, with the underlying Node socket corked, so N frames cost one `writev` instead of N.
 * In browsers (no socket to cork) frames are still sent in order, one by one.
 * @internal
 * @module
 */
import type { Frame } from '../serializers/serializer.js';

/** The part of a Node socket the batcher uses. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** Sends frames in per-tick batches. */
export class FrameBatcher {
  #queue: Frame[] = [];
  readonly #write: (frame: Frame) => void;
  readonly #socket: () => Corkable | undefined;

  /**
   * @param write - sends one frame.
   * @param socket - the socket to cork around a batch, when there is one.
   */
  constructor(write: (frame: Frame) => void, socket: () => Corkable | undefined) {
    this.#write = write;
    this.#socket = socket;
  }

  /** Queues a frame; the batch is written at the end of the current turn. */
  push(frame: Frame): void {
    if (this.#queue.length === 0) queueMicrotask(() => this.flush());
    this.#queue.push(frame);
  }

  /** Writes what is queued now. */
  flush(): void {
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    if (batch.length === 1) {
      this.#write(batch[0]!);
      return;
    }
    const socket = this.#socket();
    socket?.cork();
    try {
      for (const f of batch) this.#write(f);
    } finally {
      socket?.uncork();
    }
  }

  /** Drops what is queued (the transport closed). */
  clear(): void {
    this.#queue = [];
  }
}

/** The corkable Node socket under a `ws` WebSocket, if any (none in browsers). */
export function socketOf(ws: unknown): Corkable | undefined {
  const s = (ws as { _socket?: Partial<Corkable> } | null)?._socket;
  return s && typeof s.cork === 'function' && typeof s.uncork === 'function' ? (s as Corkable) : undefined;
}
