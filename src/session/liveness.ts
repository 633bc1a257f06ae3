/**
 * Liveness of a client session: its heartbeat settings, checked once, and the probe it sends
 * where the transport has no ping of its own. The mechanism is the shared `Heartbeat` in
 * src/util/heartbeat.ts (the router uses it too), loaded with the first established session so
 * it is not in an app's start bundle; the session starts one per established run, and the machine
 * only ever sees "transport lost".
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { msProblem } from '../util/ms.js';

/** Heartbeat settings. */
export interface HeartbeatOptions {
  /** Probe after this long without receiving anything, in ms. Default 10 000. */
  readonly intervalMs?: number;
  /** Declare the peer gone after this long without receiving anything, in ms. Default 25 000. */
  readonly timeoutMs?: number;
}

/** The default heartbeat. */
export const HEARTBEAT_DEFAULTS: Required<HeartbeatOptions> = Object.freeze({ intervalMs: 10_000, timeoutMs: 25_000 });

/**
 * The procedure a heartbeat probe calls where the transport has no ping (browsers, in-process,
 * RawSocket by default). Nobody registers it, so every router answers at once with ERROR
 * (`wamp.error.no_such_procedure`, or `wamp.error.not_authorized` where calling it is not
 * allowed): what comes back is the sign of life. Checked against the embedded router, Crossbar.io
 * and Nexus (test/interop/heartbeat.test.ts).
 * @internal
 */
export const PROBE_PROCEDURE = 'wampkit.heartbeat';

/**
 * The heartbeat a session runs: `undefined` when turned off, else the settings with defaults.
 * @throws {@link UsageError} when `intervalMs` or `timeoutMs` is not a positive number of ms, or
 * `timeoutMs` is shorter than `intervalMs` (the peer would be declared gone before it is probed).
 * @internal
 */
export function heartbeatSettings(options: HeartbeatOptions | false | undefined): Required<HeartbeatOptions> | undefined {
  if (options === false) return undefined;
  if (options === undefined) return HEARTBEAT_DEFAULTS; // shared: no object per session
  const intervalMs = options?.intervalMs ?? HEARTBEAT_DEFAULTS.intervalMs;
  const timeoutMs = options?.timeoutMs ?? Math.max(HEARTBEAT_DEFAULTS.timeoutMs, intervalMs);
  for (const [key, v] of [['intervalMs', intervalMs], ['timeoutMs', timeoutMs]] as const) {
    const problem = msProblem(`heartbeat.${key}`, v, true);
    if (problem) throw problem;
  }
  if (timeoutMs < intervalMs) {
    throw new UsageError(ErrorUri.INVALID_ARGUMENT, `heartbeat.timeoutMs (${timeoutMs}) must not be shorter than heartbeat.intervalMs (${intervalMs})`);
  }
  return { intervalMs, timeoutMs };
}
