/**
 * The Caller role: CALL, and RESULT/ERROR for it; progressive call results (callback or async
 * iterable), progressive call invocations (input sent in chunks), call timeout (client-side)
 * and canceling.
 * @module
 */
import { CanceledError, SessionClosedError, TimeoutError, UsageError, WampError, type CancelMode } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { optionProblem, wampOptions, type CustomAttributes } from './options.js';
import type { PassthruOptions } from './passthru.js';
import { invalidUri } from './port.js';
import { MessageType } from '../protocol/message-type.js';
import type { CallMessage, ErrorMessage, ResultMessage, WampDict, WampList } from '../protocol/messages.js';
import { PendingRequests } from '../session/pending-requests.js';
import { AsyncQueue } from '../util/async-queue.js';
import { MAX_TIMER_MS, msProblem } from '../util/ms.js';
import type { RolePort } from './port.js';
import type { CallResult } from './types.js';

/**
 * Options of a call. Snake_case keys are WAMP `CALL.Options` and go to the router as they are;
 * camelCase keys are wampkit's own.
 */
export interface CallOptions {
  /** Client-side timeout in ms: cancels the call (`killnowait`) and rejects with `TimeoutError`. Default: none. */
  timeoutMs?: number;
  /** Aborting it cancels the call with `cancelMode` and rejects with `CanceledError`. */
  signal?: AbortSignal;
  /**
   * How to cancel when `signal` aborts. Default `killnowait`. With `skip` and `killnowait` the
   * promise rejects with `CanceledError` at once; with `kill` it rejects when the Dealer answers
   * (the callee has stopped, as the spec says), and at the latest after `cancelTimeoutMs`.
   */
  cancelMode?: CancelMode;
  /** The most a `kill` cancel waits for the Dealer's answer before rejecting anyway, in ms. Default 5000. */
  cancelTimeoutMs?: number;
  /** Receives each progressive result; setting it asks for them (`receive_progress`). */
  onProgress?: (chunk: CallResult) => void;
  /**
   * Router-side timeout in ms (`CALL.Options.timeout`), enforced by the Dealer. When the Dealer
   * does not announce `call_timeout` (Crossbar.io, for one), wampkit enforces it on the client
   * instead, as `timeoutMs` would.
   */
  timeout?: number;
  /** Ask the Dealer to disclose our identity to the callee. */
  disclose_me?: boolean;
  /** Ask for progressive results without `onProgress` (they are then dropped). */
  receive_progress?: boolean;
  /** Custom attributes (`_[a-z0-9_]{3,}` keys), sent in `CALL.Options` as they are. */
  custom?: CustomAttributes;
  /**
   * Payload Passthru Mode: the Dealer forwards the payload without reading it (`ppt_*`
   * options). Refused before sending when the Dealer does not announce `payload_passthru_mode`.
   */
  passthru?: PassthruOptions;
}

const CALL_KEYS: ReadonlySet<string> = new Set([
  'timeoutMs', 'signal', 'cancelMode', 'cancelTimeoutMs', 'onProgress', 'timeout', 'disclose_me', 'receive_progress', 'custom', 'passthru',
]);

/**
 * The results of a call with progressive results, as an async iterable: each progressive chunk
 * (`details.progress === true`), then the final result, then the loop ends. An ERROR, a cancel
 * or the session's end is thrown by the loop.
 *
 * @example
 * ```ts
 * for await (const chunk of session.callStream('com.example.countdown', [3])) console.log(chunk.args);
 * ```
 */
export interface CallStream extends AsyncIterable<CallResult> {
  /** The final result (also yielded last by the iterator). */
  readonly result: Promise<CallResult>;
}

/**
 * A call whose input is sent in chunks (progressive call invocations): each `send` is a CALL
 * with `progress: true`, `end` sends the last chunk and resolves with the result.
 *
 * @example
 * ```ts
 * const upload = session.callInput('com.example.upload');
 * for (const part of parts) upload.send([part]);
 * const { args } = await upload.end();
 * ```
 */
export interface CallInput {
  /** The request id shared by every chunk. */
  readonly requestId: number;
  /**
   * Sends one more chunk.
   * @throws {@link UsageError} after `end`; {@link SessionClosedError} when the session is not
   * established.
   */
  send(args?: WampList, kwargs?: WampDict): void;
  /** Sends the last chunk and resolves with the result (the same promise as `result`). */
  end(args?: WampList, kwargs?: WampDict): Promise<CallResult>;
  /** The result; rejects like `Session.call` does. */
  readonly result: Promise<CallResult>;
}

