/**
 * A WAMP session: wires the pure machine in `state-machines/` to a transport, a serializer and
 * the four roles. Lifecycle messages go to the machine; messages of an established session go
 * straight to the role that owns them (the hot path, DESIGN.md).
 * @module
 */
import {
  backoffDelay,
  sessionChart,
  sessionImplementations,
  type AuthenticateReply,
  type EndReason,
  type ReconnectOptions,
  type ReconnectPolicy,
  type SessionChartEvent,
  type SessionHost,
  type SessionMachineContext,
  type SessionMachineEvent,
} from '../../state-machines/session-chart.js';
import { ChartRunner } from './chart-runner.js';
import type { Authenticator } from '../auth/authenticator.js';
import {
  AuthenticationError,
  ProtocolError,
  SessionAbortedError,
  SessionClosedError,
  TimeoutError,
  TransportError,
  UsageError,
} from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MAX_ID } from '../protocol/ids.js';
import { MessageType, messageTypeName } from '../protocol/message-type.js';
import type { WampDict, WampList, WampMessage } from '../protocol/messages.js';
import type { Procedure, RegisterOptions, Registration } from '../roles/callee.js';
import type { CallInput, CallOptions, CallStream } from '../roles/caller.js';
import type { RolePort } from '../roles/port.js';
import type { PublishOptions } from '../roles/publisher.js';
import type { EventDetails, EventHandler, Subscription, SubscribeOptions } from '../roles/subscriber.js';
import { AsyncQueue } from '../util/async-queue.js';
import { SessionRoles, type LazyRoles } from './roles.js';
import { Wire, type WireEvents } from './wire.js';
import type { CallResult } from '../roles/types.js';
import { serializerFor, serializerId, type SerializerSpec } from '../serializers/load.js';
import type { Frame, Serializer } from '../serializers/serializer.js';
import type { Connector } from '../transports/transport.js';
import { announces, helloDetails, shareWelcome, type BrokerFeature, type DealerFeature } from './features.js';
import type { OfflineQueue } from '../client/offline-queue.js';
import { offlineQueueBounds, type OfflineQueueOptions, type PendingRequest } from '../client/offline-queue-options.js';
import { Endpoints, type FailoverStrategy } from '../client/endpoints.js';
import { callProblem } from '../roles/caller.js';
import { CanceledError } from '../errors.js';
import type { EventStream, EventStreamOptions } from '../roles/event-stream.js';
import { SESSION_DEFAULTS } from './defaults.js';
import { heartbeatSettings, type HeartbeatOptions } from './liveness.js';
import { errorOf, statusOf, type SessionEnd, type SessionStatus } from './status.js';
import { lazyMeta } from '../meta/lazy.js';
import type {
  ArgsSchema, ContractCallOptions, ContractHost, ContractPayload, ContractPayloadWith, ContractInvocationContext, ContractStream, KwargsSchema, ProcedureContract, ProcedureRuntime,
  TopicContract, TopicRuntime, ValueSchema,
} from '../contracts/contracts.js';
import type { SchemaInput, SchemaOutput } from '../contracts/standard-schema.js';
import type { MetaApi } from '../meta/types.js';

