/**
 * The WAMP v1 session machine: pure, the v1 counterpart of `session-machine.ts`. WAMP v1 has no
 * HELLO, no challenge and no GOODBYE: the server sends WELCOME as soon as the WebSocket opens,
 * and the session ends when the WebSocket closes. `src/v1/session.ts` runs it and does the I/O
 * when a state is entered (open the socket in `connecting`, close it in `closing`, settle every
 * request in `closed`/`failed`).
 *
 * ```
 * idle ──session.open──▶ connecting ──wamp1.welcome──▶ established ──session.close──▶ closing
 *                           │ transport.closed /            │ transport.closed /           │ transport.closed
 *                           ▼ protocol.violation            ▼ protocol.violation           ▼
 *                         failed                          closed ◀─────────────────────────┘
 * ```
 * @module
 */
import { assign, setup } from 'xstate';

/** What the v1 machine remembers. */
export interface V1SessionContext {
  /** The session id from WELCOME (a string in WAMP v1). */
  readonly sessionId: string | undefined;
  /** The server's name and version from WELCOME (`serverIdent`). */
  readonly server: string | undefined;
  /** Why the session ended or failed, once it has. */
  readonly reason: string | undefined;
}

/** Events of the v1 machine, named by what happened. */
export type V1SessionEvent =
  | { readonly type: 'session.open' }
  | { readonly type: 'wamp1.welcome'; readonly sessionId: string; readonly server: string }
  | { readonly type: 'session.close' }
  | { readonly type: 'transport.closed'; readonly reason: string }
  | { readonly type: 'protocol.violation'; readonly message: string };

/** The WAMP v1 session lifecycle: `idle → connecting → established → closing → closed` (or `failed`). */
export const v1SessionMachine = setup({
  types: { context: {} as V1SessionContext, events: {} as V1SessionEvent },
  actions: {
    recordWelcome: assign(({ event }) => (event.type === 'wamp1.welcome' ? { sessionId: event.sessionId, server: event.server } : {})),
    recordReason: assign(({ event }) =>
      event.type === 'transport.closed' ? { reason: event.reason } : event.type === 'protocol.violation' ? { reason: event.message } : {},
    ),
    recordClose: assign({ reason: 'closed by us' }),
  },
}).createMachine({
  id: 'v1Session',
  initial: 'idle',
  context: { sessionId: undefined, server: undefined, reason: undefined },
  states: {
    idle: { on: { 'session.open': 'connecting' } },
    connecting: {
      on: {
        'wamp1.welcome': { target: 'established', actions: 'recordWelcome' },
        'transport.closed': { target: 'failed', actions: 'recordReason' },
        'protocol.violation': { target: 'failed', actions: 'recordReason' },
        'session.close': { target: 'closing', actions: 'recordClose' },
      },
    },
    established: {
      on: {
        'session.close': { target: 'closing', actions: 'recordClose' },
        'transport.closed': { target: 'closed', actions: 'recordReason' },
        'protocol.violation': { target: 'closed', actions: 'recordReason' },
      },
    },
    closing: { on: { 'transport.closed': 'closed' } },
    closed: { type: 'final' },
    failed: { type: 'final' },
  },
});
