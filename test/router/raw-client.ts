/**
 * A raw WAMP client for router tests: sends WAMP arrays, and awaits the next received message
 * that matches a predicate (event-driven; a wait that is not satisfied fails after a deadline
 * with what was received, so that a failing test never hangs).
 */
import { makeSerializer } from '../../src/serializers/index.js';
import type { Serializer, SerializerName } from '../../src/serializers/index.js';
import type { Connector, Transport, TransportCloseInfo } from '../../src/transports/transport.js';

export type Msg = unknown[];
type Pred = (m: Msg) => boolean;

/** Every feature a raw client announces by default. */
export const ALL_FEATURES = {
  caller: {
    features: {
      progressive_call_results: true, progressive_call_invocations: true, call_canceling: true, call_timeout: true,
      caller_identification: true, payload_passthru_mode: true,
    },
  },
  callee: {
    features: {
      progressive_call_results: true, progressive_call_invocations: true, call_canceling: true, call_timeout: true,
      caller_identification: true, pattern_based_registration: true, shared_registration: true,
      registration_revocation: true, payload_passthru_mode: true,
    },
  },
  publisher: { features: { publisher_exclusion: true, publisher_identification: true, subscriber_blackwhite_listing: true, payload_passthru_mode: true } },
  subscriber: { features: { pattern_based_subscription: true, publisher_identification: true, payload_passthru_mode: true } },
};

interface Waiter {
  readonly pred: Pred;
  readonly resolve: (m: Msg) => void;
}

export class RawClient {
  readonly serializer: Serializer;
  readonly received: Msg[] = [];
  readonly closed: Promise<TransportCloseInfo>;
  sessionId = 0;
  welcome: Msg | undefined;
  #transport: Transport | undefined;
  #inbox: Msg[] = [];
  #waiters: Waiter[] = [];
  #isClosed = false;
  #onClose!: (info: TransportCloseInfo) => void;
  #nextId = 1;
  #saidGoodbye = false;

  private constructor(serializer: SerializerName) {
    this.serializer = makeSerializer(serializer);
    this.closed = new Promise((r) => (this.#onClose = r));
  }

  /** Opens a transport through `connector` (no HELLO yet). */
  static async open(connector: Connector, serializer: SerializerName = 'json'): Promise<RawClient> {
    const c = new RawClient(serializer);
    c.#transport = await connector({
      protocols: [c.serializer.id],
      events: {
        message: (frame) => c.#receive(c.serializer.decode(frame) as Msg),
        close: (info) => {
          c.#isClosed = true;
          c.#onClose(info);
        },
      },
    });
    return c;
  }

  /** Opens a transport and joins `realm`; resolves with the client once WELCOME arrived. */
  static async join(connector: Connector, options: { serializer?: SerializerName; realm?: string; roles?: object; details?: object } = {}): Promise<RawClient> {
    const c = await RawClient.open(connector, options.serializer ?? 'json');
    c.send([1, options.realm ?? 'realm1', { roles: options.roles ?? ALL_FEATURES, ...options.details }]);
    const w = await c.next((m) => m[0] === 2 || m[0] === 3);
    if (w[0] !== 2) throw new Error(`expected WELCOME, got ${JSON.stringify(w)}`);
    c.welcome = w;
    c.sessionId = w[1] as number;
    return c;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** A fresh request id. */
  id(): number {
    return this.#nextId++;
  }

  send(msg: Msg): void {
    if (msg[0] === 6) this.#saidGoodbye = true;
    this.#transport!.send(this.serializer.encode(msg));
  }

  /** Sends a raw frame (for malformed input). */
  sendFrame(frame: string | Uint8Array): void {
    this.#transport!.send(frame);
  }

  close(): void {
    this.#transport!.close();
  }

  /**
   * The next received message matching `pred` (default: any), taken from what arrived already
   * or awaited. Rejects after `timeoutMs` with the messages received so far.
   */
  next(pred: Pred = () => true, timeoutMs = 2000): Promise<Msg> {
    const i = this.#inbox.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.#inbox.splice(i, 1)[0]!);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching message within ${timeoutMs} ms; received: ${JSON.stringify(this.received)}`));
      }, timeoutMs);
      const waiter: Waiter = {
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** The next message of type `type` (and request id `requestId` at index `at`, when given). */
  nextOf(type: number, requestId?: number, at = 1): Promise<Msg> {
    return this.next((m) => m[0] === type && (requestId === undefined || m[at] === requestId));
  }

  /** Messages received but not taken by {@link RawClient.next}. */
  get pending(): readonly Msg[] {
    return this.#inbox;
  }

  /**
   * A round trip through the router (an acknowledged publish to a topic nobody subscribes to):
   * everything the router sent this client before it answered has arrived once this resolves.
   */
  async sync(): Promise<void> {
    const req = this.id();
    this.send([16, req, { acknowledge: true }, 'test.sync.barrier']);
    await this.next((m) => m[0] === 17 && m[1] === req);
  }

  /** SUBSCRIBE; resolves with the subscription id. */
  async subscribe(topic: string, options: object = {}): Promise<number> {
    const req = this.id();
    this.send([32, req, options, topic]);
    const m = await this.next((x) => (x[0] === 33 && x[1] === req) || (x[0] === 8 && x[2] === req));
    if (m[0] !== 33) throw new Error(`SUBSCRIBE failed: ${JSON.stringify(m)}`);
    return m[2] as number;
  }

  /** REGISTER; resolves with the registration id. */
  async register(procedure: string, options: object = {}): Promise<number> {
    const req = this.id();
    this.send([64, req, options, procedure]);
    const m = await this.next((x) => (x[0] === 65 && x[1] === req) || (x[0] === 8 && x[2] === req));
    if (m[0] !== 65) throw new Error(`REGISTER failed: ${JSON.stringify(m)}`);
    return m[2] as number;
  }

  #receive(m: Msg): void {
    this.received.push(m);
    // Answer a router-initiated GOODBYE, as a real client does.
    if (m[0] === 6 && !this.#saidGoodbye && !this.#isClosed) this.send([6, {}, 'wamp.close.goodbye_and_out']);
    const i = this.#waiters.findIndex((w) => w.pred(m));
    if (i >= 0) {
      const [w] = this.#waiters.splice(i, 1);
      w!.resolve(m);
      return;
    }
    this.#inbox.push(m);
  }
}