/** Options of a {@link Session}. */
export interface SessionOptions {
  /**
   * How to reach the router: a {@link Connector} (WebSocket, RawSocket, in-process, …), or several
   * for failover: each connection attempt takes the next one (see `failover`).
   */
  readonly transport: Connector | readonly Connector[];
  /**
   * With several connectors, how the next one is chosen: `roundrobin` (default: the first, then
   * each in list order) or `random` (any at first, then any but the current one).
   */
  readonly failover?: FailoverStrategy;
  /** The realm to join. */
  readonly realm: string;
  /** Serializers offered, in order of preference; the router picks; only the one it picks is loaded. Default `['json', 'msgpack']`. */
  readonly serializers?: readonly SerializerSpec[];
  /** Authentication methods offered in HELLO. Default: anonymous. */
  readonly auth?: Authenticator | readonly Authenticator[];
  /** Reconnect policy; `false` or omitted: no reconnecting. */
  readonly reconnect?: ReconnectOptions | false;
  /** How long to wait for the router's GOODBYE after ours, in ms. Default 5000. */
  readonly closeTimeoutMs?: number;
  /**
   * How long one connection attempt may take, in ms: opening the socket, the WebSocket or
   * RawSocket handshake and HELLO → WELCOME, and again for each CHALLENGE round. Expiry is a
   * {@link TransportError} that the reconnect policy treats as a lost connection. Default 10 000.
   */
  readonly connectTimeoutMs?: number;
  /**
   * The largest message, in bytes: a larger incoming frame is a protocol violation; a larger
   * outgoing message is refused with a {@link UsageError}. Default 16 MiB.
   */
  readonly maxMessageBytes?: number;
  /** HELLO `agent`. Default `wampkit`. */
  readonly agent?: string;
  /**
   * Heartbeats while established: probe after `intervalMs` of silence (a WebSocket ping in Node, a
   * RawSocket PING where the connector was asked for it, else a WAMP round trip every router
   * answers), declare the router gone after `timeoutMs` of silence: the transport is dropped with a
   * {@link TransportError} "no heartbeat for N ms", requests in flight reject with a
   * {@link SessionClosedError} whose `cause` is that error, and the reconnect policy takes over.
   * `false` turns them off. Default `{ intervalMs: 10 000, timeoutMs: 25 000 }`.
   * @throws {@link UsageError} (from the constructor) when a value is not a positive number of ms
   * or `timeoutMs` is shorter than `intervalMs`.
   */
  readonly heartbeat?: HeartbeatOptions | false;
  /**
   * Hold calls and publishes made while the session is getting back after a lost connection
   * (reconnecting, connecting again, restoring its subscriptions and registrations), bounded in
   * count and age, and send them in order once it is back; `session.pending` lists them. Off by
   * default: they then reject at once with {@link SessionClosedError}. `{}` turns it on with the
   * defaults `{ maxCount: 1000, maxAgeMs: 30 000 }`.
   * @throws {@link UsageError} (from the constructor) for a bound it cannot use.
   */
  readonly offlineQueue?: OfflineQueueOptions | false;
  /** Errors thrown by your handlers (event handlers, procedures, onProgress). Default: `console.error`. */
  readonly onError?: (error: unknown, where: string) => void;
  /** Source of uniform randomness for reconnect jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** Options of {@link Session.open}. */
export interface OpenOptions {
  /**
   * Aborting it gives up: the attempt stops (socket closed, nothing left running), the session
   * closes, and `open()` rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
}

/** The reason an aborted signal gives, as an Error. */
function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new DOMException(typeof r === 'string' ? r : 'The operation was aborted.', 'AbortError');
}

/** A shared empty list (no authenticators, no status listeners): an idle session allocates none. */
const NONE: readonly never[] = Object.freeze([]);

/** The reconnect policy of a session that does not reconnect (shared). */
const NO_RECONNECT: ReconnectOptions = Object.freeze({ maxRetries: 0 });

/** Receives each new status of a session. */
export type StatusListener = (status: SessionStatus) => void;


/** The port a session gives its roles (defined in {@link Session}'s static block). */
let SessionPort: new (session: Session) => RolePort;
/** One run's link from its wire to the session (defined in {@link Session}'s static block). */
let RunLink: new (session: Session, sendBack: (e: SessionMachineEvent) => void) => WireEvents & { wire: Wire | undefined };
/** The effects a session gives its machine (defined in {@link Session}'s static block). */
let MachineHost: new (session: Session, closeTimeoutMs: number, connectTimeoutMs: number, random: () => number) => SessionHost;

/**
 * One WAMP session. Create it with `connect()` (or `new Session(options).open()`).
 *
 * @example
 * ```ts
 * const session = await connect({ url: 'ws://127.0.0.1:8080/ws', realm: 'realm1' });
 * const { args } = await session.call('com.example.add', [2, 3]);
 * ```
 */
export class Session {
  readonly #options: SessionOptions;
  #meta: MetaApi | undefined;
  readonly #authenticators: readonly Authenticator[];
  readonly #serializerSpecs: readonly SerializerSpec[];
  /** The session chart's running instance (the lifecycle; `state-machines/session-chart.ts`). */
  readonly #machine: ChartRunner<SessionMachineContext, SessionChartEvent>;
  /** The connectors, and which one the current attempt uses. */
  readonly #endpoints: Endpoints<Connector>;
  readonly #heartbeat: Required<HeartbeatOptions> | undefined;
  readonly #roles: SessionRoles;
  /**
   * While the Callee/Publisher/Subscriber module loads: the operations waiting for it and the
   * frames sent after them, in the order they were made, so nothing overtakes what came first.
   */
  #gate:
    | Array<{ readonly run: () => void; readonly fail: (e: unknown) => void; readonly info?: PendingRequest } | { readonly frame: Frame; readonly wire: Wire }>
    | undefined;
  readonly #maxMessageBytes: number;
  /** Status listeners, in the order they were added (a list: lighter than a Set). */
  #listeners: readonly StatusListener[] = NONE;
  /** The next session-scope request id (1, 2, …, wrapping after 2^53); back to 1 with each HELLO. */
  #requestId = 1;
  #wire: Wire | undefined;
  /** The last run's wire that was ended (its connection may still be closing). */
  #ended: Wire | undefined;
  /**
   * The hot-path gate: route incoming messages to the roles. Set by the machine's
   * onEstablished / settleRequests effects; a cache for speed, not a second copy of the state.
   */
  #dispatching = false;
  /** Calls and publishes held while reconnecting (when asked for). */
  /** The offline queue's bounds when it is on; the queue itself is made once the role module is here. */
  readonly #queueBounds: Readonly<Required<OfflineQueueOptions>> | undefined;
  #queueMade: OfflineQueue | undefined;
  /** After a reconnect: settles once subscriptions and registrations are restored. */
  #restored: Promise<unknown> | undefined;
  /** The status announced to listeners (after a reconnect, `established` waits for the restore). */
  #status: SessionStatus = { type: 'idle' };
  /** The status of the machine's latest snapshot. */
  #machineStatus: SessionStatus = this.#status;
  /** How the current run ended, once it has (cleared by a new `open()`). */
  #end: SessionEnd | undefined;
  /** `closed()`'s promise for the current run, made when first asked for (most sessions never are). */
  #closed: Promise<SessionEnd> | undefined;
  #resolveClosed: ((end: SessionEnd) => void) | undefined;