/** A call in flight: one object per call (its methods on the prototype, no closures). */
class PendingCall {
  readonly resolve: (value: CallResult) => void;
  readonly #reject: (error: Error) => void;
  onProgress: ((chunk: CallResult) => void) | undefined;
  cleanup: (() => void) | undefined;
  /** Canceled with `kill`: the Dealer's final answer (or the bound) rejects with this error. */
  killed: Error | undefined;
  /**
   * While a passthru RESULT waits for the code that unpacks it (the role module): what follows
   * for this call (a later progressive result, the final one, an ERROR) waits behind it.
   */
  held: Promise<void> | undefined;

  constructor(resolve: (value: CallResult) => void, reject: (error: Error) => void, onProgress: ((chunk: CallResult) => void) | undefined) {
    this.resolve = resolve;
    this.#reject = reject;
    this.onProgress = onProgress;
  }

  reject(error: Error): void {
    this.cleanup?.();
    this.#reject(error);
  }
}

/** How long a `kill` cancel waits for the Dealer's answer by default, in ms. */
const DEFAULT_CANCEL_TIMEOUT_MS = 5_000;

const EMPTY_LIST: WampList = Object.freeze([]) as unknown as WampList;
const EMPTY_DICT: WampDict = Object.freeze({}) as WampDict;
/** The options of a call given none (shared: a call without options allocates none). */
const NO_OPTIONS: CallOptions = Object.freeze({});

const LOCAL_KEYS = new Set(['timeoutMs', 'signal', 'cancelMode', 'cancelTimeoutMs', 'onProgress', 'passthru']);

function wampOptionsOf(options: CallOptions): WampDict {
  const out = wampOptions(options, LOCAL_KEYS);
  if (options.onProgress) out['receive_progress'] = true;
  return out;
}

