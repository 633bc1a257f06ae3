/**
 * What WAMP v1 cannot do, refused before anything is sent: each check returns a
 * {@link wampkit!UsageError | UsageError} (`wamp.error.feature_not_supported` for a v2 feature v1 lacks,
 * `wamp.error.invalid_argument` for an option that is no option at all), else `undefined`.
 * @module
 */
import { UsageError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';

/** Options of `V1Session.call`: the local timeout; the v2 options v1 lacks are refused. */
export interface V1CallOptions {
  /** Stop waiting after this many ms and reject with `TimeoutError` (v1 cannot cancel: a late result is dropped). Default: none. */
  timeoutMs?: number;
  /** Refused: v1 has no call canceling. */
  signal?: AbortSignal;
  /** Refused: v1 has no call canceling. */
  cancelMode?: string;
  /** Refused: v1 has no progressive results. */
  onProgress?: (chunk: unknown) => void;
  /** Refused: v1 has no progressive results. */
  receive_progress?: boolean;
  /** Refused: v1 has no router-side call timeout. */
  timeout?: number;
  /** Refused: v1 has no caller disclosure. */
  disclose_me?: boolean;
}

/** Options of `V1Session.publish`, named as in WAMP v2's `PUBLISH.Options`. */
export interface V1PublishOptions {
  /** Whether the publisher is left out of the receivers. Default true (as in v1 and v2). */
  exclude_me?: boolean;
  /** Session ids not to receive the event (v1 ids are strings; numbers are sent as their decimal string). */
  exclude?: ReadonlyArray<string | number>;
  /** Only these session ids receive the event. */
  eligible?: ReadonlyArray<string | number>;
  /** Refused: v1 has no publication acknowledgement. */
  acknowledge?: boolean;
}

const notInV1 = (what: string): UsageError => new UsageError(ErrorUri.FEATURE_NOT_SUPPORTED, `WAMP v1 has no ${what}`);

const CALL_REFUSED: Readonly<Record<string, string>> = {
  signal: 'call canceling',
  cancelMode: 'call canceling',
  cancelTimeoutMs: 'call canceling',
  onProgress: 'progressive call results',
  receive_progress: 'progressive call results',
  timeout: 'router-side call timeout',
  disclose_me: 'caller disclosure',
  custom: 'custom attributes',
};
const PUBLISH_REFUSED: Readonly<Record<string, string>> = {
  acknowledge: 'publication acknowledgement',
  disclose_me: 'publisher disclosure',
  retain: 'event retention',
  exclude_authid: 'exclusion by authid',
  exclude_authrole: 'exclusion by authrole',
  eligible_authid: 'eligibility by authid',
  eligible_authrole: 'eligibility by authrole',
  custom: 'custom attributes',
};
const SUBSCRIBE_REFUSED: Readonly<Record<string, string>> = {
  match: 'pattern-based subscriptions',
  get_retained: 'event retention',
  custom: 'custom attributes',
};

function optionsProblem(options: object, allowed: readonly string[], refused: Readonly<Record<string, string>>, what: string): UsageError | undefined {
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || allowed.includes(key)) continue;
    if (key === 'match' && value === 'exact') continue;
    const feature = refused[key];
    if (feature) return notInV1(feature);
    return new UsageError(ErrorUri.INVALID_ARGUMENT, `${JSON.stringify(key)} is not an option of ${what}`);
  }
  return undefined;
}

const hasKwargs = (kwargs: object | undefined): boolean => kwargs !== undefined && Object.keys(kwargs).length > 0;

/** Why a v1 URI (or CURIE) is refused: empty, too long, or with white space. */
export function v1UriProblem(uri: unknown): UsageError | undefined {
  if (typeof uri === 'string' && uri.length > 0 && uri.length <= 8192 && !/\s/.test(uri)) return undefined;
  return new UsageError(ErrorUri.INVALID_URI, `invalid WAMP v1 URI ${JSON.stringify(uri)}`);
}

const notAList = (args: unknown): UsageError | undefined =>
  Array.isArray(args) ? undefined : new UsageError(ErrorUri.INVALID_ARGUMENT, 'args must be an array');

/** Why a call cannot go out over v1. */
export function callProblem(procedure: string, args: unknown, kwargs: object | undefined, options: object): UsageError | undefined {
  if (hasKwargs(kwargs)) return notInV1('keyword arguments (kwargs)');
  if (notAList(args)) return notAList(args);
  return v1UriProblem(procedure) ?? optionsProblem(options, ['timeoutMs'], CALL_REFUSED, 'call');
}

/** Why a publish cannot go out over v1 (an event is one value: `args` holds at most one). */
export function publishProblem(topic: string, args: readonly unknown[], kwargs: object | undefined, options: object): UsageError | undefined {
  if (hasKwargs(kwargs)) return notInV1('keyword arguments (kwargs)');
  if (notAList(args)) return notAList(args);
  if (args.length > 1) return new UsageError(ErrorUri.INVALID_ARGUMENT, 'a WAMP v1 event is one value: pass args as [] or [event]');
  return v1UriProblem(topic) ?? optionsProblem(options, ['exclude_me', 'exclude', 'eligible'], PUBLISH_REFUSED, 'publish');
}

/** Why a subscribe cannot go out over v1 (exact match only). */
export function subscribeProblem(topic: string, options: object): UsageError | undefined {
  return v1UriProblem(topic) ?? optionsProblem(options, [], SUBSCRIBE_REFUSED, 'subscribe');
}

/** The refusal of REGISTER (v1 has no callee role), and of the other v2-only requests. */
export function refuse(feature: 'registration' | 'progressive call invocations'): UsageError {
  return notInV1(feature === 'registration' ? 'registration (a v1 client cannot be a callee)' : feature);
}
