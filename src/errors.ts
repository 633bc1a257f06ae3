/**
 * Error classes of wampkit. Each has a stable `name` and `code`, keeps its `cause`, and
 * `instanceof` keeps working across two loaded copies of the package (a brand check by name).
 * Names are string literals (`static readonly brand`), never a class's own name, which a
 * minifier renames.
 * @module
 */
import type { WampDict, WampList } from './protocol/messages.js';

const KINDS = Symbol.for('wampkit.error.kinds');

/** Stable codes of wampkit errors. */
export type WampkitErrorCode =
  | 'WAMP_ERROR'
  | 'PROTOCOL_ERROR'
  | 'TRANSPORT_ERROR'
  | 'SESSION_ABORTED'
  | 'AUTHENTICATION_FAILED'
  | 'SESSION_CLOSED'
  | 'CANCELED'
  | 'TIMEOUT'
  | 'USAGE'
  | 'INVALID_ARGUMENT';

/** The literal brand of an error class and of each class it extends. */
function brandsOf(ctor: unknown): string[] {
  const brands: string[] = [];
  for (let p = ctor as { brand?: string } | null; p && (p as unknown) !== Error; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, 'brand') && typeof p.brand === 'string') brands.push(p.brand);
  }
  return brands;
}

/**
 * Base class of every error wampkit throws or rejects with.
 */
export class WampkitError extends Error {
  /** The class's stable name, a literal that survives minification. @internal */
  static readonly brand: string = 'WampkitError';
  /** A stable, documented code for this kind of error. */
  readonly code: WampkitErrorCode;

  /**
   * @param code - the stable code.
   * @param message - a human-readable message.
   * @param options - `cause`, when there is one.
   */
  constructor(code: WampkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    const kinds = brandsOf(new.target);
    this.name = kinds[0] ?? 'WampkitError';
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }

  /** `instanceof` that also recognises errors made by another copy of wampkit. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    return Array.isArray(kinds) && kinds.includes((this as unknown as { brand: string }).brand);
  }

  /** Wraps anything thrown into a `WampkitError` (returns it unchanged when it already is one). */
  static from(value: unknown): WampkitError {
    if (value instanceof WampkitError) return value;
    const message = value instanceof Error ? value.message : String(value);
    return new WampkitError('INVALID_ARGUMENT', message, { cause: value });
  }
}

/** Options of a {@link WampError}. */
export interface WampErrorOptions {
  /** Positional payload of the ERROR. */
  args?: WampList;
  /** Keyword payload of the ERROR. */
  kwargs?: WampDict;
  /** The ERROR's `Details`. */
  details?: WampDict;
  /** The underlying cause. */
  cause?: unknown;
}

/**
 * An application error: an ERROR received from the peer, or one a callee throws to send one.
 *
 * @example
 * ```ts
 * throw new WampError('com.example.error.not_found', { args: ['no such light'] });
 * ```
 */
export class WampError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'WampError';
  /** The error URI, e.g. `wamp.error.no_such_procedure`. */
  readonly uri: string;
  /** Positional payload (empty when none was sent). */
  readonly args: WampList;
  /** Keyword payload (empty when none was sent). */
  readonly kwargs: WampDict;
  /** The ERROR's `Details`. */
  readonly details: WampDict;

  /**
   * @param uri - the error URI.
   * @param options - args, kwargs, details and cause.
   */
  constructor(uri: string, options: WampErrorOptions = {}) {
    const first = options.args?.[0];
    super('WAMP_ERROR', typeof first === 'string' ? `${uri}: ${first}` : uri, { cause: options.cause });
    this.uri = uri;
    this.args = options.args ?? [];
    this.kwargs = options.kwargs ?? {};
    this.details = options.details ?? {};
  }

  /** Returns `value` if it is a `WampError`, else a `wamp.error.runtime_error` wrapping it. */
  static override from(value: unknown): WampError {
    if (value instanceof WampError) return value;
    const message = value instanceof Error ? value.message : String(value);
    return new WampError('wamp.error.runtime_error', { args: [message], cause: value });
  }
}

