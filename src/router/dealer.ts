/**
 * The Dealer of one realm: REGISTER/UNREGISTER, and CALL → INVOCATION → YIELD/ERROR → RESULT/
 * ERROR routing with progressive call results and invocations, call canceling, call timeouts,
 * caller identification, shared and pattern-based registrations, registration revocation and
 * payload passthru.
 *
 * Handlers throw {@link ProtocolError} for a message that breaks the protocol; the session
 * turns it into an ABORT.
 * @internal
 * @module
 */
import { ProtocolError } from '../errors.js';
import * as ErrorUri from '../protocol/error-uris.js';
import { MessageType } from '../protocol/message-type.js';
import type {
  CallMessage, CancelMessage, ErrorMessage, InvocationMessage, RegisterMessage, ResultMessage, UnregisterMessage,
  WampDict, YieldMessage,
} from '../protocol/messages.js';
import { isReservedUri, isValidPattern, isValidUri, type MatchPolicy } from '../protocol/uri.js';
import { runInternal, type InternalProcedure } from './internal-procedure.js';
import { InvocationTable, type Invocation } from './invocations.js';
import { copyPassthru, withDecision, type PeerAuthorizer, type RouterPeer } from './peer.js';
import { RegistrationTable, type InvokePolicy, type Registration, type RegistryChange } from './registrations.js';
import { errorReply } from './replies.js';
import { MAX_TIMER_MS } from '../util/ms.js';

/** Features the Dealer announces in `WELCOME.Details.roles.dealer.features`. */
export const DEALER_FEATURES: Readonly<Record<string, boolean>> = Object.freeze({
  progressive_call_results: true,
  progressive_call_invocations: true,
  call_canceling: true,
  call_timeout: true,
  caller_identification: true,
  pattern_based_registration: true,
  shared_registration: true,
  registration_revocation: true,
  payload_passthru_mode: true,
  session_meta_api: true,
  registration_meta_api: true,
  testament_meta_api: true,
});

/** Options of a {@link Dealer}. */
export interface DealerOptions {
  /** Global-scope id generator (registrations). */
  readonly newId: () => number;
  /** Uniform numbers in [0, 1) for the `random` invoke policy. */
  readonly random: () => number;
  /** Timer functions for call timeouts (default the global ones). */
  readonly setTimeout?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  readonly clearTimeout?: (handle: ReturnType<typeof setTimeout>) => void;
  /** Who may call and register what (default: everyone, everything). */
  readonly authorize?: PeerAuthorizer;
  /** Calls one session may have in flight (default 1000). */
  readonly maxOutstandingCalls?: number;
  /** Told of registrations created, joined, left and deleted (the meta events; default none). */
  readonly onChange?: RegistryChange<Registration>;
}

const OPEN: PeerAuthorizer = () => ({ allowed: true, disclose: false });

/** The Dealer. It talks to sessions only through {@link RouterPeer}. */
export class Dealer {
  readonly #table: RegistrationTable;
  readonly #internal = new Map<string, InternalProcedure>();
  readonly #calls = new InvocationTable();
  readonly #setTimeout: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
  readonly #authorize: PeerAuthorizer;
  readonly #maxOutstanding: number;
  /** Calls in flight per caller session, and the invocations counted there. */
  readonly #perCaller = new Map<number, number>();
  readonly #counted = new WeakSet<Invocation>();
  readonly #clearTimeout: (handle: ReturnType<typeof setTimeout>) => void;

