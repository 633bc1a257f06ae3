/**
 * The Callee role: REGISTER/UNREGISTER, INVOCATION → YIELD or ERROR, INTERRUPT, revocation.
 * @module
 */
import { SessionClosedError, UsageError, WampError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type {
  ErrorMessage, InterruptMessage, InvocationMessage, RegisteredMessage, UnregisteredMessage, WampDict, WampList,
} from '../protocol/messages.js';
import type { MatchPolicy } from '../protocol/uri.js';
import { PendingRequests } from '../session/pending-requests.js';
import { AsyncQueue } from '../util/async-queue.js';
import { optionProblem, wampOptions, type CustomAttributes } from './options.js';
import { packPassthru } from './passthru-pack.js';
import { unpackPassthru, type PassthruOptions, type ReceivedPassthru } from './passthru.js';
import { invalidUri, type RolePort } from './port.js';
import { Result } from './types.js';
import { MAX_TIMER_MS } from '../util/ms.js';

/** How a shared registration picks its callee (`REGISTER.Options.invoke`). */
export type InvokePolicy = 'single' | 'roundrobin' | 'random' | 'first' | 'last';

/** What a procedure handler gets besides its arguments. */
export interface InvocationContext {
  /** The procedure actually called (differs from the registered URI for pattern registrations). */
  readonly procedure: string;
  /** The registration id. */
  readonly registration: number;
  /** INVOCATION details as the Dealer sent them. */
  readonly details: WampDict;
  /** Aborted when the call is canceled or times out (INTERRUPT), or the session ends. */
  readonly signal: AbortSignal;
  /** Whether the caller asked for progressive results. */
  readonly receiveProgress: boolean;
  /** The caller's session id, when disclosed. */
  readonly caller: number | undefined;
  /** The caller's authid, when disclosed. */
  readonly callerAuthid: string | undefined;
  /** The caller's authrole, when disclosed. */
  readonly callerAuthrole: string | undefined;
  /**
   * A Payload Passthru Mode invocation: its attributes and payload (args and kwargs are unpacked
   * from it for `native` and `json` without a cipher). The result goes back in the same mode
   * unless the handler returns a `Result` that says otherwise.
   */
  readonly passthru?: ReceivedPassthru;
  /**
   * The further chunks of a call with progressive invocations (the caller sent `progress: true`):
   * each later INVOCATION's args and kwargs, the last one included, then the loop ends. It throws
   * when the call is interrupted. `undefined` for an ordinary call.
   */
  readonly input: AsyncIterable<InvocationChunk> | undefined;
  /**
   * Sends a progressive result. Dropped when the caller did not ask for progress or the call
   * was interrupted.
   */
  progress(args?: WampList, kwargs?: WampDict): void;
}

/** One chunk of a call with progressive invocations. */
export interface InvocationChunk {
  /** Positional arguments of the chunk. */
  readonly args: WampList;
  /** Keyword arguments of the chunk. */
  readonly kwargs: WampDict;
  /** Whether more chunks follow. */
  readonly progress: boolean;
}

/**
 * A procedure handler. Return a value (sent as `args: [value]`), a {@link Result}, or throw a
 * `WampError` (sent as ERROR with its uri, args, kwargs); anything else thrown is sent as
 * `wamp.error.runtime_error` with its message only (no stack).
 */
export type Procedure = (args: WampList, kwargs: WampDict, context: InvocationContext) => unknown;

/** Options of `Session.register`. */
export interface RegisterOptions {
  /** `REGISTER.Options.match`. Default `exact`. */
  match?: MatchPolicy;
  /** `REGISTER.Options.invoke`. Default `single`. */
  invoke?: InvokePolicy;
  /**
   * `REGISTER.Options.forward_timeout`: ask the Dealer to leave a call's `timeout` to this callee,
   * which then aborts `ctx.signal` and answers ERROR `wamp.error.timeout` when it elapses.
   */
  forward_timeout?: boolean;
  /** Ask the Dealer to disclose callers' identity in INVOCATION details (caller identification). */
  disclose_caller?: boolean;
  /** Replace an existing registration of the same procedure made by this session's authid. */
  force_reregister?: boolean;
  /** Custom attributes (`_[a-z0-9_]{3,}` keys), sent in `REGISTER.Options` as they are. */
  custom?: CustomAttributes;
}

const REGISTER_KEYS: ReadonlySet<string> = new Set(['match', 'invoke', 'forward_timeout', 'disclose_caller', 'force_reregister', 'custom']);
const NO_LOCAL_KEYS: ReadonlySet<string> = new Set();

/** A procedure registered by this session. */
export interface Registration {
  /** The registration id the Dealer gave (changes after a reconnect restores it). */
  readonly id: number;
  /** The registered URI (or pattern). */
  readonly procedure: string;
  /** The options it was registered with. */
  readonly options: Readonly<RegisterOptions>;
  /** Whether it is still registered. */
  readonly active: boolean;
  /** Resolves with the reason when the registration ends: unregistered, revoked by the router, or the session closed. */
  readonly ended: Promise<string>;
  /**
   * Unregisters it. Idempotent.
   * @throws {@link WampError} when the Dealer refuses.
   */
  unregister(): Promise<void>;
}

class RegistrationEntry implements Registration {
  id = 0;
  active = true;
  readonly ended: Promise<string>;
  #end!: (reason: string) => void;

  constructor(
    readonly procedure: string,
    readonly options: Readonly<RegisterOptions>,
    readonly handler: Procedure,
    private readonly callee: Callee,
  ) {
    this.ended = new Promise((r) => (this.#end = r));
  }

  end(reason: string): void {
    if (!this.active) return;
    this.active = false;
    this.#end(reason);
  }

  unregister(): Promise<void> {
    return this.callee.unregister(this);
  }
}

/**
 * A running invocation. Its AbortController is made only when the handler reads `ctx.signal`
 * (most handlers never do, and one costs microseconds on the hot path).
 */
class ActiveInvocation {
  done = false;
  /** The callee-side timeout (INVOCATION `Details.timeout`), while it runs. */
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The INVOCATION came in Payload Passthru Mode (unpacked): answer the same way. */
  replyPassthru: PassthruOptions | undefined;
  #controller: AbortController | undefined;
  #aborted = false;
  #reason: unknown;

  constructor(readonly input: AsyncQueue<InvocationChunk> | undefined) {}

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** The invocation is answered (or abandoned): nothing more goes out for it. */
  settle(): void {
    this.done = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** Times a restore retries a registration the router still holds for our previous connection. */
const RESTORE_RETRIES = 5;

/** The Callee role of one session. */
export class Callee {
  readonly #port: RolePort;
  readonly #registering = new PendingRequests<number>();
  readonly #unregistering = new PendingRequests<void>();
  readonly #byId = new Map<number, RegistrationEntry>();
  readonly #invocations = new Map<number, ActiveInvocation>();

  /** @param port - the session's port. */
  constructor(port: RolePort) {
    this.#port = port;
  }

  /** Registers a procedure. See `Session.register`. */
  register(procedure: string, handler: Procedure, options: RegisterOptions = {}): Promise<Registration> {
    const refused = this.#port.notEstablished() ?? invalidUri(procedure, options.match) ?? optionProblem('register', options, REGISTER_KEYS);
    if (refused) return Promise.reject(refused);
    const entry = new RegistrationEntry(procedure, { ...options }, handler, this);
    return this.#sendRegister(entry);
  }

  #sendRegister(entry: RegistrationEntry, endOnFailure = true): Promise<RegistrationEntry> {
    const requestId = this.#port.nextRequestId();
    const options = wampOptions(entry.options, NO_LOCAL_KEYS);
    return new Promise<RegistrationEntry>((resolve, reject) => {
      this.#registering.addAndSend(
        requestId,
        {
          resolve: (id) => {
            entry.id = id;
            this.#byId.set(id, entry);
            resolve(entry);
          },
          reject: (e) => {
            if (endOnFailure) entry.end('failed');
            reject(e);
          },
        },
        () => this.#port.send({ type: MessageType.REGISTER, requestId, options, procedure: entry.procedure }),
      );
    });
  }

  /** Unregisters. Idempotent. */
  unregister(entry: RegistrationEntry): Promise<void> {
    if (!entry.active) return Promise.resolve();
    this.#byId.delete(entry.id);
    entry.end('unregistered');
    // Not established: the router's registration died with the session, and it won't be restored.
    if (this.#port.notEstablished()) return Promise.resolve();
    const requestId = this.#port.nextRequestId();
    return new Promise<void>((resolve, reject) => {
      this.#unregistering.addAndSend(requestId, { resolve, reject }, () =>
        this.#port.send({ type: MessageType.UNREGISTER, requestId, registration: entry.id }),
      );
    });
  }

  /** Handles REGISTERED. */
  onRegistered(msg: RegisteredMessage): void {
    this.#registering.take(msg.requestId)?.resolve(msg.registration);
  }

  /** Handles UNREGISTERED: the answer to UNREGISTER, or a revocation (request 0) by the router. */
  onUnregistered(msg: UnregisteredMessage): void {
    if (msg.requestId === 0) {
      const id = msg.details?.['registration'];
      const entry = typeof id === 'number' ? this.#byId.get(id) : undefined;
      if (!entry) return;
      this.#byId.delete(id as number);
      const reason = msg.details?.['reason'];
      entry.end(typeof reason === 'string' ? reason : 'revoked');
      return;
    }
    this.#unregistering.take(msg.requestId)?.resolve();
  }

  /** Handles ERROR for REGISTER or UNREGISTER. */
  onError(msg: ErrorMessage): void {
    const error = new WampError(msg.error, { args: msg.args, kwargs: msg.kwargs, details: msg.details });
    const table = msg.requestType === MessageType.REGISTER ? this.#registering : this.#unregistering;
    table.take(msg.requestId)?.reject(error);
  }

  /** Handles INVOCATION: runs the handler and answers with YIELD or ERROR. */
  onInvocation(msg: InvocationMessage): void {
    const requestId = msg.requestId;
    const running = this.#invocations.get(requestId);
    if (running) {
      // A further chunk of a call with progressive invocations.
      const input = running.input;
      if (!input || input.ended) return;
      const progress = msg.details['progress'] === true;
      input.push({ args: msg.args ?? [], kwargs: msg.kwargs ?? {}, progress });
      if (!progress) input.end();
      return;
    }
    const entry = this.#byId.get(msg.registration);
    if (!entry) {
      this.#sendError(requestId, ErrorUri.NO_SUCH_REGISTRATION, [`no registration ${msg.registration}`], undefined);
      return;
    }
    const details = msg.details;
    const unpacked = msg.payload === undefined ? undefined : unpackPassthru(details, msg.payload);
    const input = details['progress'] === true ? new AsyncQueue<InvocationChunk>() : undefined;
    const active = new ActiveInvocation(input);
    if (unpacked?.passthru.unpacked) {
      const p = unpacked.passthru;
      active.replyPassthru = { scheme: p.scheme, ...(p.serializer !== undefined ? { serializer: p.serializer } : {}) };
    }
    this.#invocations.set(requestId, active);
    // Callee-initiated timeout: a Dealer that forwards CALL.Options.timeout leaves it to us.
    const timeout = details['timeout'];
    if (typeof timeout === 'number' && timeout > 0) {
      active.timer = setTimeout(() => this.#timedOut(requestId, active, timeout), Math.min(timeout, MAX_TIMER_MS));
    }
    const receiveProgress = details['receive_progress'] === true;
    const port = this.#port;
    const context: InvocationContext = {
      procedure: typeof details['procedure'] === 'string' ? details['procedure'] : entry.procedure,
      registration: msg.registration,
      details,
      get signal() {
        return active.signal;
      },
      receiveProgress,
      input,
      caller: typeof details['caller'] === 'number' ? details['caller'] : undefined,
      callerAuthid: typeof details['caller_authid'] === 'string' ? details['caller_authid'] : undefined,
      callerAuthrole: typeof details['caller_authrole'] === 'string' ? details['caller_authrole'] : undefined,
      ...(unpacked ? { passthru: unpacked.passthru } : {}),
      progress: (args?: WampList, kwargs?: WampDict): void => {
        if (!receiveProgress || active.done) return;
        const failed = port.send({ type: MessageType.YIELD, requestId, options: { progress: true }, args, kwargs });
        // A progressive result that cannot be sent ends the call: the caller gets an ERROR that
        // says so, and the handler's signal aborts (it is told, without an exception to catch).
        if (failed) this.#unsendable(requestId, active, 'a progressive result', failed);
      },
    };
    let value: unknown;
    try {
      value = unpacked ? entry.handler(unpacked.args, unpacked.kwargs, context) : entry.handler(msg.args ?? [], msg.kwargs ?? {}, context);
    } catch (error) {
      this.#finishError(requestId, active, error);
      return;
    }
    if (value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function') {
      (value as PromiseLike<unknown>).then(
        (v) => this.#finish(requestId, active, v),
        (e: unknown) => this.#finishError(requestId, active, e),
      );
    } else {
      this.#finish(requestId, active, value);
    }
  }

  #finish(requestId: number, active: ActiveInvocation, value: unknown): void {
    if (active.done) return;
    active.settle();
    active.input?.end();
    this.#invocations.delete(requestId);
    const args = value instanceof Result ? value.args : value === undefined ? [] : [value];
    const kwargs = value instanceof Result ? value.kwargs : undefined;
    const ppt = value instanceof Result && value.passthru !== undefined ? value.passthru : active.replyPassthru;
    let failed: Error | undefined;
    if (ppt === undefined) failed = this.#port.send({ type: MessageType.YIELD, requestId, options: {}, args, kwargs });
    else {
      const packed = packPassthru(ppt, args, kwargs);
      failed = packed instanceof UsageError ? packed : this.#port.send({ type: MessageType.YIELD, requestId, options: packed.options, payload: packed.payload });
    }
    if (failed) this.#unsendable(requestId, active, 'the result', failed);
  }

  /**
   * What the callee produced cannot be sent (not encodable, too large): the caller gets ERROR
   * `wamp.error.invalid_argument` saying so, the app's `onError` hears of it, and the handler's
   * signal aborts. Only when not even that ERROR can go out (the session is gone) is nothing sent.
   */
  #unsendable(requestId: number, active: ActiveInvocation, what: string, failed: Error): void {
    active.settle();
    active.input?.end();
    this.#invocations.delete(requestId);
    if (failed instanceof UsageError) {
      this.#port.reportError(failed, 'procedure');
      active.abort(failed);
      this.#sendError(requestId, ErrorUri.INVALID_ARGUMENT, [`the callee could not send ${what}: ${failed.message}`], undefined);
    }
  }

  #finishError(requestId: number, active: ActiveInvocation, error: unknown): void {
    if (active.done) return;
    active.settle();
    active.input?.end();
    this.#invocations.delete(requestId);
    if (error instanceof WampError) {
      this.#sendError(requestId, error.uri, error.args, error.kwargs);
    } else {
      this.#port.reportError(error, 'procedure');
      const message = error instanceof Error ? error.message : String(error);
      this.#sendError(requestId, ErrorUri.RUNTIME_ERROR, [message], undefined);
    }
  }

  #sendError(requestId: number, uri: string, args: WampList | undefined, kwargs: WampDict | undefined): void {
    const failed = this.#port.send({ type: MessageType.ERROR, requestType: MessageType.INVOCATION, requestId, details: {}, error: uri, args, kwargs });
    // The error's own payload cannot be sent: send the URI with a message that says so.
    if (failed instanceof UsageError && (args !== undefined || kwargs !== undefined)) {
      this.#port.reportError(failed, 'procedure');
      this.#port.send({
        type: MessageType.ERROR, requestType: MessageType.INVOCATION, requestId, details: {}, error: uri,
        args: [`the callee's error payload could not be sent: ${failed.message}`],
      });
    }
  }

  /**
   * The invocation's `Details.timeout` elapsed: the handler's signal aborts and the caller gets
   * ERROR `wamp.error.timeout` (spec: Callee-Initiated Timeouts).
   */
  #timedOut(requestId: number, active: ActiveInvocation, timeoutMs: number): void {
    if (active.done) return;
    active.settle();
    this.#invocations.delete(requestId);
    const error = new WampError(ErrorUri.TIMEOUT, { args: [`call timed out after ${timeoutMs} ms (callee)`] });
    active.input?.fail(error);
    active.abort(error);
    this.#sendError(requestId, ErrorUri.TIMEOUT, [`call timed out after ${timeoutMs} ms (callee)`], undefined);
  }

  /** Handles INTERRUPT: aborts the handler's signal and answers ERROR `wamp.error.canceled`. */
  onInterrupt(msg: InterruptMessage): void {
    const active = this.#invocations.get(msg.requestId);
    if (!active || active.done) return;
    active.settle();
    this.#invocations.delete(msg.requestId);
    const mode = typeof msg.options['mode'] === 'string' ? msg.options['mode'] : 'kill';
    const reason = typeof msg.options['reason'] === 'string' ? msg.options['reason'] : ErrorUri.CANCELED;
    const abort = new WampError(reason, { args: [`call interrupted (${mode})`] });
    active.input?.fail(abort);
    active.abort(abort);
    this.#sendError(msg.requestId, ErrorUri.CANCELED, [`call interrupted (${mode})`], undefined);
  }

  /** The session ended: reject pending requests, abort running handlers. */
  sessionEnded(error: SessionClosedError, final: boolean): void {
    this.#registering.rejectAll(error);
    this.#unregistering.rejectAll(error);
    for (const active of this.#invocations.values()) {
      active.settle();
      active.input?.fail(error);
      active.abort(error);
    }
    this.#invocations.clear();
    if (final) {
      for (const entry of this.#byId.values()) entry.end(error.reason);
      this.#byId.clear();
    }
  }

  /** After a reconnect: registers every registration again. */
  restore(): Promise<unknown> {
    const entries = [...this.#byId.values()];
    this.#byId.clear();
    return Promise.allSettled(entries.map((e) => this.#restoreOne(e)));
  }

  /**
   * Registers one entry again after a reconnect. A router that has not yet noticed our previous
   * connection is gone still holds its registration (`procedure_already_exists`): retry a few
   * times with backoff (about 6 s in all) before giving up and reporting it.
   */
  async #restoreOne(entry: RegistrationEntry): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#sendRegister(entry, false);
        return;
      } catch (error) {
        const stale = error instanceof WampError && error.uri === ErrorUri.PROCEDURE_ALREADY_EXISTS && attempt < RESTORE_RETRIES;
        if (!stale || this.#port.notEstablished()) {
          entry.end('failed');
          this.#port.reportError(error, `restore registration ${entry.procedure}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }
}
