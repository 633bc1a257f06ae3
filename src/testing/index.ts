/**
 * `wampkit/testing`: a fault-injecting embedded router for your application's own tests. Every
 * session connects in-process through a link the test controls: delay frames, drop them, freeze
 * the link (nothing passes, nothing is said, as with a frozen router or a silent network), sever
 * it (the connection dies), or restart the whole router; and await a session's status.
 *
 * @example
 * ```ts
 * import { connect } from 'wampkit';
 * import { TestRouter, waitForStatus } from 'wampkit/testing';
 * const router = new TestRouter();
 * const session = await connect({ transport: router.connector(), realm: 'realm1', reconnect: {} });
 * await router.restart();                       // GOODBYE system_shutdown, then a new router
 * await waitForStatus(session, 'established');  // back, subscriptions and registrations restored
 * ```
 * @module wampkit/testing
 */
import { TransportError } from '../errors.js';
import { Router, type RouterOptions } from '../router/index.js';
import type { Frame } from '../serializers/serializer.js';
import type { Session } from '../session/session.js';
import type { SessionStatus } from '../session/status.js';
import { inProcessPair, type InProcessEnd } from '../transports/in-process.js';
import type { ConnectRequest, Connector, Transport } from '../transports/transport.js';

/** One session's connection to the {@link TestRouter}, which the test can disturb. */
export class Link {
  #delayMs = 0;
  #drop = 0;
  #frozen = false;
  readonly #held: Array<() => void> = [];
  readonly #clientSide: InProcessEnd;
  readonly #routerSide: InProcessEnd;
  #severed = false;

  /** @internal */
  constructor(clientSide: InProcessEnd, routerSide: InProcessEnd) {
    this.#clientSide = clientSide;
    this.#routerSide = routerSide;
  }

  /** Delays every frame, both ways, by `ms` (0 for none). */
  delay(ms: number): this {
    this.#delayMs = ms;
    return this;
  }

  /** Drops the next `count` frames (either way), silently. */
  drop(count = 1): this {
    this.#drop += count;
    return this;
  }

  /** Holds every frame, both ways, until {@link Link.thaw}: a frozen peer, a silent network. */
  freeze(): this {
    this.#frozen = true;
    return this;
  }

  /** Lets held frames through, in order, and new ones again. */
  thaw(): this {
    this.#frozen = false;
    for (const deliver of this.#held.splice(0)) deliver();
    return this;
  }

  /** Cuts the connection: both sides see an unclean close, as with a network failure. */
  sever(): void {
    if (this.#severed) return;
    this.#severed = true;
    this.#held.length = 0;
    this.#clientSide.close(1006, 'link severed');
    this.#routerSide.close(1006, 'link severed');
  }

  /** Whether {@link Link.sever} was called. */
  get severed(): boolean {
    return this.#severed;
  }

  /** @internal Carries one frame from one side to the other, with the faults in force. */
  carry(deliver: () => void): void {
    if (this.#severed) return;
    if (this.#drop > 0) {
      this.#drop--;
      return;
    }
    const go = (): void => {
      if (this.#severed) return;
      if (this.#frozen) this.#held.push(deliver);
      else deliver();
    };
    if (this.#delayMs > 0) setTimeout(go, this.#delayMs);
    else go();
  }
}

/**
 * An embedded router for tests, reached through links a test can disturb. Production code uses
 * `wampkit/router`; this is for your test suites (and wampkit's own).
 */
export class TestRouter {
  #router: Router;
  readonly #options: RouterOptions;
  readonly #links = new Set<Link>();

  /** @param options - as for `Router` (default one realm, `realm1`). */
  constructor(options: RouterOptions = {}) {
    this.#options = options;
    this.#router = new Router(options);
  }

  /** The router now running (a new one after {@link TestRouter.restart}). */
  get router(): Router {
    return this.#router;
  }

  /** The links of the connections made so far (severed ones included), oldest first. */
  get links(): readonly Link[] {
    return [...this.#links];
  }

  /** The link of the most recent connection. */
  get lastLink(): Link | undefined {
    return this.links.at(-1);
  }

  /** A connector for `connect({ transport })`: each connection gets a {@link Link}. */
  connector(): Connector {
    return async (request: ConnectRequest): Promise<Transport> => {
      if (request.signal?.aborted) throw new TransportError('connection attempt aborted');
      const protocol = request.protocols.find((p) => p === 'wamp.2.json' || p === 'wamp.2.msgpack' || p === 'wamp.2.cbor');
      if (!protocol) throw new TransportError(`the test router speaks none of ${request.protocols.join(', ')}`);
      const [app, clientSide] = inProcessPair(protocol);
      const [routerSide, routerEnd] = inProcessPair(protocol);
      const link = new Link(clientSide, routerSide);
      this.#links.add(link);
      clientSide.attach({
        message: (f: Frame) => link.carry(() => routerSide.send(f)),
        close: () => routerSide.close(1006, 'client gone'),
      });
      routerSide.attach({
        message: (f: Frame) => link.carry(() => clientSide.send(f)),
        close: () => clientSide.close(1006, 'router gone'),
      });
      this.#router.attach(routerEnd);
      app.attach(request.events);
      return app;
    };
  }

  /**
   * Restarts the router: the running one shuts down (GOODBYE `wamp.close.system_shutdown` to every
   * session), then a new one with the same options takes new connections.
   */
  async restart(): Promise<void> {
    const old = this.#router;
    this.#router = new Router(this.#options);
    await old.close();
  }

  /** Stops the router. */
  async close(): Promise<void> {
    for (const l of this.#links) l.sever();
    await this.#router.close();
  }
}

/**
 * Resolves once `session` reaches a status of `type` (at once if it is there now); rejects after
 * `timeoutMs` (default 10 000) with what it reached instead.
 */
export function waitForStatus<T extends SessionStatus['type']>(
  session: Session,
  type: T,
  options: { readonly timeoutMs?: number } = {},
): Promise<Extract<SessionStatus, { type: T }>> {
  if (session.status.type === type) return Promise.resolve(session.status as Extract<SessionStatus, { type: T }>);
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`waitForStatus: no ${type} within ${options.timeoutMs ?? 10_000} ms (saw ${seen.join(' → ') || 'nothing'})`));
    }, options.timeoutMs ?? 10_000);
    const off = session.onStatus((s) => {
      seen.push(s.type);
      if (s.type !== type) return;
      clearTimeout(timer);
      off();
      resolve(s as Extract<SessionStatus, { type: T }>);
    });
  });
}
