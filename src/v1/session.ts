/**
 * `V1Session`: a WAMP v1 session (Caller, Publisher, Subscriber; CURIEs) with the method names
 * and shapes of the v2 `Session`, run by the pure machine in `state-machines/v1-session-machine.ts`.
 * @module
 */
import { createActor, type Actor } from 'xstate';
import { v1SessionMachine, type V1SessionEvent } from '../../state-machines/v1-session-machine.js';
import { ProtocolError, SessionClosedError, TimeoutError, TransportError, UsageError, WampError, type WampkitError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict, WampList } from '../protocol/messages.js';
import type { CallResult } from '../roles/types.js';
import type { EventHandler, Subscription } from '../roles/subscriber.js';
import type { Transport, TransportCloseInfo } from '../transports/transport.js';
import { encodeV1, parseV1, V1_SUBPROTOCOL, V1MessageType, type V1Message } from './messages.js';
import { PrefixMap } from './prefixes.js';
import { callProblem, publishProblem, refuse, subscribeProblem, v1UriProblem, type V1CallOptions, type V1PublishOptions } from './refusals.js';
import { V1_SESSION_DEFAULTS, type V1SessionEnd, type V1SessionOptions } from './options.js';

interface PendingCall {
  resolve(result: CallResult): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface LocalSubscription {
  readonly topic: string;
  readonly id: number;
  readonly handlers: Set<{ handler: EventHandler; end(reason: string): void }>;
}

/**
 * A WAMP v1 session. Same method names as the v2 `Session` for what v1 has; what v1 lacks is
 * refused at once (nothing is sent) with a {@link wampkit!UsageError | UsageError} `wamp.error.feature_not_supported`.
 *
 * @example
 * ```ts
 * import { connect } from 'wampkit/v1';
 * const session = await connect({ url: 'ws://127.0.0.1:9000', prefixes: { calc: 'http://example.com/calc#' } });
 * const { args } = await session.call('calc:add', [2, 3]);
 * await session.close();
 * ```
 */
export class V1Session {
  readonly #options: V1SessionOptions;
  readonly #actor: Actor<typeof v1SessionMachine>;
  readonly #prefixes = new PrefixMap();
  readonly #calls = new Map<string, PendingCall>();
  readonly #subscriptions = new Map<string, LocalSubscription>();
  #transport: Transport | undefined;
  #nextCall = 0;
  #nextSubscription = 0;
  #nextPublication = 0;
  #opened: Promise<this> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #error: WampkitError | undefined;
  readonly #ended: Promise<V1SessionEnd>;
  #end!: (end: V1SessionEnd) => void;

