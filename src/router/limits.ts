/**
 * Every bound of the embedded router, with its default, in one place (`RouterOptions.limits`).
 * What happens at each bound is stated next to it.
 * @module
 */

/** The router's bounds. */
export interface RouterLimits {
  /**
   * A connection must be welcomed within this many ms of being accepted (WebSocket upgrade or
   * RawSocket handshake, HELLO, every CHALLENGE round); else it is ABORTed and closed. Default 10 000.
   */
  readonly handshakeTimeoutMs: number;
  /** Open connections at once; more are closed on arrival (WebSocket: HTTP 503). Default 10 000. */
  readonly maxConnections: number;
  /** Open connections from one remote address; more are closed on arrival. Default 256. */
  readonly maxConnectionsPerAddress: number;
  /** The largest message before WELCOME (HELLO, AUTHENTICATE), in bytes; larger ones ABORT. Default 64 KiB. */
  readonly maxMessageBytesBeforeWelcome: number;
  /**
   * Failed authentications from one address within `authFailureWindowMs` before its HELLOs are
   * refused (`wamp.error.authentication_failed`, "too many failed authentications") until the
   * window passes. Default 10.
   */
  readonly maxAuthFailuresPerAddress: number;
  /** The window of `maxAuthFailuresPerAddress`, in ms. Default 60 000. */
  readonly authFailureWindowMs: number;
  /** Addresses whose failures are remembered at once (oldest forgotten first). Default 10 000. */
  readonly maxTrackedAddresses: number;
  /**
   * Bytes a session may have waiting to be written to it (a subscriber that stops reading). Past
   * this, the session is disconnected — the stated policy — logged, and announced as the meta
   * event `wampkit.router.on_slow_consumer` (session, authid, authrole, bytes). Default 16 MiB.
   */
  readonly maxSendBufferBytes: number;
  /** Calls a session may have in flight at once; more get ERROR `wampkit.error.limit_exceeded`. Default 1000. */
  readonly maxOutstandingCalls: number;
  /** Retained events kept at once (one per topic); the oldest goes first. Default 10 000. */
  readonly maxRetainedEvents: number;
  /** Bytes of retained payloads kept at once (as JSON, estimated); the oldest go first. Default 16 MiB. */
  readonly maxRetainedBytes: number;
  /** How long a retained event is kept, in ms; 0 for as long as room allows. Default 0. */
  readonly retainedTtlMs: number;
  /** Testaments one session may leave (both scopes together). Default 16. */
  readonly maxTestaments: number;
  /** Bytes of testament payload one session may leave (as JSON, estimated). Default 64 KiB. */
  readonly maxTestamentBytes: number;
  /** Events kept per topic configured for event history, at most. Default 1000. */
  readonly maxHistoryEvents: number;
  /** Bytes of payload kept per topic configured for event history (as JSON, estimated). Default 4 MiB. */
  readonly maxHistoryBytes: number;
  /**
   * The router pings a session (WebSocket ping, RawSocket PING) after this long without hearing
   * from it, in ms; 0 turns its heartbeats off. Default 15 000.
   */
  readonly heartbeatIntervalMs: number;
  /** A session silent this long (no frame, no pong) is dropped as dead, in ms. Default 45 000. */
  readonly heartbeatTimeoutMs: number;
}

/** The defaults of {@link RouterLimits}. */
export const ROUTER_LIMITS: RouterLimits = Object.freeze({
  handshakeTimeoutMs: 10_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
  maxMessageBytesBeforeWelcome: 64 * 1024,
  maxAuthFailuresPerAddress: 10,
  authFailureWindowMs: 60_000,
  maxTrackedAddresses: 10_000,
  maxSendBufferBytes: 16 * 1024 * 1024,
  maxOutstandingCalls: 1000,
  maxRetainedEvents: 10_000,
  maxRetainedBytes: 16 * 1024 * 1024,
  retainedTtlMs: 0,
  maxTestaments: 16,
  maxTestamentBytes: 64 * 1024,
  maxHistoryEvents: 1000,
  maxHistoryBytes: 4 * 1024 * 1024,
  heartbeatIntervalMs: 15_000,
  heartbeatTimeoutMs: 45_000,
});

/**
 * Failed authentications per remote address in a sliding window, in a bounded map.
 * @internal
 */
export class AuthThrottle {
  readonly #failures = new Map<string, { count: number; since: number }>();
  constructor(
    private readonly limits: RouterLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `address` is refused for now. */
  blocked(address: string | undefined): boolean {
    if (address === undefined) return false;
    const f = this.#failures.get(address);
    if (!f) return false;
    if (this.now() - f.since > this.limits.authFailureWindowMs) {
      this.#failures.delete(address);
      return false;
    }
    return f.count >= this.limits.maxAuthFailuresPerAddress;
  }

  /** Records a failed authentication from `address`. */
  failed(address: string | undefined): void {
    if (address === undefined) return;
    const now = this.now();
    const f = this.#failures.get(address);
    if (f && now - f.since <= this.limits.authFailureWindowMs) {
      f.count++;
      return;
    }
    this.#failures.delete(address);
    if (this.#failures.size >= this.limits.maxTrackedAddresses) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    this.#failures.set(address, { count: 1, since: now });
  }
}
