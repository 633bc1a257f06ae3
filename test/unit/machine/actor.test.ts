/**
 * Layer 2: the machine running, with a fake transport actor and a simulated clock driving its
 * timers (closing timeout, reconnect backoff). Every scenario runs twice: on xstate's actor (the
 * reference) and on the session's own chart runner (what sessions use), which must agree.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock, createActor } from 'xstate';
import { backoffDelay, sessionChart, sessionImplementations, sessionMachine, type SessionChartEvent, type SessionHost, type SessionMachineContext, type SessionMachineEvent, type SessionMachineInput } from '../../../state-machines/session-machine.js';
import { ChartRunner } from '../../../src/session/chart-runner.js';

/** What the scenarios drive: xstate's actor, or the chart runner behind the same face. */
interface Running {
  start(): void;
  send(event: SessionMachineEvent): void;
  getSnapshot(): { value: unknown; context: SessionMachineContext };
}
type Runtime = (input: SessionMachineInput, clock: SimulatedClock) => Running;

const RUNTIMES: Array<[string, Runtime]> = [
  ['xstate actor', (input, clock) => createActor(sessionMachine, { clock, input })],
  [
    'chart runner',
    (input, clock) => {
      const runner = new ChartRunner<SessionMachineContext, SessionChartEvent>(sessionChart, sessionImplementations, input, clock);
      return { start: () => runner.start(), send: (e) => runner.send(e), getSnapshot: () => ({ value: runner.value, context: runner.context }) };
    },
  ],
];

interface Harness {
  actor: Running;
  clock: SimulatedClock;
  log: string[];
  /** sendBack of the currently running fake transport. */
  peer: () => (e: SessionMachineEvent) => void;
  transportsStarted: () => number;
  transportsStopped: () => number;
}

let runtime: Runtime = RUNTIMES[0]![1];

function start(host: SessionHost, clock: SimulatedClock, maxRetries: number): Running {
  return runtime({ host, reconnect: { maxRetries, initialDelayMs: 100, factor: 2, jitter: 0, maxDelayMs: 1000 } }, clock);
}

function harness(maxRetries = 0, openImmediately = true): Harness {
  const clock = new SimulatedClock();
  const log: string[] = [];
  let sendBack: ((e: SessionMachineEvent) => void) | undefined;
  let started = 0;
  let stopped = 0;
  // A fake host: the machine's effects, logged; the transport is a fake that the test drives.
  const host: SessionHost = {
    runTransport: (sb) => {
      started++;
      sendBack = sb;
      if (openImmediately) sb({ type: 'transport.opened' });
      return () => {
        stopped++;
      };
    },
    sendHello: () => log.push('HELLO'),
    authenticate: async (authMethod) => ({ signature: `signed-${authMethod}`, extra: {} }),
    sendAuthenticate: (reply) => log.push(`AUTHENTICATE ${reply.signature}`),
    sendGoodbye: (reason) => log.push(`GOODBYE ${reason}`),
    replyGoodbye: () => log.push('GOODBYE wamp.close.goodbye_and_out'),
    sendAbort: (reason) => log.push(`ABORT ${reason}`),
    onEstablished: () => log.push('established'),
    onLeftEstablished: () => log.push('left'),
    settleRequests: (_end, final) => log.push(final ? 'settle' : 'settle (keep)'),
    closeTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
    reconnectDelay: (policy, attempt) => backoffDelay(policy, attempt),
  };
  const actor = start(host, clock, maxRetries);
  actor.start();
  return {
    actor,
    clock,
    log,
    peer: () => {
      if (!sendBack) throw new Error('no transport running');
      return sendBack;
    },
    transportsStarted: () => started,
    transportsStopped: () => stopped,
  };
}

