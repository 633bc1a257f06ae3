/**
 * The public status of a session, as a discriminated union (CONVENTIONS.md 10).
 * @module
 */
import type { EndReason, SessionMachineContext } from '../../state-machines/session-chart.js';
import type { ChartState } from './chart-runner.js';
import { AuthenticationError, ProtocolError, SessionAbortedError, SessionClosedError, TransportError, type WampkitError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import type { WampDict } from '../protocol/messages.js';

/**
 * Who ended a session run: `local` (this client closed it), `goodbye` (the router said GOODBYE,
 * e.g. a kill or a shutdown), `abort` (the router ABORTed), `auth` (authentication failed),
 * `transport` (the connection was lost or never made), `protocol` (a protocol violation).
 */
export type EndKind = 'local' | 'goodbye' | 'abort' | 'auth' | 'transport' | 'protocol';

/**
 * Where a session is, with what a user needs to know there. `endpoint` is the router's URL the
 * connection attempt is on (with failover, which of the list), as its connector says; on
 * `reconnecting`, the one that was lost.
 */
export type SessionStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'connecting'; readonly attempt: number; readonly endpoint: string | undefined }
  | { readonly type: 'challenging'; readonly attempt: number; readonly endpoint: string | undefined }
  | { readonly type: 'established'; readonly sessionId: number; readonly details: WampDict; readonly endpoint: string | undefined }
  | { readonly type: 'closing' }
  | {
      readonly type: 'reconnecting';
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
      readonly message: string | undefined;
      readonly endpoint: string | undefined;
    }
  | ({ readonly type: 'closed'; readonly error: WampkitError | undefined } & EndInfo)
  | ({ readonly type: 'failed'; readonly error: WampkitError } & EndInfo);

/** What is known of how a run ended: the router's reason, message and details included. */
export interface EndInfo {
  /** The reason URI (`wamp.close.normal`, `wamp.close.killed`, `wamp.error.no_such_realm`) or a transport reason. */
  readonly reason: string;
  /** Who ended it. */
  readonly kind: EndKind;
  /** The GOODBYE or ABORT `Details.message` (or our own close message), when there was one. */
  readonly message: string | undefined;
  /** The GOODBYE or ABORT `Details` as the router sent them (empty when there were none). */
  readonly details: WampDict;
}

/** How a session run ended: what `Session.closed()` resolves with. */
export interface SessionEnd extends EndInfo {
  /** `closed` (ended after being established, or closed by us) or `failed` (never got established). */
  readonly type: 'closed' | 'failed';
  /** The error, when the end was not an orderly close. */
  readonly error: WampkitError | undefined;
}

const NO_DETAILS: WampDict = Object.freeze({}) as WampDict;

function endInfo(end: EndReason | undefined, fallback: string, fallbackKind: EndKind): EndInfo {
  return { reason: end?.reason ?? fallback, kind: end?.kind ?? fallbackKind, message: end?.message, details: (end?.details as WampDict | undefined) ?? NO_DETAILS };
}

/**
 * The error of an end, when it was not an orderly close.
 * @internal
 */
export function errorOf(end: EndReason | undefined): WampkitError | undefined {
  if (!end) return undefined;
  switch (end.kind) {
    case 'auth': return new AuthenticationError(end.reason, { ...end.details, ...(end.message ? { message: end.message } : {}) });
    case 'abort': return new SessionAbortedError(end.reason, end.details ?? {});
    case 'transport': return end.error instanceof TransportError ? end.error : new TransportError(end.reason, { cause: end.error });
    case 'protocol': return new ProtocolError(end.message ?? end.reason);
    case 'goodbye':
    case 'local': return undefined;
  }
}

/**
 * The public status of a machine snapshot.
 * @internal
 */
export function statusOf(snap: ChartState<SessionMachineContext>, endpoint?: string): SessionStatus {
  const ctx = snap.context;
  // The state's name: a top-level one, or the one inside `active` (no deeper states).
  const value = snap.value;
  const state = typeof value === 'string' ? value : value['active'];
  switch (state) {
    case 'idle': return { type: 'idle' };
    case 'connecting':
    case 'challenging': return { type: state, attempt: ctx.attempt, endpoint };
    case 'established': return { type: 'established', sessionId: ctx.sessionId ?? 0, details: ctx.welcomeDetails as WampDict, endpoint };
    case 'closing': return { type: 'closing' };
    case 'reconnecting':
      return { type: 'reconnecting', attempt: ctx.attempt + 1, delayMs: ctx.delayMs, reason: ctx.end?.reason ?? 'unknown', message: ctx.end?.message, endpoint };
    case 'failed': {
      const error = errorOf(ctx.end) ?? new SessionClosedError(ctx.end?.reason ?? 'failed');
      return { type: 'failed', ...endInfo(ctx.end, 'failed', 'transport'), error };
    }
    default: return { type: 'closed', ...endInfo(ctx.end, ErrorUri.CLOSE_NORMAL, 'local'), error: errorOf(ctx.end) };
  }
}
