/**
 * The embeddable WAMP v2 router: realms, connections (in-process, WebSocket, any transport),
 * and shutdown.
 * @module
 */
import { TransportError, WampkitError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { globalScopeId } from '../protocol/ids.js';
import { isValidUri } from '../protocol/uri.js';
import { makeSerializer } from '../serializers/index.js';
import type { Serializer, SerializerName } from '../serializers/serializer.js';
import { inProcessPair } from '../transports/in-process.js';
import type { ConnectRequest, Connector, Transport, TransportEvents } from '../transports/transport.js';
import { anonymousAuthenticator, type Authenticator } from './auth.js';
import { BROKER_FEATURES } from './broker.js';
import { DEALER_FEATURES } from './dealer.js';
import type { EventHistoryRule } from './event-history.js';
import { makeAuthorizer, type Authorize, type PermissionTable } from './authorizer.js';
import type { PeerAuthorizer } from './peer.js';
import { AuthThrottle, ROUTER_LIMITS, type RouterLimits } from './limits.js';
import { Realm } from './realm.js';
import { RouterSession, type LogLevel, type SessionHost } from './router-session.js';
import { listenWebSocket, type WebSocketListener, type WebSocketListenerHost, type WebSocketListenOptions } from './ws-listener.js';
import type { Session } from '../session/session.js';
import { listenRawSocket, type RawSocketListener, type RawSocketListenOptions } from './rawsocket-listener.js';

/** Version of the embedded router (sent in `WELCOME.Details.agent`). */
export const version = '0.1.0';

const MIB = 1024 * 1024;

/** Options of a {@link Router}. */
export interface RouterOptions {
  /** Realms to create (default `['realm1']`). */
  readonly realms?: readonly string[];
  /** Create a realm when a client asks for one that does not exist (default `false`). */
  readonly autoCreateRealms?: boolean;
  /** Serializers spoken, in order of preference (default `['json', 'msgpack', 'cbor']`). */
  readonly serializers?: readonly SerializerName[];
  /** Largest message accepted, in bytes; larger ones ABORT the session (default 16 MiB). */
  readonly maxMessageBytes?: number;
  /** The router's other bounds (handshake time, connections, …); each left out takes its default in {@link ROUTER_LIMITS}. */
  readonly limits?: Partial<RouterLimits>;
  /** Decides who joins and as whom (default: everyone as `anonymous`). */
  readonly authenticate?: Authenticator;
  /** Receives the router's log lines (default: none). */
  readonly logger?: (level: LogLevel, message: string) => void;
  /** How long {@link Router.close} waits for clients to answer GOODBYE, in ms (default 2000). */
  readonly shutdownTimeoutMs?: number;
  /** Uniform numbers in [0, 1) for ids and the `random` invoke policy (default `Math.random`). */
  readonly random?: () => number;
  /**
   * Permissions per authrole: which URIs each role may call, register, publish and subscribe to,
   * and whose identity is disclosed (see {@link PermissionTable}). With a table, a role not in it
   * may do nothing. Default: none (application URIs open to all, `wamp.*` to `adminRoles`).
   */
  readonly permissions?: PermissionTable;
  /**
   * A hook asked for every CALL, REGISTER, PUBLISH and SUBSCRIBE (after the table, when there is
   * one): return or resolve `true` to allow; anything else refuses with `wamp.error.not_authorized`.
   */
  readonly authorize?: Authorize;
  /**
   * Roles that may use the `wamp.*` meta API (session, registration and subscription meta
   * procedures and topics, `wamp.session.kill`) when there is no permission table. Sessions
   * opened with {@link Router.internalSession} are trusted. Default `['admin']`.
   */
  readonly adminRoles?: readonly string[];
  /**
   * Answer `wampkit.router.info` (a router-internal procedure) in each realm given in `realms`
   * with the version, the realms and the session count (default `true`).
   */
  readonly info?: boolean;
  /**
   * Topics that keep an event history for `wamp.subscription.get_events` (default none; the
   * `event_history` feature is announced only with some). Each rule pins a subscription, so
   * events are kept while nobody is subscribed; bounded by `limits.maxHistoryEvents` and
   * `limits.maxHistoryBytes` per rule.
   */
  readonly eventHistory?: readonly EventHistoryRule[];
}

/** What `wampkit.router.info` answers (as kwargs). */
export interface RouterInfo {
  /** The router's version. */
  readonly version: string;
  /** The realms it serves. */
  readonly realms: string[];
  /** Sessions joined to any realm, the internal ones included. */
  readonly sessions: number;
  /** Of those, the router's own internal sessions. */
  readonly internalSessions: number;
}

/**
 * An embeddable WAMP v2 router (Broker and Dealer) for development, tests, demos and in-process
 * use. Production and scale-out belong to Crossbar.io, Nexus or Bondy.
 *
 * @example
 * ```ts
 * import { Router } from 'wampkit/router';
 * const router = new Router({ realms: ['realm1'] });
 * const ws = await router.listenWebSocket({ port: 8080 });   // ws://127.0.0.1:8080/ws
 * const transport = router.connector();                       // in-process, no sockets
 * // … connect sessions …
 * await router.close();
 * ```
 */
export class Router {
  /** Version of the embedded router. */
  static readonly version = version;
  readonly #realms = new Map<string, Realm>();
  readonly #connections = new Set<RouterSession>();
  readonly #sessionIds = new Set<number>();
  readonly #listeners = new Set<WebSocketListener | RawSocketListener>();
  readonly #protocols: readonly string[];
  readonly #serializerById = new Map<string, SerializerName>();
  readonly #autoCreate: boolean;
  readonly #authorize: PeerAuthorizer;
  readonly #limits: RouterLimits;
  readonly #eventHistory: readonly EventHistoryRule[];
  /** Open connections per remote address. */
  readonly #perAddress = new Map<string, number>();
  readonly #shutdownTimeoutMs: number;
  readonly #random: () => number;
  readonly #host: SessionHost;
  readonly #internal = new Set<Session>();
  readonly #ready: Promise<void>;
  #closing: Promise<void> | undefined;

  /**
   * @param options - realms, serializers, limits, authentication and logging; see {@link RouterOptions}.
   * @throws `TypeError` on an invalid realm URI or an unknown serializer.
   */
  /** The serializers made so far, by name, shared by all connections. */
  readonly #serializers: Partial<Record<SerializerName, Serializer>> = {};

  constructor(options: RouterOptions = {}) {
    for (const n of options.serializers ?? ['json', 'msgpack', 'cbor']) {
      this.#serializerById.set(makeSerializer(n).id, n);
    }
    this.#protocols = [...this.#serializerById.keys()];
    this.#autoCreate = options.autoCreateRealms ?? false;
    const decide = makeAuthorizer(options);
    this.#authorize = (peer, action, uri, opts) => decide({ session: peer.id, authid: peer.authid, authrole: peer.authrole, realm: peer.realmName }, peer.trusted, action, uri, opts);
    this.#shutdownTimeoutMs = options.shutdownTimeoutMs ?? 2000;
    this.#random = options.random ?? Math.random;
    const logger = options.logger;
    const sessionIds = this.#sessionIds;
    const random = this.#random;
    const limits: RouterLimits = { ...ROUTER_LIMITS, ...options.limits };
    this.#limits = limits;
    this.#eventHistory = options.eventHistory ?? [];
    const brokerFeatures: Record<string, boolean> = { ...BROKER_FEATURES };
    if (this.#eventHistory.length === 0) delete brokerFeatures['event_history'];
    this.#host = {
      limits,
      authThrottle: new AuthThrottle(limits),
      findRealm: (name) => this.#findRealm(name),
      authenticate: options.authenticate ?? anonymousAuthenticator,
      maxMessageBytes: options.maxMessageBytes ?? 16 * MIB,
      newSessionId: () => {
        let id = globalScopeId(random);
        while (sessionIds.has(id)) id = globalScopeId(random);
        sessionIds.add(id);
        return id;
      },
      roles: { broker: { features: brokerFeatures }, dealer: { features: { ...DEALER_FEATURES } } },
      agent: `wampkit-router/${version}`,
      log: (level, message) => logger?.(level, message),
      closed: (s) => {
        this.#connections.delete(s);
        if (s.remoteAddress !== undefined) {
          const n = (this.#perAddress.get(s.remoteAddress) ?? 1) - 1;
          if (n > 0) this.#perAddress.set(s.remoteAddress, n);
          else this.#perAddress.delete(s.remoteAddress);
        }
        if (s.id !== 0) sessionIds.delete(s.id);
      },
    };
    const realms = options.realms ?? ['realm1'];
    for (const r of realms) this.addRealm(r);
    // `wampkit.router.info` is a router-internal procedure: no client session inside the router.
    if (options.info !== false) {
      for (const r of realms) this.realm(r).registerInternal('wampkit.router.info', () => ({ kwargs: { ...this.info() } }));
    }
    this.#ready = Promise.resolve();
  }

  /** Resolves once the router's internal sessions are in place (connecting waits for it too). */
  ready(): Promise<void> {
    return this.#ready;
  }

  /**
   * Opens a wampkit client session inside the router process, over the in-process transport
   * (like the "internal client" of PHP routers): register procedures or publish from the router's
   * own code. The router closes it on {@link Router.close}.
   *
   * @param realm - the realm to join.
   * @throws what `Session.open` throws, e.g. `SessionAbortedError` for an unknown realm.
   */
  async internalSession(realm: string): Promise<Session> {
    const serializer = this.#serializerById.values().next().value ?? 'json';
    // The client is loaded only by routers that open internal sessions.
    const { Session } = await import('../session/session.js');
    const session = new Session({ transport: this.#connector(true), realm, serializers: [serializer], agent: `wampkit-router/${version} internal` });
    this.#internal.add(session);
    void session.closed().then(() => this.#internal.delete(session));
    return session.open();
  }

  /** What `wampkit.router.info` answers. */
  info(): RouterInfo {
    return { version, realms: this.realms, sessions: this.sessionCount, internalSessions: this.#internal.size };
  }

  /** Subprotocols the router speaks, in its order of preference. */
  get protocols(): readonly string[] {
    return this.#protocols;
  }

  /** Names of the realms. */
  get realms(): string[] {
    return [...this.#realms.keys()];
  }

  /** Number of open connections (joined or not). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Number of sessions joined to any realm. */
  get sessionCount(): number {
    let n = 0;
    for (const r of this.#realms.values()) n += r.sessionCount;
    return n;
  }

  /**
   * The realm of that name.
   * @throws `WampkitError` (from `wampkit`) (`INVALID_ARGUMENT`) when there is no such realm.
   */
  realm(name: string): Realm {
    const r = this.#realms.get(name);
    if (!r) throw new WampkitError('INVALID_ARGUMENT', `no realm ${name} on this router`);
    return r;
  }

  /** Whether the realm exists. */
  hasRealm(name: string): boolean {
    return this.#realms.has(name);
  }

  /**
   * Creates a realm (returns the existing one when it exists).
   * @throws `TypeError` on an invalid realm URI.
   */
  addRealm(name: string): Realm {
    const existing = this.#realms.get(name);
    if (existing) return existing;
    if (!isValidUri(name)) throw new TypeError(`invalid realm URI ${JSON.stringify(name)}`);
    const random = this.#random;
    const eventHistory = this.#eventHistory.filter((r) => r.realm === undefined || r.realm === name);
    const realm = new Realm(name, { newId: () => globalScopeId(random), random, authorize: this.#authorize, limits: this.#limits, eventHistory });
    this.#realms.set(name, realm);
    return realm;
  }

  /**
   * An in-process {@link Connector}: each call links a new connection to this router without
   * sockets. It picks the first offered subprotocol the router speaks.
   *
   * @example
   * ```ts
   * const session = await connect({ transport: router.connector(), realm: 'realm1' });
   * ```
   * @throws `TransportError` (from `wampkit`) (from the returned connector) when no offered subprotocol is
   * spoken, the router is closing, or the request was aborted.
   */
  connector(): Connector {
    const connect = this.#connector();
    return async (request: ConnectRequest): Promise<Transport> => {
      await this.#ready;
      return connect(request);
    };
  }

  #connector(trusted = false): Connector {
    return async (request: ConnectRequest): Promise<Transport> => {
      if (request.signal?.aborted) throw new TransportError('connection attempt aborted', { cause: request.signal.reason });
      if (this.#closing) throw new TransportError('the router is closing');
      const protocol = request.protocols.find((p) => this.#serializerById.has(p));
      if (protocol === undefined) {
        throw new TransportError(`the router speaks none of ${request.protocols.join(', ') || '(none offered)'} (it speaks ${this.#protocols.join(', ')})`);
      }
      const [client, server] = inProcessPair(protocol);
      this.#attach(server, (events) => server.attach(events), trusted);
      client.attach(request.events);
      return client;
    };
  }

  /**
   * Attaches any open transport as a new connection. The router reads frames through the
   * events it passes to `listen` (or to the transport's own `attach(events)` method).
   *
   * @param transport - an open transport whose `protocol` is a subprotocol the router speaks.
   * @param listen - tells the transport where to report frames and its close.
   * @throws `TransportError` (from `wampkit`) when the subprotocol is not spoken (the transport is closed)
   * or the router is closing.
   */
  attach(transport: Transport & { attach?: (events: TransportEvents) => void }, listen?: (events: TransportEvents) => void): void {
    this.#attach(transport, listen, false);
  }

  #attach(
    transport: Transport & { attach?: (events: TransportEvents) => void },
    listen: ((events: TransportEvents) => void) | undefined,
    trusted: boolean,
    remoteAddress?: string,
  ): void {
    const hook = listen ?? (transport.attach ? (e: TransportEvents) => transport.attach!(e) : undefined);
    if (!hook) throw new TypeError('attach(transport, listen): pass listen, or a transport with attach(events)');
    const name = this.#serializerById.get(transport.protocol);
    if (name === undefined || this.#closing) {
      transport.close(1002, 'unsupported subprotocol');
      throw new TransportError(this.#closing ? 'the router is closing' : `unsupported subprotocol ${JSON.stringify(transport.protocol)}`);
    }
    // One serializer per name for the router (encode and decode keep nothing between calls).
    const serializer: Serializer = (this.#serializers[name] ??= makeSerializer(name));
    const refused = this.#admit(remoteAddress);
    if (refused) {
      transport.close(1013, refused);
      this.#host.log('warn', `connection from ${remoteAddress ?? 'in-process'} refused: ${refused}`);
      return;
    }
    const session = new RouterSession(transport, serializer, this.#host, trusted, remoteAddress);
    this.#connections.add(session);
    if (remoteAddress !== undefined) this.#perAddress.set(remoteAddress, (this.#perAddress.get(remoteAddress) ?? 0) + 1);
    hook(session.events);
  }

  /** Why a new connection from `remoteAddress` is refused (a bound reached), or undefined. */
  #admit(remoteAddress: string | undefined): string | undefined {
    if (this.#connections.size >= this.#limits.maxConnections) return `the router holds its maximum of ${this.#limits.maxConnections} connections`;
    if (remoteAddress !== undefined && (this.#perAddress.get(remoteAddress) ?? 0) >= this.#limits.maxConnectionsPerAddress) {
      return `${remoteAddress} holds its maximum of ${this.#limits.maxConnectionsPerAddress} connections`;
    }
    return undefined;
  }

  /**
   * Listens for WebSocket connections (loopback by default). Subprotocols are negotiated: the
   * first one the client offers that the router speaks; a handshake offering none is refused.
   *
   * @example
   * ```ts
   * const { url, close } = await router.listenWebSocket({ port: 0 });
   * ```
   * @throws `Error` (rejects) when the port cannot be bound.
   */
  async listenWebSocket(options: WebSocketListenOptions = {}): Promise<WebSocketListener> {
    return this.#listen((host) => listenWebSocket(host, options));
  }

  /**
   * Listens for WAMP-over-RawSocket connections on TCP (loopback by default). The client's
   * handshake names the serializer; one the router does not speak is refused.
   *
   * @example
   * ```ts
   * const { url } = await router.listenRawSocket({ port: 0 }); // tcp://127.0.0.1:<port>
   * ```
   * @throws `Error` (rejects) when the port cannot be bound.
   */
  async listenRawSocket(options: RawSocketListenOptions = {}): Promise<RawSocketListener> {
    return this.#listen((host) => listenRawSocket(host, options));
  }

  /** Starts a listener that hands its connections to {@link Router.attach}, tracked for close(). */
  async #listen<L extends WebSocketListener | RawSocketListener>(start: (host: WebSocketListenerHost) => Promise<L>): Promise<L> {
    if (this.#closing) throw new TransportError('the router is closing');
    await this.#ready;
    const listener = await start({
      protocols: this.#protocols,
      maxMessageBytes: this.#host.maxMessageBytes,
      handshakeTimeoutMs: this.#limits.handshakeTimeoutMs,
      admit: (remoteAddress) => this.#admit(remoteAddress),
      accept: (t, listen, remoteAddress) => {
        try {
          this.#attach(t, listen, false, remoteAddress);
        } catch {
          /* closed by attach */
        }
      },
    });
    const tracked = {
      ...listener,
      close: () => {
        this.#listeners.delete(tracked);
        return listener.close();
      },
    };
    this.#listeners.add(tracked);
    return tracked;
  }

  /**
   * Drops the connection of a session without GOODBYE, as if its network had gone away (for
   * tests of lost connections).
   * @returns whether there was such a session.
   */
  dropSession(sessionId: number): boolean {
    for (const c of this.#connections) {
      if (c.id === sessionId) {
        c.closeTransport();
        return true;
      }
    }
    return false;
  }

  /**
   * Shuts down: sends GOODBYE `wamp.close.system_shutdown` to every session, waits for the
   * answers (at most `shutdownTimeoutMs`), closes the remaining connections and the listeners.
   * Idempotent.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#shutdown());
  }

  async #shutdown(): Promise<void> {
    await this.#ready.catch(() => undefined);
    await Promise.allSettled([...this.#internal].map((s) => s.close()));
    const conns = [...this.#connections];
    for (const c of conns) c.goodbye(ErrorUri.SYSTEM_SHUTDOWN, 'the router is shutting down');
    for (const c of conns) c.detach();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#shutdownTimeoutMs)));
    await Promise.race([Promise.all(conns.map((c) => c.closedPromise)), timeout]);
    clearTimeout(timer);
    for (const c of this.#connections) c.closeTransport();
    await Promise.all([...this.#listeners].map((l) => l.close()));
  }

  #findRealm(name: string): Realm | undefined {
    const r = this.#realms.get(name);
    if (r || !this.#autoCreate || this.#closing) return r;
    return this.addRealm(name);
  }
}