/** A UsageError when a timeout option is not a number of ms a timer can wait, else `undefined`. */
function badTimeout(options: CallOptions): UsageError | undefined {
  for (const key of ['timeoutMs', 'timeout'] as const) {
    const v = options[key];
    const problem = v === undefined ? undefined : msProblem(key, v);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Why a call would be refused before anything is sent (a bad URI, an unknown option, a timeout a
 * timer cannot wait), else `undefined`. Also checked before a call waits in the offline queue.
 * @internal
 */
export function callProblem(procedure: string, options: CallOptions): UsageError | undefined {
  return invalidUri(procedure) ?? optionProblem('call', options, CALL_KEYS) ?? badTimeout(options);
}

/** The Caller role of one session. */
export class Caller {
  readonly #port: RolePort;
  readonly #pending = new PendingRequests<CallResult, PendingCall>();

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** Calls a procedure. See `Session.call`. */
  call(procedure: string, args: WampList = EMPTY_LIST, kwargs: WampDict = EMPTY_DICT, options: CallOptions = NO_OPTIONS): Promise<CallResult> {
    // Without options (the common case) there is nothing to check but the URI, and nothing to copy.
    const plain = options === NO_OPTIONS;
    const refused = this.#port.notEstablished() ?? (plain ? invalidUri(procedure) : callProblem(procedure, options));
    if (refused) return Promise.reject(refused);
    // An already aborted signal: nothing is sent.
    if (options.signal?.aborted) return Promise.reject(new CanceledError(options.cancelMode ?? 'killnowait', { cause: options.signal.reason }));
    const wampOptions = plain ? {} : wampOptionsOf(options);
    if (options.passthru !== undefined) {
      if (!this.#port.routerHas('dealer', 'payload_passthru_mode')) {
        return Promise.reject(new UsageError(ErrorUri.FEATURE_NOT_SUPPORTED, 'the Dealer does not announce payload_passthru_mode'));
      }
      // The packing code comes with the role module: a passthru call waits for it, in turn.
      const pack = this.#port.loaded()?.packPassthru;
      if (!pack) return this.#port.afterLoad(() => this.call(procedure, args, kwargs, options));
      const packed = pack(options.passthru, args, kwargs);
      if (packed instanceof UsageError) return Promise.reject(packed);
      Object.assign(wampOptions, packed.options);
      const requestId = this.#port.nextRequestId();
      return this.#track(requestId, this.#withTimeoutFallback(options), { type: MessageType.CALL, requestId, options: wampOptions, procedure, payload: packed.payload });
    }
    const requestId = this.#port.nextRequestId();
    return this.#track(requestId, plain ? options : this.#withTimeoutFallback(options), { type: MessageType.CALL, requestId, options: wampOptions, procedure, args, kwargs });
  }

  /** Calls with progressive results, as an async iterable. See `Session.callStream`. */
  callStream(procedure: string, args: WampList = [], kwargs: WampDict = {}, options: CallOptions = {}): CallStream {
    const queue = new AsyncQueue<CallResult>();
    const user = options.onProgress;
    const result = this.call(procedure, args, kwargs, {
      ...options,
      onProgress: (chunk) => {
        queue.push(chunk);
        user?.(chunk);
      },
    });
    result.then(
      (r) => {
        queue.push(r);
        queue.end();
      },
      (e: unknown) => queue.fail(e),
    );
    // The iterator reports the error; keep an unobserved `result` from being an unhandled rejection.
    result.catch(() => undefined);
    return { result, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
  }

  /**
   * Without `call_timeout` at the Dealer, `timeout` would be silently ignored: enforce it here.
   */
  #withTimeoutFallback(options: CallOptions): CallOptions {
    const t = options.timeout;
    if (typeof t !== 'number' || t <= 0 || options.timeoutMs !== undefined || this.#port.routerHas('dealer', 'call_timeout')) return options;
    return { ...options, timeoutMs: t };
  }

  /**
   * Starts a call whose input is sent in chunks. See `Session.callInput`. Refuses up front (throws)
   * when the session is not established, the URI is invalid, or the Dealer does not announce
   * progressive call invocations (it would run every chunk as a call of its own).
   */
  callInput(procedure: string, options: CallOptions = {}): CallInput {
    const refused =
      this.#port.notEstablished() ??
      invalidUri(procedure) ??
      optionProblem('call', options, CALL_KEYS) ??
      (options.passthru === undefined ? undefined : new UsageError(ErrorUri.INVALID_ARGUMENT, 'callInput does not take passthru: send each chunk as plain args')) ??
      (this.#port.routerHas('dealer', 'progressive_call_invocations')
        ? undefined
        : new UsageError(ErrorUri.FEATURE_NOT_SUPPORTED, 'the router does not announce progressive_call_invocations'));
    if (refused) throw refused;
    const timeoutRefused = badTimeout(options);
    if (timeoutRefused) throw timeoutRefused;
    const requestId = this.#port.nextRequestId();
    const result = this.#track(requestId, this.#withTimeoutFallback(options), undefined);
    result.catch(() => undefined);
    const base = wampOptionsOf(options);
    let ended = false;
    let settled = false;
    result.then(
      () => (settled = true),
      () => (settled = true),
    );
    const port = this.#port;
    const chunk = (progress: boolean, args?: WampList, kwargs?: WampDict): void => {
      if (ended) throw new UsageError(ErrorUri.INVALID_ARGUMENT, 'callInput: end() was called already');
      const notOpen = port.notEstablished();
      if (notOpen) throw notOpen;
      if (!progress) ended = true;
      if (settled) return; // canceled or failed: further chunks would only be dropped by the Dealer
      const failed = port.send({ type: MessageType.CALL, requestId, options: { ...base, progress }, procedure, args, kwargs });
      if (failed) {
        // The call cannot go on: cancel what the Dealer has started, and fail it here.
        this.#cancel(requestId, 'killnowait', failed);
        throw failed;
      }
    };
    return {
      requestId,
      result,
      send: (args, kwargs) => chunk(true, args, kwargs),
      end: (args, kwargs) => {
        try {
          chunk(false, args, kwargs);
        } catch (error) {
          if (!(error instanceof SessionClosedError)) return Promise.reject(error);
        }
        return result;
      },
    };
  }

  /** Tracks a request (timeout, signal) and sends its CALL (if given); a failed send rejects it at once. */
  #track(requestId: number, options: CallOptions, call: CallMessage | undefined): Promise<CallResult> {
    const { signal, timeoutMs } = options;
    const mode = options.cancelMode ?? 'killnowait';
    if (signal?.aborted) return Promise.reject(new CanceledError(mode, { cause: signal.reason }));
    let entry!: PendingCall;
    const promise = new Promise<CallResult>((resolve, reject) => (entry = new PendingCall(resolve, reject, options.onProgress)));
    if (signal || timeoutMs !== undefined) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bound = options.cancelTimeoutMs ?? DEFAULT_CANCEL_TIMEOUT_MS;
      const onAbort = (): void => this.#cancel(requestId, mode, new CanceledError(mode, { cause: signal?.reason }), bound);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => this.#cancel(requestId, 'killnowait', new TimeoutError(timeoutMs)), timeoutMs);
      }
      entry.cleanup = () => {
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) clearTimeout(timer);
      };
    }
    this.#pending.add(requestId, entry);
    const failed = call && this.#port.send(call);
    if (failed && this.#pending.get(requestId) === entry) {
      this.#pending.take(requestId);
      entry.reject(failed);
    }
    return promise;
  }

  #cancel(requestId: number, mode: CancelMode, error: Error, boundMs = DEFAULT_CANCEL_TIMEOUT_MS): void {
    const entry = this.#pending.get(requestId);
    if (!entry || entry.killed) return;
    // CANCEL goes only to a Dealer that announced call canceling (to others it would be a
    // protocol error).
    const canCancel = !this.#port.notEstablished() && this.#port.routerHas('dealer', 'call_canceling');
    const sent = canCancel && this.#port.send({ type: MessageType.CANCEL, requestId, options: { mode } }) === undefined;
    if (mode !== 'kill' || !sent) {
      // skip, killnowait (or no CANCEL possible): settle now; a late RESULT or ERROR is dropped.
      this.#pending.take(requestId);
      entry.reject(error);
      return;
    }
    // kill: the Dealer answers once the callee has stopped; settle then, within a bound.
    entry.cleanup?.();
    entry.killed = error;
    entry.onProgress = undefined;
    const timer = setTimeout(() => this.#pending.take(requestId)?.reject(error), Math.min(boundMs, MAX_TIMER_MS));
    entry.cleanup = () => clearTimeout(timer);
  }

  /** Handles RESULT. */
  onResult(msg: ResultMessage): void {
    const progress = msg.details['progress'] === true;
    const entry = progress ? this.#pending.get(msg.requestId) : this.#pending.take(msg.requestId);
    if (!entry) return;
    // A passthru payload is unpacked by the role module's code (an app that never sees one never
    // loads it): wait for it, and keep what follows for this call behind.
    if (entry.held || (msg.payload !== undefined && !this.#port.loaded())) {
      this.#hold(entry, msg.requestId, () => this.#settle(entry, msg, progress));
      return;
    }
    this.#settle(entry, msg, progress);
  }

  /** Runs `then` for `entry` once the role module is loaded, after what is held for it already. */
  #hold(entry: PendingCall, requestId: number, then: () => void): void {
    const loaded =
      entry.held ??
      this.#port.afterLoad(() => Promise.resolve()).catch((error: unknown) => {
        // The module failed to load: the call fails with that error, and what is held is dropped.
        if (this.#pending.get(requestId) === entry) this.#pending.take(requestId);
        entry.reject(error as Error);
      });
    entry.held = loaded.then(() => {
      if (this.#port.loaded()) then();
    });
  }

  #settle(entry: PendingCall, msg: ResultMessage, progress: boolean): void {
    let result: CallResult;
    if (msg.payload === undefined) result = { args: msg.args ?? EMPTY_LIST, kwargs: msg.kwargs ?? EMPTY_DICT, details: msg.details };
    else {
      const u = this.#port.loaded()!.unpackPassthru(msg.details, msg.payload);
      result = { args: u.args, kwargs: u.kwargs, details: msg.details, passthru: u.passthru };
    }
    if (progress) {
      if (!entry.onProgress) return;
      try {
        entry.onProgress(result);
      } catch (error) {
        this.#port.reportError(error, 'onProgress');
      }
      return;
    }
    entry.cleanup?.();
    if (entry.killed) entry.reject(entry.killed);
    else entry.resolve(result);
  }

  /** Handles ERROR for a CALL. */
  onError(msg: ErrorMessage): void {
    const entry = this.#pending.take(msg.requestId);
    if (!entry) return;
    const fail = (): void => entry.reject(entry.killed ?? new WampError(msg.error, { args: msg.args, kwargs: msg.kwargs, details: msg.details }));
    if (entry.held) this.#hold(entry, msg.requestId, fail);
    else fail();
  }

  /** Rejects every outstanding call. */
  rejectAll(error: Error): void {
    this.#pending.rejectAll(error);
  }
}
