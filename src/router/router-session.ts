/**
 * One client connection of the router: the router side of the WAMP session lifecycle
 * (HELLO → [CHALLENGE/AUTHENTICATE] → WELCOME → … → GOODBYE), decoding frames with the
 * connection's serializer and dispatching each message to the realm's Broker or Dealer.
 *
 * A message that is malformed or not valid in the current state ABORTs this connection with
 * `wamp.error.protocol_violation`; no other session is touched.
 * @internal
 * @module
 */
import { ProtocolError } from '../errors.js';
import { decodeMessage, encodeMessage } from '../protocol/codec.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType, messageTypeName } from '../protocol/message-type.js';
import type { HelloMessage, WampDict, WampMessage } from '../protocol/messages.js';
import { isValidUri } from '../protocol/uri.js';
import type { Frame, Serializer } from '../serializers/serializer.js';
import type { Transport, TransportCloseInfo, TransportEvents } from '../transports/transport.js';
import type { AuthChallenge, AuthDecision, Authenticator } from './auth.js';
import { parseFeatures, type PeerFeatures } from './peer.js';
import { Heartbeat } from '../util/heartbeat.js';
import type { AuthThrottle, RouterLimits } from './limits.js';
import type { JoinedSession, Realm } from './realm.js';

/** Log levels of the router's logger. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What a connection needs from its router. @internal */
export interface SessionHost {
  /** The realm of that name (created on demand when the router allows it), or undefined. */
  findRealm(name: string): Realm | undefined;
  readonly authenticate: Authenticator;
  readonly maxMessageBytes: number;
  /** A fresh session id, unique in the router. */
  newSessionId(): number;
  /** `WELCOME.Details.roles` */
  readonly roles: WampDict;
  /** `WELCOME.Details.agent` */
  readonly agent: string;
  log(level: LogLevel, message: string): void;
  /** The connection closed: forget it. */
  closed(session: RouterSession): void;
  /** The router's bounds. */
  readonly limits: RouterLimits;
  /** Failed authentications per remote address. */
  readonly authThrottle: AuthThrottle;
}

type State = 'hello' | 'authenticating' | 'challenging' | 'established' | 'closing' | 'closed';

const ROLES = ['caller', 'callee', 'publisher', 'subscriber'] as const;

/** How many messages may wait behind a pending asynchronous authorization. */
const MAX_QUEUED = 1024;

/** A client connection and, once welcomed, its WAMP session. @internal */
export class RouterSession implements JoinedSession {
  /** Where the transport reports frames and its close. */
  readonly events: TransportEvents;
  #id = 0;
  #authid = '';
  #authrole = '';
  #features: PeerFeatures = parseFeatures(undefined);
  #info: WampDict = {};
  #state: State = 'hello';
  #realm: Realm | undefined;
  #challenge: AuthChallenge | undefined;
  readonly #transport: Transport;
  readonly #serializer: Serializer;
  readonly #host: SessionHost;
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  /** The router's own session (authorization does not apply). */
  readonly trusted: boolean;
  /** Messages wait here while an asynchronous authorization of an earlier one is pending (order kept). */
  #inflight: Promise<void> | undefined;
  #queued = 0;

  /** The peer's address (undefined in-process). */
  readonly remoteAddress: string | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #heartbeat: Heartbeat | undefined;

  constructor(transport: Transport, serializer: Serializer, host: SessionHost, trusted = false, remoteAddress?: string) {
    this.trusted = trusted;
    this.remoteAddress = remoteAddress;
    // Until WELCOME, the transport buffers no more than a HELLO needs (six 31 MiB "HELLO"s cost nothing).
    transport.setMaxIncoming?.(host.limits.maxMessageBytesBeforeWelcome);
    // Welcomed within the bound, or gone (a connection that never says HELLO holds nothing for long).
    this.#deadline = setTimeout(() => this.#handshakeTimedOut(), host.limits.handshakeTimeoutMs);
    (this.#deadline as { unref?: () => void }).unref?.();
    this.#transport = transport;
    this.#serializer = serializer;
    this.#host = host;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.events = {
      message: (frame) => {
        this.#heartbeat?.seen();
        this.#onFrame(frame);
      },
      close: (info) => this.#onClose(info),
      pong: () => this.#heartbeat?.seen(),
    };
  }

