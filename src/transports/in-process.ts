/**
 * In-process transport: two linked ends that pass frames without sockets. Frames are delivered
 * asynchronously (a microtask), in order, as a socket would.
 * @module
 */
import type { Frame } from '../serializers/serializer.js';
import type { Transport, TransportCloseInfo, TransportEvents } from './transport.js';

/** One end of an in-process pair. Attach its events with {@link InProcessEnd.attach}. */
export class InProcessEnd implements Transport {
  readonly protocol: string;
  /** @internal */ peer: InProcessEnd | undefined;
  #events: TransportEvents | undefined;
  #queue: Frame[] = [];
  #closed = false;
  #scheduled = false;

  /** @param protocol - the agreed subprotocol. */
  constructor(protocol: string) {
    this.protocol = protocol;
  }

  /** Sets where this end reports frames and its close; frames queued before are then delivered. */
  attach(events: TransportEvents): void {
    this.#events = events;
    this.#schedule();
  }

  send(frame: Frame): void {
    const peer = this.peer;
    if (this.#closed || !peer) return;
    peer.#receive(frame);
  }

  close(_code?: number, reason = 'closed'): void {
    if (this.#closed) return;
    this.#shut({ wasClean: true, reason });
    const peer = this.peer;
    if (peer) peer.#shut({ wasClean: true, reason });
  }

  #receive(frame: Frame): void {
    if (this.#closed) return;
    this.#queue.push(frame);
    this.#schedule();
  }

  #shut(info: TransportCloseInfo): void {
    if (this.#closed) return;
    this.#closed = true;
    // Frames already received are still delivered, then the close.
    queueMicrotask(() => {
      this.#flush();
      this.#events?.close(info);
    });
  }

  #schedule(): void {
    if (this.#scheduled || !this.#events) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    const events = this.#events;
    if (!events) return;
    const q = this.#queue;
    this.#queue = [];
    for (const f of q) events.message(f);
  }
}

/**
 * Two linked transport ends with the given subprotocol.
 * @returns `[client, server]`.
 */
export function inProcessPair(protocol: string): [InProcessEnd, InProcessEnd] {
  const a = new InProcessEnd(protocol);
  const b = new InProcessEnd(protocol);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
