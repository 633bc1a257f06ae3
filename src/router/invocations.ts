/**
 * The Dealer's table of calls in flight, indexed both ways: by the callee's INVOCATION request
 * id and by the caller's CALL request id. A plain class without I/O (CONVENTIONS.md 7).
 * @internal
 * @module
 */
import { sessionScopeIds } from '../protocol/ids.js';
import type { RouterPeer } from './peer.js';
import type { Registration } from './registrations.js';

/** How many finished progressive-invocation call ids a caller's late chunks are ignored for. */
const RECENT_STREAMS = 64;

/** A call in flight: one CALL and its INVOCATION. */
export interface Invocation {
  /** `INVOCATION.Request|id`, scoped to the callee. */
  readonly id: number;
  /** `CALL.Request|id`, scoped to the caller. */
  readonly callId: number;
  readonly caller: RouterPeer;
  readonly callee: RouterPeer;
  readonly registration: Registration;
  /** The callee was told the caller accepts progressive results. */
  readonly receiveProgress: boolean;
  /** Dealer-initiated timeout in ms (0: none). */
  readonly timeoutMs: number;
  /** The caller is still sending progressive CALL chunks. */
  callerStreaming: boolean;
  /** A `kill` INTERRUPT was sent; the callee's answer is awaited. */
  killed: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** One session's side of the table. */
interface SessionCalls {
  readonly nextInvocationId: () => number;
  /** INVOCATION.Request → invocation (this session as callee). */
  readonly asCallee: Map<number, Invocation>;
  /** CALL.Request → invocation (this session as caller). */
  readonly asCaller: Map<number, Invocation>;
  /** CALL.Request ids of progressive-invocation calls that finished while the caller streamed. */
  readonly finishedStreams: Set<number>;
}

/** What a session that left was involved in. */
export interface LeftCalls {
  /** Calls it made (their callees may need an INTERRUPT). */
  readonly asCaller: Iterable<Invocation>;
  /** Invocations it was serving (their callers need an ERROR). */
  readonly asCallee: Iterable<Invocation>;
}

/** Calls in flight, per session. */
export class InvocationTable {
  readonly #sessions = new Map<number, SessionCalls>();

  /** The next INVOCATION request id towards `callee`. */
  nextInvocationId(callee: RouterPeer): number {
    return this.#session(callee.id).nextInvocationId();
  }

  /** Adds a call that was just routed. */
  add(inv: Invocation): void {
    this.#session(inv.callee.id).asCallee.set(inv.id, inv);
    this.#session(inv.caller.id).asCaller.set(inv.callId, inv);
  }

  /** The invocation `requestId` of callee session `calleeId`. */
  byInvocation(calleeId: number, requestId: number): Invocation | undefined {
    return this.#sessions.get(calleeId)?.asCallee.get(requestId);
  }

  /** The call `requestId` of caller session `callerId`. */
  byCall(callerId: number, requestId: number): Invocation | undefined {
    return this.#sessions.get(callerId)?.asCaller.get(requestId);
  }

  /** Whether `requestId` was a progressive-invocation call of `callerId` that finished lately. */
  isFinishedStream(callerId: number, requestId: number): boolean {
    return this.#sessions.get(callerId)?.finishedStreams.has(requestId) ?? false;
  }

  /** Removes a finished (or abandoned) call from both sides. */
  remove(inv: Invocation): void {
    this.#sessions.get(inv.callee.id)?.asCallee.delete(inv.id);
    const cs = this.#sessions.get(inv.caller.id);
    if (!cs) return;
    cs.asCaller.delete(inv.callId);
    if (inv.callerStreaming) {
      cs.finishedStreams.add(inv.callId);
      if (cs.finishedStreams.size > RECENT_STREAMS) {
        const oldest = cs.finishedStreams.values().next().value;
        if (oldest !== undefined) cs.finishedStreams.delete(oldest);
      }
    }
  }

  /**
   * Forgets a session that left, and removes its calls from the other sides.
   * @returns what it was involved in.
   */
  leave(sessionId: number): LeftCalls {
    const s = this.#sessions.get(sessionId);
    if (!s) return { asCaller: [], asCallee: [] };
    this.#sessions.delete(sessionId);
    for (const inv of s.asCaller.values()) this.#sessions.get(inv.callee.id)?.asCallee.delete(inv.id);
    const asCallee = [...s.asCallee.values()].filter((inv) => inv.caller.id !== sessionId);
    for (const inv of asCallee) this.#sessions.get(inv.caller.id)?.asCaller.delete(inv.callId);
    return { asCaller: s.asCaller.values(), asCallee };
  }

  /** Number of calls in flight. */
  get size(): number {
    let n = 0;
    for (const s of this.#sessions.values()) n += s.asCaller.size;
    return n;
  }

  #session(id: number): SessionCalls {
    let s = this.#sessions.get(id);
    if (!s) {
      s = { nextInvocationId: sessionScopeIds(), asCallee: new Map(), asCaller: new Map(), finishedStreams: new Set() };
      this.#sessions.set(id, s);
    }
    return s;
  }
}