  get id(): number { return this.#id; }
  get authid(): string { return this.#authid; }
  get authrole(): string { return this.#authrole; }
  get realmName(): string { return this.#realm?.name ?? ''; }
  get features(): PeerFeatures { return this.#features; }
  get info(): WampDict { return this.#info; }
  get serializerId(): string { return this.#serializer.id; }
  get joined(): boolean { return this.#state === 'established'; }
  /** The realm, once joined. */
  get realm(): Realm | undefined { return this.#realm; }
  /** Resolves when the connection has closed. */
  get closedPromise(): Promise<void> { return this.#closed; }

  encode(message: unknown[]): Frame {
    return this.#serializer.encode(message);
  }

  send(message: WampMessage): string | undefined {
    // After our GOODBYE (or ABORT) nothing more is sent on this session.
    if (this.#state === 'closed' || this.#state === 'closing') return undefined;
    let frame: Frame;
    try {
      frame = this.#serializer.encode(encodeMessage(message));
    } catch (e) {
      const why = `${messageTypeName(message.type)} cannot be encoded with ${this.#serializer.id}: ${e instanceof Error ? e.message : String(e)}`;
      this.#host.log('warn', `session ${this.#id}: ${why}`);
      return why;
    }
    this.#transport.send(frame);
    this.#checkBacklog();
    return undefined;
  }

  sendFrame(frame: Frame): void {
    if (this.#state !== 'established') return;
    this.#transport.send(frame);
    this.#checkBacklog();
  }

  /** A session that does not read what it is sent is disconnected past the bound (the stated policy). */
  #checkBacklog(): void {
    const backlog = this.#transport.bufferedAmount ?? 0;
    if (backlog <= this.#host.limits.maxSendBufferBytes) return;
    this.#host.log('warn', `session ${this.#id} (${this.#authid}) disconnected: ${backlog} bytes waiting to be sent exceed maxSendBufferBytes`);
    this.#realm?.publish('wampkit.router.on_slow_consumer', [{ session: this.#id, authid: this.#authid, authrole: this.#authrole, bytes: backlog }]);
    this.#state = 'closing';
    this.#leaveRealm();
    this.#transport.close(1008, 'slow consumer: send buffer full');
  }

  /** Closes the session from the router's side: GOODBYE now, the transport once answered. */
  kill(reason: string, message?: string): void {
    this.goodbye(reason, message);
    this.detach();
  }

  /**
   * Sends GOODBYE and stops sending anything else, without leaving the realm yet (a shutdown
   * says GOODBYE to every session first, so that none sees another leave mid-call).
   */
  goodbye(reason: string, message?: string): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    if (this.#state !== 'established') {
      this.#abort(reason, message ?? 'the router is closing');
      return;
    }
    this.send({ type: MessageType.GOODBYE, details: message === undefined ? {} : { message }, reason });
    this.#state = 'closing';
  }

  /** Leaves the realm (drops subscriptions, registrations and calls). Idempotent. */
  detach(): void {
    this.#leaveRealm();
  }

  /** Closes the transport now (after {@link RouterSession.kill} was not answered in time). */
  closeTransport(): void {
    this.#transport.close(1001, 'router closing');
  }

  #onFrame(frame: Frame): void {
    if (this.#state === 'closed') return;
    const max = this.#state === 'established' ? this.#host.maxMessageBytes : this.#host.limits.maxMessageBytesBeforeWelcome;
    const size = typeof frame === 'string' ? (frame.length * 3 <= max ? 0 : Buffer.byteLength(frame)) : frame.byteLength;
    if (size > max) {
      this.#abort(ErrorUri.PAYLOAD_SIZE_EXCEEDED, `message of ${size} bytes exceeds the limit of ${max} bytes`);
      return;
    }
    let msg: WampMessage;
    try {
      msg = decodeMessage(this.#serializer.decode(frame));
    } catch (e) {
      this.#abort(ErrorUri.PROTOCOL_VIOLATION, e instanceof ProtocolError ? e.message : `cannot decode frame: ${String(e)}`);
      return;
    }
    if (this.#inflight) {
      // An earlier message awaits an asynchronous authorization: keep the order, within a bound.
      if (++this.#queued > MAX_QUEUED) {
        this.#abort(ErrorUri.PROTOCOL_VIOLATION, `more than ${MAX_QUEUED} messages waiting for authorization`);
        return;
      }
      const next: Promise<void> = this.#inflight.then(() => {
        this.#queued--;
        return this.#run(msg);
      }).then(() => {
        if (this.#inflight === next) this.#inflight = undefined;
      });
      this.#inflight = next;
      return;
    }
    const pending = this.#run(msg);
    if (pending) {
      const next: Promise<void> = pending.then(() => {
        if (this.#inflight === next) this.#inflight = undefined;
      });
      this.#inflight = next;
    }
  }

  /** Handles one message; a promise when its handling waits for an asynchronous authorization. */
  #run(msg: WampMessage): Promise<void> | undefined {
    if (this.#state === 'closed') return undefined;
    let pending: void | Promise<void>;
    try {
      pending = this.#dispatch(msg);
    } catch (e) {
      this.#failed(msg, e);
      return undefined;
    }
    return pending ? pending.catch((e: unknown) => this.#failed(msg, e)) : undefined;
  }

  #failed(msg: WampMessage, e: unknown): void {
    if (e instanceof ProtocolError) {
      this.#abort(ErrorUri.PROTOCOL_VIOLATION, e.message);
    } else {
      this.#host.log('error', `session ${this.#id}: ${messageTypeName(msg.type)} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.#abort('wamp.error.runtime_error', 'internal router error');
    }
  }

  /**
   * Async work for one message: whatever it throws ends this session only (ABORT), logged,
   * never an unhandled rejection that would take the router process down.
   */
  #guard(work: Promise<void>, what: string): void {
    work.catch((e: unknown) => {
      this.#host.log('error', `session ${this.#id}: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      this.#abort(e instanceof ProtocolError ? ErrorUri.PROTOCOL_VIOLATION : 'wamp.error.runtime_error', e instanceof ProtocolError ? e.message : 'internal router error');
    });
  }

  #dispatch(msg: WampMessage): void | Promise<void> {
    switch (this.#state) {
      case 'hello':
        if (msg.type !== MessageType.HELLO) throw violation(msg, 'before HELLO');
        this.#guard(this.#hello(msg), 'HELLO');
        return;
      case 'challenging':
        if (msg.type !== MessageType.AUTHENTICATE) throw violation(msg, 'while authenticating');
        this.#guard(this.#authenticate(msg.signature, msg.extra), 'AUTHENTICATE');
        return;
      case 'authenticating':
        throw violation(msg, 'while authenticating');
      case 'closing':
        if (msg.type === MessageType.GOODBYE || msg.type === MessageType.ABORT) this.#transport.close(1000, 'goodbye');
        return; // anything else after our GOODBYE is ignored
      case 'closed':
        return;
      case 'established':
        break;
    }
    // Request ids are in [1, 2^53] (spec "IDs"); 0 is only the router's own revocation marker.
    if ('requestId' in msg && msg.requestId === 0) throw new ProtocolError(`${messageTypeName(msg.type)}.Request|id must not be 0`, { messageType: messageTypeName(msg.type) });
    const realm = this.#realm!;
    switch (msg.type) {
      case MessageType.PUBLISH: return realm.broker.publish(this, msg);
      case MessageType.SUBSCRIBE: return realm.broker.subscribe(this, msg);
      case MessageType.UNSUBSCRIBE: return realm.broker.unsubscribe(this, msg);
      case MessageType.CALL: return realm.dealer.call(this, msg);
      case MessageType.YIELD: return realm.dealer.yield(this, msg);
      case MessageType.CANCEL: return realm.dealer.cancel(this, msg);
      case MessageType.REGISTER: return realm.dealer.register(this, msg);
      case MessageType.UNREGISTER: return realm.dealer.unregister(this, msg);
      case MessageType.ERROR:
        if (msg.requestType !== MessageType.INVOCATION) {
          throw new ProtocolError(`ERROR for request type ${messageTypeName(msg.requestType)} is not valid from a client (only INVOCATION)`, { messageType: 'ERROR' });
        }
        return realm.dealer.error(this, msg);
      case MessageType.GOODBYE:
        this.send({ type: MessageType.GOODBYE, details: {}, reason: ErrorUri.GOODBYE_AND_OUT });
        this.#state = 'closing';
        this.#leaveRealm();
        this.#transport.close(1000, 'goodbye');
        return;
      case MessageType.ABORT:
        this.#state = 'closing';
        this.#leaveRealm();
        this.#transport.close(1000, 'aborted by client');
        return;
      default:
        throw violation(msg, 'from a client');
    }
  }

  async #hello(msg: HelloMessage): Promise<void> {
    if (this.#host.authThrottle.blocked(this.remoteAddress)) {
      return this.#abort(ErrorUri.AUTHENTICATION_FAILED, 'too many failed authentications from this address; retry later');
    }
    if (!isValidUri(msg.realm)) return this.#abort(ErrorUri.INVALID_URI, `invalid realm URI ${JSON.stringify(msg.realm)}`);
    const roles = msg.details['roles'];
    const hasRole = typeof roles === 'object' && roles !== null && ROLES.some((r) => r in roles);
    if (!hasRole) return this.#abort(ErrorUri.PROTOCOL_VIOLATION, 'HELLO.Details.roles announces none of caller, callee, publisher, subscriber');
    const realm = this.#host.findRealm(msg.realm);
    if (!realm) return this.#abort(ErrorUri.NO_SUCH_REALM, `no realm ${msg.realm} on this router`);
    this.#realm = realm;
    this.#features = parseFeatures(roles);
    this.#state = 'authenticating';
    const authmethods = msg.details['authmethods'];
    const authid = msg.details['authid'];
    let decision: AuthDecision;
    try {
      decision = await this.#host.authenticate({
        realm: msg.realm,
        details: msg.details,
        authmethods: Array.isArray(authmethods) ? authmethods.filter((m): m is string => typeof m === 'string') : [],
        authid: typeof authid === 'string' ? authid : undefined,
        protocol: this.#transport.protocol,
      });
    } catch (e) {
      this.#host.authThrottle.failed(this.remoteAddress);
      return this.#abort(ErrorUri.AUTHENTICATION_FAILED, e instanceof Error ? e.message : String(e));
    }
    this.#decide(decision);
  }

  async #authenticate(signature: string, extra: WampDict): Promise<void> {
    const challenge = this.#challenge!;
    this.#challenge = undefined;
    this.#state = 'authenticating';
    let decision: AuthDecision;
    try {
      decision = await challenge.verify(signature, extra);
    } catch (e) {
      this.#host.authThrottle.failed(this.remoteAddress);
      return this.#abort(ErrorUri.AUTHENTICATION_FAILED, e instanceof Error ? e.message : String(e));
    }
    this.#decide(decision);
  }

  #handshakeTimedOut(): void {
    this.#deadline = undefined;
    if (this.#state === 'established' || this.#state === 'closed' || this.#state === 'closing') return;
    this.#abort('wamp.error.timeout', `not welcomed within ${this.#host.limits.handshakeTimeoutMs} ms`);
    this.#transport.close(1008, 'handshake timeout');
  }

  #decide(d: AuthDecision): void {
    if (this.#state !== 'authenticating') return; // the connection went away meanwhile
    if (d.type === 'abort') {
      if (d.reason !== ErrorUri.NO_SUCH_REALM) this.#host.authThrottle.failed(this.remoteAddress);
      return this.#abort(d.reason, d.message ?? 'not admitted');
    }
    if (d.type === 'challenge') {
      this.#challenge = d;
      this.#state = 'challenging';
      this.send({ type: MessageType.CHALLENGE, authMethod: d.authmethod, extra: d.extra });
      return;
    }
    const realm = this.#realm!;
    this.#id = this.#host.newSessionId();
    this.#authid = d.authid;
    this.#authrole = d.authrole;
    const authmethod = d.authmethod ?? 'anonymous';
    const authprovider = d.authprovider ?? 'static';
    this.#info = {
      session: this.#id, authid: d.authid, authrole: d.authrole, authmethod, authprovider,
      transport: { protocol: this.#transport.protocol },
    };
    const details: WampDict = {
      realm: realm.name, authid: d.authid, authrole: d.authrole, authmethod, authprovider,
      roles: this.#host.roles, agent: this.#host.agent,
    };
    if (d.authextra) details['authextra'] = d.authextra;
    this.#state = 'established';
    this.#transport.setMaxIncoming?.(this.#host.maxMessageBytes);
    // The router's own heartbeat: a session silent past the timeout is dropped as dead.
    const { heartbeatIntervalMs, heartbeatTimeoutMs } = this.#host.limits;
    if (heartbeatIntervalMs > 0 && this.#transport.ping) {
      this.#heartbeat = new Heartbeat(
        { intervalMs: heartbeatIntervalMs, timeoutMs: heartbeatTimeoutMs },
        {
          probe: () => this.#transport.ping?.(),
          dead: (silent) => {
            this.#host.log('warn', `session ${this.#id} (${this.#authid}) dropped: no heartbeat for ${silent} ms`);
            this.#leaveRealm();
            // No closing handshake with a peer that stopped answering: drop the socket.
            if (this.#transport.abort) this.#transport.abort();
            else this.#transport.close(1001, `no heartbeat for ${silent} ms`);
          },
        },
      );
    }
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.send({ type: MessageType.WELCOME, session: this.#id, details });
    realm.join(this);
    this.#host.log('debug', `session ${this.#id} joined ${realm.name} as ${d.authid}/${d.authrole}`);
  }

  #abort(reason: string, message: string): void {
    if (this.#state === 'closed') return;
    this.#host.log(reason === ErrorUri.PROTOCOL_VIOLATION ? 'warn' : 'info', `session ${this.#id || '(new)'}: ABORT ${reason}: ${message}`);
    this.send({ type: MessageType.ABORT, details: { message }, reason });
    this.#leaveRealm();
    this.#state = 'closed';
    this.#transport.close(1000, reason);
  }

  #leaveRealm(): void {
    if (this.#realm && this.#id !== 0) this.#realm.leave(this);
  }

  #onClose(_info: TransportCloseInfo): void {
    this.#heartbeat?.stop();
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#leaveRealm();
    this.#state = 'closed';
    this.#challenge = undefined;
    this.#host.closed(this);
    this.#resolveClosed();
  }
}

function violation(msg: WampMessage, where: string): ProtocolError {
  const name = messageTypeName(msg.type);
  return new ProtocolError(`${name} is not valid ${where}`, { messageType: name });
}
