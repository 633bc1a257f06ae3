/**
 * The check every option that is a number of milliseconds shares (timeouts, heartbeat, offline
 * queue age): one check and one message, so the start bundle carries them once; and the one
 * bound every timer of the client and the router is clamped to.
 * @internal
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';

/** The largest delay a timer takes (2^31 − 1 ms, about 24.8 days); more would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A {@link UsageError} naming the option when `value` is not a number of ms a timer can wait, in
 * [0, {@link MAX_TIMER_MS}] (in (0, {@link MAX_TIMER_MS}] when `positive`); else `undefined`.
 * @param name - the option, as the message names it (`heartbeat.intervalMs`).
 * @param value - its value.
 * @param positive - whether 0 is refused too.
 */
export function msProblem(name: string, value: unknown, positive?: boolean): UsageError | undefined {
  return typeof value === 'number' && (positive ? value > 0 : value >= 0) && value <= MAX_TIMER_MS
    ? undefined
    : new UsageError(ErrorUri.INVALID_ARGUMENT, `${name} must be a number of ms in ${positive ? '(' : '['}0, ${MAX_TIMER_MS}], got ${String(value)}`);
}
