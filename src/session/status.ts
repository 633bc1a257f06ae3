/**
 * The public status of a session, as a discriminated union (CONVENTIONS.md 10).
 * @module
 */
import type { SnapshotFrom } from 'xstate';
import type { EndReason, SessionMachine } from '../../state-machines/session-machine.js';
import { AuthenticationError, ProtocolError, SessionAbortedError, SessionClosedError, TransportError, type WampkitError } from '../errors.js';
import { ErrorUri } from '../protocol/error-uris.js';
import type { WampDict } from '../protocol/messages.js';

/** Where a session is, with what a user needs to know there. */
export type SessionStatus =
  | { readonly type: 'idle' }
  | { readonly type: 'connecting'; readonly attempt: number }
  | { readonly type: 'challenging'; readonly attempt: number }
  | { readonly type: 'established'; readonly sessionId: number; readonly details: WampDict }
  | { readonly type: 'closing' }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'closed'; readonly reason: string; readonly error: WampkitError | undefined }
  | { readonly type: 'failed'; readonly reason: string; readonly error: WampkitError };

/** How a session run ended: what `Session.closed()` resolves with. */
export interface SessionEnd {
  /** `closed` (ended after being established, or closed by us) or `failed` (never got established). */
  readonly type: 'closed' | 'failed';
  /** The reason URI or transport reason. */
  readonly reason: string;
  /** The error, when the end was not an orderly close. */
  readonly error: WampkitError | undefined;
}

/**
 * The error of an end, when it was not an orderly close.
 * @internal
 */
export function errorOf(end: EndReason | undefined, transportError: Error | undefined): WampkitError | undefined {
  if (!end) return undefined;
  switch (end.kind) {
    case 'auth': return new AuthenticationError(end.reason, { ...end.details, ...(end.message ? { message: end.message } : {}) });
    case 'abort': return new SessionAbortedError(end.reason, end.details ?? {});
    case 'transport': return new TransportError(end.reason, { cause: transportError });
    case 'protocol': return new ProtocolError(end.message ?? end.reason);
    case 'goodbye':
    case 'local': return undefined;
  }
}

/**
 * The public status of a machine snapshot.
 * @internal
 */
export function statusOf(
  snap: SnapshotFrom<SessionMachine>,
  welcomeDetails: WampDict,
  reconnectDelayMs: number,
  transportError: Error | undefined,
): SessionStatus {
  const ctx = snap.context;
  if (snap.matches('idle')) return { type: 'idle' };
  if (snap.matches({ active: 'connecting' })) return { type: 'connecting', attempt: ctx.attempt };
  if (snap.matches({ active: 'challenging' })) return { type: 'challenging', attempt: ctx.attempt };
  if (snap.matches({ active: 'established' })) return { type: 'established', sessionId: ctx.sessionId ?? 0, details: welcomeDetails };
  if (snap.matches({ active: 'closing' })) return { type: 'closing' };
  if (snap.matches('reconnecting')) {
    return { type: 'reconnecting', attempt: ctx.attempt + 1, delayMs: reconnectDelayMs, reason: ctx.end?.reason ?? 'unknown' };
  }
  if (snap.matches('failed')) {
    const error = errorOf(ctx.end, transportError) ?? new SessionClosedError(ctx.end?.reason ?? 'failed');
    return { type: 'failed', reason: ctx.end?.reason ?? 'failed', error };
  }
  return { type: 'closed', reason: ctx.end?.reason ?? ErrorUri.CLOSE_NORMAL, error: errorOf(ctx.end, transportError) };
}
