/**
 * The Caller role: CALL, and RESULT/ERROR for it; call timeout (client-side) and canceling.
 * @module
 */
import { CanceledError, TimeoutError, WampError, type CancelMode } from '../errors.js';
import { MessageType } from '../protocol/message-type.js';
import type { ErrorMessage, ResultMessage, WampDict, WampList } from '../protocol/messages.js';
import { PendingRequests } from '../session/pending-requests.js';
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
  /** How to cancel when `signal` aborts. Default `killnowait`. */
  cancelMode?: CancelMode;
  /** Receives each progressive result; setting it asks for them (`receive_progress`). */
  onProgress?: (chunk: CallResult) => void;
  /** Router-side timeout in ms (`CALL.Options.timeout`), enforced by the Dealer. */
  timeout?: number;
  /** Ask the Dealer to disclose our identity to the callee. */
  disclose_me?: boolean;
  /** Ask for progressive results without `onProgress` (they are then dropped). */
  receive_progress?: boolean;
  /** Any other `CALL.Options` key. */
  [option: string]: unknown;
}

interface PendingCall {
  resolve(value: CallResult): void;
  reject(error: Error): void;
  onProgress: ((chunk: CallResult) => void) | undefined;
  cleanup: (() => void) | undefined;
}

const EMPTY_LIST: WampList = Object.freeze([]) as unknown as WampList;
const EMPTY_DICT: WampDict = Object.freeze({}) as WampDict;

const LOCAL_KEYS = new Set(['timeoutMs', 'signal', 'cancelMode', 'onProgress']);

/** The Caller role of one session. */
export class Caller {
  readonly #port: RolePort;
  readonly #pending = new PendingRequests<CallResult, PendingCall>();

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** Calls a procedure. See `Session.call`. */
  call(procedure: string, args: WampList = [], kwargs: WampDict = {}, options: CallOptions = {}): Promise<CallResult> {
    const closed = this.#port.notEstablished();
    if (closed) return Promise.reject(closed);
    const { signal, timeoutMs, onProgress } = options;
    if (signal?.aborted) return Promise.reject(new CanceledError(options.cancelMode ?? 'killnowait', { cause: signal.reason }));
    const requestId = this.#port.nextRequestId();
    const wampOptions: WampDict = {};
    for (const key in options) if (!LOCAL_KEYS.has(key) && options[key] !== undefined) wampOptions[key] = options[key];
    if (onProgress) wampOptions['receive_progress'] = true;

    return new Promise<CallResult>((resolve, reject) => {
      const entry: PendingCall = {
        resolve,
        reject: (error) => {
          entry.cleanup?.();
          reject(error);
        },
        onProgress,
        cleanup: undefined,
      };
      if (signal || timeoutMs !== undefined) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const onAbort = (): void => this.#cancel(requestId, options.cancelMode ?? 'killnowait', new CanceledError(options.cancelMode ?? 'killnowait', { cause: signal?.reason }));
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
      this.#port.send({ type: MessageType.CALL, requestId, options: wampOptions, procedure, args, kwargs });
    });
  }

  #cancel(requestId: number, mode: CancelMode, error: Error): void {
    const entry = this.#pending.take(requestId);
    if (!entry) return;
    // The promise settles now, whatever the mode; a late RESULT or ERROR is dropped.
    this.#port.send({ type: MessageType.CANCEL, requestId, options: { mode } });
    entry.reject(error);
  }

  /** Handles RESULT. */
  onResult(msg: ResultMessage): void {
    const progress = msg.details['progress'] === true;
    const entry = progress ? this.#pending.get(msg.requestId) : this.#pending.take(msg.requestId);
    if (!entry) return;
    const result: CallResult = { args: msg.args ?? EMPTY_LIST, kwargs: msg.kwargs ?? EMPTY_DICT, details: msg.details };
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
    entry.resolve(result);
  }

  /** Handles ERROR for a CALL. */
  onError(msg: ErrorMessage): void {
    const entry = this.#pending.take(msg.requestId);
    if (!entry) return;
    entry.reject(new WampError(msg.error, { args: msg.args, kwargs: msg.kwargs, details: msg.details }));
  }

  /** Rejects every outstanding call. */
  rejectAll(error: Error): void {
    this.#pending.rejectAll(error);
  }
}