describe.each(RUNTIMES)('session machine on the %s', (_name, rt) => {
  beforeEach(() => {
    runtime = rt;
  });

  it('runs HELLO → WELCOME → GOODBYE → GOODBYE with the transport started and stopped once', () => {
    const h = harness();
    h.actor.send({ type: 'session.open' });
    expect(h.log).toEqual(['HELLO']);
    h.peer()({ type: 'wamp.welcome', session: 7, details: {} });
    expect(h.actor.getSnapshot().value).toEqual({ active: 'established' });
    h.actor.send({ type: 'session.close' });
    h.peer()({ type: 'wamp.goodbye', reason: 'wamp.close.goodbye_and_out', details: {} });
    expect(h.actor.getSnapshot().value).toBe('closed');
    expect(h.log).toEqual(['HELLO', 'established', 'left', 'GOODBYE wamp.close.normal', 'settle']);
    expect(h.transportsStarted()).toBe(1);
    expect(h.transportsStopped()).toBe(1);
  });

  it('closes after closeTimeout when the router never answers GOODBYE', () => {
    const h = harness();
    h.actor.send({ type: 'session.open' });
    h.peer()({ type: 'wamp.welcome', session: 7, details: {} });
    h.actor.send({ type: 'session.close' });
    h.clock.increment(4_999);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'closing' });
    h.clock.increment(1);
    expect(h.actor.getSnapshot().value).toBe('closed');
    expect(h.transportsStopped()).toBe(1);
  });

  it('reconnects with exponential backoff, then gives up after maxRetries', () => {
    const h = harness(2, false);
    h.actor.send({ type: 'session.open' });
    h.peer()({ type: 'transport.closed', reason: 'refused', wasClean: false });
    expect(h.actor.getSnapshot().value).toBe('reconnecting');
    h.clock.increment(99);
    expect(h.transportsStarted()).toBe(1);
    h.clock.increment(1); // first retry after 100 ms
    expect(h.transportsStarted()).toBe(2);
    expect(h.actor.getSnapshot().context.attempt).toBe(1);
    h.peer()({ type: 'transport.closed', reason: 'refused', wasClean: false });
    h.clock.increment(199);
    expect(h.transportsStarted()).toBe(2);
    h.clock.increment(1); // second retry after 200 ms
    expect(h.transportsStarted()).toBe(3);
    h.peer()({ type: 'transport.closed', reason: 'refused', wasClean: false });
    expect(h.actor.getSnapshot().value).toBe('failed');
  });

  it('a WELCOME after reconnecting resets the attempt count', () => {
    const h = harness(5);
    h.actor.send({ type: 'session.open' });
    h.peer()({ type: 'wamp.welcome', session: 1, details: {} });
    h.peer()({ type: 'transport.closed', reason: 'lost', wasClean: false });
    h.clock.increment(100);
    expect(h.actor.getSnapshot().context.attempt).toBe(1);
    h.peer()({ type: 'wamp.welcome', session: 2, details: {} });
    expect(h.actor.getSnapshot().context).toMatchObject({ attempt: 0, sessionId: 2 });
  });

  it('events from a stopped transport do not leak into the next run', () => {
    const h = harness(1);
    h.actor.send({ type: 'session.open' });
    const first = h.peer();
    h.peer()({ type: 'wamp.welcome', session: 1, details: {} });
    first({ type: 'transport.closed', reason: 'lost', wasClean: false });
    h.clock.increment(100);
    expect(h.transportsStopped()).toBe(1);
    expect(h.transportsStarted()).toBe(2);
  });
});

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 500, maxDelayMs: 30_000, factor: 2, jitter: 0.1, maxRetries: 10 };
  it('grows by the factor and is capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(policy, 20)).toBe(30_000);
  });
  it('jitter stays within ±jitter of the base', () => {
    expect(backoffDelay(policy, 2, 0)).toBe(900);
    expect(backoffDelay(policy, 2, 0.999999)).toBe(1100);
  });
});

describe.each(RUNTIMES)('connect timeout on the %s (simulated clock)', (_name, rt) => {
  beforeEach(() => {
  runtime = rt;
  });
  it('a transport that never opens fails the attempt after connectTimeoutMs, and stops the transport', () => {
    const h = harness(0, false);
    h.actor.send({ type: 'session.open' });
    h.clock.increment(999);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'connecting' });
    h.clock.increment(1);
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.end).toEqual({ kind: 'transport', reason: 'connect timed out after 1000 ms' });
    expect(h.transportsStopped()).toBe(1);
  });

  it('HELLO never answered: the same bound covers HELLO → WELCOME', () => {
    const h = harness(0, true);
    h.actor.send({ type: 'session.open' });
    expect(h.log).toEqual(['HELLO']);
    h.clock.increment(1000);
    expect(h.actor.getSnapshot().value).toBe('failed');
  });

  it('each CHALLENGE round gets its own bound', () => {
    const h = harness(0, true);
    h.actor.send({ type: 'session.open' });
    h.clock.increment(900);
    h.peer()({ type: 'wamp.challenge', authMethod: 'ticket', extra: {} });
    h.clock.increment(900);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'challenging' });
    h.peer()({ type: 'wamp.challenge', authMethod: 'ticket', extra: {} });
    h.clock.increment(900);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'challenging' });
    h.clock.increment(100);
    expect(h.actor.getSnapshot().value).toBe('failed');
  });

  it('with a reconnect policy, a timeout is a lost connection: reconnecting, then a new attempt', () => {
    const h = harness(3, false);
    h.actor.send({ type: 'session.open' });
    h.clock.increment(1000);
    expect(h.actor.getSnapshot().value).toBe('reconnecting');
    h.clock.increment(100);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'connecting' });
    expect(h.transportsStarted()).toBe(2);
  });

  it('no timeout once established', () => {
    const h = harness(0, true);
    h.actor.send({ type: 'session.open' });
    h.peer()({ type: 'wamp.welcome', session: 1, details: {} });
    h.clock.increment(60_000);
    expect(h.actor.getSnapshot().value).toEqual({ active: 'established' });
  });
});
