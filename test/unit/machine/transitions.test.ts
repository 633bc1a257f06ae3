/**
 * Layer 1: pure transitions of the session machine — next state and the actions it asks for,
 * with no actor, no I/O and no timers.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { sessionMachine, type SessionMachineEvent } from '../../../state-machines/session-machine.js';

type Snap = SnapshotFrom<typeof sessionMachine>;

const welcome: SessionMachineEvent = { type: 'wamp.welcome', session: 42, details: {} };
const challenge: SessionMachineEvent = { type: 'wamp.challenge', authMethod: 'ticket', extra: {} };
const lost: SessionMachineEvent = { type: 'transport.closed', reason: 'lost', wasClean: false };
const routerGoodbye: SessionMachineEvent = { type: 'wamp.goodbye', reason: 'wamp.close.system_shutdown', details: {} };
const abort: SessionMachineEvent = { type: 'wamp.abort', reason: 'wamp.error.no_such_realm', details: { message: 'no realm' } };

function start(maxRetries = 0): Snap {
  return initialTransition(sessionMachine, { reconnect: { maxRetries } })[0];
}

function run(snap: Snap, ...events: SessionMachineEvent[]): { snap: Snap; actions: string[] } {
  let actions: string[] = [];
  for (const e of events) {
    const [next, acts] = transition(sessionMachine, snap, e);
    snap = next;
    actions = acts.map((a) => a.type);
  }
  return { snap, actions };
}

const connecting = (maxRetries = 0) => run(start(maxRetries), { type: 'session.open' }).snap;
const challenging = (maxRetries = 0) => run(connecting(maxRetries), challenge).snap;
const established = (maxRetries = 0) => run(connecting(maxRetries), welcome).snap;
const closing = () => run(established(), { type: 'session.close' }).snap;

describe('session machine: pure transitions', () => {
  it('starts idle and opens into connecting, invoking the transport', () => {
    const idle = start();
    expect(idle.value).toBe('idle');
    const { snap, actions } = run(idle, { type: 'session.open' });
    expect(snap.value).toEqual({ active: 'connecting' });
    expect(actions).toContain('xstate.spawnChild');
  });

  it('sends HELLO when the transport opens, and stays connecting', () => {
    const { snap, actions } = run(connecting(), { type: 'transport.opened' });
    expect(snap.value).toEqual({ active: 'connecting' });
    expect(actions).toContain('sendHello');
  });

  it('WELCOME establishes the session and records its id', () => {
    const { snap, actions } = run(connecting(), welcome);
    expect(snap.value).toEqual({ active: 'established' });
    expect(snap.context.sessionId).toBe(42);
    expect(snap.context.wasEstablished).toBe(true);
    expect(actions).toContain('onEstablished');
  });

  const answer = { type: 'xstate.done.actor.authenticate', output: { signature: 'sig', extra: {} } } as never;

  it('CHALLENGE leads to challenging and runs the authenticate actor; its answer is sent; WELCOME then establishes', () => {
    const { snap, actions } = run(connecting(), challenge);
    expect(snap.value).toEqual({ active: 'challenging' });
    expect(actions).toContain('xstate.spawnChild');
    const answered = run(snap, answer);
    expect(answered.actions).toContain('sendAuthenticate');
    expect(run(answered.snap, welcome).snap.value).toEqual({ active: 'established' });
  });

  it('a second CHALLENGE re-enters challenging: the running authenticate actor is replaced', () => {
    const { snap, actions } = run(challenging(), challenge);
    expect(snap.value).toEqual({ active: 'challenging' });
    expect(actions).toEqual(expect.arrayContaining(['xstate.stopChild', 'xstate.spawnChild']));
  });

  it('ABORT while connecting fails with the reason, settling requests', () => {
    const { snap, actions } = run(connecting(), abort);
    expect(snap.value).toBe('failed');
    expect(snap.context.end).toMatchObject({ kind: 'abort', reason: 'wamp.error.no_such_realm', message: 'no realm' });
    expect(actions).toContain('settleRequests');
  });

  it('ABORT with an authentication reason while connecting is an auth failure', () => {
    const { snap } = run(connecting(), { type: 'wamp.abort', reason: 'wamp.error.not_authorized', details: {} });
    expect(snap.context.end?.kind).toBe('auth');
  });

  it('ABORT while challenging fails as an auth failure', () => {
    const { snap } = run(challenging(), { type: 'wamp.abort', reason: 'wamp.error.authentication_failed', details: {} });
    expect(snap.value).toBe('failed');
    expect(snap.context.end?.kind).toBe('auth');
  });

  it('a local authentication failure (the authenticate actor rejects) ABORTs and fails', () => {
    const { snap, actions } = run(challenging(), { type: 'xstate.error.actor.authenticate', error: new Error('no key') } as never);
    expect(snap.value).toBe('failed');
    expect(snap.context.end).toMatchObject({ kind: 'auth', reason: 'wamp.error.authentication_failed', message: 'no key' });
    expect(actions).toEqual(expect.arrayContaining(['sendAbort', 'settleRequests']));
  });

  it('GOODBYE started by us: closing, then the router GOODBYE closes', () => {
    const c = run(established(), { type: 'session.close', reason: 'wamp.close.normal' });
    expect(c.snap.value).toEqual({ active: 'closing' });
    expect(c.actions).toEqual(expect.arrayContaining(['onLeftEstablished', 'sendGoodbye']));
    const done = run(c.snap, { type: 'wamp.goodbye', reason: 'wamp.close.goodbye_and_out', details: {} });
    expect(done.snap.value).toBe('closed');
    expect(done.actions).toContain('settleRequests');
    expect(done.snap.context.end).toMatchObject({ kind: 'local', reason: 'wamp.close.normal' });
  });

  it('GOODBYE started by the router: we reply and close', () => {
    const { snap, actions } = run(established(), routerGoodbye);
    expect(snap.value).toBe('closed');
    expect(actions).toEqual(expect.arrayContaining(['replyGoodbye', 'settleRequests']));
    expect(snap.context.end).toMatchObject({ kind: 'goodbye', reason: 'wamp.close.system_shutdown' });
  });

  it('GOODBYE system_shutdown with a reconnect policy: reply, then reconnect', () => {
    const { snap, actions } = run(established(3), routerGoodbye);
    expect(snap.value).toBe('reconnecting');
    expect(actions).toEqual(expect.arrayContaining(['replyGoodbye', 'settleRequests']));
  });

  it('any other GOODBYE closes even with a reconnect policy', () => {
    const { snap } = run(established(3), { type: 'wamp.goodbye', reason: 'wamp.close.killed', details: {} });
    expect(snap.value).toBe('closed');
  });

  it('ABORT while established closes', () => {
    const { snap } = run(established(), abort);
    expect(snap.value).toBe('closed');
    expect(snap.context.end?.kind).toBe('abort');
  });

  describe('transport lost in each state', () => {
    it('connecting → failed', () => {
      const { snap, actions } = run(connecting(), lost);
      expect(snap.value).toBe('failed');
      expect(snap.context.end).toMatchObject({ kind: 'transport', reason: 'lost' });
      expect(actions).toContain('settleRequests');
    });
    it('challenging → failed', () => {
      expect(run(challenging(), lost).snap.value).toBe('failed');
    });
    it('established → closed', () => {
      const { snap, actions } = run(established(), lost);
      expect(snap.value).toBe('closed');
      expect(actions).toEqual(expect.arrayContaining(['onLeftEstablished', 'settleRequests']));
    });
    it('closing → closed', () => {
      const { snap } = run(closing(), lost);
      expect(snap.value).toBe('closed');
      expect(snap.context.end?.kind).toBe('local');
    });
    it('established with a reconnect policy → reconnecting', () => {
      const { snap, actions } = run(established(3), lost);
      expect(snap.value).toBe('reconnecting');
      expect(actions).toContain('settleRequests');
    });
    it('connecting with a reconnect policy → reconnecting', () => {
      expect(run(connecting(2), lost).snap.value).toBe('reconnecting');
    });
  });

  describe('unexpected message in each state', () => {
    it('GOODBYE while connecting is a protocol violation: ABORT and fail', () => {
      const { snap, actions } = run(connecting(), routerGoodbye);
      expect(snap.value).toBe('failed');
      expect(actions).toContain('sendAbort');
      expect(snap.context.end).toMatchObject({ kind: 'protocol', reason: 'wamp.error.protocol_violation' });
    });
    it('GOODBYE while challenging is a protocol violation', () => {
      const { snap, actions } = run(challenging(), routerGoodbye);
      expect(snap.value).toBe('failed');
      expect(actions).toContain('sendAbort');
    });
    it('WELCOME while established is a protocol violation: ABORT and close', () => {
      const { snap, actions } = run(established(), welcome);
      expect(snap.value).toBe('closed');
      expect(actions).toContain('sendAbort');
      expect(snap.context.end?.kind).toBe('protocol');
    });
    it('CHALLENGE while established is a protocol violation', () => {
      const { snap, actions } = run(established(), challenge);
      expect(snap.value).toBe('closed');
      expect(actions).toContain('sendAbort');
    });
    it('a malformed or misplaced message reported by the session: established → closed with ABORT', () => {
      const { snap, actions } = run(established(), { type: 'protocol.violation', message: 'bad EVENT' });
      expect(snap.value).toBe('closed');
      expect(actions).toContain('sendAbort');
      expect(snap.context.end).toMatchObject({ kind: 'protocol', message: 'bad EVENT' });
    });
    it('a protocol violation before WELCOME fails the session', () => {
      expect(run(connecting(), { type: 'protocol.violation', message: 'RESULT before WELCOME' }).snap.value).toBe('failed');
    });
    it('a protocol violation while closing just closes', () => {
      const { snap, actions } = run(closing(), { type: 'protocol.violation', message: 'x' });
      expect(snap.value).toBe('closed');
      expect(actions).not.toContain('sendAbort');
    });
    it('WELCOME while closing is ignored (stays closing)', () => {
      expect(run(closing(), welcome).snap.value).toEqual({ active: 'closing' });
    });
  });

  it('close while connecting closes without GOODBYE', () => {
    const { snap, actions } = run(connecting(), { type: 'session.close' });
    expect(snap.value).toBe('closed');
    expect(actions).not.toContain('sendGoodbye');
  });

  it('a closed or failed session can be opened again, with a fresh run', () => {
    const closed = run(established(), routerGoodbye).snap;
    const again = run(closed, { type: 'session.open' }).snap;
    expect(again.value).toEqual({ active: 'connecting' });
    expect(again.context.wasEstablished).toBe(false);
    expect(again.context.end).toBeUndefined();
    expect(run(run(connecting(), abort).snap, { type: 'session.open' }).snap.value).toEqual({ active: 'connecting' });
  });

  it('close while reconnecting closes', () => {
    const r = run(established(3), lost).snap;
    expect(run(r, { type: 'session.close' }).snap.value).toBe('closed');
  });
});