  constructor(options: DealerOptions) {
    this.#authorize = options.authorize ?? OPEN;
    this.#maxOutstanding = options.maxOutstandingCalls ?? 1000;
    this.#table = new RegistrationTable({
      newId: options.newId,
      random: options.random,
      ...(options.onChange ? { onChange: options.onChange } : {}),
    });
    this.#setTimeout = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.#clearTimeout = options.clearTimeout ?? ((h) => clearTimeout(h));
  }

  /** The registrations. */
  get registrations(): RegistrationTable {
    return this.#table;
  }

  /**
   * Registers a router-internal procedure (exact URI).
   * @throws `Error` when the URI is invalid or already registered.
   * @returns a function that removes it.
   */
  registerInternal(uri: string, handler: InternalProcedure): () => void {
    if (!isValidUri(uri)) throw new TypeError(`invalid procedure URI ${JSON.stringify(uri)}`);
    if (this.#internal.has(uri) || this.#table.find(uri)?.match === 'exact') {
      throw new Error(`procedure ${uri} is already registered`);
    }
    this.#internal.set(uri, handler);
    return () => {
      if (this.#internal.get(uri) === handler) this.#internal.delete(uri);
    };
  }

  /** Handles REGISTER. */
  register(peer: RouterPeer, msg: RegisterMessage): void | Promise<void> {
    const match = (msg.options['match'] as MatchPolicy | undefined) ?? 'exact';
    if (!isValidPattern(msg.procedure, match) || isReservedUri(msg.procedure)) {
      peer.send(errorReply(MessageType.REGISTER, msg.requestId, ErrorUri.INVALID_URI, `cannot register ${JSON.stringify(msg.procedure)} (match ${match})`));
      return;
    }
    return withDecision(this.#authorize(peer, 'register', msg.procedure, msg.options), (d) => {
      if (!d.allowed) {
        peer.send(errorReply(MessageType.REGISTER, msg.requestId, ErrorUri.NOT_AUTHORIZED, `${peer.authrole} may not register ${msg.procedure}`));
        return;
      }
      this.#register(peer, msg, match);
    });
  }

  #register(peer: RouterPeer, msg: RegisterMessage, match: MatchPolicy): void {
    if (!peer.joined) return;
    const invoke = (msg.options['invoke'] as InvokePolicy | undefined) ?? 'single';
    if (match === 'exact' && this.#internal.has(msg.procedure)) {
      peer.send(errorReply(MessageType.REGISTER, msg.requestId, ErrorUri.PROCEDURE_ALREADY_EXISTS, `procedure ${msg.procedure} is provided by the router`));
      return;
    }
    const r = this.#table.add(msg.procedure, match, invoke, {
      peer,
      discloseCaller: msg.options['disclose_caller'] === true,
      forwardTimeout: msg.options['forward_timeout'] === true,
    });
    if ('refused' in r) {
      peer.send(errorReply(MessageType.REGISTER, msg.requestId, ErrorUri.PROCEDURE_ALREADY_EXISTS, r.refused));
      return;
    }
    peer.send({ type: MessageType.REGISTERED, requestId: msg.requestId, registration: r.id });
  }

  /** Handles UNREGISTER. */
  unregister(peer: RouterPeer, msg: UnregisterMessage): void {
    const reg = this.#table.get(msg.registration);
    if (!reg || !this.#table.remove(reg, peer)) {
      peer.send(errorReply(MessageType.UNREGISTER, msg.requestId, ErrorUri.NO_SUCH_REGISTRATION, `no registration ${msg.registration} of this session`));
      return;
    }
    peer.send({ type: MessageType.UNREGISTERED, requestId: msg.requestId });
  }

  /**
   * Revokes a registration (for every callee, or only session `sessionId`). Callees that
   * announced `registration_revocation` get `[UNREGISTERED, 0, {registration, reason}]`.
   * @returns whether anything was revoked.
   */
  revoke(registrationId: number, reason?: string, sessionId?: number): boolean {
    const reg = this.#table.get(registrationId);
    if (!reg) return false;
    const targets = reg.callees.filter((c) => sessionId === undefined || c.peer.id === sessionId);
    for (const { peer } of targets) {
      this.#table.remove(reg, peer);
      if (peer.features.calleeRevocation) {
        const details: WampDict = { registration: reg.id };
        if (reason !== undefined) details['reason'] = reason;
        peer.send({ type: MessageType.UNREGISTERED, requestId: 0, details });
      }
    }
    return targets.length > 0;
  }

  /** Handles CALL. @throws {@link ProtocolError} */
  call(caller: RouterPeer, msg: CallMessage): void | Promise<void> {
    const progress = msg.options['progress'] === true;
    const ongoing = this.#calls.byCall(caller.id, msg.requestId);
    if (ongoing) {
      if (!ongoing.callerStreaming) throw new ProtocolError(`CALL request id ${msg.requestId} is already in use`, { messageType: 'CALL' });
      this.#continueCall(ongoing, msg, progress);
      return;
    }
    // A chunk for a progressive call that already completed: ignore it, as the spec says.
    if (this.#calls.isFinishedStream(caller.id, msg.requestId)) return;
    if (progress && !caller.features.callerProgressiveInvocations) {
      throw new ProtocolError('CALL with progress=true, but the caller did not announce progressive_call_invocations', { messageType: 'CALL' });
    }
    if (msg.payload !== undefined && !caller.features.callerPassthru) {
      throw new ProtocolError('CALL with a transparent payload, but the caller did not announce payload_passthru_mode', { messageType: 'CALL' });
    }
    const reply = (uri: string, text: string): void => void caller.send(errorReply(MessageType.CALL, msg.requestId, uri, text));
    if (!isValidUri(msg.procedure)) return reply(ErrorUri.INVALID_URI, `invalid procedure URI ${JSON.stringify(msg.procedure)}`);
    return withDecision(this.#authorize(caller, 'call', msg.procedure, msg.options), (d) => {
      if (!d.allowed) return reply(ErrorUri.NOT_AUTHORIZED, `${caller.authrole} may not call ${msg.procedure}`);
      if (caller.joined) this.#startCall(caller, msg, progress, d.disclose, reply);
    });
  }

  #startCall(caller: RouterPeer, msg: CallMessage, progress: boolean, disclose: boolean, reply: (uri: string, text: string) => void): void {
    const internal = this.#internal.get(msg.procedure);
    if (internal) {
      if (progress || msg.payload !== undefined) return reply(ErrorUri.FEATURE_NOT_SUPPORTED, `${msg.procedure} takes no progressive or transparent payload`);
      this.#callInternal(caller, msg, internal).catch(() => undefined); // runInternal turns every failure into an ERROR
      return;
    }
    if ((this.#perCaller.get(caller.id) ?? 0) >= this.#maxOutstanding) {
      return reply('wampkit.error.limit_exceeded', `more than ${this.#maxOutstanding} calls in flight from this session`);
    }
    const found = this.#table.find(msg.procedure);
    const callee = found && this.#table.pick(found.registration);
    if (!found || !callee) return reply(ErrorUri.NO_SUCH_PROCEDURE, `no callee registered for procedure ${msg.procedure}`);
    const cf = callee.peer.features;
    if (progress && !(cf.calleeProgressiveInvocations && cf.calleeCanceling)) {
      return reply(ErrorUri.FEATURE_NOT_SUPPORTED, 'the callee does not support progressive call invocations');
    }
    if (msg.payload !== undefined && !cf.calleePassthru) {
      return reply(ErrorUri.FEATURE_NOT_SUPPORTED, 'the callee does not support payload passthru mode');
    }

    const details: WampDict = {};
    if (found.match !== 'exact') details['procedure'] = msg.procedure;
    const receiveProgress = msg.options['receive_progress'] === true && cf.calleeProgressiveResults;
    if (receiveProgress) details['receive_progress'] = true;
    if (progress) details['progress'] = true;
    if (disclose || msg.options['disclose_me'] === true || callee.discloseCaller) {
      details['caller'] = caller.id;
      details['caller_authid'] = caller.authid;
      details['caller_authrole'] = caller.authrole;
    }
    const rawTimeout = msg.options['timeout'];
    let timeoutMs = typeof rawTimeout === 'number' && rawTimeout > 0 ? rawTimeout : 0;
    // A timer cannot wait longer than 2^31 - 1 ms (it would fire at once): refuse, don't overflow.
    if (timeoutMs > MAX_TIMER_MS) return reply(ErrorUri.INVALID_ARGUMENT, `CALL.Options.timeout must be at most ${MAX_TIMER_MS} ms, got ${timeoutMs}`);
    if (timeoutMs > 0 && callee.forwardTimeout && cf.calleeTimeout) {
      details['timeout'] = timeoutMs; // callee-initiated timeout
      timeoutMs = 0;
    }
    if (msg.payload !== undefined) copyPassthru(msg.options, details);

    const inv: Invocation = {
      id: this.#calls.nextInvocationId(callee.peer), callId: msg.requestId, caller, callee: callee.peer, registration: found.registration,
      receiveProgress, timeoutMs, callerStreaming: progress, killed: false, timer: undefined,
    };
    this.#calls.add(inv);
    this.#counted.add(inv);
    this.#perCaller.set(caller.id, (this.#perCaller.get(caller.id) ?? 0) + 1);
    this.#arm(inv);
    const failed = callee.peer.send(this.#invocation(inv, details, msg));
    if (failed) {
      // The callee's serializer cannot carry this call: tell the caller, never drop it.
      this.#finish(inv);
      reply(ErrorUri.INVALID_ARGUMENT, `the router cannot pass this call to the callee: ${failed}`);
    }
  }

  /** Handles YIELD. @throws {@link ProtocolError} */
  yield(callee: RouterPeer, msg: YieldMessage): void {
    if (msg.payload !== undefined && !callee.features.calleePassthru) {
      throw new ProtocolError('YIELD with a transparent payload, but the callee did not announce payload_passthru_mode', { messageType: 'YIELD' });
    }
    const inv = this.#calls.byInvocation(callee.id, msg.requestId);
    if (!inv) return; // canceled, timed out or caller gone: the answer is dropped
    const progress = msg.options['progress'] === true;
    if (msg.payload !== undefined && !inv.caller.features.callerPassthru) {
      callee.send(errorReply(MessageType.YIELD, msg.requestId, ErrorUri.FEATURE_NOT_SUPPORTED, 'the caller does not support payload passthru mode'));
      this.#finish(inv);
      inv.caller.send(errorReply(MessageType.CALL, inv.callId, ErrorUri.FEATURE_NOT_SUPPORTED, 'the callee answered with a transparent payload'));
      return;
    }
    const details: WampDict = {};
    if (msg.payload !== undefined) copyPassthru(msg.options, details);
    if (progress) {
      if (!inv.receiveProgress) return; // the caller did not ask for progressive results
      details['progress'] = true;
      this.#arm(inv);
    } else {
      this.#finish(inv);
    }
    const m: ResultMessage = { type: MessageType.RESULT, requestId: inv.callId, details };
    if (msg.payload !== undefined) m.payload = msg.payload;
    else {
      if (msg.args !== undefined) m.args = msg.args;
      if (msg.kwargs !== undefined) m.kwargs = msg.kwargs;
    }
    const failed = inv.caller.send(m);
    if (failed) {
      // The caller's serializer cannot carry the result: the call ends with an ERROR that says so.
      if (progress) this.#finish(inv);
      inv.caller.send(errorReply(MessageType.CALL, inv.callId, ErrorUri.INVALID_ARGUMENT, `the router cannot pass the callee's result to you: ${failed}`));
      if (progress) this.#interruptCallee(inv);
    }
  }

  /** Handles ERROR from a callee (answering an INVOCATION). */
  error(callee: RouterPeer, msg: ErrorMessage): void {
    const inv = this.#calls.byInvocation(callee.id, msg.requestId);
    if (!inv) return;
    this.#finish(inv);
    const m: ErrorMessage = {
      type: MessageType.ERROR, requestType: MessageType.CALL, requestId: inv.callId, details: msg.details, error: msg.error,
    };
    if (msg.payload !== undefined) m.payload = msg.payload;
    else {
      if (msg.args !== undefined) m.args = msg.args;
      if (msg.kwargs !== undefined) m.kwargs = msg.kwargs;
    }
    const failed = inv.caller.send(m);
    if (failed) inv.caller.send({ ...m, args: [`the router cannot pass the callee's error payload to you: ${failed}`], kwargs: undefined, payload: undefined });
  }

  /** Handles CANCEL. */
  cancel(caller: RouterPeer, msg: CancelMessage): void {
    const inv = this.#calls.byCall(caller.id, msg.requestId);
    if (!inv) return; // finished already (or an internal procedure): nothing to cancel
    let mode = (msg.options['mode'] as 'skip' | 'kill' | 'killnowait' | undefined) ?? 'killnowait';
    if (!inv.callee.features.calleeCanceling) mode = 'skip';
    if (mode === 'kill') {
      if (inv.killed) return;
      inv.killed = true;
      inv.callee.send({ type: MessageType.INTERRUPT, requestId: inv.id, options: { mode: 'kill' } });
      return;
    }
    this.#finish(inv);
    caller.send(errorReply(MessageType.CALL, inv.callId, ErrorUri.CANCELED, `call canceled (${mode})`));
    if (mode === 'killnowait') inv.callee.send({ type: MessageType.INTERRUPT, requestId: inv.id, options: { mode } });
  }

  /**
   * Cleans up after a session that left: its calls are interrupted at their callees
   * (`killnowait`), the callers of its invocations get `wamp.error.canceled`, and its
   * registrations are removed.
   */
  leave(peer: RouterPeer): void {
    this.#table.leave(peer);
    const left = this.#calls.leave(peer.id);
    this.#perCaller.delete(peer.id);
    for (const inv of left.asCallee) this.#uncount(inv);
    for (const inv of left.asCaller) {
      this.#counted.delete(inv);
      this.#disarm(inv);
      if (inv.callee !== peer && inv.callee.features.calleeCanceling) {
        inv.callee.send({ type: MessageType.INTERRUPT, requestId: inv.id, options: { mode: 'killnowait' } });
      }
    }
    for (const inv of left.asCallee) {
      this.#disarm(inv);
      inv.caller.send(errorReply(MessageType.CALL, inv.callId, ErrorUri.CANCELED, 'the callee left before it answered', { reason: 'callee_lost' }));
    }
  }

  /** Number of calls in flight. */
  get pendingCalls(): number {
    return this.#calls.size;
  }

  #invocation(inv: Invocation, details: WampDict, msg: CallMessage): InvocationMessage {
    const m: InvocationMessage = { type: MessageType.INVOCATION, requestId: inv.id, registration: inv.registration.id, details };
    if (msg.payload !== undefined) m.payload = msg.payload;
    else {
      if (msg.args !== undefined) m.args = msg.args;
      if (msg.kwargs !== undefined) m.kwargs = msg.kwargs;
    }
    return m;
  }

  /** A further chunk of a progressive-invocation call: same INVOCATION request id. */
  #continueCall(inv: Invocation, msg: CallMessage, progress: boolean): void {
    if (inv.killed) return;
    if (msg.payload !== undefined && !inv.caller.features.callerPassthru) {
      throw new ProtocolError('CALL with a transparent payload, but the caller did not announce payload_passthru_mode', { messageType: 'CALL' });
    }
    const details: WampDict = {};
    if (inv.registration.match !== 'exact') details['procedure'] = msg.procedure;
    if (progress) details['progress'] = true;
    else inv.callerStreaming = false;
    if (msg.payload !== undefined) copyPassthru(msg.options, details);
    inv.callee.send(this.#invocation(inv, details, msg));
  }

  /** Removes a finished (or abandoned) call. */
  #finish(inv: Invocation): void {
    this.#disarm(inv);
    this.#calls.remove(inv);
    this.#uncount(inv);
  }

  /** One call fewer in flight for its caller (once per invocation). */
  #uncount(inv: Invocation): void {
    if (!this.#counted.delete(inv)) return;
    const n = (this.#perCaller.get(inv.caller.id) ?? 1) - 1;
    if (n > 0) this.#perCaller.set(inv.caller.id, n);
    else this.#perCaller.delete(inv.caller.id);
  }

  /** (Re)starts the dealer-initiated timeout of a call, if it has one. */
  #arm(inv: Invocation): void {
    if (inv.timeoutMs <= 0) return;
    this.#disarm(inv);
    inv.timer = this.#setTimeout(() => this.#timedOut(inv), inv.timeoutMs);
  }

  #disarm(inv: Invocation): void {
    if (inv.timer !== undefined) {
      this.#clearTimeout(inv.timer);
      inv.timer = undefined;
    }
  }

  /** Stops a callee whose call ended here (its answers can no longer reach the caller). */
  #interruptCallee(inv: Invocation): void {
    if (inv.callee.features.calleeCanceling) inv.callee.send({ type: MessageType.INTERRUPT, requestId: inv.id, options: { mode: 'killnowait' } });
  }

  /** Dealer-initiated timeout: `killnowait` if the callee can be interrupted, else `skip`. */
  #timedOut(inv: Invocation): void {
    inv.timer = undefined;
    this.#finish(inv);
    if (inv.callee.features.calleeCanceling) {
      inv.callee.send({ type: MessageType.INTERRUPT, requestId: inv.id, options: { mode: 'killnowait', reason: ErrorUri.TIMEOUT } });
    }
    inv.caller.send(errorReply(MessageType.CALL, inv.callId, ErrorUri.TIMEOUT, `call timed out after ${inv.timeoutMs} ms`));
  }

  async #callInternal(caller: RouterPeer, msg: CallMessage, handler: InternalProcedure): Promise<void> {
    const reply = await runInternal(handler, msg, {
      caller: caller.id, caller_authid: caller.authid, caller_authrole: caller.authrole, procedure: msg.procedure,
    });
    if (caller.joined) caller.send(reply);
  }
}
