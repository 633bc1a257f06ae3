/**
 * Heartbeats: notices a peer that is gone without saying so (a frozen router, a network that
 * silently drops everything), so that in-flight requests settle and the reconnect policy takes
 * over. Its own small module (as nats.js and MQTT.js keep theirs): the session machine only ever
 * sees "transport lost".
 *
 * Anything received counts as a sign of life. When nothing has arrived for `intervalMs`, a probe
 * is sent (a WebSocket ping in Node, a RawSocket PING, or — where the transport has no ping, as in
 * browsers — a cheap WAMP round trip every router answers); when nothing at all has arrived for
 * `timeoutMs`, the peer is declared gone.
 * @module
 */

/** A heartbeat's timing, in ms (defaults and checks are the caller's: see `src/session/liveness.ts`). */
export interface HeartbeatTiming {
  /** Probe after this long without receiving anything. */
  readonly intervalMs: number;
  /** Declare the peer gone after this long without receiving anything. */
  readonly timeoutMs: number;
}

/** Timer functions (injectable: tests drive them with a fake clock). */
export interface HeartbeatClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: HeartbeatClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** What a {@link Heartbeat} drives (the connection: an object, so a heartbeat needs no closures). */
export interface HeartbeatTarget {
  /** Sends a probe (a ping) after `intervalMs` of silence. */
  probe(): void;
  /** The peer has been silent for `timeoutMs`: called once, and nothing follows it. */
  dead(silentMs: number): void;
}

/**
 * One connection's heartbeat. `seen()` on every frame (and pong); `target.probe()` sends a ping;
 * `target.dead()` is called once when the peer has been silent for `timeoutMs`. `stop()` when the
 * connection ends.
 */
export class Heartbeat {
  readonly #interval: number;
  readonly #timeout: number;
  readonly #target: HeartbeatTarget;
  readonly #clock: HeartbeatClock;
  #last: number;
  #timer: unknown;
  #stopped = false;

  constructor(timing: HeartbeatTiming, target: HeartbeatTarget, clock: HeartbeatClock = REAL_CLOCK) {
    this.#interval = Math.max(1, timing.intervalMs);
    this.#timeout = Math.max(this.#interval, timing.timeoutMs);
    this.#target = target;
    this.#clock = clock;
    this.#last = clock.now();
    this.#schedule(this.#interval);
  }

  /** Something arrived from the peer. */
  seen(): void {
    this.#last = this.#clock.now();
  }

  /** The connection ended: no more probes. Idempotent. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => this.#tick(), ms);
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const silent = this.#clock.now() - this.#last;
    if (silent >= this.#timeout) {
      this.#stopped = true;
      this.#target.dead(silent);
      return;
    }
    if (silent >= this.#interval) {
      try {
        this.#target.probe();
      } catch {
        /* a probe that cannot be sent: the silence decides */
      }
    }
    // Wake at the next probe time or at the deadline, whichever is first.
    const untilProbe = silent >= this.#interval ? this.#interval : this.#interval - silent;
    this.#schedule(Math.max(1, Math.min(untilProbe, this.#timeout - silent)));
  }
}