/** A message broke the WAMP protocol (malformed, unknown type, or not valid in this state). */
export class ProtocolError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'ProtocolError';
  /** The spec name of the offending message type, when known (e.g. `"EVENT"`). */
  readonly messageType: string | undefined;
  /** The offending field, when known (e.g. `"Details.publisher"`). */
  readonly field: string | undefined;

  /**
   * @param message - what is wrong.
   * @param options - the message type, the field and the cause.
   */
  constructor(message: string, options: { messageType?: string; field?: string; cause?: unknown } = {}) {
    super('PROTOCOL_ERROR', message, { cause: options.cause });
    this.messageType = options.messageType;
    this.field = options.field;
  }
}

/** The transport failed: could not connect, no common subprotocol, or lost. */
export class TransportError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'TransportError';
  /** @param message - what happened. @param options - the cause. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('TRANSPORT_ERROR', message, options);
  }
}

/** The router answered HELLO (or AUTHENTICATE) with ABORT. */
export class SessionAbortedError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'SessionAbortedError';
  /** The ABORT reason URI, e.g. `wamp.error.no_such_realm`. */
  readonly reason: string;
  /** The ABORT `Details`. */
  readonly details: WampDict;

  /**
   * @param reason - the ABORT reason URI.
   * @param details - the ABORT details.
   * @param code - the error code (subclasses narrow it).
   */
  constructor(reason: string, details: WampDict = {}, code: WampkitErrorCode = 'SESSION_ABORTED') {
    const msg = typeof details['message'] === 'string' ? `${reason}: ${details['message']}` : reason;
    super(code, msg);
    this.reason = reason;
    this.details = details;
  }
}

/** Authentication failed: ABORT while challenging, or an authentication error reason. */
export class AuthenticationError extends SessionAbortedError {
  /** @internal */
  static override readonly brand: string = 'AuthenticationError';
  /** @param reason - the ABORT reason URI. @param details - the ABORT details. */
  constructor(reason: string, details: WampDict = {}) {
    super(reason, details, 'AUTHENTICATION_FAILED');
  }
}

/** A request was outstanding (or made) when the session was not established. */
export class SessionClosedError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'SessionClosedError';
  /** Why the session ended, e.g. `wamp.close.normal` or `transport.lost`. */
  readonly reason: string;

  /** @param reason - why the session ended. @param options - the cause. */
  constructor(reason: string, options?: { cause?: unknown }) {
    super('SESSION_CLOSED', `session closed: ${reason}`, options);
    this.reason = reason;
  }
}

/** How a call is canceled (WAMP Advanced Profile, call canceling). */
export type CancelMode = 'skip' | 'kill' | 'killnowait';

/** A call was canceled through its AbortSignal. */
export class CanceledError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'CanceledError';
  /** The cancel mode that was used. */
  readonly mode: CancelMode;

  /** @param mode - the cancel mode. @param options - the cause (the signal's reason). */
  constructor(mode: CancelMode, options?: { cause?: unknown }) {
    super('CANCELED', `call canceled (${mode})`, options);
    this.mode = mode;
  }
}

/** A call did not finish within its client-side timeout. */
export class TimeoutError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'TimeoutError';
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  /** @param timeoutMs - the timeout that elapsed. */
  constructor(timeoutMs: number) {
    super('TIMEOUT', `call timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A request the application got wrong, or one this router cannot serve, refused locally before
 * anything was sent: an invalid URI, an option that is not a WAMP option, a value the serializer
 * cannot encode, a feature the router does not announce. `uri` is the WAMP error URI that says
 * which (`wamp.error.invalid_uri`, `wamp.error.invalid_argument`,
 * `wamp.error.feature_not_supported`). Not a {@link WampError}: nothing came from the peer.
 */
export class UsageError extends WampkitError {
  /** @internal */
  static override readonly brand: string = 'UsageError';
  /** The WAMP error URI that names the problem. */
  readonly uri: string;

  /**
   * @param uri - the WAMP error URI that names the problem.
   * @param message - what is wrong, in words.
   * @param options - the cause.
   */
  constructor(uri: string, message: string, options?: { cause?: unknown }) {
    super('USAGE', `${uri}: ${message}`, options);
    this.uri = uri;
  }
}