  /**
   * @param options - the transport and the session's bounds.
   * @throws {@link wampkit!UsageError | UsageError} `wamp.error.invalid_uri` for a prefix or URI in `prefixes` that is not one.
   */
  constructor(options: V1SessionOptions) {
    for (const [prefix, uri] of Object.entries(options.prefixes ?? {})) {
      const refused = v1UriProblem(prefix) ?? v1UriProblem(uri);
      if (refused) throw refused;
    }
    this.#options = options;
    this.#ended = new Promise((resolve) => (this.#end = resolve));
    this.#actor = createActor(v1SessionMachine);
    this.#actor.subscribe((snapshot) => {
      if (snapshot.status === 'done') this.#finish(snapshot.value === 'failed' ? 'failed' : 'closed', snapshot.context.reason ?? 'closed');
    });
    this.#actor.start();
  }

  /** The session id from WELCOME (a string in WAMP v1), while established. */
  get id(): string | undefined {
    return this.#state === 'established' ? this.#actor.getSnapshot().context.sessionId : undefined;
  }

  /** The server's `serverIdent` from WELCOME (e.g. `Autobahn/0.8.15`). */
  get server(): string | undefined {
    return this.#actor.getSnapshot().context.server;
  }

  /** Whether the session is established. */
  get isEstablished(): boolean {
    return this.#state === 'established';
  }

  /** The machine's state: `idle`, `connecting`, `established`, `closing`, `closed` or `failed`. */
  get state(): string {
    return this.#state;
  }

  get #state(): string {
    return this.#actor.getSnapshot().value as string;
  }

  /**
   * Opens the WebSocket and resolves once the server's WELCOME arrived. Idempotent; a session
   * closed before it was opened rejects with `SessionClosedError`.
   * @throws {@link wampkit!TransportError | TransportError} when it cannot connect; {@link wampkit!ProtocolError | ProtocolError} when the
   * first message is not a v1 WELCOME.
   */
  open(): Promise<this> {
    if (this.#opened) return this.#opened;
    if (this.#state !== 'idle' || this.#actor.getSnapshot().status !== 'active') {
      return Promise.reject(new SessionClosedError('a closed v1 session cannot be opened again: connect() anew'));
    }
    this.#actor.send({ type: 'session.open' });
    this.#arm(this.#options.connectTimeoutMs ?? V1_SESSION_DEFAULTS.connectTimeoutMs, 'no WELCOME');
    this.#opened = new Promise<this>((resolve, reject) => {
      const sub = this.#actor.subscribe((s) => {
        if (s.value === 'established') {
          this.#disarm();
          sub.unsubscribe();
          resolve(this);
        } else if (s.status === 'done') {
          sub.unsubscribe();
          reject(this.#error ?? new SessionClosedError(s.context.reason ?? 'closed'));
        }
      });
    });
    // A transport may deliver WELCOME before its promise settles: such frames wait (a few at most).
    let early: Array<string | Uint8Array> | undefined = [];
    this.#options.transport({
      protocols: [V1_SUBPROTOCOL],
      events: {
        message: (frame) => (early ? early.length < 16 && early.push(frame) : this.#onFrame(frame)),
        close: (info) => this.#onClose(info),
      },
    }).then(
      (t) => {
        if (this.#state !== 'connecting') return t.close(1000, 'closed');
        this.#transport = t;
        const frames = early ?? [];
        early = undefined;
        for (const frame of frames) this.#onFrame(frame);
      },
      (error: unknown) => this.#onClose({ wasClean: false, reason: error instanceof Error ? error.message : String(error), error: error instanceof Error ? error : undefined }),
    );
    return this.#opened;
  }

  /** Closes the WebSocket (v1 has no GOODBYE) and resolves with how the session ended. */
  close(): Promise<V1SessionEnd> {
    const state = this.#state;
    if (state === 'idle') {
      this.#actor.stop();
      this.#finish('closed', 'closed by us');
    } else if (state === 'connecting' || state === 'established') {
      this.#actor.send({ type: 'session.close' });
      this.#arm(this.#options.closeTimeoutMs ?? V1_SESSION_DEFAULTS.closeTimeoutMs, 'no closing handshake');
      this.#transport?.close(1000, 'closed');
    }
    return this.#ended;
  }

  /** Starts the bound of connecting or closing: when it passes, the connection is dropped. */
  #arm(ms: number, what: string): void {
    this.#disarm();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#state === 'connecting') this.#error ??= new TransportError(`${what} within ${ms} ms`);
      const t = this.#transport;
      this.#event({ type: 'transport.closed', reason: `${what} within ${ms} ms` });
      (t?.abort ?? t?.close)?.call(t);
    }, ms);
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Resolves with how the session ended, when it does. */
  closed(): Promise<V1SessionEnd> {
    return this.#ended;
  }

  /**
   * Binds a CURIE prefix: sends PREFIX, and `prefix:rest` then works in calls, subscriptions and
   * publications, and comes back resolved in CALLERROR URIs.
   * @throws {@link wampkit!SessionClosedError | SessionClosedError} when not established;
   * {@link wampkit!UsageError | UsageError} when `prefix` or `uri` is not one, or the table is full.
   */
  prefix(prefix: string, uri: string): void {
    const refused = this.#notEstablished() ?? v1UriProblem(uri) ?? v1UriProblem(prefix);
    if (refused) throw refused;
    if (!this.#prefixes.set(prefix, uri)) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'too many CURIE prefixes');
    this.#send([V1MessageType.PREFIX, prefix, uri]);
  }

  /** The URI a CURIE stands for in this session (anything else is returned as it is). */
  resolve(curieOrUri: string): string {
    return this.#prefixes.resolve(curieOrUri);
  }

  /**
   * Calls a procedure (CALL with `args`); resolves with the CALLRESULT's value as `args[0]`.
   * @throws {@link wampkit!WampError | WampError} for CALLERROR: `uri` the error URI (CURIEs resolved), `args`
   * `[description]` or `[description, details]`; {@link wampkit!UsageError | UsageError} at once for what v1 lacks
   * (kwargs, cancel, progressive results: `wamp.error.feature_not_supported`);
   * {@link wampkit!TimeoutError | TimeoutError} after `timeoutMs`; {@link wampkit!SessionClosedError | SessionClosedError} when the session ends first.
   */
  call(procedure: string, args: WampList = [], kwargs?: WampDict, options: V1CallOptions = {}): Promise<CallResult> {
    const refused = this.#notEstablished() ?? callProblem(procedure, args, kwargs, options);
    if (refused) return Promise.reject(refused);
    const max = this.#options.maxPendingCalls ?? V1_SESSION_DEFAULTS.maxPendingCalls;
    if (this.#calls.size >= max) return Promise.reject(new UsageError(ErrorUri.INVALID_ARGUMENT, `${max} calls are already waiting (maxPendingCalls)`));
    const callId = `${++this.#nextCall}`;
    return new Promise<CallResult>((resolve, reject) => {
      const pending: PendingCall = { resolve, reject, timer: undefined };
      const ms = options.timeoutMs;
      if (ms !== undefined) {
        pending.timer = setTimeout(() => {
          this.#calls.delete(callId);
          reject(new TimeoutError(ms));
        }, ms);
      }
      const failed = this.#send([V1MessageType.CALL, callId, procedure, ...args]);
      if (failed) {
        if (pending.timer !== undefined) clearTimeout(pending.timer);
        return reject(failed);
      }
      this.#calls.set(callId, pending);
    });
  }

  /** Refused at once: a v1 client cannot register procedures. @throws {@link wampkit!UsageError | UsageError} `wamp.error.feature_not_supported`. */
  register(_procedure: string, _handler?: unknown, _options?: object): Promise<never> {
    return Promise.reject(refuse('registration'));
  }

  /** Refused at once: v1 has no progressive results. @throws {@link wampkit!UsageError | UsageError} `wamp.error.feature_not_supported`. */
  callStream(_procedure: string, _args?: WampList, _kwargs?: WampDict, _options?: object): never {
    throw refuse('progressive call invocations');
  }

  /**
   * Publishes an event (PUBLISH). `args` holds the one event value (`[]` publishes `null`).
   * v1 has no acknowledgement: it resolves with `undefined` once sent.
   * @throws {@link wampkit!UsageError | UsageError} at once for kwargs, `acknowledge` and the other v2-only options.
   */
  publish(topic: string, args: WampList = [], kwargs?: WampDict, options: V1PublishOptions = {}): Promise<undefined> {
    const refused = this.#notEstablished() ?? publishProblem(topic, args, kwargs, options);
    if (refused) return Promise.reject(refused);
    const event = args.length === 0 ? null : args[0];
    const message: unknown[] = [V1MessageType.PUBLISH, topic, event];
    if (options.exclude !== undefined || options.eligible !== undefined) {
      const exclude = (options.exclude ?? []).map(String);
      const self = this.id;
      if (options.exclude_me !== false && self !== undefined && !exclude.includes(self)) exclude.push(self);
      message.push(exclude);
      if (options.eligible !== undefined) message.push(options.eligible.map(String));
    } else if (options.exclude_me !== undefined) {
      message.push(options.exclude_me);
    }
    const failed = this.#send(message);
    return failed ? Promise.reject(failed) : Promise.resolve(undefined);
  }

  /**
   * Subscribes `handler` to a topic (exact match; a CURIE works). v1 has no SUBSCRIBED: it
   * resolves once SUBSCRIBE is sent. Each EVENT calls `handler([event], {}, details)`.
   * @throws {@link wampkit!UsageError | UsageError} at once for `match` other than `exact` and other v2-only options.
   */
  subscribe(topic: string, handler: EventHandler, options: object = {}): Promise<Subscription> {
    const refused = this.#notEstablished() ?? subscribeProblem(topic, options);
    if (refused) return Promise.reject(refused);
    const key = this.#prefixes.resolve(topic);
    let local = this.#subscriptions.get(key);
    if (!local) {
      local = { topic: key, id: ++this.#nextSubscription, handlers: new Set() };
      this.#subscriptions.set(key, local);
      this.#send([V1MessageType.SUBSCRIBE, topic]);
    }
    const shared = local;
    let endWith!: (reason: string) => void;
    const ended = new Promise<string>((resolve) => (endWith = resolve));
    let active = true;
    const entry = { handler, end: (reason: string) => ((active = false), endWith(reason)) };
    shared.handlers.add(entry);
    const subscription: Subscription = {
      id: shared.id,
      topic,
      get active() {
        return active;
      },
      ended,
      unsubscribe: async () => {
        if (!active) return;
        shared.handlers.delete(entry);
        entry.end('unsubscribed');
        if (shared.handlers.size === 0 && this.#subscriptions.get(key) === shared) {
          this.#subscriptions.delete(key);
          if (this.isEstablished) this.#send([V1MessageType.UNSUBSCRIBE, topic]);
        }
      },
    };
    return Promise.resolve(subscription);
  }

  #notEstablished(): UsageError | SessionClosedError | undefined {
    return this.isEstablished ? undefined : new SessionClosedError(`the v1 session is ${this.#state}`);
  }

  /** Sends a message; why not, when it cannot be encoded or is too large (nothing is sent then). */
  #send(message: readonly unknown[]): UsageError | undefined {
    let frame: string;
    try {
      frame = encodeV1(message);
    } catch (error) {
      return new UsageError(ErrorUri.INVALID_ARGUMENT, `cannot be encoded as JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const max = this.#options.maxMessageBytes ?? V1_SESSION_DEFAULTS.maxMessageBytes;
    if (byteLength(frame, max) > max) return new UsageError(ErrorUri.INVALID_ARGUMENT, `a message of more than ${max} bytes (maxMessageBytes)`);
    this.#transport?.send(frame);
    return undefined;
  }

  #onFrame(frame: string | Uint8Array): void {
    const max = this.#options.maxMessageBytes ?? V1_SESSION_DEFAULTS.maxMessageBytes;
    if ((typeof frame === 'string' ? byteLength(frame, max) : frame.byteLength) > max) return this.#violation(`a message of more than ${max} bytes`);
    let msg: V1Message;
    try {
      msg = parseV1(frame);
    } catch (error) {
      return this.#violation(error instanceof Error ? error.message : String(error), error);
    }
    const state = this.#state;
    if (msg.type === V1MessageType.WELCOME) {
      if (state !== 'connecting') return this.#violation('a second WELCOME');
      if (msg.version !== 1) return this.#violation(`WELCOME for WAMP version ${msg.version}, not 1`);
      this.#event({ type: 'wamp1.welcome', sessionId: msg.sessionId, server: msg.server });
      for (const [prefix, uri] of Object.entries(this.#options.prefixes ?? {})) this.prefix(prefix, uri);
      return;
    }
    if (state !== 'established') return state === 'connecting' ? this.#violation(`message type ${msg.type} before WELCOME`) : undefined;
    switch (msg.type) {
      case V1MessageType.CALLRESULT:
        return this.#settle(msg.callId)?.resolve({ args: [msg.result] as WampList, kwargs: {}, details: {} });
      case V1MessageType.CALLERROR: {
        const args = (msg.hasDetails ? [msg.description, msg.details] : [msg.description]) as WampList;
        return this.#settle(msg.callId)?.reject(new WampError(this.#prefixes.resolve(msg.error), { args }));
      }
      case V1MessageType.EVENT:
        return this.#onEvent(this.#prefixes.resolve(msg.topic), msg.event);
      default:
        return this.#violation(`a server does not send message type ${msg.type}`);
    }
  }

  #settle(callId: string): PendingCall | undefined {
    const pending = this.#calls.get(callId);
    if (!pending) return undefined; // timed out: a late answer is dropped
    this.#calls.delete(callId);
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    return pending;
  }

  #onEvent(topic: string, event: unknown): void {
    const local = this.#subscriptions.get(topic);
    if (!local) return;
    const details = { subscription: local.id, publication: ++this.#nextPublication, topic, publisher: undefined, details: {} };
    for (const { handler } of [...local.handlers]) {
      try {
        const r = handler([event] as WampList, {}, details);
        if (r instanceof Promise) r.catch((error: unknown) => this.#options.onError?.(error, `event handler of ${topic}`));
      } catch (error) {
        this.#options.onError?.(error, `event handler of ${topic}`);
      }
    }
  }

  #violation(message: string, cause?: unknown): void {
    this.#error ??= new ProtocolError(`WAMP v1 protocol violation: ${message}`, { cause });
    this.#event({ type: 'protocol.violation', message });
    this.#transport?.close(1002, 'protocol violation');
  }

  #onClose(info: TransportCloseInfo): void {
    if (!this.#error && this.#state === 'connecting') this.#error = new TransportError(info.reason || 'the WebSocket closed before WELCOME', { cause: info.error });
    this.#event({ type: 'transport.closed', reason: info.reason || `WebSocket closed (${info.code ?? 'no code'})` });
  }

  /** Sends an event to the machine while it runs (after its end, events have nowhere to go). */
  #event(event: V1SessionEvent): void {
    if (this.#actor.getSnapshot().status === 'active') this.#actor.send(event);
  }

  #finish(type: 'closed' | 'failed', reason: string): void {
    this.#disarm();
    this.#transport?.close(1000, 'closed');
    this.#transport = undefined;
    const error = new SessionClosedError(reason);
    for (const pending of this.#calls.values()) {
      if (pending.timer !== undefined) clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#calls.clear();
    for (const local of this.#subscriptions.values()) for (const h of local.handlers) h.end('session closed');
    this.#subscriptions.clear();
    this.#prefixes.clear();
    this.#end({ type, reason, error: reason === 'closed by us' ? undefined : this.#error ?? (type === 'failed' ? error : undefined) });
  }
}

const utf8 = new TextEncoder();
/** A string's UTF-8 length, counted only when it might exceed `max` (a UTF-16 unit is at most 3 bytes). */
function byteLength(text: string, max: number): number {
  return text.length * 3 > max ? utf8.encode(text).byteLength : text.length;
}
