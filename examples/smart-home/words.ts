/**
 * What went wrong, in words for the person at the dashboard: no error URIs, no stack traces.
 */
import { CanceledError, SessionClosedError, TimeoutError, TransportError, WampError } from 'wampkit';

const byUri: Record<string, string> = {
  'wamp.error.no_such_procedure': 'the device is not connected (unplugged or offline)',
  'wamp.error.not_authorized': 'the dashboard is not allowed to do that',
  'wamp.error.canceled': 'it was canceled',
  'wamp.error.timeout': 'the device did not answer in time',
  'wamp.error.invalid_argument': 'the device did not accept that value',
  'home.error.update_canceled': 'the update was canceled',
};

/** One sentence (without a final period) that says what happened. */
export function inWords(error: unknown): string {
  if (error instanceof CanceledError) return 'it was canceled';
  if (error instanceof TimeoutError) return 'the device did not answer in time';
  if (error instanceof SessionClosedError || error instanceof TransportError) return 'the dashboard is not connected to the home router right now';
  if (error instanceof WampError) {
    if (error.uri === 'home.error.out_of_range') {
      const { min, max } = error.kwargs as { min?: number; max?: number };
      return `the set-point must be between ${String(min ?? '?')} and ${String(max ?? '?')} °C`;
    }
    return byUri[error.uri] ?? 'the device refused the request';
  }
  return 'something unexpected went wrong';
}

/** What a scene step's outcome (`done` or an error URI) means. */
export function outcomeInWords(outcome: string): string {
  if (outcome === 'done') return 'done';
  return byUri[outcome] ?? (outcome === 'home.error.out_of_range' ? 'value out of range' : 'failed');
}
