/**
 * The public status of a session, as a discriminated union (CONVENTIONS.md 10).
 * @module
 */
import type { WampkitError } from '../errors.js';
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