  /** @param options - where and how to connect. Nothing happens until {@link Session.open}. */
  constructor(options: SessionOptions) {
    this.#options = options;
    this.#authenticators = options.auth === undefined ? NONE : Array.isArray(options.auth) ? options.auth : [options.auth as Authenticator];
    this.#serializerSpecs = options.serializers ?? SESSION_DEFAULTS.serializers;
    if (this.#serializerSpecs.length === 0) throw new TypeError('at least one serializer is needed');
    this.#serializerSpecs.forEach(serializerId); // unknown names fail here, not at connect time
    this.#maxMessageBytes = options.maxMessageBytes ?? SESSION_DEFAULTS.maxMessageBytes;
    this.#queueBounds = options.offlineQueue ? offlineQueueBounds(options.offlineQueue) : undefined;
    this.#heartbeat = heartbeatSettings(options.heartbeat);

    this.#roles = new SessionRoles(new SessionPort(this));
    // With an offline queue, requests made while the session is away wait in it in order: load
    // the role module (the queue's code comes with it) now, so a publish never waits for code
    // behind a queued call.
    if (this.#queueBounds) void this.#roles.load().catch(() => undefined);

    const random = options.random ?? Math.random;
    const connectors = Array.isArray(options.transport) ? (options.transport as readonly Connector[]) : Object.freeze([options.transport as Connector]);
    this.#endpoints = new Endpoints(connectors, options.failover, random);
    const closeTimeoutMs = options.closeTimeoutMs ?? SESSION_DEFAULTS.closeTimeoutMs;
    const connectTimeoutMs = options.connectTimeoutMs ?? SESSION_DEFAULTS.connectTimeoutMs;
    // The effects the (shared) machine definition calls: one object per session, no provide().
    const host = new MachineHost(this, closeTimeoutMs, connectTimeoutMs, random);
    const reconnect: ReconnectOptions =
      options.reconnect === false || options.reconnect === undefined ? NO_RECONNECT : { maxRetries: SESSION_DEFAULTS.reconnect.maxRetries, ...options.reconnect };
    this.#machine = new ChartRunner(sessionChart, sessionImplementations, { reconnect, host });
    this.#machine.subscribe(() => this.#updateStatus());
    this.#machine.start();
  }

  // The session's side of its roles' port and of its machine's effects: one object each per
  // session, with their methods on a shared prototype (closures here would cost ~1 KB per
  // session). Declared in a static block, so they may reach the session's private members.
  static {
    SessionPort = class implements RolePort {
      readonly #s: Session;
      constructor(session: Session) {
        this.#s = session;
      }
      send(m: WampMessage): Error | undefined {
        return this.#s.#roleSend(m);
      }
      nextRequestId(): number {
        const s = this.#s;
        const id = s.#requestId;
        s.#requestId = id >= MAX_ID ? 1 : id + 1;
        return id;
      }
      notEstablished(): Error | undefined {
        const s = this.#s;
        return s.isEstablished ? undefined : new SessionClosedError(s.#status.type === 'idle' ? 'not opened' : s.#endReason());
      }
      reportError(error: unknown, where: string): void {
        this.#s.#reportError(error, where);
      }
      routerHas(role: 'dealer' | 'broker', feature: string): boolean {
        return announces(this.#s.details, role, feature);
      }
      loaded(): LazyRoles | undefined {
        return this.#s.#roles.lazy;
      }
      afterLoad<T>(request: () => Promise<T>): Promise<T> {
        return this.#s.#lazy(request);
      }
    };
    RunLink = class implements WireEvents {
      readonly #s: Session;
      readonly #sendBack: (e: SessionMachineEvent) => void;
      wire: Wire | undefined;
      constructor(session: Session, sendBack: (e: SessionMachineEvent) => void) {
        this.#s = session;
        this.#sendBack = sendBack;
      }
      load(spec: SerializerSpec): Serializer | Promise<Serializer> {
        return serializerFor(spec);
      }
      opened(wire: Wire): void {
        this.#s.#wire = this.wire = wire;
        this.#sendBack({ type: 'transport.opened' });
      }
      message(msg: WampMessage): void {
        this.#s.#onMessage(msg, this.#sendBack);
      }
      violation(message: string): void {
        this.#sendBack({ type: 'protocol.violation', message });
      }
      closed(reason: string, wasClean: boolean, error: Error | undefined): void {
        const s = this.#s;
        if (s.#wire === this.wire) s.#wire = undefined;
        this.#sendBack({ type: 'transport.closed', reason, wasClean, ...(error ? { error } : {}) });
      }
    };
    MachineHost = class implements SessionHost {
      readonly #s: Session;
      readonly #random: () => number;
      readonly closeTimeoutMs: number;
      readonly connectTimeoutMs: number;
      constructor(session: Session, closeTimeoutMs: number, connectTimeoutMs: number, random: () => number) {
        this.#s = session;
        this.closeTimeoutMs = closeTimeoutMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.#random = random;
      }
      runTransport(sendBack: (event: SessionMachineEvent) => void): () => void {
        return this.#s.#runTransport(sendBack);
      }
      sendHello(): void {
        this.#s.#sendHello();
      }
      authenticate(authMethod: string, extra: Record<string, unknown>): Promise<AuthenticateReply> {
        return this.#s.#authenticate(authMethod, extra);
      }
      sendAuthenticate(reply: AuthenticateReply): void {
        const s = this.#s;
        const failed = s.#send({ type: MessageType.AUTHENTICATE, signature: reply.signature, extra: reply.extra });
        if (failed) s.#wire?.fail(new TransportError(`AUTHENTICATE could not be sent: ${failed.message}`, { cause: failed }));
      }
      sendGoodbye(reason: string, message: string | undefined): void {
        this.#s.#send({ type: MessageType.GOODBYE, details: message ? { message } : {}, reason });
      }
      replyGoodbye(): void {
        this.#s.#send({ type: MessageType.GOODBYE, details: {}, reason: ErrorUri.GOODBYE_AND_OUT });
      }
      sendAbort(reason: string, message: string): void {
        this.#s.#send({ type: MessageType.ABORT, details: { message }, reason });
      }
      onEstablished(restore: boolean): void {
        this.#s.#onEstablished(restore);
      }
      onLeftEstablished(): void {
        this.#s.#dispatching = false;
      }
      settleRequests(end: EndReason | undefined, final: boolean): void {
        this.#s.#settle(end, final);
      }
      reconnectDelay(policy: ReconnectPolicy, attempt: number): number {
        return backoffDelay(policy, attempt, this.#random());
      }
    };
  }

  // ---- public API ----------------------------------------------------------------------------

  /** The current status. */
  get status(): SessionStatus {
    return this.#status;
  }

  /** The session id from WELCOME, while established. */
  get id(): number | undefined {
    return this.#machine.context.sessionId;
  }

  /** The realm this session joins. */
  get realm(): string {
    return this.#options.realm;
  }

  /**
   * WELCOME details of the current run (router roles, authid, authrole, …). Frozen: its `roles`
   * are shared with the other sessions their router sent the same to, and the whole of it with
   * those it greeted alike but for the session id.
   */
  get details(): WampDict {
    return this.#machine.context.welcomeDetails as WampDict;
  }

  /**
   * Whether the router announced `feature` for its `role` in WELCOME: check before using an
   * Advanced Profile feature. `false` while not established.
   *
   * @example
   * ```ts
   * if (session.supports('dealer', 'progressive_call_invocations')) session.callInput('com.example.upload');
   * ```
   */
  supports(role: 'dealer', feature: DealerFeature): boolean;
  supports(role: 'broker', feature: BrokerFeature): boolean;
  supports(role: 'dealer' | 'broker', feature: DealerFeature | BrokerFeature): boolean {
    return this.isEstablished && announces(this.details, role, feature);
  }

  /** Whether the session is established (requests can be made). */
  get isEstablished(): boolean {
    return this.#machine.matches({ active: 'established' });
  }

  /**
   * The router's URL this session is connected to, while connected (with failover: the one in
   * use), as the transport or its connector says.
   */
  get endpoint(): string | undefined {
    return this.#wire ? (this.#wire.endpoint ?? this.#endpoints.current?.endpoint) : undefined;
  }

  /** The negotiated serializer's subprotocol id, while connected (e.g. `wamp.2.msgpack`). */
  /**
   * The WAMP Meta API of the session's realm: sessions, registrations and subscriptions, their
   * meta events, testaments and event history, typed and checked. The router decides who may use
   * it (the embedded router: admin roles by default; testaments: every session). Loaded on first use.
   *
   * @example
   * ```ts
   * const sessions = await admin.meta.session.list();
   * const details = await admin.meta.session.get(sessions[0]!);
   * ```
   */
  get meta(): MetaApi {
    return (this.#meta ??= lazyMeta(this));
  }

  get protocol(): string | undefined {
    return this.#wire?.protocol;
  }

  /**
   * Opens the session: connects, says HELLO, authenticates, and resolves once established.
   * With a reconnect policy it keeps trying until the policy gives up.
   *
   * @throws {@link TransportError} when it cannot connect; {@link AuthenticationError} when
   * authentication fails; {@link SessionAbortedError} when the router ABORTs (e.g. no such realm);
   * {@link ProtocolError} when the router breaks the protocol; {@link SessionClosedError} when
   * `close()` is called first; the signal's reason when `options.signal` aborts. A connection
   * attempt that takes longer than `connectTimeoutMs` is a {@link TransportError}.
   * @param options - an AbortSignal to give up with.
   */
  open(options: OpenOptions = {}): Promise<this> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const snapshot = this.#machine;
    if (snapshot.matches({ active: 'established' })) return Promise.resolve(this);
    return new Promise<this>((resolve, reject) => {
      const done = (): void => {
        off();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        done();
        reject(abortReason(signal!));
        void this.close();
      };
      const off = this.onStatus((s) => {
        if (s.type === 'established') {
          done();
          resolve(this);
        } else if (s.type === 'failed' || s.type === 'closed') {
          done();
          reject(s.error ?? new SessionClosedError(s.reason));
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (snapshot.matches('idle') || snapshot.matches('closed') || snapshot.matches('failed')) {
        this.#end = this.#closed = this.#resolveClosed = undefined;
        this.#machine.send({ type: 'session.open' });
      }
    });
  }

  /**
   * Closes the session: GOODBYE, then waits for the router's GOODBYE, then for the connection
   * to close (its closing handshake done, the socket released); all of it within
   * `closeTimeoutMs`. Every outstanding request rejects with `SessionClosedError`. Idempotent.
   *
   * @param reason - the GOODBYE reason. Default `wamp.close.normal`.
   * @param message - a message for the router's log.
   */
  async close(reason: string = ErrorUri.CLOSE_NORMAL, message?: string): Promise<SessionEnd> {
    const snap = this.#machine;
    const started = Date.now();
    if (!(snap.matches('closed') || snap.matches('failed'))) this.#machine.send({ type: 'session.close', reason, message });
    const end = await this.closed();
    const released = this.#ended?.released();
    if (released) {
      // What is left of closeTimeoutMs: a peer that never finishes the closing handshake does not hold close() longer.
      const left = (this.#options.closeTimeoutMs ?? SESSION_DEFAULTS.closeTimeoutMs) - (Date.now() - started);
      if (left > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([released, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
        clearTimeout(timer);
      }
    }
    this.#ended = undefined;
    return end;
  }

  /** Resolves with how the current run ended (`closed` or `failed`), once it has. */
  closed(): Promise<SessionEnd> {
    if (this.#closed) return this.#closed;
    const end = this.#end;
    return (this.#closed = end ? Promise.resolve(end) : new Promise<SessionEnd>((r) => (this.#resolveClosed = r)));
  }

  /**
   * Calls `listener` on every status change. After a reconnect, `established` is announced once
   * the session's subscriptions and registrations are restored.
   * @returns a function that removes the listener.
   */
  onStatus(listener: StatusListener): () => void {
    // Copy on write: a change makes a new list, so announcing needs no copy.
    if (!this.#listeners.includes(listener)) this.#listeners = [...this.#listeners, listener];
    return () => {
      if (this.#listeners.includes(listener)) this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  /**
   * The status changes as an async iterable, starting with the current status; it ends after a
   * `closed` or `failed` status, or when the loop is left.
   */
  async *statuses(): AsyncGenerator<SessionStatus, void, undefined> {
    const queue = new AsyncQueue<SessionStatus>();
    queue.push(this.#status);
    const off = this.onStatus((st) => queue.push(st));
    try {
      for await (const st of queue) {
        yield st;
        if (st.type === 'closed' || st.type === 'failed') return;
      }
    } finally {
      off();
    }
  }

  /**
   * Calls a procedure.
   *
   * @param procedure - the procedure URI.
   * @param args - positional arguments.
   * @param kwargs - keyword arguments.
   * @param options - client-side options (`timeoutMs`, `signal`, `onProgress`, `cancelMode`) and
   *   `CALL.Options` (`timeout`, `disclose_me`, …).
   * @returns the result's args, kwargs and details.
   * @throws {@link WampError} when the callee or the Dealer answers ERROR (e.g.
   * `wamp.error.no_such_procedure`); {@link CanceledError}; {@link TimeoutError};
   * {@link SessionClosedError} when the session is not established or ends first.
   */
  call(procedure: string, args?: WampList, kwargs?: WampDict, options?: CallOptions): Promise<CallResult>;
  /**
   * Calls the procedure of a contract: args and kwargs are checked before anything is sent
   * (`UsageError`), and the result (the first positional result) is checked and returned.
   * @throws {@link UsageError} `wamp.error.invalid_argument` when the args do not match;
   * {@link WampError} `wamp.error.invalid_argument` when the callee refuses them,
   * `wampkit.error.invalid_result` when the result does not match; as a plain call otherwise.
   */
  call<SA extends ArgsSchema, SK extends KwargsSchema, SR extends ValueSchema, SP extends ValueSchema>(
    contract: ProcedureContract<SA, SK, SR, SP>,
    ...payload: ContractPayload<SA, SK, ContractCallOptions<SchemaOutput<SP, unknown>>>
  ): Promise<SchemaOutput<SR, unknown>>;
  call(procedure: string | ProcedureContract, args?: unknown, kwargs?: unknown, options?: CallOptions | ContractCallOptions<unknown>): Promise<unknown> {
    if (typeof procedure !== 'string') return contractRuntime<ProcedureRuntime>(procedure).call(this.#contractHost(), args, kwargs, options as ContractCallOptions<unknown>);
    return this.#call(procedure, args as WampList | undefined, kwargs as WampDict | undefined, options as CallOptions | undefined);
  }

  #call(procedure: string, args?: WampList, kwargs?: WampDict, options?: CallOptions): Promise<CallResult> {
    // While the role module loads, a call waits its turn behind what was made before it.
    if (this.#gate) return this.#lazy(() => this.#call(procedure, args, kwargs, options));
    if (this.#queueBounds && this.#offline()) {
      // The queue's code comes with the role module: wait for it in turn, as a publish does.
      if (!this.#roles.lazy) return this.#lazy(() => this.#call(procedure, args, kwargs, options));
      const refused = callProblem(procedure, options ?? {});
      if (refused) return Promise.reject(refused);
      const timeoutMs = options?.timeoutMs;
      const signal = options?.signal;
      const mode = options?.cancelMode ?? 'killnowait';
      return this.#queue()!.push(
        'call',
        procedure,
        (waited) => this.#roles.caller.call(procedure, args, kwargs, timeoutMs === undefined ? options : { ...options, timeoutMs: Math.max(1, timeoutMs - waited) }),
        {
          ...(timeoutMs !== undefined ? { limitMs: timeoutMs, onLimit: () => new TimeoutError(timeoutMs) } : {}),
          ...(signal ? { signal, onAbort: () => new CanceledError(mode, { cause: signal.reason }) } : {}),
        },
      );
    }
    return this.#roles.caller.call(procedure, args, kwargs, options);
  }

  /**
   * Whether requests made now wait in the offline queue: the session was established in this run
   * and is getting back (reconnecting, connecting again, or restoring before it says
   * `established`).
   */
  #offline(): boolean {
    const t = this.#status.type;
    return (t === 'reconnecting' || t === 'connecting' || t === 'challenging') && this.#machine.context.wasEstablished;
  }

  /** The offline queue, when it is on and its code (in the role module) is loaded; made on first use. */
  #queue(): OfflineQueue | undefined {
    const lazy = this.#roles.lazy;
    if (!this.#queueBounds || !lazy) return undefined;
    return (this.#queueMade ??= new lazy.OfflineQueue(this.#queueBounds));
  }

  /** Calls and publishes waiting in the offline queue for the session to come back, oldest first (empty without one). */
  get pending(): readonly PendingRequest[] {
    if (!this.#queueBounds) return [];
    const queued = this.#queue()?.pending ?? [];
    const waiting: PendingRequest[] = [];
    // A publish made before the role module loaded waits in the gate first, then in the queue.
    for (const item of this.#gate ?? []) if ('info' in item && item.info) waiting.push(item.info);
    return waiting.length === 0 ? queued : [...queued, ...waiting];
  }

  /**
   * Calls a procedure with progressive results, as an async iterable: each progressive chunk,
   * then the final result. The loop throws what {@link Session.call} rejects with.
   *
   * @example
   * ```ts
   * for await (const { args, details } of session.callStream('com.example.countdown', [3])) {
   *   console.log(details.progress ? 'chunk' : 'final', args);
   * }
   * ```
   */
  callStream(procedure: string, args?: WampList, kwargs?: WampDict, options?: CallOptions): CallStream;
  /** Calls a contract's procedure with progressive results: checked progress values, then the checked result. */
  callStream<SA extends ArgsSchema, SK extends KwargsSchema, SR extends ValueSchema, SP extends ValueSchema>(
    contract: ProcedureContract<SA, SK, SR, SP>,
    ...payload: ContractPayload<SA, SK, ContractCallOptions<SchemaOutput<SP, unknown>>>
  ): ContractStream<SchemaOutput<SP, unknown>, SchemaOutput<SR, unknown>>;
  callStream(procedure: string | ProcedureContract, args?: unknown, kwargs?: unknown, options?: CallOptions | ContractCallOptions<unknown>): CallStream | ContractStream<unknown, unknown> {
    if (typeof procedure !== 'string') return contractRuntime<ProcedureRuntime>(procedure).callStream(this.#contractHost(), args, kwargs, options as ContractCallOptions<unknown>);
    return this.#roles.caller.callStream(procedure, args as WampList | undefined, kwargs as WampDict | undefined, options as CallOptions | undefined);
  }

  /**
   * Starts a call whose input is sent in chunks (progressive call invocations). The callee reads
   * them from `context.input`. Cancel it with `options.signal`, as any call.
   *
   * @example
   * ```ts
   * const upload = session.callInput('com.example.sum');
   * upload.send([1]);
   * upload.send([2]);
   * const { args } = await upload.end([3]);
   * ```
   */
  callInput(procedure: string, options?: CallOptions): CallInput {
    return this.#roles.caller.callInput(procedure, options);
  }

  /**
   * Registers a procedure.
   *
   * @param procedure - the procedure URI (or pattern, with `match`).
   * @param handler - called for each invocation; see {@link Procedure}.
   * @param options - `REGISTER.Options` (`match`, `invoke`, …).
   * @throws {@link WampError} when the Dealer refuses (e.g. `wamp.error.procedure_already_exists`);
   * {@link SessionClosedError}.
   */
  register(procedure: string, handler: Procedure, options?: RegisterOptions): Promise<Registration>;
  /**
   * Registers a contract's procedure: a call whose args or kwargs do not match gets ERROR
   * `wamp.error.invalid_argument` (kwargs `{ issues }`) and never reaches `handler`; the
   * handler's result is checked too.
   */
  register<SA extends ArgsSchema, SK extends KwargsSchema, SR extends ValueSchema, SP extends ValueSchema>(
    contract: ProcedureContract<SA, SK, SR, SP>,
    handler: (
      args: SchemaOutput<SA, WampList>,
      kwargs: SchemaOutput<SK, WampDict>,
      context: ContractInvocationContext<SchemaInput<SP, unknown>>,
    ) => SchemaInput<SR, unknown> | Promise<SchemaInput<SR, unknown>>,
    options?: RegisterOptions,
  ): Promise<Registration>;
  register(procedure: string | ProcedureContract, handler: (args: never, kwargs: never, context: never) => unknown, options?: RegisterOptions): Promise<Registration> {
    if (typeof procedure !== 'string') return contractRuntime<ProcedureRuntime>(procedure).register(this.#contractHost(), handler, options);
    return this.#lazy(() => this.#roles.callee.register(procedure, handler as Procedure, options));
  }

  /**
   * Publishes an event.
   *
   * @param topic - the topic URI.
   * @param args - positional payload.
   * @param kwargs - keyword payload.
   * @param options - `PUBLISH.Options`.
   * @returns the publication id when `acknowledge: true`, else `undefined` once sent.
   * @throws {@link WampError} when an acknowledged publish is refused; {@link SessionClosedError}.
   */
  publish(topic: string, args: WampList | undefined, kwargs: WampDict | undefined, options: PublishOptions & { acknowledge: true }): Promise<number>;
  publish(topic: string, args?: WampList, kwargs?: WampDict, options?: PublishOptions): Promise<number | undefined>;
  /** Publishes to a contract's topic: args and kwargs are checked before anything is sent (`UsageError`). */
  publish<SA extends ArgsSchema, SK extends KwargsSchema>(
    contract: TopicContract<SA, SK>,
    ...payload: ContractPayloadWith<SA, SK, PublishOptions & { acknowledge: true }>
  ): Promise<number>;
  publish<SA extends ArgsSchema, SK extends KwargsSchema>(
    contract: TopicContract<SA, SK>,
    ...payload: ContractPayload<SA, SK, PublishOptions>
  ): Promise<number | undefined>;
  publish(topic: string | TopicContract, args?: unknown, kwargs?: unknown, options?: PublishOptions): Promise<number | undefined> {
    if (typeof topic !== 'string') return contractRuntime<TopicRuntime>(topic).publish(this.#contractHost(), args, kwargs, options);
    return this.#publish(topic, args as WampList | undefined, kwargs as WampDict | undefined, options);
  }

  #publish(topic: string, args?: WampList, kwargs?: WampDict, options?: PublishOptions): Promise<number | undefined> {
    const info: PendingRequest | undefined = this.#queueBounds && this.#offline() ? { kind: 'publish', uri: topic, queuedAt: Date.now() } : undefined;
    return this.#lazy(() => {
      if (this.#queueBounds && this.#offline()) {
        const refused = this.#roles.lazy!.publishProblem(topic, options ?? {});
        if (refused) return Promise.reject(refused);
        return this.#queue()!.push('publish', topic, () => this.#roles.publisher.publish(topic, args, kwargs, options));
      }
      return this.#roles.publisher.publish(topic, args, kwargs, options);
    }, info);
  }

  /**
   * Subscribes a handler to a topic. Handlers of the same topic and options share one router
   * subscription. Without a handler, the subscription is an async iterable of its events, held in
   * a bounded buffer (`bufferSize`, default 1000; `overflow`: `drop-oldest` (default),
   * `drop-newest` or `error`); leaving the `for await` loop unsubscribes.
   *
   * @example
   * ```ts
   * for await (const { args } of await session.subscribe('com.example.temp')) console.log(args);
   * ```
   * @param topic - the topic URI (or pattern, with `match`).
   * @param handler - called for each event.
   * @param options - `SUBSCRIBE.Options`.
   * @throws {@link WampError} when the Broker refuses; {@link SessionClosedError}.
   */
  subscribe(topic: string, handler: EventHandler, options?: SubscribeOptions): Promise<Subscription>;
  subscribe(topic: string, options?: SubscribeOptions & EventStreamOptions): Promise<EventStream>;
  /**
   * Subscribes a handler to a contract's topic: each event is checked; one that does not match
   * is reported to `onError` and not delivered. Events keep their order.
   */
  subscribe<SA extends ArgsSchema, SK extends KwargsSchema>(
    contract: TopicContract<SA, SK>,
    handler: (args: SchemaOutput<SA, WampList>, kwargs: SchemaOutput<SK, WampDict>, details: EventDetails) => unknown,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  /** A contract's topic as a typed stream of checked events (bad ones reported, not delivered). */
  subscribe<SA extends ArgsSchema, SK extends KwargsSchema>(
    contract: TopicContract<SA, SK>,
    options?: SubscribeOptions & EventStreamOptions,
  ): Promise<EventStream<SchemaOutput<SA, WampList>, SchemaOutput<SK, WampDict>>>;
  subscribe(
    topic: string | TopicContract,
    handlerOrOptions?: EventHandler | ((args: never, kwargs: never, details: EventDetails) => unknown) | (SubscribeOptions & EventStreamOptions),
    options?: SubscribeOptions,
  ): Promise<Subscription | EventStream> {
    if (typeof topic !== 'string') {
      const run = contractRuntime<TopicRuntime>(topic);
      if (typeof handlerOrOptions === 'function') return run.subscribe(this.#contractHost(), handlerOrOptions, options);
      return this.#lazy(() =>
        this.#roles.lazy!.subscribeStream(handlerOrOptions, (push, o: SubscribeOptions) =>
          run.subscribe(this.#contractHost(), push as (a: never, k: never, d: EventDetails) => unknown, o),
        ),
      );
    }
    return this.#lazy((): Promise<Subscription | EventStream> =>
      typeof handlerOrOptions === 'function'
        ? this.#roles.subscriber.subscribe(topic, handlerOrOptions as EventHandler, options)
        : this.#roles.lazy!.subscribeStream(handlerOrOptions, (push, o: SubscribeOptions) => this.#roles.subscriber.subscribe(topic, push, o)),
    );
  }

  /**
   * Subscribes to many topics at once: every SUBSCRIBE goes out in one round trip's worth of
   * frames, and each topic gets its own outcome (never all-or-nothing).
   *
   * @example
   * ```ts
   * const results = await session.subscribeMany([{ topic: 'com.a', handler: onA }, { topic: 'com.b.', options: { match: 'prefix' } }]);
   * for (const r of results) if (r.error) console.warn(r.topic, r.error.message);
   * ```
   */
  async subscribeMany(
    requests: ReadonlyArray<{ readonly topic: string; readonly handler?: EventHandler; readonly options?: SubscribeOptions & EventStreamOptions }>,
  ): Promise<Array<{ readonly topic: string; readonly subscription?: Subscription | EventStream; readonly error?: Error }>> {
    return this.#lazy(() =>
      this.#roles.lazy!.subscribeEach(requests, (r) => (r.handler ? this.subscribe(r.topic, r.handler, r.options) : this.subscribe(r.topic, r.options))),
    );
  }

  /** Unsubscribes many at once; each gets its own outcome (`undefined` when it succeeded). */
  async unsubscribeMany(subscriptions: readonly Subscription[]): Promise<Array<Error | undefined>> {
    return this.#lazy(() => this.#roles.lazy!.unsubscribeEach(subscriptions));
  }

  // ---- machine effects -------------------------------------------------------------------------

  #runTransport(sendBack: (e: SessionMachineEvent) => void): () => void {
    // Each attempt takes the next connector (failover); with one, always that one.
    const link = new RunLink(this, sendBack);
    const wire = (link.wire = new Wire(this.#endpoints.next(), this.#serializerSpecs, this.#maxMessageBytes, link));
    return () => {
      wire.end();
      this.#ended = wire;
      if (this.#wire === wire) this.#wire = undefined;
    };
  }

  #onMessage(msg: WampMessage, sendBack: (e: SessionMachineEvent) => void): void {
    // Hot path first: messages of an established session go straight to their role.
    if (this.#dispatching && this.#roles.dispatch(msg)) return;
    switch (msg.type) {
      case MessageType.WELCOME:
        sendBack({ type: 'wamp.welcome', session: msg.session, details: shareWelcome(msg.details) });
        return;
      case MessageType.CHALLENGE:
        sendBack({ type: 'wamp.challenge', authMethod: msg.authMethod, extra: msg.extra });
        return;
      case MessageType.ABORT:
        sendBack({ type: 'wamp.abort', reason: msg.reason, details: msg.details });
        return;
      case MessageType.GOODBYE:
        sendBack({ type: 'wamp.goodbye', reason: msg.reason, details: msg.details });
        return;
      default:
        sendBack({
          type: 'protocol.violation',
          message: `${messageTypeName(msg.type)} is not valid ${this.#dispatching ? 'from a router' : 'before the session is established'}`,
        });
    }
  }

  /**
   * Runs `op` now when the Callee/Publisher/Subscriber module is loaded; else after it loads,
   * in order with every other request made meanwhile (their frames wait in the gate).
   */
  #lazy<T>(op: () => Promise<T>, info?: PendingRequest): Promise<T> {
    if (this.#roles.lazy && !this.#gate) return op();
    let gate = this.#gate;
    if (!gate) {
      gate = this.#gate = [];
      this.#roles.load().then(() => this.#openGate(undefined), (error: unknown) => this.#openGate(error));
    }
    const waiting = gate;
    return new Promise<T>((resolve, reject) =>
      waiting.push({
        run: () => {
          try {
            resolve(op());
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
        ...(info ? { info } : {}),
      }),
    );
  }

  /** The module loaded (or failed to): run the waiting operations and send the held frames, in order. */
  #openGate(error: unknown): void {
    const gate = this.#gate;
    this.#gate = undefined;
    if (!gate) return;
    for (const item of gate) {
      if ('run' in item) {
        if (error === undefined) item.run();
        else item.fail(new TransportError(`could not load wampkit's Callee/Publisher/Subscriber code: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
      } else if (item.wire === this.#wire) item.wire.sendFrame(item.frame);
    }
  }

  /** A role's send: straight out, or held in the gate behind operations still waiting. */
  #roleSend(message: WampMessage): Error | undefined {
    if (!this.#gate) return this.#send(message);
    const wire = this.#wire;
    if (!wire) return new SessionClosedError(this.#endReason());
    const frame = wire.encode(message);
    if (typeof frame === 'object' && frame instanceof Error) return frame;
    this.#gate.push({ frame, wire });
    return undefined;
  }

  #send(message: WampMessage): Error | undefined {
    return this.#wire ? this.#wire.send(message) : new SessionClosedError(this.#endReason());
  }

  #sendHello(): void {
    this.#requestId = 1;
    const realm = this.#options.realm;
    const agent = this.#options.agent ?? SESSION_DEFAULTS.agent;
    const hello = (): WampMessage => ({ type: MessageType.HELLO, realm, details: helloDetails(this.#authenticators, agent) });
    const wire = this.#wire;
    // An anonymous HELLO is the same for every session to a realm: encoded once, not per connect.
    const failed = wire && this.#authenticators.length === 0 ? wire.sendAlike(`${realm.length}:${realm}${agent}`, hello) : this.#send(hello());
    // A HELLO that cannot go out (an unencodable authextra, a message limit below its size) ends
    // the attempt now rather than waiting for a WELCOME that cannot come.
    if (failed) this.#wire?.fail(new TransportError(`HELLO could not be sent: ${failed.message}`, { cause: failed }));
  }

  /** The answer to a CHALLENGE (the machine runs it as its `authenticate` actor). */
  async #authenticate(method: string, extra: WampDict): Promise<{ signature: string; extra: WampDict }> {
    const auth = this.#authenticators.find((a) => a.method === method);
    if (!auth) throw new Error(`router asked for ${method}, which was not offered`);
    const r = await auth.respond(extra);
    return { signature: r.signature, extra: r.extra ?? {} };
  }

  #onEstablished(restore: boolean): void {
    this.#dispatching = true;
    if (this.#heartbeat) {
      this.#wire?.startHeartbeat(this.#heartbeat, this.#roles);
    }
    if (restore) this.#restored = this.#roles.restore();
  }

  #settle(end: EndReason | undefined, final: boolean): void {
    this.#dispatching = false;
    this.#roles.settle(() => new SessionClosedError(end?.reason ?? 'closed', { cause: errorOf(end) }), final);
  }

  #endReason(): string {
    return this.#machine?.context.end?.reason ?? 'not established';
  }

  #contractHost(): ContractHost {
    return { session: this, report: (error, where) => this.#reportError(error, where) };
  }

  #reportError(error: unknown, where: string): void {
    const handler = this.#options.onError;
    if (handler) {
      try {
        handler(error, where);
      } catch {
        /* an error handler that throws has nowhere left to report to */
      }
    } else {
      console.error(`wampkit: error in ${where}:`, error);
    }
  }

  #updateStatus(): void {
    const next = statusOf(this.#machine, this.#endpoints.current?.endpoint);
    const prev = this.#machineStatus;
    if (prev.type === next.type && !((next.type === 'connecting' || next.type === 'challenging') && prev.type === next.type && prev.attempt !== next.attempt)) return;
    this.#machineStatus = next;
    if (next.type === 'closed' || next.type === 'failed') {
      this.#queueMade?.rejectAll(new SessionClosedError(next.reason, { cause: next.error }));
      const end: SessionEnd = { type: next.type, reason: next.reason, kind: next.kind, message: next.message, details: next.details, error: next.error };
      if (!this.#end) {
        this.#end = end;
        this.#resolveClosed?.(end);
      }
    }
    const restored = next.type === 'established' ? this.#restored : undefined;
    this.#restored = undefined;
    if (restored) {
      // After a reconnect, the session says "established" (in `status` too) once its subscriptions
      // and registrations are back; until then it is still getting back (the offline queue waits).
      void restored.then(() => {
        if (this.#machineStatus === next) this.#announce(next);
      });
      return;
    }
    this.#announce(next);
  }

  #announce(next: SessionStatus): void {
    this.#status = next;
    // Queued requests go out first, in order, before anything made once it is announced.
    if (next.type === 'established') this.#queueMade?.flush();
    this.#notify(next);
  }

  #notify(next: SessionStatus): void {
    for (const l of this.#listeners) {
      try {
        l(next);
      } catch (error) {
        this.#reportError(error, 'status listener');
      }
    }
  }
}

/** The code a contract made by defineProcedure/defineTopic carries (read without importing it). */
function contractRuntime<R>(contract: object): R {
  const run = (contract as Record<string, unknown>)['~wampkit'];
  if (run === undefined) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'not a contract made by defineProcedure or defineTopic');
  return run as R;
}
