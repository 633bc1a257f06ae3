/**
 * `wampkit/testing`: a fault-injecting embedded router for your application's own tests. Every
 * session connects in-process through a link the test controls: delay frames, drop them, freeze
 * the link (nothing passes, nothing is said, as with a frozen router or a silent network), sever
 * it (the connection dies); or stop the whole router (as if its process died, or shut down) and
 * start it again, or restart it; and await a session's status.
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
  /** The endpoint name of the connector that made it (see {@link TestRouter.connector}). */
  readonly endpoint: string;

  /** @internal */
  constructor(clientSide: InProcessEnd, routerSide: InProcessEnd, endpoint: string) {
    this.#clientSide = clientSide;
    this.#routerSide = routerSide;
    this.endpoint = endpoint;
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

  /**
   * Holds every frame, both ways, until {@link Link.thaw}: a frozen peer, a silent network. Held
   * frames stay in memory (a test's frozen link is short-lived).
   */
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
  /** The links of the router now running (severed when it stops). */
  #current = new Set<Link>();
  #running = true;

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

  /**
   * The link of the most recent connection made through `connector(endpoint)`: give each session
   * its own name to find its current link after reconnects.
   */
  lastLinkOf(endpoint: string): Link | undefined {
    return this.links.filter((l) => l.endpoint === endpoint).at(-1);
  }

  /** Whether the router takes connections (false between {@link TestRouter.stop} and {@link TestRouter.start}). */
  get running(): boolean {
    return this.#running;
  }

  /**
   * A connector for `connect({ transport })`: each connection gets a {@link Link}. While the
   * router is stopped, connecting fails with a `TransportError` (as a refused connection does).
   * @param endpoint - what sessions show as their `endpoint` (default `in-process`); name two test
   *   routers differently to tell them apart in a failover test.
   */
  connector(endpoint = 'in-process'): Connector {
    const connector = async (request: ConnectRequest): Promise<Transport> => {
      if (request.signal?.aborted) throw new TransportError('connection attempt aborted');
      if (!this.#running) throw new TransportError(`cannot connect to ${endpoint}: the test router is stopped`);
      const protocol = request.protocols.find((p) => p === 'wamp.2.json' || p === 'wamp.2.msgpack' || p === 'wamp.2.cbor');
      if (!protocol) throw new TransportError(`the test router speaks none of ${request.protocols.join(', ')}`);
      const [app, clientSide] = inProcessPair(protocol);
      const [routerSide, routerEnd] = inProcessPair(protocol);
      const link = new Link(clientSide, routerSide, endpoint);
      this.#links.add(link);
      this.#current.add(link);
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
    return Object.assign(connector, { endpoint });
  }

  /**
   * Restarts the router: the running one shuts down (GOODBYE `wamp.close.system_shutdown` to every
   * session), then a new one with the same options takes new connections (at once: sessions may
   * reconnect while the old one is still closing).
   */
  async restart(): Promise<void> {
    const old = this.#router;
    this.#current = new Set();
    this.#router = new Router(this.#options);
    this.#running = true;
    await old.close();
  }

  /**
   * Takes the router away until {@link TestRouter.start}: new connections are refused. By default
   * it dies as a killed process does (every link severed, nothing said); with `graceful: true` it
   * shuts down (GOODBYE `wamp.close.system_shutdown` to every session). Idempotent.
   */
  async stop(options: { readonly graceful?: boolean } = {}): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    const links = this.#current;
    this.#current = new Set();
    if (!options.graceful) for (const l of links) l.sever();
    await this.#router.close();
  }

  /** Brings a stopped router back: a new one with the same options (no sessions, no state) takes connections. */
  start(): void {
    if (this.#running) return;
    this.#router = new Router(this.#options);
    this.#running = true;
  }

  /** Stops the router for good (every link severed). */
  async close(): Promise<void> {
    this.#running = false;
    for (const l of this.#links) l.sever();
    await this.#router.close();
  }
}

/** Options of {@link waitForStatus}. */
export interface WaitForStatusOptions<S extends SessionStatus> {
  /** Give up after this long, in ms. Default 10 000. */
  readonly timeoutMs?: number;
  /** Only a status for which this is true will do (e.g. `(s) => s.endpoint === url`). */
  readonly where?: (status: S) => boolean;
}

/**
 * Resolves once `session` reaches a status of `type` (at once if it is there now), optionally one
 * that `options.where` accepts. After a reconnect, `established` means its subscriptions and
 * registrations are restored.
 *
 * @example
 * ```ts
 * await waitForStatus(session, 'established', { where: (s) => s.endpoint === 'ws://127.0.0.1:8081/ws' });
 * ```
 * @throws `Error` after `options.timeoutMs` (default 10 000), saying which statuses it saw instead.
 */
export function waitForStatus<T extends SessionStatus['type']>(
  session: Session,
  type: T,
  options: WaitForStatusOptions<Extract<SessionStatus, { type: T }>> = {},
): Promise<Extract<SessionStatus, { type: T }>> {
  type S = Extract<SessionStatus, { type: T }>;
  const matches = (s: SessionStatus): s is S => s.type === type && (!options.where || options.where(s as S));
  if (matches(session.status)) return Promise.resolve(session.status);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`waitForStatus: no ${type}${options.where ? ' (as asked)' : ''} within ${timeoutMs} ms (saw ${seen.join(' → ') || 'nothing'})`));
    }, timeoutMs);
    const off = session.onStatus((s) => {
      seen.push(s.type);
      if (!matches(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
